"""Glue Studio-style exports (tests/glue_exports/<form>/job.py) run unmodified through `stedi glue-run`.

Each folder is one form Glue Studio generates: ``job.py`` (written for this corpus from the forms in the AWS Glue
developer guide and Glue Studio user guide), ``data/<bucket>/<key>`` (the fixture objects, copied into a fresh
lake as ``s3://<bucket>/<key>``), optional DDL files, and ``expected.json``: the exact rows (or CSV lines) the
job writes, or the exact error it fails with. Where Glue versions differ, ``expected_by_version`` gives, for each
Glue version the runtime runs, the keys that replace the common ones on that version's engine (``null`` removes
one); the test uses the running engine's. All exports run in this test process, in one Spark JVM: each
export's own ``SparkContext()`` / ``getOrCreate()`` reuses it, as ``stedi run`` does for its five scripts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from awsglue.catalog import LocalCatalog
from awsglue.local import resolve
from awsglue.versions import LOCAL_VERSIONS, running
from stedi.cli import main as stedi_main

EXPORTS = Path(__file__).parent / "glue_exports"
FORMS = sorted(p.name for p in EXPORTS.iterdir() if (p / "job.py").is_file())


def _files(folder: Path) -> list[Path]:
    """The objects under ``folder`` (an S3 prefix): data files, not Spark's dot-files or _SUCCESS marker."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in _files(folder)}


def _json_rows(folder: Path) -> list[dict]:
    rows = [json.loads(line) for p in _files(folder) for line in p.read_text().splitlines() if line.strip()]
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def test_the_corpus_has_every_form_the_issue_lists():
    assert FORMS == [
        "catalog_writer",
        "csv_in_out",
        "custom_code_node",
        "ddl_with_drops",
        "dq_assert",
        "dynamicframe_import",
        "filter_absent_keys",
        "job_parameter_prefix",
        "join_catalog_keys",
        "join_dropfields",
        "multi_bucket",
        "spark_context_start",
        "sql_distinct_star",
        "sql_invalid_cast",
        "sql_query_helper",
        "sql_select_star_join",
        "star_imports",
    ]


def expected_on(folder: Path, version: str) -> dict:
    """``folder``'s expected.json as it applies on Glue ``version``'s engine."""
    expected = json.loads((folder / "expected.json").read_text())
    by_version = expected.pop("expected_by_version", None)
    if by_version is None:
        return expected
    assert sorted(by_version) == sorted(LOCAL_VERSIONS), f"{folder.name}: expected_by_version names every version"
    merged = {**expected, **by_version[version]}
    return {key: value for key, value in merged.items() if value is not None}


def test_the_glue_6_changes_have_a_result_per_version():
    """The forms whose result differs between engines say so for each version the runtime runs."""
    differing = [form for form in FORMS if expected_on(EXPORTS / form, "5.0") != expected_on(EXPORTS / form, "6.0")]
    assert differing == ["job_parameter_prefix", "sql_invalid_cast"]


@pytest.mark.spark
@pytest.mark.engines
@pytest.mark.parametrize("form", FORMS)
def test_a_glue_studio_export_gives_its_documented_result(form, tmp_path, capsys):
    folder = EXPORTS / form
    expected = expected_on(folder, running().version)
    lake = tmp_path / "lake"
    if (folder / "data").is_dir():
        shutil.copytree(folder / "data", lake)
    script = folder / "job.py"
    command = ["glue-run", str(script), "--lake", str(lake)]
    for ddl in expected.get("ddl", []):
        command += ["--ddl", str(folder / ddl)]
    if "database" in expected:
        command += ["--database", expected["database"]]
    command += ["--", "--JOB_NAME", form, *expected.get("args", [])]
    before = {uri: _tree(resolve(lake, uri)) for uri in expected.get("unchanged", [])}

    code = stedi_main(command)

    err = capsys.readouterr().err
    if "error" in expected:
        assert (code, err) == (1, f"stedi: error: {expected['error'].format(script=script.resolve())}\n")
    else:
        assert (code, err) == (0, "")
    for uri in expected.get("absent", []):
        assert not resolve(lake, uri).exists(), uri
    for uri, files in before.items():
        assert _tree(resolve(lake, uri)) == files, uri
    if "output" not in expected:
        return
    out = resolve(lake, expected["output"]["path"])
    fmt = expected["output"]["format"]
    if fmt == "json":
        assert _json_rows(out) == sorted(expected["rows"], key=lambda r: json.dumps(r, sort_keys=True))
    elif fmt == "csv":
        parts = [p.read_text().splitlines() for p in _files(out)]
        assert parts and all(lines[0] == expected["header"] for lines in parts), parts
        assert sorted(line for lines in parts for line in lines[1:]) == sorted(expected["lines"])
    else:
        from pyspark.sql import SparkSession

        df = SparkSession.builder.getOrCreate().read.parquet(str(out))
        assert (
            sorted((r.asDict() for r in df.collect()), key=lambda r: json.dumps(r, sort_keys=True))
            == (expected["rows"])
        )
    if "table" in expected:
        table = LocalCatalog(lake).get_table(expected["table"]["database"], expected["table"]["name"])
        columns = [[c["Name"], c["Type"]] for c in table["StorageDescriptor"]["Columns"]]
        assert columns == expected["table"]["columns"]

"""`stedi glue-run`, `stedi query` and `stedi generate` as a user calls them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from stedi.cli import main as stedi_main

FOREIGN_EXPORT = textwrap.dedent(
    """
    import sys
    from awsglue.transforms import *
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from awsglue.context import GlueContext
    from awsglue.job import Job

    args = getResolvedOptions(sys.argv, ["JOB_NAME", "SOURCE", "TARGET"])
    sc = SparkContext.getOrCreate()
    glueContext = GlueContext(sc)
    spark = glueContext.spark_session
    job = Job(glueContext)
    job.init(args["JOB_NAME"], args)

    # Script generated for node Amazon S3
    AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
        format_options={"multiline": False},
        connection_type="s3",
        format="json",
        connection_options={"paths": [args["SOURCE"]], "recurse": True},
        transformation_ctx="AmazonS3_node1",
    )

    # Script generated for node Filter
    Filter_node2 = Filter.apply(
        frame=AmazonS3_node1, f=lambda row: (row["distance"] > 100), transformation_ctx="Filter_node2"
    )

    # Script generated for node Drop Fields
    DropFields_node3 = DropFields.apply(frame=Filter_node2, paths=["note"], transformation_ctx="DropFields_node3")

    # Script generated for node Amazon S3
    AmazonS3_node4 = glueContext.write_dynamic_frame.from_options(
        frame=DropFields_node3,
        connection_type="s3",
        format="json",
        connection_options={"path": args["TARGET"], "partitionKeys": []},
        transformation_ctx="AmazonS3_node4",
    )
    job.commit()
    """
)


def test_glue_run_runs_someone_elses_glue_studio_export(tmp_path):
    lake = tmp_path / "lake"
    source = lake / "their-bucket" / "raw" / "readings"
    source.mkdir(parents=True)
    (source / "a.json").write_text(
        '{"distance": 50, "note": "near"}\n{"distance": 150, "note": "far"}\n{"note": "no distance"}\n'
    )
    script = tmp_path / "export.py"
    script.write_text(FOREIGN_EXPORT)
    code = stedi_main(
        [
            "glue-run",
            str(script),
            "--lake",
            str(lake),
            "--",
            "--JOB_NAME",
            "export",
            "--SOURCE",
            "s3://their-bucket/raw/readings/",
            "--TARGET",
            "s3://their-bucket/out/far/",
        ]
    )
    assert code == 0
    out = lake / "their-bucket" / "out" / "far"
    written = [json.loads(line) for p in out.glob("part-*") for line in p.read_text().splitlines()]
    assert written == [{"distance": 150}]


def test_glue_run_reports_a_missing_job_argument(tmp_path, capsys):
    script = tmp_path / "export.py"
    script.write_text(FOREIGN_EXPORT)
    assert stedi_main(["glue-run", str(script), "--lake", str(tmp_path / "lake"), "--", "--JOB_NAME", "x"]) == 1
    assert capsys.readouterr().err == (
        f"stedi: error: {script}, line 9: GlueArgumentError: the following arguments are required: --SOURCE, --TARGET\n"
    )


def test_generate_writes_landing_and_prints_counts(tmp_path, capsys):
    assert stedi_main(["generate", "--out", str(tmp_path), "--scale", "0.1", "--seed", "3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert printed == manifest["landing"]
    lines = sum(len(p.read_text().splitlines()) for p in (tmp_path / "customer" / "landing").glob("*.json"))
    assert lines == manifest["landing"]["customer"]


def test_query_without_tables_is_a_clear_error(tmp_path, capsys):
    assert stedi_main(["query", "--lake", str(tmp_path / "empty"), "SELECT 1"]) == 1
    assert "no tables in the local catalog" in capsys.readouterr().err


def test_glue_run_checks_the_script_exists_before_starting_anything(tmp_path, capsys):
    lake = tmp_path / "lake"
    assert stedi_main(["glue-run", str(tmp_path / "nope.py"), "--lake", str(lake)]) == 1
    assert capsys.readouterr().err == f"stedi: error: Glue script not found: {tmp_path / 'nope.py'}\n"
    assert not lake.exists()  # no lake, no lock, no Spark


UNREGISTERED = textwrap.dedent(
    """
    import sys
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from awsglue.context import GlueContext

    args = getResolvedOptions(sys.argv, ["JOB_NAME"])
    glueContext = GlueContext(SparkContext.getOrCreate())
    source = glueContext.create_dynamic_frame.from_catalog(database="sales", table_name="orders")
    """
)


def test_a_script_reading_an_unregistered_table_fails_naming_its_line_and_how_to_register_it(tmp_path, capsys):
    """The error names the script's own file and line (not the runtime's), the exception and the table."""
    script = tmp_path / "export.py"
    script.write_text(UNREGISTERED)
    lake = tmp_path / "lake"
    assert stedi_main(["glue-run", str(script), "--lake", str(lake), "--", "--JOB_NAME", "x"]) == 1
    assert capsys.readouterr().err == (
        f"stedi: error: {script}, line 9: TableNotFound: table 'sales.orders' is not in the local catalog "
        f"({lake.resolve() / '_catalog'}); register it from its Athena DDL: `stedi catalog add FILE.sql` or "
        "`stedi glue-run --ddl FILE.sql`\n"
    )


QUIET = textwrap.dedent(
    """
    from pyspark.context import SparkContext
    from awsglue.context import GlueContext

    sc = SparkContext()
    glueContext = GlueContext(sc)
    print("rows", glueContext.spark_session.range(3).count())
    """
)


@pytest.mark.parametrize("verbose", [False, True])
def test_spark_log_lines_reach_the_terminal_only_with_verbose(tmp_path, verbose):
    """Spark logs through log4j2 at INFO (e.g. "SparkContext: Running Spark version"); glue-run shows only
    ERROR unless --verbose."""
    script = tmp_path / "quiet.py"
    script.write_text(QUIET)
    command = [sys.executable, "-m", "stedi.cli", "glue-run", str(script), "--lake", str(tmp_path / "lake")]
    done = subprocess.run(command + (["--verbose"] if verbose else []), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "rows 3"
    spark_lines = [line for line in done.stderr.splitlines() if re.search(r" (INFO|WARN) ", line)]
    if verbose:
        assert any("Running Spark version" in line for line in spark_lines), done.stderr[-2000:]
    else:
        assert done.stderr == ""


CUSTOM_DDL = """-- hand-written, no database: --database applies
CREATE EXTERNAL TABLE IF NOT EXISTS `visits` (`page` string, `hits` bigint)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://web-bucket/visits/';
CREATE EXTERNAL TABLE IF NOT EXISTS web.pending (`page` string)
STORED AS PARQUET
LOCATION 's3://web-bucket/pending/';
"""


def test_catalog_add_list_drop_and_query_a_database_where_some_tables_have_no_data(tmp_path, capsys):
    """`stedi catalog add` registers the user's DDL; `stedi query` reads a table whose location has no object
    yet as no rows (Athena answers such a table with an empty result)."""
    lake = tmp_path / "lake"
    ddl = tmp_path / "web.sql"
    ddl.write_text(CUSTOM_DDL)
    (lake / "web-bucket" / "visits").mkdir(parents=True)
    (lake / "web-bucket" / "visits" / "a.json").write_text('{"page": "/", "hits": 3}\n{"page": "/a", "hits": 1}\n')
    assert stedi_main(["catalog", "add", str(ddl), "--lake", str(lake), "--database", "web"]) == 0
    assert capsys.readouterr().out == "web.visits  s3://web-bucket/visits/\nweb.pending  s3://web-bucket/pending/\n"
    assert stedi_main(["catalog", "list", "--lake", str(lake)]) == 0
    assert capsys.readouterr().out == (
        "web.pending  parquet  s3://web-bucket/pending/\nweb.visits  json  s3://web-bucket/visits/\n"
    )
    sql = "SELECT (SELECT sum(hits) FROM visits) AS hits, (SELECT count(*) FROM pending) AS pending"
    assert stedi_main(["query", sql, "--lake", str(lake), "--database", "web"]) == 0
    assert "|4   |0      |" in capsys.readouterr().out
    assert stedi_main(["catalog", "drop", "web.pending", "--lake", str(lake)]) == 0
    assert capsys.readouterr().out == "dropped web.pending\n"
    assert stedi_main(["catalog", "drop", "web.pending", "--lake", str(lake)]) == 1
    assert "stedi: error: table 'web.pending' is not in the local catalog" in capsys.readouterr().err


def test_glue_run_never_replaces_a_table_the_user_registered(tmp_path, capsys):
    """glue-run registers no project table: a user's own customer_landing in database stedi stays as it is."""
    lake = tmp_path / "lake"
    ddl = tmp_path / "mine.sql"
    ddl.write_text("CREATE EXTERNAL TABLE stedi.customer_landing (id bigint) STORED AS PARQUET LOCATION 's3://m/c/'")
    assert stedi_main(["catalog", "add", str(ddl), "--lake", str(lake)]) == 0
    script = tmp_path / "noop.py"
    script.write_text("import sys\nprint('ran', sys.argv[1:])\n")
    assert stedi_main(["glue-run", str(script), "--lake", str(lake), "--", "--JOB_NAME", "x"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ran ['--JOB_NAME', 'x']"
    from awsglue.catalog import LocalCatalog

    assert [t["Name"] for t in LocalCatalog(lake).list_tables("stedi")] == ["customer_landing"]
    columns = LocalCatalog(lake).get_table("stedi", "customer_landing")["StorageDescriptor"]["Columns"]
    assert columns == [{"Name": "id", "Type": "bigint"}]

"""athena_ddl/checks/*.sql and `stedi check`: one row per check, the same SQL on Athena (Trino) and Spark SQL, passing
on the real data for every profile, failing by name on a lake that breaks the privacy rule; Athena as far as moto
answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlglot
from athena_support import canned_check_results
from pipeline_support import rows
from sqlglot import exp

from stedi.aws.athena import AthenaQueryError, convert, run_query, wait_for_query
from stedi.checks import (
    RESULT_COLUMNS,
    CheckError,
    fill_placeholders,
    load_checks,
    run_athena,
    run_local,
)
from stedi.cli import main as stedi_main
from stedi.pipeline import PROFILES, TABLES

CHECKS = load_checks()
TRUSTED_AND_CURATED = [t for t in TABLES if not t.endswith("_landing")]
# The course's counts on its starter data (../shared/README.md) and strict's, as the lead's pipeline gives them.
EXPECTED_ROWS = {
    "rubric": (956, 81273, 28680, 482, 40981, 482, 14460, 0, 43681),
    "standout": (956, 81273, 28680, 482, 32025, 464, 13920, 0, 34437),
    "strict": (956, 81273, 28680, 482, 32025, 464, 11297, 11297, 32025),
}


def by_name(name: str):
    return next(c for c in CHECKS if c.name == name)


# --- the SQL files ------------------------------------------------------------------------------------------------


def test_every_table_has_a_row_count_check_and_every_trusted_or_curated_table_a_consent_check():
    names = {c.name for c in CHECKS}
    assert {f"rows_{t}" for t in TABLES} <= names
    assert {f"consent_{t}" for t in TRUSTED_AND_CURATED} <= names
    assert {
        "consent_date_accelerometer_trusted",
        "consent_date_step_trainer_trusted",
        "consent_date_machine_learning_curated",
        "consent_date_step_reading_owners_trusted",
        "attribution_step_trainer_trusted",
        "attribution_step_reading_owners_trusted",
        "one_row_per_customer_customer_trusted",
        "one_row_per_customer_customer_curated",
        "no_pii_machine_learning_curated",
        "own_device_machine_learning_curated",
    } <= names
    assert len(CHECKS) == 25


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_means_the_same_in_trino_and_spark_sql(check, profile):
    """Parsed by Trino's grammar and by Spark SQL's, the text gives the same tree: it keeps to their common subset."""
    sql = check.render(profile, "stedi")
    trino = sqlglot.parse_one(sql, read="trino", error_level=sqlglot.ErrorLevel.RAISE)
    spark = sqlglot.parse_one(sql, read="spark", error_level=sqlglot.ErrorLevel.RAISE)
    assert isinstance(trino, exp.Select)
    assert trino == spark


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_returns_the_agreed_columns_and_its_own_name(check):
    tree = sqlglot.parse_one(check.render("strict"), read="trino")
    assert tuple(tree.named_selects) == RESULT_COLUMNS
    name = tree.selects[0].this
    assert isinstance(name, exp.Literal) and name.is_string and name.name == check.name


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_opens_with_a_comment_saying_what_it_checks(check):
    assert check.sql.startswith("-- ") and len(check.description) > 40


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_has_no_trailing_semicolon_and_one_statement(check):
    """Athena's StartQueryExecution takes one statement; Spark's sql() too."""
    assert len(sqlglot.parse(check.render("strict"), read="trino")) == 1
    assert not check.sql.rstrip().endswith(";")


@pytest.mark.parametrize("profile", PROFILES)
def test_row_count_checks_expect_the_course_counts(profile):
    for table, count in zip(TABLES, EXPECTED_ROWS[profile], strict=True):
        tree = sqlglot.parse_one(by_name(f"rows_{table}").render(profile), read="trino")
        case = tree.find(exp.Case)
        expected = {w.this.name: int(w.args["true"].name) for w in case.args["ifs"]}
        assert expected[profile] == count, table


def test_placeholders_are_filled_and_checked():
    assert "'standout'" in by_name("rows_customer_trusted").render("standout")
    assert "table_schema = 'lake_db'" in by_name("no_pii_machine_learning_curated").render("strict", "lake_db")
    with pytest.raises(ValueError, match="unknown profile 'lenient'"):
        fill_placeholders("SELECT '${PROFILE}'", "lenient")
    with pytest.raises(ValueError, match="not a Glue database name"):
        fill_placeholders("SELECT 1", "strict", "x'; DROP")
    with pytest.raises(CheckError, match=r"unknown placeholder\(s\) \$\{LAKE_BUCKET\}"):
        fill_placeholders("SELECT '${LAKE_BUCKET}'", "strict")


def test_a_check_file_named_outside_the_convention_is_refused(tmp_path):
    (tmp_path / "rows_customers.sql").write_text("SELECT 1")
    with pytest.raises(CheckError, match="rows_customers.sql: a check file is named <rule>_<table>.sql"):
        load_checks(tmp_path)


# --- locally, on the real data ------------------------------------------------------------------------------------


@pytest.mark.spark
@pytest.mark.parametrize("profile", PROFILES)
def test_stedi_check_passes_on_the_real_data(profile, real_lake, capsys):
    lake, _summary = real_lake(profile)
    assert stedi_main(["check", "--lake", str(lake), "--profile", profile]) == 0
    out = capsys.readouterr().out
    assert out.count(" PASS") == 25 and "FAIL" not in out
    assert out.rstrip().endswith("all checks passed")


@pytest.mark.spark
def test_strict_checks_on_the_standout_lake_fail_exactly_the_rules_standout_relaxes(real_lake):
    """standout keeps step readings taken before the owner's consent, and pairs them with any phone reading at the
    same millisecond: the strict checks see both."""
    lake, _summary = real_lake("standout")
    failed = {r.name for r in run_local(lake, "strict") if not r.passed}
    assert failed == {
        "rows_step_trainer_trusted",
        "rows_machine_learning_curated",
        "consent_date_step_trainer_trusted",
        "consent_date_machine_learning_curated",
        "attribution_step_trainer_trusted",
        "own_device_machine_learning_curated",
        # standout publishes no owners: strict's count of them, and an owner for every kept reading, both fail
        "rows_step_reading_owners_trusted",
        "attribution_step_reading_owners_trusted",
    }


@pytest.mark.spark
def test_stedi_check_on_a_lake_without_tables_says_to_run_the_pipeline_first(tmp_path, capsys):
    assert stedi_main(["check", "--lake", str(tmp_path)]) == 1
    assert "no tables in the local catalog" in capsys.readouterr().err


def _inject_non_consenting_customer(lake: Path, real_landing: Path) -> str:
    """Append one Parquet file with a customer who never consented to customer_trusted's folder; return the email."""
    import json

    from stedi.spark import local_spark

    customers = [
        json.loads(line)
        for path in sorted((real_landing / "customer" / "landing").glob("*.json"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    refuser = next(c for c in customers if "shareWithResearchAsOfDate" not in c)
    from awsglue.catalog import LocalCatalog
    from awsglue.local import resolve

    spark = local_spark(lake)
    location = LocalCatalog(lake).get_table("stedi", "customer_trusted")["StorageDescriptor"]["Location"]
    folder = str(resolve(lake, location))  # the run folder the table points at
    schema = spark.read.parquet(folder).schema
    row = tuple(refuser.get(field.name) for field in schema.fields)
    spark.createDataFrame([row], schema).coalesce(1).write.mode("append").parquet(folder)
    return refuser["email"]


@pytest.mark.spark
def test_stedi_check_fails_naming_the_check_when_a_non_consenting_customer_is_injected(
    real_lake, real_landing, tmp_path, capsys
):
    lake, _summary = real_lake("strict")
    tampered = tmp_path / "lake"
    shutil.copytree(lake, tampered, symlinks=True, ignore=shutil.ignore_patterns("_spark_warehouse", "_derby"))
    _inject_non_consenting_customer(tampered, real_landing)

    assert stedi_main(["check", "--lake", str(tampered), "--profile", "strict"]) == 1
    out = capsys.readouterr().out
    failed = [line.split()[0] for line in out.splitlines() if line.endswith(" FAIL")]
    # Also not the customer's current record (which has no consent): one_row_per_customer sees it too.
    assert failed == ["rows_customer_trusted", "consent_customer_trusted", "one_row_per_customer_customer_trusted"]
    assert "rows_customer_trusted                          483       482  FAIL" in out
    assert out.rstrip().endswith(
        "FAILED: rows_customer_trusted, consent_customer_trusted, one_row_per_customer_customer_trusted"
    )


# --- on generated data with the serial-number defect ---------------------------------------------------------------

NOT_COUNTS = [c for c in CHECKS if c.rule != "rows"]  # the course's row counts do not apply to generated data


@pytest.fixture(scope="module")
def defect_lake(tmp_path_factory) -> Path:
    """strict on `stedi generate --serial-defect 30 --scale 0.15`: reused record serials, repeated customers."""
    from pipeline_support import run

    from stedi.generate import generate

    landing = tmp_path_factory.mktemp("defect-landing")
    generate(landing, scale=0.15, seed=0, serial_defect=30)
    lake = tmp_path_factory.mktemp("defect-lake")
    run(lake, landing, "strict")
    return lake


def _append(lake: Path, table: str, records: list[dict]) -> None:
    """Append one Parquet file with ``records`` to the folder the catalog table points at."""
    from awsglue.catalog import LocalCatalog
    from awsglue.local import resolve
    from stedi.spark import local_spark

    spark = local_spark(lake)
    location = LocalCatalog(lake).get_table("stedi", table)["StorageDescriptor"]["Location"]
    folder = str(resolve(lake, location))
    schema = spark.read.parquet(folder).schema
    rows = [tuple(record[field.name] for field in schema.fields) for record in records]
    spark.createDataFrame(rows, schema).coalesce(1).write.mode("append").parquet(folder)


def _tampered(lake: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "lake"
    shutil.copytree(lake, copy, symlinks=True, ignore=shutil.ignore_patterns("_spark_warehouse", "_derby"))
    return copy


@pytest.mark.spark
def test_checks_pass_on_defect_data_in_strict(defect_lake):
    results = run_local(defect_lake, "strict", checks=NOT_COUNTS)
    assert [r.name for r in results if not r.passed] == []
    assert len(results) == 16


@pytest.mark.spark
def test_an_unattributed_step_reading_in_step_trainer_trusted_fails_the_attribution_check(defect_lake, tmp_path):
    """A reading whose serial no customer carries, at a millisecond when several phones read, is nobody's."""
    from stedi.pipeline import UNATTRIBUTED_REASONS, unattributed_readings

    lake = _tampered(defect_lake, tmp_path)
    nobodys = next(r for r in unattributed_readings(lake) if r["reason"] == UNATTRIBUTED_REASONS[1])
    _append(lake, "step_trainer_trusted", [nobodys])
    failed = {r.name: r.observed for r in run_local(lake, "strict", checks=NOT_COUNTS) if not r.passed}
    assert failed == {
        "consent_step_trainer_trusted": 1,
        "consent_date_step_trainer_trusted": 1,
        "attribution_step_trainer_trusted": 1,
        "attribution_step_reading_owners_trusted": 1,  # a kept reading without its owner's row
    }


@pytest.mark.spark
def test_a_published_owner_who_never_consented_fails_the_owner_checks(defect_lake, tmp_path):
    """step_reading_owners_trusted holds emails: a reading handed to a customer without research consent is caught
    by the consent, consent date and attribution checks (the key then has two owners)."""
    lake = _tampered(defect_lake, tmp_path)
    customers = rows(lake, "customer_landing")
    ever_consented = {r["email"] for r in customers if r["shareWithResearchAsOfDate"] is not None}
    refuser = next(r["email"] for r in customers if r["email"] not in ever_consented)
    owned = rows(lake, "step_reading_owners_trusted")[0]
    _append(lake, "step_reading_owners_trusted", [{**owned, "owner": refuser}])
    failed = {r.name: r.observed for r in run_local(lake, "strict", checks=NOT_COUNTS) if not r.passed}
    assert failed == {
        "consent_step_reading_owners_trusted": 1,
        "consent_date_step_reading_owners_trusted": 1,
        "attribution_step_reading_owners_trusted": 1,
    }


@pytest.mark.spark
def test_a_step_reading_paired_with_a_phone_of_another_serial_carrier_fails_the_own_device_check(defect_lake, tmp_path):
    """The mis-attribution strict's old own-device rule made under the defect: a reading of a reused serial, at a
    millisecond when several carriers' phones read, paired with one carrier's phone (here a consenting one)."""
    from stedi.pipeline import UNATTRIBUTED_REASONS, unattributed_readings

    lake = _tampered(defect_lake, tmp_path)
    serial_of = {r["email"]: r["serialNumber"] for r in rows(lake, "customer_trusted")}
    phones = {(serial_of[a["user"]], a["timestamp"]): a for a in rows(lake, "accelerometer_trusted")}
    shared = [r for r in unattributed_readings(lake) if r["reason"] == UNATTRIBUTED_REASONS[0]]
    step, phone = next(
        (r, phones[key]) for r in shared if (key := (r["serialNumber"], r["sensorReadingTime"])) in phones
    )
    _append(lake, "machine_learning_curated", [{**step, **phone}])
    failed = {r.name: r.observed for r in run_local(lake, "strict", checks=NOT_COUNTS) if not r.passed}
    assert failed == {"own_device_machine_learning_curated": 1}


# --- on Athena, as far as moto answers ----------------------------------------------------------------------------


def test_run_athena_reads_every_checks_row(athena):
    client, queue = athena
    queue(canned_check_results())
    results = run_athena(client, "strict", "stedi", "stedi-workgroup", poll_seconds=0)
    assert [r.name for r in results] == [c.name for c in CHECKS]
    assert all(r.passed and r.observed == 0 and r.expected == 0 for r in results)
    executions = client.list_query_executions(WorkGroup="stedi-workgroup")["QueryExecutionIds"]
    assert len(executions) == 25
    sent = client.get_query_execution(QueryExecutionId=executions[0])["QueryExecution"]
    assert "${" not in sent["Query"] and sent["QueryExecutionContext"]["Database"] == "stedi"


def test_stedi_check_athena_exits_1_naming_the_failed_check(athena, capsys):
    _client, queue = athena
    queue(canned_check_results(failing="consent_customer_curated"))
    argv = ["check", "--athena", "--workgroup", "stedi-workgroup", "--database", "stedi", "--region", "us-east-1"]
    assert stedi_main(argv) == 1
    out = capsys.readouterr().out
    assert "consent_customer_curated                         1         0  FAIL" in out
    assert out.rstrip().endswith("FAILED: consent_customer_curated")


def test_stedi_check_skip_counts_runs_only_the_rules_that_hold_on_any_data(athena, capsys):
    client, queue = athena
    queue(canned_check_results(without_rule="rows"))
    argv = ["check", "--athena", "--workgroup", "stedi-workgroup", "--region", "us-east-1", "--skip-counts"]
    assert stedi_main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("checks: 16, profile: strict") and "rows_" not in out
    assert len(client.list_query_executions(WorkGroup="stedi-workgroup")["QueryExecutionIds"]) == 16


def test_a_check_answering_with_the_wrong_shape_is_an_error_naming_it(athena, capsys):
    _client, queue = athena
    queue([([("count", "bigint")], [["3"]])])
    argv = ["check", "--athena", "--workgroup", "stedi-workgroup", "--region", "us-east-1"]
    assert stedi_main(argv) == 1
    assert "check rows_customer_landing returned columns ('count',)" in capsys.readouterr().err


def test_run_query_converts_values_by_athena_type_and_drops_the_header_row(athena):
    client, queue = athena
    columns = [("name", "varchar"), ("n", "bigint"), ("x", "double"), ("ok", "boolean")]
    queue([(columns, [["a", "1", "0.5", "true"], [None, None, "1.0E-4", "false"]])])
    result = run_query(client, "SELECT 1", "stedi", "stedi-workgroup", poll_seconds=0)
    assert result.columns == ["name", "n", "x", "ok"]
    assert result.rows == [("a", 1, 0.5, True), (None, None, 0.0001, False)]


class _FakeAthena:
    """get_query_execution answering a fixed sequence of states (moto always succeeds)."""

    def __init__(self, states: list[str], reason: str = ""):
        self.states = states
        self.reason = reason

    def get_query_execution(self, QueryExecutionId):  # noqa: N803 (boto3's argument name)
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        return {"QueryExecution": {"Status": {"State": state, "StateChangeReason": self.reason}}}


def test_wait_for_query_raises_with_athenas_reason_when_the_query_fails():
    fake = _FakeAthena(
        ["QUEUED", "RUNNING", "FAILED"], "TABLE_NOT_FOUND: Table 'stedi.customer_curated' does not exist"
    )
    with pytest.raises(AthenaQueryError, match="q-1 FAILED: TABLE_NOT_FOUND: Table 'stedi.customer_curated'"):
        wait_for_query(fake, "q-1", poll_seconds=1, sleep=lambda _s: None)


def test_wait_for_query_gives_up_after_the_timeout_and_says_the_query_still_runs():
    with pytest.raises(AthenaQueryError, match="q-2 still RUNNING after 3s; it keeps running"):
        wait_for_query(_FakeAthena(["RUNNING"]), "q-2", poll_seconds=1, timeout_seconds=3, sleep=lambda _s: None)


def test_convert_reads_athena_strings_as_python_values():
    assert convert("42", "bigint") == 42 and convert("7", "integer") == 7
    assert convert("2.5", "double") == 2.5 and convert("true", "boolean") is True
    assert convert("x", "varchar") == "x" and convert(None, "bigint") is None
    assert convert("1.5", "decimal(10,2)") == "1.5"  # decimals stay text: exact, as Athena gave them

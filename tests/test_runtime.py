"""The local Glue runtime against awsglue's documented behaviours."""

from __future__ import annotations

import os
import time

import pytest

from awsglue.catalog import LocalCatalog, TableNotFound
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.transforms import ApplyMapping, DropFields, DropNullFields, Filter, Join, SelectFields
from awsglue.utils import GlueArgumentError, getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality, UnsupportedRule, parse_ruleset
from stedi.spark import local_spark


@pytest.fixture()
def glue(tmp_path) -> GlueContext:
    spark = local_spark(tmp_path / "lake")
    return GlueContext(spark.sparkContext)


def frame(glue, rows, schema, name="f") -> DynamicFrame:
    return DynamicFrame.fromDF(glue.spark_session.createDataFrame(rows, schema), glue, name)


# -- getResolvedOptions --------------------------------------------------------------------------------------


def test_get_resolved_options_returns_requested_and_ignores_unknown():
    args = getResolvedOptions(
        ["script.py", "--JOB_NAME", "j", "--DATABASE", "db", "--extra", "1", "--TempDir", "s3://b/tmp"],
        ["JOB_NAME", "DATABASE"],
    )
    assert args["JOB_NAME"] == "j"
    assert args["DATABASE"] == "db"
    assert "extra" not in args
    assert args["TempDir"] == args["RedshiftTempDir"] == "s3://b/tmp"
    assert args["job_bookmark_option"] == "job-bookmark-disable"


def test_get_resolved_options_requires_every_requested_option():
    with pytest.raises(GlueArgumentError, match="the following arguments are required: --DATABASE"):
        getResolvedOptions(["script.py", "--JOB_NAME", "j"], ["JOB_NAME", "DATABASE"])


def test_get_resolved_options_refuses_reserved_names():
    with pytest.raises(RuntimeError, match="Using reserved arguments job-bookmark-option"):
        getResolvedOptions(["script.py"], ["job-bookmark-option"])
    with pytest.raises(RuntimeError, match="Using reserved arguments --JOB_ID"):
        getResolvedOptions(["script.py"], ["JOB_ID"])


def test_get_resolved_options_validates_bookmark_choices():
    with pytest.raises(GlueArgumentError, match="invalid choice: 'sometimes'"):
        getResolvedOptions(["script.py", "--job-bookmark-option", "sometimes"], [])


# -- transforms ----------------------------------------------------------------------------------------------


def test_filter_drops_records_whose_function_raises_key_error(glue):
    people = frame(glue, [("a", 30), ("b", None)], "name string, age int")
    adults = Filter.apply(frame=people, f=lambda r: r["age"] >= 18)  # b has no 'age': KeyError, dropped
    assert [r.name for r in adults.toDF().collect()] == ["a"]
    assert adults.errorsCount() == 0


def test_filter_turns_other_exceptions_into_error_records(glue):
    people = frame(glue, [("a", 30), ("b", 0)], "name string, age int")
    kept = Filter.apply(frame=people, f=lambda r: 60 / r["age"] > 1, transformation_ctx="ratio")
    assert [r.name for r in kept.toDF().collect()] == ["a"]
    errors = kept.errorsAsDynamicFrame().toDF().collect()
    assert len(errors) == 1
    assert errors[0].reason == "Filter ratio: ZeroDivisionError: division by zero"
    assert errors[0].record == '{"name":"b","age":0}'


def test_join_is_an_inner_equality_join_keeping_both_keys(glue):
    persons = frame(glue, [(1, "ann"), (2, "bo"), (None, "nobody")], "id int, name string")
    memberships = frame(glue, [(1, "org1"), (1, "org2"), (3, "org3"), (None, "orgN")], "person_id int, org string")
    joined = Join.apply(persons, memberships, "id", "person_id")
    assert sorted(joined.toDF().columns) == ["id", "name", "org", "person_id"]
    assert sorted((r.name, r.org) for r in joined.toDF().collect()) == [("ann", "org1"), ("ann", "org2")]


def test_join_refuses_field_names_present_on_both_sides(glue):
    left = frame(glue, [(1, "a")], "id int, name string", name="left")
    right = frame(glue, [(1, "b")], "id int, name string", name="right")
    with pytest.raises(ValueError, match=r"join of 'left' and 'right': field\(s\) \['id', 'name'\] exist on both"):
        Join.apply(left, right, "id", "id")


def test_select_drop_apply_mapping_and_drop_null_fields(glue):
    f = frame(glue, [(1, "2", None)], "a int, b string, c string")
    assert SelectFields.apply(frame=f, paths=["a", "missing"]).toDF().columns == ["a"]
    assert DropFields.apply(frame=f, paths=["b"]).toDF().columns == ["a", "c"]
    mapped = ApplyMapping.apply(frame=f, mappings=[("B", "string", "bee", "int"), ("a", "int", "a", "long")])
    assert mapped.toDF().dtypes == [("bee", "int"), ("a", "bigint")]
    assert DropNullFields.apply(frame=f).toDF().columns == ["a", "b"]


# -- catalog sources and sinks -------------------------------------------------------------------------------


def test_missing_catalog_table_is_an_error_naming_it(glue):
    with pytest.raises(TableNotFound, match="table 'stedi.nope' is not in the local catalog"):
        glue.create_dynamic_frame.from_catalog(database="stedi", table_name="nope")


def test_catalog_sink_writes_parquet_and_registers_the_table(glue, tmp_path):
    f = frame(glue, [(1, "a")], "id bigint, name string")
    sink = glue.getSink(
        path="s3://any-bucket/zone/table/",
        connection_type="s3",
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=[],
        enableUpdateCatalog=True,
        transformation_ctx="sink",
    )
    sink.setCatalogInfo(catalogDatabase="db", catalogTableName="things")
    sink.setFormat("glueparquet", compression="snappy")
    sink.writeFrame(f)
    table = LocalCatalog(tmp_path / "lake").get_table("db", "things")
    assert table["StorageDescriptor"]["Location"] == "s3://any-bucket/zone/table/"
    assert table["StorageDescriptor"]["Columns"] == [
        {"Name": "id", "Type": "bigint"},
        {"Name": "name", "Type": "string"},
    ]
    assert table["Parameters"]["classification"] == "parquet"
    back = glue.create_dynamic_frame.from_catalog(database="db", table_name="things")
    assert [tuple(r) for r in back.toDF().collect()] == [(1, "a")]


def test_sink_without_catalog_info_is_an_error(glue):
    sink = glue.getSink(path="s3://b/t/", connection_type="s3", enableUpdateCatalog=True, transformation_ctx="s")
    sink.setFormat("glueparquet")
    with pytest.raises(ValueError, match="sink s: enableUpdateCatalog=True needs setCatalogInfo"):
        sink.writeFrame(frame(glue, [(1,)], "id int"))


def test_purge_keeps_recent_files_by_default_and_empties_with_retention_zero(glue, tmp_path):
    """purge_s3_path (AWS Glue developer guide, "GlueContext class", purge_s3_path; the official library's
    docstring): deletes files under the path recursively, at once; "Files newer than the retention period will be
    retained", retentionPeriod 168 hours by default. ``s3://bucket/zone/`` is ``LAKE/bucket/zone``."""
    folder = tmp_path / "lake" / "bucket" / "zone"
    folder.mkdir(parents=True)
    old, new = folder / "old.parquet", folder / "new.parquet"
    old.write_text("x")
    new.write_text("y")
    eight_days_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (eight_days_ago, eight_days_ago))
    glue.purge_s3_path("s3://bucket/zone/")
    assert not old.exists() and new.exists()  # Glue's default retention: 168 hours
    other = tmp_path / "lake" / "other-bucket" / "zone" / "old.parquet"  # same key, another bucket: untouched
    other.parent.mkdir(parents=True)
    other.write_text("z")
    glue.purge_s3_path("s3://bucket/zone/", {"retentionPeriod": 0})
    assert not folder.exists()  # nothing is left: an S3 prefix without objects does not exist
    assert other.read_text() == "z"


# -- data quality --------------------------------------------------------------------------------------------

RULESET = """
    Rules = [
        RowCount = 3,
        ColumnCount between 1 and 5,
        IsComplete "email",
        IsUnique "email",
        ColumnValues "age" >= 18,
        ColumnValues "kind" in ["a", "b"]
    ]
"""


def test_evaluate_data_quality_reports_each_rule(glue):
    f = frame(glue, [("a@x", 20, "a"), ("a@x", 17, "b"), (None, 30, "c")], "email string, age int, kind string")
    outcomes = {r.Rule: (r.Outcome, r.FailureReason) for r in EvaluateDataQuality.apply(f, RULESET).toDF().collect()}
    assert outcomes == {
        "RowCount = 3": ("Passed", None),
        "ColumnCount between 1 and 5": ("Passed", None),
        'IsComplete "email"': ("Failed", "Value: 0.6666666666666666 does not meet the constraint requirement!"),
        'IsUnique "email"': ("Failed", "Value: 0.3333333333333333 does not meet the constraint requirement!"),
        'ColumnValues "age" >= 18': ("Failed", "1 values do not meet the constraint"),
        'ColumnValues "kind" in ["a", "b"]': ("Failed", "1 values do not meet the constraint"),
    }
    rows = EvaluateDataQuality().process_rows(frame=f, ruleset=RULESET)["rowLevelOutcomes"].toDF().collect()
    assert [r.DataQualityEvaluationResult for r in rows] == ["Passed", "Failed", "Failed"]


@pytest.mark.parametrize(
    ("comparison", "expected"),
    [
        ("= 2", [False, True, False]),
        ("!= 2", [True, False, True]),
        ("> 2", [False, False, True]),
        (">= 2", [False, True, True]),
        ("< 2", [True, False, False]),
        ("<= 2", [True, True, False]),
        ("between 1 and 3", [False, True, False]),
        ("in [1, 3]", [True, False, True]),
        ("not in [1, 3]", [False, True, False]),
    ],
)
def test_a_comparison_means_the_same_on_counts_and_on_column_values(glue, comparison, expected):
    """RowCount tests a number in Python, ColumnValues tests a column in Spark: one condition, same answers."""
    (rule,) = parse_ruleset(f'Rules = [ ColumnValues "n" {comparison} ]')
    assert [rule.condition.holds(n) for n in (1, 2, 3)] == expected
    df = glue.spark_session.createDataFrame([(1,), (2,), (3,), (None,)], "n int")
    assert [r.ok for r in df.select(rule.condition.holds(df.n).alias("ok")).collect()] == [*expected, False]


@pytest.mark.parametrize(
    "rule",
    [
        'CustomSql "select count(*) from primary" > 0',
        '(IsComplete "a") and (IsComplete "b")',
        'IsComplete "email" with threshold > 0.9',
    ],
)
def test_evaluate_data_quality_refuses_rules_it_does_not_implement(glue, rule):
    f = frame(glue, [("a@x",)], "email string")
    with pytest.raises(UnsupportedRule, match="not implemented"):
        EvaluateDataQuality.apply(f, f"Rules = [ {rule} ]")

"""The local Glue runtime against awsglue's documented behaviours."""

from __future__ import annotations

import argparse
import os
import time

import pytest

from awsglue.catalog import LocalCatalog, TableNotFound
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.utils import GlueArgumentError, getResolvedOptions
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
    # The official check never matches JOB_ID (it compares "--JOB_ID"): argparse refuses the second --JOB_ID.
    with pytest.raises(argparse.ArgumentError, match="argument --JOB_ID: conflicting option string: --JOB_ID"):
        getResolvedOptions(["script.py"], ["JOB_ID"])


def test_get_resolved_options_validates_bookmark_choices():
    with pytest.raises(GlueArgumentError, match="invalid choice: 'sometimes'"):
        getResolvedOptions(["script.py", "--job-bookmark-option", "sometimes"], [])


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

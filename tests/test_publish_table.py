"""``publishTable``, the scripts' switch to a fresh run folder: one function, identical in the five scripts, whose
boto3 calls are valid for AWS (a moto server) as well as for the local runtime."""

from __future__ import annotations

import ast
from pathlib import Path

import boto3
import pytest

from awsglue.catalog import LocalCatalog
from awsglue.local_aws import local_aws
from stedi.catalog import REPO

SCRIPTS = sorted((REPO / "glue_scripts").glob("*.py"))
TABLE_ROOT = "customer/trusted/"


def _function(script: Path) -> ast.FunctionDef:
    functions = [n for n in ast.parse(script.read_text()).body if isinstance(n, ast.FunctionDef)]
    return next(f for f in functions if f.name == "publishTable")


def publish_table():
    """``publishTable`` taken out of a script, with the script's own module-level names it uses (boto3)."""
    module = ast.Module(body=[_function(SCRIPTS[0])], type_ignores=[])
    namespace = {"boto3": boto3}
    exec(compile(module, str(SCRIPTS[0]), "exec"), namespace)
    return namespace["publishTable"]


def test_publish_table_is_the_same_function_in_every_script_and_every_script_publishes_its_table():
    assert len(SCRIPTS) == 5
    first = ast.dump(_function(SCRIPTS[0]))
    for script in SCRIPTS:
        assert ast.dump(_function(script)) == first, script.name
        calls = [n for n in ast.walk(ast.parse(script.read_text())) if isinstance(n, ast.Call)]
        named = {getattr(c.func, "attr", getattr(c.func, "id", None)): c for c in calls}
        publish = [c for c in calls if getattr(c.func, "id", None) == "publishTable"]
        assert len(publish) == 1, script.name  # after the sink's write (the script's last lines), see test_crash_safety
        table = next(k.value.value for k in named["setCatalogInfo"].keywords if k.arg == "catalogTableName")
        sink_path = next(k.value.id for k in named["getSink"].keywords if k.arg == "path")
        assert publish[0].args[2].value == table, script.name
        assert publish[0].args[4].id == sink_path, script.name  # the run folder the sink wrote


class PurgeRecorder:
    """Stands in for ``glueContext.purge_s3_path``: records the paths, then deletes their objects through boto3
    as Glue's purge does (Glue's own implementation does not run outside Glue)."""

    def __init__(self):
        self.purged: list[str] = []

    def purge_s3_path(self, s3_path, options=None, transformation_ctx=""):
        assert options == {"retentionPeriod": 0}
        self.purged.append(s3_path)
        bucket, prefix = s3_path[len("s3://") :].split("/", 1)
        s3 = boto3.client("s3")
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                s3.delete_object(Bucket=bucket, Key=obj["Key"])


def test_publish_table_against_moto_switches_the_location_and_purges_only_stale_run_folders(moto_endpoint):
    bucket = "stedi-lake-publish"
    s3, glue = boto3.client("s3"), boto3.client("glue")
    s3.create_bucket(Bucket=bucket)
    keys = [
        TABLE_ROOT,  # the folder marker Terraform creates: kept
        f"{TABLE_ROOT}part-old.parquet",  # written by an earlier version of the scripts into the root: kept
        f"{TABLE_ROOT}run=20260101T000000Z-aaaaaaaa/part-0.parquet",  # the previous run
        f"{TABLE_ROOT}run=20260101T000000Z-aaaaaaaa/part-1.parquet",
        f"{TABLE_ROOT}run=20260102T000000Z-bbbbbbbb/part-0.parquet",  # a run that died before its switch
        f"{TABLE_ROOT}run=20260103T000000Z-cccccccc/part-0.parquet",  # this run
        "customer/trusted_extra/run=1/part-0.parquet",  # another root sharing the name's beginning: untouched
    ]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    glue.create_database(DatabaseInput={"Name": "stedi"})
    columns = [{"Name": "email", "Type": "string"}]
    glue.create_table(
        DatabaseName="stedi",
        TableInput={
            "Name": "customer_trusted",
            "Description": "kept across the switch",
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "parquet"},
            "StorageDescriptor": {
                "Columns": columns,
                "Location": f"s3://{bucket}/{TABLE_ROOT}run=20260101T000000Z-aaaaaaaa/",
                "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
            },
            "PartitionKeys": [],
        },
    )
    assert {"CreateTime", "DatabaseName", "CatalogId"} & set(
        glue.get_table(DatabaseName="stedi", Name="customer_trusted")["Table"]
    )
    live = f"s3://{bucket}/{TABLE_ROOT}run=20260103T000000Z-cccccccc/"
    purge = PurgeRecorder()

    publish_table()(purge, "stedi", "customer_trusted", f"s3://{bucket}/{TABLE_ROOT}", live)

    table = glue.get_table(DatabaseName="stedi", Name="customer_trusted")["Table"]
    assert table["StorageDescriptor"]["Location"] == live
    assert table["StorageDescriptor"]["Columns"] == columns
    assert table["Description"] == "kept across the switch"
    assert table["Parameters"]["classification"] == "parquet"
    assert purge.purged == [
        f"s3://{bucket}/{TABLE_ROOT}run=20260101T000000Z-aaaaaaaa/",
        f"s3://{bucket}/{TABLE_ROOT}run=20260102T000000Z-bbbbbbbb/",
    ]
    left = sorted(obj["Key"] for obj in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert left == sorted([keys[0], keys[1], keys[5], keys[6]])


def test_publish_table_pages_through_more_run_folders_than_one_listing_returns(moto_endpoint):
    bucket = "stedi-lake-many-runs"
    s3, glue = boto3.client("s3"), boto3.client("glue")
    s3.create_bucket(Bucket=bucket)
    runs = [f"run=20260101T{n:06d}Z-{n:08x}/" for n in range(1003)]  # S3 lists at most 1000 per page
    for run in runs:
        s3.put_object(Bucket=bucket, Key=f"{TABLE_ROOT}{run}part-0.parquet", Body=b"x")
    glue.create_database(DatabaseInput={"Name": "stedi_many"})
    glue.create_table(
        DatabaseName="stedi_many",
        TableInput={"Name": "customer_trusted", "StorageDescriptor": {"Location": f"s3://{bucket}/{TABLE_ROOT}"}},
    )
    live = f"s3://{bucket}/{TABLE_ROOT}{runs[-1]}"
    purge = PurgeRecorder()
    purge.purge_s3_path = lambda path, options=None: purge.purged.append(path)  # only the paths: 1002 purges
    publish_table()(purge, "stedi_many", "customer_trusted", f"s3://{bucket}/{TABLE_ROOT}", live)
    assert purge.purged == [f"s3://{bucket}/{TABLE_ROOT}{run}" for run in runs[:-1]]
    assert (
        glue.get_table(DatabaseName="stedi_many", Name="customer_trusted")["Table"]["StorageDescriptor"]["Location"]
        == live
    )


def test_publish_table_runs_on_the_local_runtime_too(tmp_path):
    """The same calls answered locally; here the purge is the local GlueContext's (see test_crash_safety for runs)."""
    lake = tmp_path / "lake"
    catalog = LocalCatalog(lake)
    catalog.put_table(
        {
            "Name": "customer_trusted",
            "DatabaseName": "stedi",
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "parquet"},
            "StorageDescriptor": {"Columns": [], "Location": "s3://b/customer/trusted/run=1/"},
            "PartitionKeys": [],
        }
    )
    for run in ("run=1", "run=2"):
        (lake / "b" / "customer" / "trusted" / run).mkdir(parents=True)
        (lake / "b" / "customer" / "trusted" / run / "part-0.parquet").write_text("x")
    purge = PurgeRecorder()
    purge.purge_s3_path = lambda path, options=None: purge.purged.append(path)
    with local_aws(lake):
        publish_table()(
            purge, "stedi", "customer_trusted", "s3://b/customer/trusted/", "s3://b/customer/trusted/run=2/"
        )
    assert catalog.get_table("stedi", "customer_trusted")["StorageDescriptor"]["Location"] == (
        "s3://b/customer/trusted/run=2/"
    )
    assert purge.purged == ["s3://b/customer/trusted/run=1/"]


@pytest.mark.spark
def test_stedi_glue_run_publishes_a_script_into_a_run_folder_twice(tmp_path):
    """`stedi glue-run` installs the local answers as `stedi run` does: a run folder, then the next one."""
    from pipeline_support import write_landing

    from stedi.catalog import register_landing_tables
    from stedi.cli import main

    lake = tmp_path / "lake"
    customer = {"customerName": "a", "email": "a@x", "serialNumber": "S", "shareWithResearchAsOfDate": 1}
    write_landing(lake / "any", "customer", [customer, {**customer, "email": "b@x", "shareWithResearchAsOfDate": None}])
    register_landing_tables(lake, "stedi", "any")  # glue-run registers no table itself
    args = ["--JOB_NAME", "j", "--DATABASE", "stedi", "--LAKE_BUCKET", "any", "--PROFILE", "strict"]
    script = str(REPO / "glue_scripts" / "customer_landing_to_trusted.py")
    locations = []
    for _ in range(2):
        assert main(["glue-run", script, "--lake", str(lake), "--", *args]) == 0
        locations.append(LocalCatalog(lake).get_table("stedi", "customer_trusted")["StorageDescriptor"]["Location"])
        folders = sorted(
            p.name for p in (lake / "any" / "customer" / "trusted").iterdir() if not p.name.startswith(".")
        )
        assert folders == [locations[-1].split("/")[-2]]
    assert locations[0] != locations[1]
    assert all(location.startswith("s3://any/customer/trusted/run=") for location in locations)

"""The Publish node of every job (glue_scripts/<job>.json, custom code ``PublishTable``), the switch to a fresh
run folder: one code, identical in the five graphs but for the table it names, whose boto3 calls are valid for AWS
(a moto server) as well as for the local runtime."""

from __future__ import annotations

import ast
import sys

import boto3
import pytest

from awsglue.catalog import LocalCatalog
from awsglue.local_aws import local_aws
from awsglue.utils import getResolvedOptions
from stedi.catalog import REPO
from stedi.visual.render import load_graph, node_type, render_script

GRAPHS = sorted((REPO / "glue_scripts").glob("*.json"))
TABLE_ROOT = "customer/trusted/"


def _publish_node(graph_path) -> dict:
    graph = load_graph(graph_path)
    nodes = [node_type(i, n) for i, n in graph.items()]
    (node,) = [f for kind, f in nodes if kind == "CustomCode" and f["ClassName"] == "PublishTable"]
    return node


def _code(graph_path, table: str) -> str:
    """The Publish node's code with its table_name line set to ``table``."""
    code = _publish_node(graph_path)["Code"]
    first = ast.parse(code).body[0].body[0]
    return code.replace(f'table_name = "{first.value.value}"', f'table_name = "{table}"', 1)


class Sink:
    """Stands in for the catalog sink (tested in test_crash_safety): records the run folder, puts one object in it."""

    def __init__(self, path, write, **options):
        self.path, self.write, self.options, self.catalog = path, write, options, None

    def setCatalogInfo(self, catalogDatabase, catalogTableName):
        self.catalog = (catalogDatabase, catalogTableName)

    def setFormat(self, format, **options):
        self.format = (format, options)

    def writeFrame(self, frame):
        self.write(self.path)


def put_part(path: str) -> None:
    bucket, key = path[len("s3://") :].split("/", 1)
    boto3.client("s3").put_object(Bucket=bucket, Key=f"{key}part-0.parquet", Body=b"x")


def publish_table(purge, database: str, bucket: str, table: str = "customer_trusted", write=put_part):
    """Run the Publish node's code (of the first graph, named for ``table``) with ``purge`` as glueContext; returns
    the sink it wrote through."""
    namespace = {"sys": sys, "getResolvedOptions": getResolvedOptions, "DynamicFrameCollection": object}
    exec(compile(_code(GRAPHS[0], table), str(GRAPHS[0]), "exec"), namespace)
    sinks = []

    def get_sink(**options):
        sinks.append(Sink(write=write, **options))
        return sinks[-1]

    purge.getSink = get_sink
    frames = {"frame": object()}
    collection = type("Collection", (), {"keys": frames.keys, "select": lambda self, key: frames[key]})()
    argv = sys.argv
    sys.argv = ["job.py", "--JOB_NAME", "j", "--DATABASE", database, "--LAKE_BUCKET", bucket]
    try:
        assert namespace["PublishTable"](purge, collection) is collection
    finally:
        sys.argv = argv
    (sink,) = sinks
    return sink


def test_every_graph_publishes_its_table_through_the_same_code_last() -> None:
    assert len(GRAPHS) == 5
    first = _code(GRAPHS[0], "<table>")
    for graph_path in GRAPHS:
        node = _publish_node(graph_path)
        table = ast.parse(node["Code"]).body[0].body[0].value.value
        assert _code(graph_path, "<table>") == first, graph_path.name
        assert node["Name"] == f"Publish {table}"
        script = render_script(load_graph(graph_path))
        # The write and the switch end the job (see test_crash_safety): only job.commit() after them.
        assert script.rstrip().splitlines()[-1] == "job.commit()"
        assert script.count("PublishTable(glueContext, DynamicFrameCollection(") == 1, graph_path.name
    code = ast.parse(first).body[0]
    calls = {getattr(c.func, "attr", None): c for c in ast.walk(code) if isinstance(c, ast.Call)}
    sink = {k.arg: k.value for k in calls["getSink"].keywords}
    assert (sink["path"].id, sink["enableUpdateCatalog"].value, sink["updateBehavior"].value) == (
        "run_path",
        True,
        "UPDATE_IN_DATABASE",
    )
    assert [a.value for a in calls["setFormat"].args] == ["glueparquet"]
    catalog = {k.arg: k.value.id for k in calls["setCatalogInfo"].keywords}
    assert catalog == {"catalogDatabase": "database", "catalogTableName": "table_name"}


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
    purge = PurgeRecorder()

    sink = publish_table(purge, "stedi", bucket)
    live = sink.path
    assert live.startswith(f"s3://{bucket}/{TABLE_ROOT}run=") and live.endswith("/")
    assert sink.catalog == ("stedi", "customer_trusted")
    assert sink.format == ("glueparquet", {"compression": "snappy"})

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
    # the marker, the old root file, this run's file and the other root: the other run folders are gone
    assert left == sorted([keys[0], keys[1], live[len(f"s3://{bucket}/") :] + "part-0.parquet", keys[5]])


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
    purge = PurgeRecorder()
    purge.purge_s3_path = lambda path, options=None: purge.purged.append(path)  # only the paths: 1003 purges
    live = publish_table(purge, "stedi_many", bucket).path
    assert purge.purged == [f"s3://{bucket}/{TABLE_ROOT}{run}" for run in runs]
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
    (lake / "b" / "customer" / "trusted" / "run=1").mkdir(parents=True)
    (lake / "b" / "customer" / "trusted" / "run=1" / "part-0.parquet").write_text("x")

    def write(path):  # the run folder as the local sink leaves it: s3://b/KEY is LAKE/b/KEY
        folder = lake / path[len("s3://") :]
        folder.mkdir(parents=True)
        (folder / "part-0.parquet").write_text("x")

    purge = PurgeRecorder()
    purge.purge_s3_path = lambda path, options=None: purge.purged.append(path)
    with local_aws(lake):
        live = publish_table(purge, "stedi", "b", write=write).path
    assert live.startswith("s3://b/customer/trusted/run=")
    assert catalog.get_table("stedi", "customer_trusted")["StorageDescriptor"]["Location"] == live
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

"""``awsglue.local_aws``: the scripts' boto3 calls answered from the local lake, validated by botocore, scoped."""

from __future__ import annotations

import os

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

from awsglue.catalog import LocalCatalog
from awsglue.local_aws import UnsupportedLocally, local_aws

TABLE = {
    "Name": "things",
    "DatabaseName": "db",
    "TableType": "EXTERNAL_TABLE",
    "Parameters": {"classification": "parquet"},
    "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}], "Location": "s3://b/zone/things/"},
    "PartitionKeys": [],
}


@pytest.fixture()
def lake(tmp_path):
    lake = tmp_path / "lake"
    LocalCatalog(lake).put_table(TABLE)
    return lake


def test_get_table_answers_from_the_local_catalog(lake):
    with local_aws(lake):
        answer = boto3.client("glue").get_table(DatabaseName="db", Name="things")
    assert answer["Table"] == TABLE
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize(
    ("database", "message"), [("db", "Table nope not found."), ("other", "Database other not found.")]
)
def test_get_table_of_a_missing_table_is_entity_not_found_as_on_aws(lake, database, message):
    with local_aws(lake):
        glue = boto3.client("glue")
        with pytest.raises(ClientError) as raised:
            glue.get_table(DatabaseName=database, Name="nope")
    assert isinstance(raised.value, glue.exceptions.EntityNotFoundException)
    assert raised.value.response["Error"] == {"Code": "EntityNotFoundException", "Message": message}
    assert (
        str(raised.value)
        == f"An error occurred (EntityNotFoundException) when calling the GetTable operation: {message}"
    )


def test_update_table_replaces_the_definition(lake):
    table_input = {k: v for k, v in TABLE.items() if k != "DatabaseName"}
    table_input["StorageDescriptor"] = {**TABLE["StorageDescriptor"], "Location": "s3://b/zone/things/run=2/"}
    with local_aws(lake):
        assert boto3.client("glue").update_table(DatabaseName="db", TableInput=table_input)["ResponseMetadata"]
    assert LocalCatalog(lake).get_table("db", "things") == {
        **TABLE,
        "StorageDescriptor": table_input["StorageDescriptor"],
    }
    with local_aws(lake), pytest.raises(ClientError, match="EntityNotFoundException.*Table gone not found"):
        boto3.client("glue").update_table(DatabaseName="db", TableInput={**table_input, "Name": "gone"})


def test_botocore_validates_the_parameters_before_the_local_answer(lake):
    with local_aws(lake):
        glue = boto3.client("glue")
        with pytest.raises(ParamValidationError, match='Unknown parameter in TableInput: "Location"'):
            glue.update_table(DatabaseName="db", TableInput={"Name": "things", "Location": "s3://b/x/"})
        with pytest.raises(ParamValidationError, match='Missing required parameter in input: "Name"'):
            glue.get_table(DatabaseName="db")
        with pytest.raises(ParamValidationError, match="Invalid type for parameter MaxKeys"):
            boto3.client("s3").list_objects_v2(Bucket="b", MaxKeys="ten")
    assert LocalCatalog(lake).get_table("db", "things") == TABLE  # nothing was answered


@pytest.mark.parametrize(
    ("service", "call", "name"),
    [
        ("glue", lambda c: c.get_tables(DatabaseName="db"), "glue.GetTables"),
        ("glue", lambda c: c.delete_table(DatabaseName="db", Name="things"), "glue.DeleteTable"),
        ("s3", lambda c: c.get_object(Bucket="b", Key="zone/x"), "s3.GetObject"),
        ("s3", lambda c: c.delete_objects(Bucket="b", Delete={"Objects": [{"Key": "zone/x"}]}), "s3.DeleteObjects"),
        ("athena", lambda c: c.list_work_groups(), "athena.ListWorkGroups"),
    ],
)
def test_any_other_operation_is_an_error_naming_it(lake, service, call, name):
    with local_aws(lake), pytest.raises(UnsupportedLocally, match=f"^{name} is not supported by the local runtime"):
        call(boto3.client(service))
    assert LocalCatalog(lake).get_table("db", "things") == TABLE


def _write(lake, *keys):
    for key in keys:
        path = lake / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key)


def test_list_objects_v2_lists_the_bucket_folder_as_s3_would(lake):
    """ListObjectsV2 (S3 API reference, "ListObjectsV2"): keys of one bucket, CommonPrefixes per Delimiter,
    pages by continuation token; a missing bucket is NoSuchBucket. ``s3://any/KEY`` is ``LAKE/any/KEY``."""
    _write(
        lake / "any",
        "zone/things/run=1/part-0.parquet",
        "zone/things/run=1/part-1.parquet",
        "zone/things/run=2/part-0.parquet",
        "zone/things/root-file.parquet",
        "zone/things/run=1/.part-0.parquet.crc",  # Spark's checksum: not an S3 key
        "zone/thingsmore/part-0.parquet",
    )
    _write(lake / "other", "zone/things/run=9/part-0.parquet")  # another bucket: never listed with "any"
    (lake / "any" / "zone" / "things" / "run=3").mkdir()  # an empty folder is no prefix on S3
    (lake / "any" / "zone" / "things" / "run=4").symlink_to(
        lake / "any" / "zone" / "things" / "run=2", target_is_directory=True
    )
    with local_aws(lake):
        s3 = boto3.client("s3")
        top = s3.list_objects_v2(Bucket="any", Prefix="zone/things/", Delimiter="/")
        everything = s3.list_objects_v2(Bucket="any", Prefix="zone/things")
        pages = list(
            s3.get_paginator("list_objects_v2").paginate(
                Bucket="any", Prefix="zone/things/", Delimiter="/", PaginationConfig={"PageSize": 1}
            )
        )
        nothing = s3.list_objects_v2(Bucket="any", Prefix="nowhere/")
        other = s3.list_objects_v2(Bucket="other", Prefix="zone/")
        with pytest.raises(ClientError) as missing:
            s3.list_objects_v2(Bucket="no-such-bucket")
    assert missing.value.response["Error"]["Code"] == "NoSuchBucket"
    assert [c["Key"] for c in other["Contents"]] == ["zone/things/run=9/part-0.parquet"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == [
        "zone/things/run=1/",
        "zone/things/run=2/",
        "zone/things/run=4/",
    ]
    assert [c["Key"] for c in top["Contents"]] == ["zone/things/root-file.parquet"]
    assert top["KeyCount"] == 4 and top["IsTruncated"] is False and top["Name"] == "any"
    assert [c["Key"] for c in everything["Contents"]] == [
        "zone/things/root-file.parquet",
        "zone/things/run=1/part-0.parquet",
        "zone/things/run=1/part-1.parquet",
        "zone/things/run=2/part-0.parquet",
        "zone/things/run=4/part-0.parquet",  # a symbolic link to a folder lists its files
        "zone/thingsmore/part-0.parquet",
    ]
    assert everything["Contents"][0]["Size"] == len("zone/things/root-file.parquet")
    assert [[p["Prefix"] for p in page.get("CommonPrefixes", [])] + [c["Key"] for c in page.get("Contents", [])]
            for page in pages] == [
        ["zone/things/root-file.parquet"],
        ["zone/things/run=1/"],
        ["zone/things/run=2/"],
        ["zone/things/run=4/"],
    ]  # fmt: skip
    assert nothing["KeyCount"] == 0 and "Contents" not in nothing and "CommonPrefixes" not in nothing


def test_the_hooks_and_dummy_credentials_are_scoped_to_the_with_block(lake, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "a-profile-that-does-not-exist")  # no AWS configuration is read
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    before = boto3.DEFAULT_SESSION
    environ = dict(os.environ)
    with local_aws(lake) as session:
        assert boto3.DEFAULT_SESSION is session
        glue = boto3.client("glue")
        assert glue.meta.region_name == "us-east-1"
        assert session.get_credentials().access_key == "local"
        assert glue.get_table(DatabaseName="db", Name="things")["Table"]["Name"] == "things"
    assert boto3.DEFAULT_SESSION is before
    assert dict(os.environ) == environ
    with pytest.raises(UnsupportedLocally):  # a client made inside keeps its hooks: it was the script's
        glue.get_tables(DatabaseName="db")


def test_the_lake_can_be_given_late(lake):
    asked = []

    def where():
        asked.append(1)
        return lake

    with local_aws(where):
        assert asked == []  # nothing is resolved until a call needs the lake
        glue = boto3.client("glue")
        glue.get_table(DatabaseName="db", Name="things")
        glue.get_table(DatabaseName="db", Name="things")
    assert asked == [1]

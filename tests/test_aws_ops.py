"""AWS operations against a real moto server on loopback: the server helper, landing upload, workflow runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest

from stedi.aws import upload
from stedi.aws.moto_server import aws_test_env, isolated_env, moto_server
from stedi.aws.upload import UploadError, upload_landing

REPO = Path(__file__).resolve().parents[1]
BUCKET = "stedi-lake-test"


@pytest.fixture(scope="module")
def endpoint():
    """One moto server for the module; tests separate their state by bucket/workflow name."""
    with moto_server() as url, aws_test_env(url):
        yield url


@pytest.fixture
def bucket(endpoint, request):
    """A fresh, empty bucket per test (moto keeps state for the module's server)."""
    name = f"{BUCKET}-{request.node.name.replace('_', '-')}"[:63].rstrip("-").lower()
    boto3.client("s3").create_bucket(Bucket=name)
    return name


def _keys(bucket: str) -> list[str]:
    s3 = boto3.client("s3")
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def test_moto_server_answers_with_managed_policies_and_stops_on_exit():
    with moto_server() as endpoint, aws_test_env(endpoint):
        assert endpoint.startswith("http://127.0.0.1:")
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        iam = boto3.client("iam")
        policy = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole")
        assert policy["Policy"]["PolicyName"] == "AWSGlueServiceRole"
    assert not _answers(endpoint + "/moto-api/")


def test_moto_server_stops_when_the_body_raises():
    with pytest.raises(ValueError, match="boom"), moto_server() as endpoint:
        raise ValueError("boom")
    assert not _answers(endpoint + "/moto-api/")


# --- landing upload -------------------------------------------------------------------------------


def test_upload_puts_every_landing_file_under_its_lake_prefix(real_landing, bucket, capsys):
    report = upload_landing(real_landing, bucket)

    keys = _keys(bucket)
    assert len(keys) == 13
    assert [k for k in keys if k.startswith("customer/landing/")] == [
        "customer/landing/customer-1691348231425.json"
    ]
    assert len([k for k in keys if k.startswith("accelerometer/landing/")]) == 9
    assert len([k for k in keys if k.startswith("step_trainer/landing/")]) == 3
    assert all(k.endswith(".json") and k.count("/") == 2 for k in keys)
    assert sorted(report.uploaded) == keys and report.skipped == [] and report.would_upload == []
    local = real_landing / "customer" / "landing" / "customer-1691348231425.json"
    body = boto3.client("s3").get_object(Bucket=bucket, Key="customer/landing/customer-1691348231425.json")
    assert body["Body"].read() == local.read_bytes()
    assert body["Metadata"] == {"sha256": upload.file_sha256(local)}
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"s3://{bucket}: 13 uploaded (")


def test_second_upload_skips_all_and_a_changed_file_is_the_only_one_uploaded(real_landing, bucket, tmp_path):
    upload_landing(real_landing, bucket)
    again = upload_landing(real_landing, bucket)
    assert again.uploaded == [] and len(again.skipped) == 13

    copy = tmp_path / "stedi"
    shutil.copytree(real_landing, copy)
    changed = copy / "step_trainer" / "landing" / "step_trainer-1691348232038.json"
    changed.write_bytes(changed.read_bytes() + b"\n")
    third = upload_landing(copy, bucket)

    assert third.uploaded == ["step_trainer/landing/step_trainer-1691348232038.json"]
    assert len(third.skipped) == 12
    obj = boto3.client("s3").get_object(Bucket=bucket, Key=third.uploaded[0])
    assert obj["Body"].read() == changed.read_bytes()


def test_dry_run_uploads_nothing_and_lists_what_it_would_upload(real_landing, bucket, capsys):
    report = upload_landing(real_landing, bucket, dry_run=True)

    assert _keys(bucket) == []
    assert len(report.would_upload) == 13 and report.uploaded == []
    out = capsys.readouterr().out
    assert out.count("would upload  s3://") == 13
    assert out.splitlines()[-1] == f"dry run, s3://{bucket}: 13 would upload, 0 unchanged"


def test_dry_run_after_an_upload_reports_everything_unchanged(real_landing, bucket):
    upload_landing(real_landing, bucket)
    report = upload_landing(real_landing, bucket, dry_run=True)
    assert report.would_upload == [] and len(report.skipped) == 13


def test_missing_landing_folder_is_an_error_naming_it(real_landing, bucket, tmp_path):
    copy = tmp_path / "stedi"
    shutil.copytree(real_landing, copy)
    shutil.rmtree(copy / "accelerometer" / "landing")

    with pytest.raises(UploadError, match=r"landing folder not found: .*/stedi/accelerometer/landing"):
        upload_landing(copy, bucket)
    assert _keys(bucket) == []  # checked before anything is uploaded


def test_missing_bucket_is_an_error_naming_it(real_landing, endpoint):
    with pytest.raises(UploadError, match=r"bucket s3://no-such-stedi-bucket: does not exist"):
        upload_landing(real_landing, "no-such-stedi-bucket")


def test_upload_script_runs_directly_against_the_endpoint(real_landing, bucket, endpoint):
    command = [sys.executable, str(REPO / "scripts" / "upload_landing.py"), "--landing", str(real_landing)]
    env = isolated_env(endpoint_url=endpoint)

    dry = subprocess.run([*command, "--bucket", bucket, "--dry-run"], env=env, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-1] == f"dry run, s3://{bucket}: 13 would upload, 0 unchanged"
    assert _keys(bucket) == []

    real = subprocess.run([*command, "--bucket", bucket], env=env, capture_output=True, text=True)
    assert real.returncode == 0, real.stderr
    assert len(_keys(bucket)) == 13

    missing = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "upload_landing.py"), "--landing", "/nonexistent/stedi"]
        + ["--bucket", bucket],
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip() == "upload_landing: error: landing directory not found: /nonexistent/stedi"


def test_multipart_upload_is_still_skipped_by_checksum(bucket, tmp_path):
    for folder in upload.LANDING_PREFIXES:
        (tmp_path / folder).mkdir(parents=True)
    big = tmp_path / "customer" / "landing" / "customer-big.json"
    big.write_bytes(b'{"serialNumber": "x"}\n' * 450_000)  # ~9.9 MB: boto3 switches to multipart at 8 MB

    first = upload_landing(tmp_path, bucket)
    head = boto3.client("s3").head_object(Bucket=bucket, Key="customer/landing/customer-big.json")
    second = upload_landing(tmp_path, bucket)

    assert first.uploaded == ["customer/landing/customer-big.json"]
    assert "-" in head["ETag"]  # a multipart ETag: not the content's MD5
    assert second.skipped == ["customer/landing/customer-big.json"] and second.uploaded == []

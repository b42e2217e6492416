"""AWS operations against a real moto server on loopback: the server helper, landing upload, workflow runs."""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import boto3
import pytest

from stedi.aws.moto_server import aws_test_env, moto_server


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

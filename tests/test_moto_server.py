"""The moto server the Terraform and boto3 tests talk to answers every Athena call they make.

botocore 1.44.18 moved Athena from the ``json`` to the ``rest-json`` protocol; moto's server routes requests by
botocore's model, and from that release on answers no Athena call (404 "Not yet implemented", issue 17). These
tests fail on such a combination of the locked boto3/botocore and moto, whatever the cause.
"""

from __future__ import annotations

import boto3
import botocore

from stedi.aws.moto_server import aws_test_env, moto_server


def test_moto_server_answers_athena_create_work_group_and_start_query_execution():
    with moto_server() as endpoint, aws_test_env(endpoint):
        athena = boto3.client("athena", region_name="us-east-1")
        athena.create_work_group(
            Name="stedi-workgroup",
            Configuration={"ResultConfiguration": {"OutputLocation": "s3://stedi-lake/athena-results/"}},
        )
        started = athena.start_query_execution(
            QueryString="SELECT 1", WorkGroup="stedi-workgroup", QueryExecutionContext={"Database": "stedi"}
        )
        execution = athena.get_query_execution(QueryExecutionId=started["QueryExecutionId"])["QueryExecution"]
        workgroups = [w["Name"] for w in athena.list_work_groups()["WorkGroups"]]

    assert execution["Query"] == "SELECT 1"
    assert execution["WorkGroup"] == "stedi-workgroup"
    assert execution["Status"]["State"] == "SUCCEEDED"
    assert "stedi-workgroup" in workgroups, f"botocore {botocore.__version__}: {workgroups}"

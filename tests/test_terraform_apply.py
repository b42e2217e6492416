"""`terraform apply` of the real configuration against moto on loopback, checked with boto3, re-planned
(no changes) and destroyed. Offline: the provider comes from the local mirror, AWS is a moto_server.

Only the test copy gets overrides (never the repository's configuration):

* the provider points every service at moto (`max_retries = 1`, path-style S3, account id requested);
* the lake's TLS-only bucket policy is replaced by an Allow-only one: moto evaluates a Deny statement without
  its `aws:SecureTransport` condition and then refuses every object call (the real policy is asserted by
  `terraform test`, terraform/tests/main.tftest.hcl).

Before `destroy`, resources moto cannot delete are forgotten (`terraform state rm`): Glue security
configurations (moto 5.2 has no DeleteSecurityConfiguration) and Athena named queries (DeleteNamedQuery
answers 500). S3 objects are destroyed one at a time first, and leftover versions deleted one by one: moto's
ListObjectVersions iterates the bucket while parallel deletes change it, and its DeleteObjects failed the same
way while the provider emptied the force_destroy bucket; both answer 500.
"""

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from stedi.aws.iam_eval import is_allowed
from stedi.aws.moto_server import isolated_env, moto_server
from stedi.tf_offline import copy_config, terraform, terraform_env

pytestmark = pytest.mark.terraform

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
JOB_ORDER = [
    "customer_landing_to_trusted",
    "accelerometer_landing_to_trusted",
    "customer_trusted_to_curated",
    "step_trainer_trusted",
    "machine_learning_curated",
]
# module job_graphs publishes each glue_scripts/<job>.json with `python -m stedi.visual publish`: this interpreter,
# with this checkout's src, talking to moto through AWS_ENDPOINT_URL (see deployment_env).
TF_VARS = ["-var", f"region={REGION}", "-var", "force_destroy=true", "-var", f"python={sys.executable}"]
SRC = Path(__file__).resolve().parents[1] / "src"


def deployment_env(endpoint: str) -> dict[str, str]:
    """Terraform's environment against moto; its local-exec publish commands inherit it."""
    return terraform_env(base=isolated_env({"PYTHONPATH": str(SRC)}, endpoint_url=endpoint))


PROVIDER_OVERRIDE = """\
provider "aws" {{
  access_key                  = "testing"
  secret_key                  = "testing"
  max_retries                 = 1
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true

  endpoints {{
{endpoints}
  }}
}}
"""
SERVICES = ["athena", "ec2", "glue", "iam", "kms", "logs", "s3", "sts"]

STORAGE_OVERRIDE = """\
resource "aws_s3_bucket_policy" "lake" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "MotoRefusesObjectCallsUnderADenyStatement"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.lake.arn}/*"
    }]
  })
}
"""


@dataclass
class Deployment:
    tf_dir: Path
    env: dict[str, str]
    endpoint: str
    outputs: dict
    repo: Path

    def client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def tf(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return terraform([*args], self.tf_dir, self.env, timeout=timeout)


def write_moto_overrides(tf_dir: Path, endpoint: str) -> None:
    endpoints = "\n".join(f'    {service:<6} = "{endpoint}"' for service in SERVICES)
    (tf_dir / "override.tf").write_text(PROVIDER_OVERRIDE.format(endpoints=endpoints))
    (tf_dir / "modules" / "storage" / "override.tf").write_text(STORAGE_OVERRIDE)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Iterator[Deployment]:
    """The configuration applied to a fresh moto server; the server stops after the module's tests."""
    with moto_server() as endpoint:
        tf_dir = copy_config(tmp_path_factory.mktemp("tf-moto"))
        write_moto_overrides(tf_dir, endpoint)
        env = deployment_env(endpoint)
        terraform(["init", "-input=false", "-no-color"], tf_dir, env)
        terraform(["apply", "-auto-approve", "-input=false", "-no-color", *TF_VARS], tf_dir, env)
        raw = json.loads(terraform(["output", "-json"], tf_dir, env).stdout)
        outputs = {name: value["value"] for name, value in raw.items()}
        yield Deployment(tf_dir, env, endpoint, outputs, repo_root)


def empty_bucket_serially(s3, bucket: str) -> None:
    """Delete every object version and delete marker one by one (moto answers 500 to the provider's
    batched DeleteObjects when emptying a force_destroy bucket races other deletes)."""
    versions = s3.list_object_versions(Bucket=bucket)
    for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
        s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])


def destroy_on_moto(tf: Callable[..., subprocess.CompletedProcess[str]], s3, bucket: str, args: list[str]) -> None:
    """`terraform destroy` the way moto can take it (module docstring): forget what moto cannot delete, destroy
    the S3 objects one at a time, empty the bucket serially, then destroy the rest. ``tf(*args)`` runs terraform."""
    state = tf("state", "list").stdout.split()
    undeletable = [a for a in state if ".aws_glue_security_configuration." in a or ".aws_athena_named_query." in a]
    if undeletable:
        tf("state", "rm", *undeletable)
    destroy = ["destroy", "-auto-approve", "-input=false", "-no-color", *args]
    objects = [f"-target={a}" for a in state if ".aws_s3_object." in a]
    if objects:
        tf(*destroy, "-parallelism=1", *objects)
    empty_bucket_serially(s3, bucket)
    tf(*destroy)


def ddl_columns(sql: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*`(\w+)`\s+(\w+)\s*,?\s*$", sql, flags=re.MULTILINE)


def test_outputs_name_the_deployment(deployed: Deployment) -> None:
    out = deployed.outputs
    assert out["bucket_name"] == f"stedi-lake-{ACCOUNT}-{REGION}"
    assert out["database_name"] == "stedi"
    assert out["job_names"] == JOB_ORDER
    assert out["workflow_name"] == "stedi-pipeline"
    assert out["athena_workgroup"] == "stedi-workgroup"


def test_bucket_is_versioned_encrypted_private_and_expires_temporary_data(deployed: Deployment) -> None:
    s3, bucket = deployed.client("s3"), deployed.outputs["bucket_name"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": deployed.outputs["kms_key_arn"],
    }
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == dict.fromkeys(
        ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True
    )
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert rules["expire-tmp"]["Filter"]["Prefix"] == "tmp/"
    assert rules["expire-tmp"]["Expiration"]["Days"] == 7
    assert rules["expire-athena-results"]["Filter"]["Prefix"] == "athena-results/"
    markers = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"] if o["Key"].endswith("/")}
    # Only zones nothing deletes: tmp/ and athena-results/ expire, the jobs purge quarantine/<zone>/.
    assert markers == {
        "customer/landing/", "customer/trusted/", "customer/curated/", "accelerometer/landing/",
        "accelerometer/trusted/", "step_trainer/landing/", "step_trainer/trusted/", "step_reading_owners/trusted/",
        "machine_learning/curated/", "scripts/",
    }  # fmt: skip


def test_jobs_run_the_uploaded_scripts_with_the_contract_arguments(deployed: Deployment) -> None:
    glue, s3 = deployed.client("glue"), deployed.client("s3")
    bucket = deployed.outputs["bucket_name"]
    scripts = sorted(p.stem for p in (deployed.repo / "glue_scripts").glob("*.py"))
    assert sorted(glue.list_jobs()["JobNames"]) == scripts
    for name in scripts:
        job = glue.get_job(JobName=name)["Job"]
        assert job["Command"]["Name"] == "glueetl"
        assert job["Command"]["ScriptLocation"] == f"s3://{bucket}/scripts/{name}.py"
        uploaded = s3.get_object(Bucket=bucket, Key=f"scripts/{name}.py")["Body"].read()
        assert uploaded == (deployed.repo / "glue_scripts" / f"{name}.py").read_bytes()
        assert job["Role"] == deployed.outputs["glue_role_arn"]
        assert (job["GlueVersion"], job["WorkerType"], job["NumberOfWorkers"]) == ("5.1", "G.1X", 2)
        assert job["ExecutionClass"] == "STANDARD"
        assert job["SecurityConfiguration"] == "stedi-jobs"
        args = job["DefaultArguments"]
        assert args["--DATABASE"] == "stedi"
        assert args["--LAKE_BUCKET"] == bucket
        assert args["--PROFILE"] == "strict"
        assert args["--job-bookmark-option"] == "job-bookmark-disable"
        assert args["--enable-metrics"] == "true"
        assert args["--custom-logGroup-prefix"] == "/aws-glue/jobs/stedi"
        assert "--enable-continuous-cloudwatch-log" not in args  # Glue 4.0's switch; 5.0 always logs live
        assert args["--TempDir"] == f"s3://{bucket}/tmp/"
        assert job.get("Connections", {}).get("Connections", []) == []  # glue_network is off by default


def test_every_job_is_a_visual_job_with_its_graph(deployed: Deployment) -> None:
    """module job_graphs publishes glue_scripts/<job>.json onto each job (UpdateJob with the graph, placeholders
    filled, and JobMode VISUAL): GetJob returns exactly that graph, and the script stays the uploaded one."""
    from stedi.visual.publish import fill
    from stedi.visual.render import load_graph

    glue = deployed.client("glue")
    values = {"DATABASE": "stedi", "LAKE_BUCKET": deployed.outputs["bucket_name"]}
    for name in JOB_ORDER:
        job = glue.get_job(JobName=name)["Job"]
        assert job["JobMode"] == "VISUAL", name
        graph = load_graph(deployed.repo / "glue_scripts" / f"{name}.json")
        assert job["CodeGenConfigurationNodes"] == fill(graph, values), name
        assert job["Command"]["ScriptLocation"] == f"s3://{values['LAKE_BUCKET']}/scripts/{name}.py"


def test_job_security_configuration_encrypts_s3_logs_and_bookmarks(deployed: Deployment) -> None:
    config = deployed.client("glue").get_security_configuration(Name="stedi-jobs")["SecurityConfiguration"]
    encryption = config["EncryptionConfiguration"]
    assert encryption["S3Encryption"][0]["S3EncryptionMode"] == "SSE-KMS"
    assert encryption["CloudWatchEncryption"]["CloudWatchEncryptionMode"] == "SSE-KMS"
    assert encryption["JobBookmarksEncryption"]["JobBookmarksEncryptionMode"] == "CSE-KMS"


def test_log_groups_are_precreated_with_retention_and_the_lake_key(deployed: Deployment) -> None:
    """Glue 5.0 writes <--custom-logGroup-prefix>/error and /output ("Logging for AWS Glue jobs"); with a
    security configuration encrypting CloudWatch Logs the names carry "<config>-role/<role>" (see
    terraform/README.md: the part not in the AWS docs). Crawlers: /aws-glue/crawlers-role/<role>-<config>."""
    logs = deployed.client("logs")
    groups = {g["logGroupName"]: g for g in logs.describe_log_groups(logGroupNamePrefix="/aws-glue/")["logGroups"]}
    assert sorted(groups) == [
        "/aws-glue/crawlers-role/AWSGlueServiceRole-stedi-stedi-crawler",
        "/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/error",
        "/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/output",
    ]
    for group in groups.values():
        assert group["retentionInDays"] == 30
        assert group["kmsKeyId"] == deployed.outputs["kms_key_arn"]
    assert deployed.outputs["log_group_names"] == sorted(groups)[1:]


def test_workflow_runs_one_at_a_time(deployed: Deployment) -> None:
    workflow = deployed.client("glue").get_workflow(Name="stedi-pipeline")["Workflow"]
    assert workflow["MaxConcurrentRuns"] == 1


def test_workflow_triggers_chain_the_jobs_in_dependency_order(deployed: Deployment) -> None:
    glue = deployed.client("glue")
    triggers = [glue.get_trigger(Name=n)["Trigger"] for n in glue.list_triggers()["TriggerNames"]]
    assert {t["WorkflowName"] for t in triggers} == {"stedi-pipeline"}
    (start,) = [t for t in triggers if t["Type"] == "ON_DEMAND"]
    assert [a["JobName"] for a in start["Actions"]] == [JOB_ORDER[0]]
    waits_for = {}
    for t in triggers:
        if t["Type"] == "ON_DEMAND":
            continue
        assert t["Type"] == "CONDITIONAL"
        (condition,) = t["Predicate"]["Conditions"]
        assert (condition["State"], condition["LogicalOperator"]) == ("SUCCEEDED", "EQUALS")
        (action,) = t["Actions"]
        waits_for[action["JobName"]] = condition["JobName"]
    assert waits_for == dict(zip(JOB_ORDER[1:], JOB_ORDER[:-1], strict=True))


def test_landing_tables_equal_the_ddl(deployed: Deployment) -> None:
    glue, bucket = deployed.client("glue"), deployed.outputs["bucket_name"]
    ddl_files = sorted((deployed.repo / "athena_ddl").glob("*.sql"))
    assert len(ddl_files) == 3
    for ddl in ddl_files:
        table = glue.get_table(DatabaseName="stedi", Name=ddl.stem)["Table"]
        sd = table["StorageDescriptor"]
        assert [(c["Name"], c["Type"]) for c in sd["Columns"]] == ddl_columns(ddl.read_text())
        zone = ddl.stem.removesuffix("_landing")
        assert sd["Location"] == f"s3://{bucket}/{zone}/landing/"
        assert sd["SerdeInfo"]["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
        assert sd["SerdeInfo"]["Parameters"]["ignore.malformed.json"] == "TRUE"
        assert table["Parameters"]["classification"] == "json"


def test_drift_crawlers_read_landing_into_their_own_database(deployed: Deployment) -> None:
    glue, bucket = deployed.client("glue"), deployed.outputs["bucket_name"]
    crawlers = {c["Name"]: c for c in glue.get_crawlers()["Crawlers"]}
    assert set(crawlers) == {f"stedi-{t}_landing" for t in ("customer", "accelerometer", "step_trainer")}
    assert deployed.outputs["drift_database_name"] == "stedi_drift"
    assert glue.get_database(Name="stedi_drift")["Database"]["Name"] == "stedi_drift"
    for name, crawler in crawlers.items():
        zone = name.removeprefix("stedi-").removesuffix("_landing")
        assert crawler["Role"] == deployed.outputs["glue_role_arn"]
        assert crawler["CrawlerSecurityConfiguration"] == "stedi-crawler"
        assert crawler["DatabaseName"] == "stedi_drift"  # never the DDL-defined tables in stedi
        assert crawler["TablePrefix"] == f"{zone}_"
        assert [t["Path"] for t in crawler["Targets"]["S3Targets"]] == [f"s3://{bucket}/{zone}/landing/"]
        assert crawler["Targets"].get("CatalogTargets", []) == []
        assert crawler["SchemaChangePolicy"] == {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "LOG"}
        assert crawler["Schedule"]["ScheduleExpression"] == "cron(0 6 * * ? *)"


def test_s3_gateway_endpoint_is_on_every_route_table_of_the_default_vpc(deployed: Deployment) -> None:
    ec2 = deployed.client("ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    route_tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
    (endpoint,) = ec2.describe_vpc_endpoints(VpcEndpointIds=[deployed.outputs["s3_gateway_endpoint_id"]])[
        "VpcEndpoints"
    ]
    assert endpoint["VpcEndpointType"] == "Gateway"
    assert endpoint["ServiceName"] == f"com.amazonaws.{REGION}.s3"
    assert endpoint["VpcId"] == vpc["VpcId"]
    assert sorted(endpoint["RouteTableIds"]) == sorted(rt["RouteTableId"] for rt in route_tables["RouteTables"])
    bucket_arn = f"arn:aws:s3:::{deployed.outputs['bucket_name']}"
    lake, glue_own = json.loads(endpoint["PolicyDocument"])["Statement"]
    assert (lake["Effect"], lake["Action"], lake["Resource"]) == ("Allow", "s3:*", [bucket_arn, f"{bucket_arn}/*"])
    assert glue_own["Resource"] == ["arn:aws:s3:::aws-glue-*", "arn:aws:s3:::aws-glue-*/*"]
    assert (
        deployed.outputs["s3_endpoint_status"]
        == f"created in {vpc['VpcId']} on {len(endpoint['RouteTableIds'])} route table(s)"
    )


def test_glue_role_is_scoped_to_the_lake_bucket(deployed: Deployment) -> None:
    """The deployed role as IAM stores it; what its policy allows call by call is tests/test_iam_policy.py."""
    iam, bucket = deployed.client("iam"), deployed.outputs["bucket_name"]
    role = iam.get_role(RoleName="AWSGlueServiceRole-stedi")["Role"]  # Glue Studio passes AWSGlueServiceRole* only
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "glue.amazonaws.com"}
    assert iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"] == []
    (policy_name,) = iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]
    document = iam.get_role_policy(RoleName=role["RoleName"], PolicyName=policy_name)["PolicyDocument"]
    statements = document["Statement"]
    s3_resources = {r for s in statements if any(a.startswith("s3:") for a in s["Action"]) for r in s["Resource"]}
    assert all(r == f"arn:aws:s3:::{bucket}" or r.startswith(f"arn:aws:s3:::{bucket}/") for r in s3_resources)
    assert not any(a.endswith(":*") for s in statements for a in s["Action"])
    assert is_allowed(document, "s3:PutObject", f"arn:aws:s3:::{bucket}/customer/trusted/run=1/part-0.parquet")
    assert not is_allowed(document, "s3:PutObject", f"arn:aws:s3:::{bucket}/customer/landing/customer-1.json")
    assert not is_allowed(document, "s3:PutObject", f"arn:aws:s3:::{bucket}/scripts/customer_landing_to_trusted.py")


def test_athena_workgroup_enforces_encrypted_results_and_holds_the_checks(deployed: Deployment) -> None:
    athena, bucket = deployed.client("athena"), deployed.outputs["bucket_name"]
    config = athena.get_work_group(WorkGroup="stedi-workgroup")["WorkGroup"]["Configuration"]
    assert config["EnforceWorkGroupConfiguration"] is True
    assert config["ResultConfiguration"]["OutputLocation"] == f"s3://{bucket}/athena-results/"
    assert config["ResultConfiguration"]["EncryptionConfiguration"]["EncryptionOption"] == "SSE_KMS"
    checks = sorted(p.stem for p in (deployed.repo / "athena_ddl" / "checks").glob("*.sql"))
    ids = list(deployed.outputs["athena_named_queries"].values())
    queries = [athena.get_named_query(NamedQueryId=i)["NamedQuery"] for i in ids]
    assert sorted(q["Name"] for q in queries) == checks
    assert all(q["WorkGroup"] == "stedi-workgroup" and q["Database"] == "stedi" for q in queries)
    assert not any("${" in q["QueryString"] for q in queries)


def test_replan_shows_no_changes(deployed: Deployment) -> None:
    proc = subprocess.run(
        ["terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color", *TF_VARS],
        cwd=deployed.tf_dir,
        env=deployed.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"plan after apply is not empty (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"


def test_destroy_removes_everything(deployed: Deployment) -> None:
    """Runs last (pytest keeps file order): the module fixture's deployment is gone afterwards."""
    # The state was just applied and re-planned without changes: no refresh needed (saves a minute).
    destroy_on_moto(deployed.tf, deployed.client("s3"), deployed.outputs["bucket_name"], [*TF_VARS, "-refresh=false"])
    assert deployed.tf("state", "list").stdout.split() == []
    assert deployed.client("glue").list_jobs()["JobNames"] == []
    assert "AWSGlueServiceRole-stedi" not in [r["RoleName"] for r in deployed.client("iam").list_roles()["Roles"]]
    buckets = [b["Name"] for b in deployed.client("s3").list_buckets().get("Buckets", [])]
    assert deployed.outputs["bucket_name"] not in buckets
    # The log groups went with the stack (Glue-created ones would have stayed, never expiring).
    assert deployed.client("logs").describe_log_groups()["logGroups"] == []


def delete_default_vpc(ec2) -> str:
    """Make the moto account look like a Control Tower vended one: no default VPC (its subnets first, as AWS
    refuses to delete a VPC with dependencies)."""
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    vpc_id = vpc["VpcId"]
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    for gateway in ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])[
        "InternetGateways"
    ]:
        ec2.detach_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"], VpcId=vpc_id)
        ec2.delete_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc_id)
    assert ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"] == []
    return vpc_id


def test_plan_in_an_account_without_a_default_vpc(tmp_path: Path) -> None:
    """The real provider's `data "aws_vpcs"` against an EC2 API (moto) that has no default VPC: the plan
    succeeds, creates no endpoint and says why (with `data "aws_vpc" { default = true }` it failed:
    "no matching EC2 VPC found", hashicorp/terraform-provider-aws#41983)."""
    with moto_server() as endpoint:
        delete_default_vpc(
            boto3.client(
                "ec2",
                endpoint_url=endpoint,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        )
        tf_dir = copy_config(tmp_path)
        write_moto_overrides(tf_dir, endpoint)
        env = terraform_env(base=isolated_env())
        terraform(["init", "-input=false", "-no-color"], tf_dir, env)
        terraform(["plan", "-input=false", "-no-color", "-out=plan.bin", *TF_VARS], tf_dir, env)
        plan = json.loads(terraform(["show", "-json", "plan.bin"], tf_dir, env).stdout)
    planned = [r["address"] for r in plan["resource_changes"] if r["change"]["actions"] != ["no-op"]]
    assert not [a for a in planned if a.startswith("module.network.")]
    assert 'module.etl_jobs.aws_glue_job.this["customer_landing_to_trusted"]' in planned
    outputs = plan["planned_values"]["outputs"]
    assert outputs["s3_endpoint_status"]["value"] == (
        f"not created: no vpc_id was given and the account has no default VPC in {REGION}; "
        "set vpc_id to deploy the endpoint"
    )
    assert outputs["s3_gateway_endpoint_id"].get("value") is None

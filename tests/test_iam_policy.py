"""The Glue role's policy, as Terraform renders it, against job_calls.json (the list of every call the jobs and
crawlers make), decided by stedi.aws.iam_eval.

The policy is rendered by `terraform plan` of the glue_iam module alone (twice: NETWORK connection off and on)
against a moto server, which answers only the caller-identity lookup; `terraform show -json` gives the policy
exactly as the provider would send it to IAM.

References: "Review IAM permissions needed for ETL jobs" (https://docs.aws.amazon.com/glue/latest/ug/
getting-started-min-privs-job.html: sources need ListBucket + GetObject, targets PutObject + DeleteObject, the role
name must start with AWSGlueServiceRole); the `docs` map of job_calls.json for each call.
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_terraform_apply import PROVIDER_OVERRIDE, SERVICES

from stedi.aws.iam_eval import Decision, Request, evaluate, statements
from stedi.aws.moto_server import isolated_env, moto_server
from stedi.tf_offline import REPO, terraform, terraform_env

pytestmark = pytest.mark.terraform

CALLS = json.loads((REPO / "terraform" / "modules" / "glue_iam" / "job_calls.json").read_text())
VALUES = {
    "partition": "aws",
    "region": "us-east-1",
    "account": "123456789012",
    "bucket": "stedi-lake",
    "database": "stedi",
    "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
}
LAKE = f"arn:aws:s3:::{VALUES['bucket']}"
GLUE = "arn:aws:glue:us-east-1:123456789012"
ROOT = """\
module "{name}" {{
  source        = "{source}"
  name          = "stedi"
  bucket_arn    = "{lake}"
  kms_key_arn   = "{kms}"
  database_name = "stedi"
  glue_network  = {network}
}}
"""


def fill(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise KeyError(f"job_calls.json: no value for placeholder ${{{match.group(1)}}} in {text!r}")
        return values[match.group(1)]

    return re.sub(r"\$\{(\w+)\}", value, text)


def table_location(table: str) -> str:
    entity, zone = table.rsplit("_", 1)
    return f"{entity}/{zone}/" + ("" if zone == "landing" else "run=20260101T000000Z-0123abcd/")


def job_calls(job: str) -> list[dict]:
    """Every listed call of one job, placeholders filled."""
    spec = CALLS["jobs"][job]
    values = {**VALUES, "job": job}
    entries = [(call, values) for call in CALLS["common"]]
    for table in spec["reads"]:
        entries += [
            (call, {**values, "table": table, "location": table_location(table)}) for call in CALLS["per_table"]["read"]
        ]
    for written in spec["writes"]:  # step_trainer_trusted publishes two tables
        write = {**values, "table": written["table"], "root": written["root"]}
        entries += [(call, write) for call in CALLS["per_table"]["write"]]
    if "quarantine" in spec:
        entries += [(call, {**values, "quarantine": spec["quarantine"]}) for call in CALLS["per_table"]["quarantine"]]
    return [{**call, "resource": fill(call["resource"], v)} for call, v in entries]


def listed_calls(section: str) -> list[dict]:
    return [{**call, "resource": fill(call["resource"], VALUES)} for call in CALLS[section]]


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """{"off": policy, "on": policy, "roles": {...}} of the module rendered without and with glue_network."""
    tf_dir: Path = tmp_path_factory.mktemp("tf-glue-iam")
    source = REPO / "terraform" / "modules" / "glue_iam"
    (tf_dir / "main.tf").write_text(
        "".join(
            ROOT.format(name=name, source=source, lake=LAKE, kms=VALUES["kms_key_arn"], network=network)
            for name, network in (("off", "false"), ("on", "true"))
        )
    )
    with moto_server() as endpoint:
        endpoints = "\n".join(f'    {service:<6} = "{endpoint}"' for service in SERVICES)
        (tf_dir / "override.tf").write_text(PROVIDER_OVERRIDE.format(endpoints=endpoints))
        env = terraform_env(base=isolated_env())
        terraform(["init", "-input=false", "-no-color"], tf_dir, env)
        terraform(["plan", "-input=false", "-no-color", "-out=plan.bin"], tf_dir, env)
        plan = json.loads(terraform(["show", "-json", "plan.bin"], tf_dir, env).stdout)
    after = {change["address"]: change["change"]["after"] for change in plan["resource_changes"]}
    yield {
        "off": json.loads(after["module.off.aws_iam_role_policy.glue"]["policy"]),
        "on": json.loads(after["module.on.aws_iam_role_policy.glue"]["policy"]),
        "role": after["module.off.aws_iam_role.glue"],
    }


def decide(policy: dict, call: dict) -> Decision:
    return evaluate([policy], Request(call["action"], call["resource"], call.get("context")))


@pytest.mark.parametrize("job", sorted(CALLS["jobs"]))
def test_every_listed_call_of_every_job_is_allowed(policies, job):
    calls = job_calls(job)
    assert len(calls) >= 30
    denied = [(c["action"], c["resource"]) for c in calls if decide(policies["off"], c) is not Decision.ALLOW]
    assert denied == []


def test_every_job_listed_is_a_script_and_every_script_is_listed(repo_root: Path):
    assert sorted(CALLS["jobs"]) == sorted(p.stem for p in (repo_root / "glue_scripts").glob("*.py"))


@pytest.mark.parametrize("job", sorted(CALLS["jobs"]))
def test_each_jobs_reads_and_writes_are_its_graphs_sources_and_publish_nodes(repo_root: Path, job: str):
    """The calls listed per job follow the graph: its catalog sources, and every table a Publish node names (with the
    root the node derives from it, <entity>/<zone>/)."""
    graph = json.loads((repo_root / "glue_scripts" / f"{job}.json").read_text())
    nodes = [next(iter(node.items())) for node in graph.values()]
    sources = [f["Table"] for kind, f in nodes if kind == "CatalogSource"]
    published = [
        re.search(r'table_name = "(\w+)"', f["Code"]).group(1)
        for kind, f in nodes
        if kind == "CustomCode" and f["Name"].startswith("Publish ")
    ]
    spec = CALLS["jobs"][job]
    assert sorted(spec["reads"]) == sorted(sources)
    assert spec["writes"] == [{"table": t, "root": "/".join(t.rsplit("_", 1)) + "/"} for t in published]


def test_every_crawler_call_is_allowed(policies):
    denied = [
        (c["action"], c["resource"])
        for c in listed_calls("crawler")
        if decide(policies["off"], c) is not Decision.ALLOW
    ]
    assert denied == []


def test_network_interface_calls_are_allowed_only_with_a_glue_network_connection(policies):
    calls = listed_calls("network")
    assert [decide(policies["on"], c) for c in calls] == [Decision.ALLOW] * len(calls)
    assert [decide(policies["off"], c) for c in calls] == [Decision.IMPLICIT_DENY] * len(calls)
    # Glue may tag only with its own tag key
    other_tag = {**calls[-2], "context": {"aws:TagKeys": ["aws-glue-service-resource", "Name"]}}
    assert decide(policies["on"], other_tag) is Decision.IMPLICIT_DENY


def test_the_policy_grants_no_action_that_no_listed_call_makes(policies):
    every_call = (
        [c for job in CALLS["jobs"] for c in job_calls(job)] + listed_calls("crawler") + listed_calls("network")
    )
    used = {c["action"] for c in every_call}
    for variant in ("off", "on"):
        granted = {a for s in statements([policies[variant]]) if s["Effect"] == "Allow" for a in s["Action"]}
        assert granted - used == set(), variant
        assert not any("*" in a for a in granted), variant


@pytest.mark.parametrize(
    "action, key",
    [
        ("s3:PutObject", "scripts/customer_landing_to_trusted.py"),
        ("s3:DeleteObject", "scripts/customer_landing_to_trusted.py"),
        ("s3:PutObject", "customer/landing/customer-1.json"),
        ("s3:DeleteObject", "customer/landing/customer-1.json"),
        ("s3:PutObject", "accelerometer/landing/a.json"),
        ("s3:DeleteObject", "step_trainer/landing/s.json"),
        # a key that also matches a writable zone pattern: the explicit deny still wins
        ("s3:PutObject", "customer/landing/customer/trusted/x.parquet"),
    ],
)
def test_writes_to_scripts_and_landing_are_denied(policies, action, key):
    assert decide(policies["off"], {"action": action, "resource": f"{LAKE}/{key}"}) is Decision.EXPLICIT_DENY


@pytest.mark.parametrize(
    "action, resource",
    [
        ("s3:GetObject", "arn:aws:s3:::another-bucket/customer/landing/a.json"),
        ("s3:PutObject", "arn:aws:s3:::another-bucket/customer/trusted/a.parquet"),
        ("s3:ListBucket", "arn:aws:s3:::another-bucket"),
        ("s3:PutObject", f"{LAKE}/athena-results/q.csv"),
        ("s3:PutObject", f"{LAKE}/customer.json"),
        ("s3:DeleteBucket", LAKE),
        ("glue:GetTable", f"{GLUE}:table/other_db/customer_landing"),
        ("glue:UpdateTable", f"{GLUE}:table/other_db/customer_trusted"),
        ("glue:CreateDatabase", f"{GLUE}:database/stedi"),
        ("glue:CreateDatabase", f"{GLUE}:database/other_db"),
        ("glue:DeleteTable", f"{GLUE}:table/stedi/customer_trusted"),
        ("glue:GetTable", "arn:aws:glue:eu-west-1:123456789012:table/stedi/customer_landing"),
        ("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/another"),
        ("logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/other:log-stream:x"),
        ("iam:PassRole", "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"),
    ],
)
def test_other_buckets_databases_keys_and_actions_are_denied(policies, action, resource):
    assert decide(policies["on"], {"action": action, "resource": resource}) is not Decision.ALLOW


def test_metrics_only_in_glue_namespaces(policies):
    call = {"action": "cloudwatch:PutMetricData", "resource": "*", "context": {"cloudwatch:namespace": "AWS/EC2"}}
    assert decide(policies["off"], call) is Decision.IMPLICIT_DENY


def test_role_name_has_the_glue_studio_prefix_and_only_glue_may_assume_it(policies):
    role = policies["role"]
    assert role["name"] == "AWSGlueServiceRole-stedi"
    trust = json.loads(role["assume_role_policy"])
    assert trust["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]

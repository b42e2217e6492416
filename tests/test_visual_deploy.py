"""`terraform apply` with graphs beside two of the scripts, against moto: module job_graphs publishes them
(terraform_data + local-exec running `python -m stedi.visual publish`), a re-plan is clean, a graph edit
republishes. The test copy of the configuration gets the overrides of tests/test_terraform_apply.py; its
glue_scripts/ gets two fixture graphs in place of the repository's five, so that one job without a graph shows
what publishing leaves alone (tests/test_terraform_apply.py checks the five real graphs).

The local-exec command talks to moto through AWS_ENDPOINT_URL in Terraform's environment (the provider has its
own endpoint overrides) and runs this interpreter with this checkout's src on PYTHONPATH (var.python).
"""

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_terraform_apply import ACCOUNT, REGION, TF_VARS, Deployment, write_moto_overrides

from stedi.aws.moto_server import isolated_env, moto_server
from stedi.tf_offline import copy_config, terraform, terraform_env
from stedi.visual.publish import fill
from stedi.visual.render import load_graph

pytestmark = pytest.mark.terraform

FIXTURES = Path(__file__).parent / "fixtures" / "visual"
SRC = Path(__file__).resolve().parents[1] / "src"
GRAPHS = {"customer_landing_to_trusted": "privacy_join", "step_trainer_trusted": "custom_chain"}
VARS = [*TF_VARS, "-var", f"python={sys.executable}"]
BUCKET = f"stedi-lake-{ACCOUNT}-{REGION}"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Iterator[Deployment]:
    with moto_server() as endpoint:
        tf_dir = copy_config(tmp_path_factory.mktemp("tf-visual"))
        write_moto_overrides(tf_dir, endpoint)
        for graph in (tf_dir.parent / "glue_scripts").glob("*.json"):
            graph.unlink()
        for job, fixture in GRAPHS.items():
            shutil.copy(FIXTURES / f"{fixture}.json", tf_dir.parent / "glue_scripts" / f"{job}.json")
        env = terraform_env(base=isolated_env({"PYTHONPATH": str(SRC)}, endpoint_url=endpoint))
        terraform(["init", "-input=false", "-no-color"], tf_dir, env)
        terraform(["apply", "-auto-approve", "-input=false", "-no-color", *VARS], tf_dir, env)
        yield Deployment(tf_dir, env, endpoint, {}, repo_root)


def plan(deployed: Deployment) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color", *VARS],
        cwd=deployed.tf_dir,
        env=deployed.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_apply_publishes_each_graph_with_job_mode_visual(deployed: Deployment) -> None:
    glue = deployed.client("glue")
    for job in GRAPHS:
        got = glue.get_job(JobName=job)["Job"]
        graph = load_graph(deployed.tf_dir.parent / "glue_scripts" / f"{job}.json")
        assert got["JobMode"] == "VISUAL"
        assert got["CodeGenConfigurationNodes"] == fill(graph, {"DATABASE": "stedi", "LAKE_BUCKET": BUCKET})
        # Every other field as Terraform made it: the same as a job without a graph.
        plain = glue.get_job(JobName="machine_learning_curated")["Job"]
        same = ["Role", "GlueVersion", "WorkerType", "NumberOfWorkers", "Timeout", "MaxRetries", "ExecutionClass",
                "SecurityConfiguration", "ExecutionProperty", "DefaultArguments"]  # fmt: skip
        assert {k: got.get(k) for k in same} == {k: plain.get(k) for k in same}
        assert got["Command"]["ScriptLocation"] == f"s3://{BUCKET}/scripts/{job}.py"
        assert got["Description"] == f"Runs scripts/{job}.py"
    assert glue.get_job(JobName="machine_learning_curated")["Job"]["JobMode"] == "SCRIPT"
    assert "CodeGenConfigurationNodes" not in glue.get_job(JobName="machine_learning_curated")["Job"]


def test_replan_after_apply_shows_no_changes(deployed: Deployment) -> None:
    proc = plan(deployed)
    assert proc.returncode == 0, f"plan after apply is not empty (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"


def test_a_graph_edit_republishes_that_graph_only(deployed: Deployment) -> None:
    path = deployed.tf_dir.parent / "glue_scripts" / "step_trainer_trusted.json"
    graph = json.loads(path.read_text())
    graph["node-16"]["DropFields"]["Paths"] = [["email"]]
    path.write_text(json.dumps(graph, indent=2))
    proc = plan(deployed)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert 'module.job_graphs.terraform_data.publish["step_trainer_trusted"] must be replaced' in proc.stdout
    assert "Plan: 1 to add, 0 to change, 1 to destroy." in proc.stdout
    deployed.tf("apply", "-auto-approve", "-input=false", "-no-color", *VARS)
    got = deployed.client("glue").get_job(JobName="step_trainer_trusted")["Job"]
    assert got["CodeGenConfigurationNodes"]["node-16"]["DropFields"]["Paths"] == [["email"]]
    assert plan(deployed).returncode == 0

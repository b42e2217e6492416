"""The first-deploy smoke test (stedi.aws.smoke, scripts/first_deploy_smoke.py).

Against moto as far as moto goes: apply, upload and destroy are real (moto's workflow runs never finish, so the
workflow step times out and the destroy must still run); the step order, skipping and the report with fakes.
"""

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from test_terraform_apply import REGION, SRC, destroy_on_moto, write_moto_overrides

from stedi.aws.moto_server import isolated_env, moto_server
from stedi.aws.smoke import SmokeReport, StepFailed, TerraformDeployer, build_parser, run_smoke
from stedi.aws.upload import landing_files
from stedi.tf_offline import copy_config, terraform, terraform_env

OUTPUTS = {"bucket_name": "b", "workflow_name": "w", "athena_workgroup": "wg", "database_name": "stedi"}


class FakeDeployer:
    tf_dir = Path("/nowhere")

    def __init__(self, fail_apply: bool = False, fail_destroy: bool = False) -> None:
        self.calls: list[str] = []
        self.fail_apply, self.fail_destroy = fail_apply, fail_destroy

    def apply(self) -> None:
        self.calls.append("apply")
        if self.fail_apply:
            raise StepFailed("terraform apply in /nowhere exited 1:\nError: creating Glue Job: AccessDenied")

    def outputs(self) -> dict:
        return OUTPUTS

    def destroy(self) -> None:
        self.calls.append("destroy")
        if self.fail_destroy:
            raise StepFailed("terraform destroy in /nowhere exited 1")


class CompletedWorkflow:
    """A Glue client whose workflow run completed with its one job succeeded."""

    def start_workflow_run(self, Name: str) -> dict:
        return {"RunId": "wr_1"}

    def get_workflow_run(self, **_: object) -> dict:
        job = {"JobName": "j", "Id": "jr_1", "JobRunState": "SUCCEEDED", "Attempt": 0}
        node = {"Type": "JOB", "Name": "j", "JobDetails": {"JobRuns": [job]}}
        return {"Run": {"WorkflowRunId": "wr_1", "Status": "COMPLETED", "Statistics": {}, "Graph": {"Nodes": [node]}}}


def fake_client(bucket_ok: bool = True):
    class S3:
        def head_bucket(self, Bucket: str) -> None:
            pass

        def head_object(self, **_: object) -> dict:
            return {"Metadata": {}}

        def upload_file(self, *_: object, **__: object) -> None:
            pass

    return lambda service: S3() if service == "s3" else CompletedWorkflow()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    """A small landing folder of the three tables (the smoke test on a real account takes the real data)."""
    root = tmp_path / "landing"
    for table, record in [("customer", '{"email": "a@b.c"}'), ("accelerometer", '{"user": "a@b.c"}')]:
        (root / table / "landing").mkdir(parents=True)
        (root / table / "landing" / f"{table}-1.json").write_text(record + "\n")
    (root / "step_trainer" / "landing").mkdir(parents=True)
    for n in (1, 2):
        (root / "step_trainer" / "landing" / f"step_trainer-{n}.json").write_text('{"sensorReadingTime": 1}\n')
    return root


def statuses(report: SmokeReport) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in report.steps]


def test_every_step_passing_is_one_passed_report_and_the_stack_is_destroyed(landing, capsys):
    deployer = FakeDeployer()
    report = run_smoke(deployer, landing, client=fake_client(), athena_check=lambda *_: "13 passed", poll_seconds=0)
    assert statuses(report) == [
        ("terraform apply", "PASS"),
        ("upload landing data", "PASS"),
        ("run the workflow", "PASS"),
        ("stedi check --athena", "PASS"),
        ("destroy", "PASS"),
    ]
    assert report.passed and deployer.calls == ["apply", "destroy"]
    printed = capsys.readouterr().out
    assert printed.count("SMOKE TEST PASSED") == 1 and "SMOKE TEST FAILED" not in printed


def test_a_failed_apply_skips_the_rest_and_still_destroys(landing, capsys):
    deployer = FakeDeployer(fail_apply=True)
    report = run_smoke(deployer, landing, client=fake_client())
    assert statuses(report) == [
        ("terraform apply", "FAIL"),
        ("upload landing data", "SKIPPED"),
        ("run the workflow", "SKIPPED"),
        ("stedi check --athena", "SKIPPED"),
        ("destroy", "PASS"),
    ]
    assert deployer.calls == ["apply", "destroy"]
    assert "AccessDenied" in report.steps[0].detail
    assert capsys.readouterr().out.rstrip().endswith("SMOKE TEST FAILED")


def test_a_failing_athena_check_fails_the_report(landing):
    def failing(*_):
        raise StepFailed("stedi check --athena exited 1:\nFAIL customer_trusted rows 482 != 481")

    report = run_smoke(FakeDeployer(), landing, client=fake_client(), athena_check=failing, poll_seconds=0)
    assert statuses(report)[-2:] == [("stedi check --athena", "FAIL"), ("destroy", "PASS")]
    assert not report.passed


def test_keep_skips_the_destroy_and_a_passed_run_still_passes(landing):
    deployer = FakeDeployer()
    report = run_smoke(deployer, landing, keep=True, client=fake_client(), athena_check=lambda *_: "ok", poll_seconds=0)
    assert deployer.calls == ["apply"]
    assert statuses(report)[-1] == ("destroy", "SKIPPED") and report.passed


def test_a_failed_destroy_fails_the_report_and_says_what_is_left(landing):
    deployer = FakeDeployer(fail_destroy=True)
    report = run_smoke(deployer, landing, client=fake_client(), athena_check=lambda *_: "ok", poll_seconds=0)
    assert statuses(report)[-1] == ("destroy", "FAIL") and not report.passed
    assert "run terraform destroy in /nowhere" in report.steps[-1].detail


def test_cli_requires_landing_and_region():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--landing", "x"])
    args = build_parser().parse_args(["--landing", "x", "--region", "eu-west-1", "--keep", "--var", "worker_type=G.2X"])
    assert (args.region, args.keep, args.var, args.project) == ("eu-west-1", True, ["worker_type=G.2X"], "stedi-smoke")


class MotoDeployer(TerraformDeployer):
    """The real deployer; only the destroy works around what moto cannot delete (test_terraform_apply.py)."""

    def __init__(self, tf_dir: Path, variables: list[str], env: dict[str, str], client) -> None:
        super().__init__(tf_dir, variables, env)
        self.client = client

    def destroy(self) -> None:
        def tf(*args: str) -> subprocess.CompletedProcess[str]:
            return terraform(list(args), self.tf_dir, self.env)

        destroy_on_moto(tf, self.client("s3"), self.outputs()["bucket_name"], self.var_args)


@pytest.mark.terraform
def test_against_moto_apply_and_upload_pass_the_workflow_times_out_and_the_stack_is_destroyed(
    tmp_path: Path, landing: Path
):
    files = landing_files(landing)
    assert len(files) == 4
    with moto_server() as endpoint:

        def client(service: str):
            return boto3.client(
                service,
                endpoint_url=endpoint,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )

        tf_dir = copy_config(tmp_path / "tf")
        write_moto_overrides(tf_dir, endpoint)
        # The graph publications (module job_graphs) run this interpreter against moto.
        env = terraform_env(base=isolated_env({"PYTHONPATH": str(SRC)}, endpoint_url=endpoint))
        deployer = MotoDeployer(
            tf_dir, [f"region={REGION}", "force_destroy=true", f"python={sys.executable}"], env, client
        )
        report = run_smoke(deployer, landing, client=client, workflow_timeout=1, poll_seconds=0.5)
        bucket = f"stedi-lake-123456789012-{REGION}"
        assert statuses(report) == [
            ("terraform apply", "PASS"),
            ("upload landing data", "PASS"),
            ("run the workflow", "FAIL"),
            ("stedi check --athena", "SKIPPED"),
            ("destroy", "PASS"),
        ]
        size = sum(path.stat().st_size for path, _ in files)
        assert report.steps[1].detail == f"s3://{bucket}: {len(files)} uploaded ({size} bytes), 0 unchanged"
        assert "TIMED OUT" in report.steps[2].detail
        assert terraform(["state", "list"], tf_dir, env).stdout.split() == []
        assert bucket not in [b["Name"] for b in client("s3").list_buckets().get("Buckets", [])]
        assert client("glue").list_jobs()["JobNames"] == []

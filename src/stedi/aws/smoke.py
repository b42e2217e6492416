"""First-deploy smoke test for a real AWS account: apply, upload the landing data, run the workflow, run the
Athena checks, print one pass/fail report, destroy (also when a step failed; ``keep`` skips the destroy).

Each step runs only if every earlier one passed; the destroy runs in a ``finally`` whatever happened before,
so a failed apply (a half-created stack) is destroyed too. The bucket is created with ``force_destroy = true``:
the lake holds the run's data when the destroy comes. The deployer's required permissions are listed in
terraform/README.md ("Deployer permissions").

Credentials and region come from the standard AWS chain (Terraform and boto3 alike).

    python scripts/first_deploy_smoke.py --landing /path/to/stedi --region us-east-1 [--keep] [--var key=value]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from stedi.aws.runs import RunError, report, start_workflow, wait_for_workflow_run
from stedi.aws.upload import UploadError, upload_landing

REPO = Path(__file__).resolve().parents[3]
PROFILES = ("strict", "standout", "rubric")


class StepFailed(RuntimeError):
    """A smoke step failed; the message says what and where."""


@dataclass
class Step:
    name: str
    status: str  # PASS, FAIL, SKIPPED
    detail: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        took = f" ({self.seconds:.0f} s)" if self.status != "SKIPPED" else ""
        return f"{self.status:<7} {self.name}{took}{': ' + self.detail if self.detail else ''}"


@dataclass
class SmokeReport:
    steps: list[Step] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every step passed; the destroy passed or was skipped by ``keep``."""
        steps, destroy = self.steps[:-1], self.steps[-1:]
        return bool(steps) and all(s.status == "PASS" for s in steps) and all(s.status != "FAIL" for s in destroy)

    def text(self) -> str:
        lines = ["first-deploy smoke test", *(f"  {s.line()}" for s in self.steps)]
        lines.append(f"SMOKE TEST {'PASSED' if self.passed else 'FAILED'}")
        return "\n".join(lines)


class TerraformDeployer:
    """``terraform init/apply/output/destroy`` in ``tf_dir`` with ``-var`` assignments, output kept per step."""

    def __init__(self, tf_dir: Path, variables: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.tf_dir, self.env = tf_dir, env
        self.var_args = [arg for v in variables for arg in ("-var", v)]

    def run(self, *args: str, timeout: float = 3600) -> str:
        proc = subprocess.run(
            ["terraform", *args], cwd=self.tf_dir, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise StepFailed(f"terraform {args[0]} in {self.tf_dir} exited {proc.returncode}:\n{tail}")
        return proc.stdout

    def apply(self) -> None:
        self.run("init", "-input=false", "-no-color")
        self.run("apply", "-auto-approve", "-input=false", "-no-color", *self.var_args)

    def outputs(self) -> dict[str, Any]:
        raw = json.loads(self.run("output", "-json"))
        return {name: value["value"] for name, value in raw.items()}

    def destroy(self) -> None:
        self.run("destroy", "-auto-approve", "-input=false", "-no-color", *self.var_args)


def _athena_check(outputs: dict[str, Any], profile: str, region: str | None) -> str:
    """`stedi check --athena` as a user runs it; its table is the detail of the step."""
    command = [sys.executable, "-m", "stedi.cli", "check", "--athena", "--profile", profile]
    command += ["--workgroup", outputs["athena_workgroup"], "--database", outputs["database_name"]]
    command += ["--region", region] if region else []
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=1800)
    if proc.returncode != 0:
        raise StepFailed(f"stedi check --athena exited {proc.returncode}:\n{(proc.stdout + proc.stderr).strip()}")
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "all checks passed"


def run_smoke(
    deployer: TerraformDeployer,
    landing: Path,
    profile: str = "strict",
    region: str | None = None,
    keep: bool = False,
    workflow_timeout: float = 7200,
    poll_seconds: float = 30,
    client: Callable[[str], Any] = boto3.client,
    athena_check: Callable[[dict[str, Any], str, str | None], str] = _athena_check,
    out: Callable[[str], None] = print,
) -> SmokeReport:
    """Run the steps, print each as it ends and the report at the end; the destroy always runs unless ``keep``."""
    result = SmokeReport()
    outputs: dict[str, Any] = {}

    def step(name: str, body: Callable[[], str | None]) -> None:
        if any(s.status != "PASS" for s in result.steps):
            result.steps.append(Step(name, "SKIPPED", "an earlier step failed"))
            return
        started = time.monotonic()
        try:
            detail, status = body() or "", "PASS"
        except (StepFailed, UploadError, RunError, KeyError, OSError, subprocess.TimeoutExpired) as error:
            detail, status = f"{type(error).__name__}: {error}", "FAIL"
        result.steps.append(Step(name, status, detail, time.monotonic() - started))
        out(result.steps[-1].line())

    def apply() -> str:
        deployer.apply()
        outputs.update(deployer.outputs())
        return f"bucket {outputs['bucket_name']}, workflow {outputs['workflow_name']}"

    def upload() -> str:
        return upload_landing(landing, outputs["bucket_name"], s3=client("s3"), out=lambda _: None).summary()

    def workflow() -> str:
        glue = client("glue")
        run_id = start_workflow(outputs["workflow_name"], glue=glue)
        run = wait_for_workflow_run(
            outputs["workflow_name"], run_id, glue=glue, poll_seconds=poll_seconds, timeout=workflow_timeout
        )
        lines: list[str] = []
        report(run, out=lines.append)
        if not run.succeeded:
            raise StepFailed("\n".join(lines))
        return lines[-1]

    try:
        step("terraform apply", apply)
        step("upload landing data", upload)
        step("run the workflow", workflow)
        step("stedi check --athena", lambda: athena_check(outputs, profile, region))
    finally:
        if keep:
            result.steps.append(Step("destroy", "SKIPPED", "--keep: the stack stays (terraform destroy to remove it)"))
        else:
            started = time.monotonic()
            try:
                deployer.destroy()
                result.steps.append(Step("destroy", "PASS", "", time.monotonic() - started))
            except (StepFailed, OSError, subprocess.TimeoutExpired) as error:
                detail = f"{error}\nthe stack may be left behind: run terraform destroy in {deployer.tf_dir}"
                result.steps.append(Step("destroy", "FAIL", detail, time.monotonic() - started))
        out(result.text())
    return result


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="first_deploy_smoke",
        description=(
            "Deploy the stack to the current AWS account, upload the landing data, run the workflow, run the "
            "Athena checks, print one pass/fail report and destroy the stack (also on failure). Exit 0 if all "
            "passed. Costs a few dollars of Glue time; needs the permissions in terraform/README.md."
        ),
    )
    parser.add_argument("--landing", type=Path, required=True, help="directory holding <table>/landing/*.json")
    parser.add_argument("--region", required=True, help="AWS region to deploy to")
    parser.add_argument("--project", default="stedi-smoke", help="Terraform var.project (default stedi-smoke)")
    parser.add_argument("--profile", choices=PROFILES, default="strict", help="pipeline profile (default strict)")
    parser.add_argument("--var", action="append", default=[], metavar="KEY=VALUE", help="extra Terraform -var")
    parser.add_argument("--tf-dir", type=Path, default=REPO / "terraform", help="Terraform root (default terraform/)")
    parser.add_argument("--keep", action="store_true", help="leave the stack deployed (skip the destroy)")
    parser.add_argument("--timeout", type=float, default=7200.0, help="seconds to wait for the workflow run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    variables = [f"region={args.region}", f"project={args.project}", f"profile={args.profile}", "force_destroy=true"]
    deployer = TerraformDeployer(args.tf_dir, [*variables, *args.var])
    region = args.region

    def client(service: str) -> Any:
        return boto3.client(service, region_name=region)

    result = run_smoke(
        deployer, args.landing, args.profile, region, args.keep, workflow_timeout=args.timeout, client=client
    )
    return 0 if result.passed else 1

"""AWS operations against a real moto server on loopback: the server helper, landing upload, workflow runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from stedi.aws import runs, upload
from stedi.aws.moto_server import aws_test_env, isolated_env, moto_server
from stedi.aws.upload import UploadError, upload_landing

REPO = Path(__file__).resolve().parents[1]
BUCKET = "stedi-lake-test"


@pytest.fixture
def bucket(moto_endpoint, request):
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
    assert [k for k in keys if k.startswith("customer/landing/")] == ["customer/landing/customer-1691348231425.json"]
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


def test_missing_bucket_is_an_error_naming_it(real_landing, moto_endpoint):
    with pytest.raises(UploadError, match=r"bucket s3://no-such-stedi-bucket: does not exist"):
        upload_landing(real_landing, "no-such-stedi-bucket")


def test_upload_script_runs_directly_against_the_endpoint(real_landing, bucket, moto_endpoint):
    command = [sys.executable, str(REPO / "scripts" / "upload_landing.py"), "--landing", str(real_landing)]
    env = isolated_env(endpoint_url=moto_endpoint)

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


# --- workflow / job runs: the logic, with botocore's Stubber (validates every request and response) ----

WORKFLOW = "stedi-pipeline"
JOBS = [
    "customer_landing_to_trusted",
    "accelerometer_landing_to_trusted",
    "customer_trusted_to_curated",
    "step_trainer_trusted",
    "machine_learning_curated",
]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock:
    """time.monotonic/time.sleep pair: sleeping advances the clock, so waits take no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def stubbed_glue():
    client = boto3.client("glue", region_name="eu-west-1", aws_access_key_id="stub", aws_secret_access_key="stub")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _job_run(job: str, run_id: str, state: str, attempt: int = 0, error: str | None = None) -> dict:
    run = {"Id": run_id, "JobName": job, "Attempt": attempt, "JobRunState": state, "StartedOn": T0}
    if error:
        run["ErrorMessage"] = error
    return run


def _workflow_run(status: str, runs: dict[str, list[dict]], **stats: int) -> dict:
    nodes = [
        {"Type": "JOB", "Name": job, "UniqueId": f"n{i}", "JobDetails": {"JobRuns": runs.get(job, [])}}
        for i, job in enumerate(JOBS)
    ]
    statistics = {"TotalActions": 5, "SucceededActions": 0, "RunningActions": 0, "FailedActions": 0} | stats
    return {
        "Run": {
            "Name": WORKFLOW,
            "WorkflowRunId": "wr_1",
            "StartedOn": T0,
            "Status": status,
            "Statistics": statistics,
            "Graph": {"Nodes": nodes},
        }
    }


GET_WR = {"Name": WORKFLOW, "RunId": "wr_1", "IncludeGraph": True}


def test_workflow_with_a_failed_job_prints_its_error_and_exits_1(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    clock = FakeClock()
    first_ok = {JOBS[0]: [_job_run(JOBS[0], "jr_1", "SUCCEEDED")]}
    stubber.add_response("start_workflow_run", {"RunId": "wr_1"}, {"Name": WORKFLOW})
    stubber.add_response(
        "get_workflow_run",
        _workflow_run("RUNNING", {JOBS[0]: [_job_run(JOBS[0], "jr_1", "RUNNING")]}, RunningActions=1),
        GET_WR,
    )
    stubber.add_response(
        "get_workflow_run",
        _workflow_run(
            "RUNNING",
            first_ok | {JOBS[1]: [_job_run(JOBS[1], "jr_2", "RUNNING")]},
            SucceededActions=1,
            RunningActions=1,
        ),
        GET_WR,
    )
    failed = first_ok | {JOBS[1]: [_job_run(JOBS[1], "jr_2", "FAILED", error="AnalysisException: no such column z")]}
    stubber.add_response(
        "get_workflow_run", _workflow_run("COMPLETED", failed, SucceededActions=1, FailedActions=1), GET_WR
    )

    code = runs.main(["--workflow", WORKFLOW, "--poll-seconds", "20"], glue=glue, sleep=clock.sleep)

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == f"started workflow {WORKFLOW} run wr_1 (region eu-west-1)"
    assert out[1].endswith(
        f"workflow {WORKFLOW}: RUNNING | 0/5 succeeded, 1 running, 0 waiting, 0 failed | now: {JOBS[0]}"
    )
    assert out[2].endswith(f"| 1/5 succeeded, 1 running, 0 waiting, 0 failed | now: {JOBS[1]}")
    assert out[3].endswith(f"workflow {WORKFLOW}: COMPLETED | 1/5 succeeded, 0 running, 0 waiting, 1 failed")
    assert out[4:] == [
        f"FAILED job {JOBS[1]} run jr_2: FAILED: AnalysisException: no such column z",
        f"never started: {', '.join(JOBS[2:])}",
        f"workflow {WORKFLOW} run wr_1: FAILED (COMPLETED)",
    ]


def test_workflow_that_completes_every_job_exits_0(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    all_ok = {job: [_job_run(job, f"jr_{i}", "SUCCEEDED")] for i, job in enumerate(JOBS)}
    stubber.add_response("start_workflow_run", {"RunId": "wr_1"}, {"Name": WORKFLOW})
    stubber.add_response("get_workflow_run", _workflow_run("COMPLETED", all_ok, SucceededActions=5), GET_WR)

    assert runs.main(["--workflow", WORKFLOW], glue=glue, sleep=FakeClock().sleep) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"workflow {WORKFLOW} run wr_1: SUCCEEDED (COMPLETED)"


def test_a_failed_attempt_fixed_by_a_retry_is_printed_but_not_a_failure(stubbed_glue):
    glue, stubber = stubbed_glue
    retried = {job: [_job_run(job, f"jr_{i}", "SUCCEEDED")] for i, job in enumerate(JOBS)}
    retried[JOBS[3]] = [
        _job_run(JOBS[3], "jr_3", "FAILED", error="Connection reset"),
        _job_run(JOBS[3], "jr_3_attempt_1", "SUCCEEDED", attempt=1),
    ]
    stubber.add_response("get_workflow_run", _workflow_run("COMPLETED", retried, SucceededActions=5), GET_WR)
    lines: list[str] = []

    result = runs.wait_for_workflow_run(WORKFLOW, "wr_1", glue=glue, out=lines.append)
    runs.report(result, out=lines.append)

    assert result.succeeded
    assert f"FAILED job {JOBS[3]} run jr_3: FAILED: Connection reset" in lines
    assert lines[-1] == f"workflow {WORKFLOW} run wr_1: SUCCEEDED (COMPLETED)"


def test_workflow_run_in_error_prints_the_workflow_error(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    response = _workflow_run("ERROR", {})
    response["Run"]["ErrorMessage"] = "Concurrent runs exceeded for workflow"
    stubber.add_response("start_workflow_run", {"RunId": "wr_1"}, {"Name": WORKFLOW})
    stubber.add_response("get_workflow_run", response, GET_WR)

    assert runs.main(["--workflow", WORKFLOW], glue=glue, sleep=FakeClock().sleep) == 1
    out = capsys.readouterr().out
    assert f"workflow {WORKFLOW} run wr_1: Concurrent runs exceeded for workflow" in out
    assert out.splitlines()[-1] == f"workflow {WORKFLOW} run wr_1: FAILED (ERROR)"


def test_job_run_is_polled_until_it_fails_and_its_error_is_printed(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    clock = FakeClock()
    job = JOBS[4]
    start_params = {"JobName": job, "Arguments": {"--PROFILE": "standout", "--DATABASE": "stedi"}}
    stubber.add_response("start_job_run", {"JobRunId": "jr_9"}, start_params)
    for state in ("STARTING", "RUNNING"):
        stubber.add_response("get_job_run", {"JobRun": _job_run(job, "jr_9", state)}, {"JobName": job, "RunId": "jr_9"})
    failed = _job_run(job, "jr_9", "FAILED", error="An error occurred while calling o104.pyWriteDynamicFrame")
    stubber.add_response("get_job_run", {"JobRun": failed}, {"JobName": job, "RunId": "jr_9"})

    code = runs.main(
        ["--job", job, "--arguments", "PROFILE=standout", '{"--DATABASE": "stedi"}', "--poll-seconds", "15"],
        glue=glue,
        sleep=clock.sleep,
    )

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert clock.sleeps == [15.0, 15.0]
    assert [line.split("] ", 1)[1] for line in out[1:4]] == [
        f"job {job}: STARTING",
        f"job {job}: RUNNING",
        f"job {job}: FAILED",
    ]
    assert out[4] == f"FAILED job {job} run jr_9: FAILED: An error occurred while calling o104.pyWriteDynamicFrame"
    assert out[5] == f"job {job} run jr_9: FAILED (FAILED)"


def test_wait_gives_up_at_the_timeout_and_exits_124(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    clock = FakeClock()
    job = JOBS[0]
    stubber.add_response("start_job_run", {"JobRunId": "jr_1"}, {"JobName": job})
    for _ in range(3):  # at 0 s, 30 s, 60 s
        stubber.add_response(
            "get_job_run", {"JobRun": _job_run(job, "jr_1", "RUNNING")}, {"JobName": job, "RunId": "jr_1"}
        )

    result = runs.wait_for_job_run(
        job,
        runs.start_job(job, glue=glue),
        glue=glue,
        poll_seconds=30,
        timeout=60,
        sleep=clock.sleep,
        clock=clock,
    )

    assert result.timed_out and not result.succeeded and result.status == "RUNNING"
    assert clock.sleeps == [30, 30]
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"timed out after 60s waiting for Glue job '{job}' run jr_1 (still RUNNING; not stopped)"


def test_timeout_shortens_the_last_sleep(stubbed_glue):
    glue, stubber = stubbed_glue
    clock = FakeClock()
    for _ in range(3):  # at 0 s, 30 s, 45 s
        stubber.add_response(
            "get_job_run",
            {"JobRun": _job_run(JOBS[0], "jr_1", "RUNNING")},
            {"JobName": JOBS[0], "RunId": "jr_1"},
        )
    result = runs.wait_for_job_run(
        JOBS[0],
        "jr_1",
        glue=glue,
        poll_seconds=30,
        timeout=45,
        out=lambda _: None,
        sleep=clock.sleep,
        clock=clock,
    )
    assert result.timed_out and clock.sleeps == [30, 15]


def test_start_errors_name_the_workflow_or_job(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    stubber.add_client_error(
        "start_workflow_run",
        "ConcurrentRunsExceededException",
        "Max concurrent runs exceeded",
        400,
        {"Name": WORKFLOW},
    )
    assert runs.main(["--workflow", WORKFLOW], glue=glue) == 1
    assert capsys.readouterr().err.strip() == (
        f"run_workflow: error: start_workflow_run for Glue workflow '{WORKFLOW}' failed "
        "(ConcurrentRunsExceededException): Max concurrent runs exceeded"
    )


def test_parse_arguments_accepts_key_value_and_json_and_rejects_the_rest():
    assert runs.parse_arguments(["PROFILE=standout", "--LAKE_BUCKET=b=c", '{"DATABASE": "stedi"}']) == {
        "--PROFILE": "standout",
        "--LAKE_BUCKET": "b=c",
        "--DATABASE": "stedi",
    }
    with pytest.raises(ValueError, match="'PROFILE': expected KEY=VALUE"):
        runs.parse_arguments(["PROFILE"])
    with pytest.raises(ValueError, match="not a JSON object"):
        runs.parse_arguments(["{nope"])


def test_arguments_with_a_workflow_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        runs.main(["--workflow", WORKFLOW, "--arguments", "PROFILE=strict"])
    assert exit_info.value.code == 2
    assert "--arguments applies to --job only" in capsys.readouterr().err


# --- workflow / job runs against moto: what moto really answers ------------------------------------


@pytest.fixture
def glue_job(moto_endpoint, request):
    glue = boto3.client("glue")
    name = f"job-{request.node.name}"
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/stedi-glue",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{BUCKET}/scripts/{name}.py"},
        DefaultArguments={"--PROFILE": "strict"},
    )
    return name


def test_moto_job_run_starts_with_the_arguments_and_succeeds(glue_job, capsys):
    assert runs.main(["--job", glue_job, "--arguments", "PROFILE=standout", "--poll-seconds", "0.1"]) == 0

    job_runs = boto3.client("glue").get_job_runs(JobName=glue_job)["JobRuns"]
    assert [(r["JobRunState"], r["Arguments"]) for r in job_runs] == [("SUCCEEDED", {"--PROFILE": "standout"})]
    assert capsys.readouterr().out.splitlines()[-1] == f"job {glue_job} run {job_runs[0]['Id']}: SUCCEEDED (SUCCEEDED)"


def test_moto_job_run_progress_through_its_states(glue_job, moto_endpoint, capsys):
    """moto's state manager, set to advance a job run one state per read, shows the polling loop for real."""

    def set_transition(body: dict, action: str) -> None:
        request = urllib.request.Request(
            f"{moto_endpoint}/moto-api/state-manager/{action}", data=json.dumps(body).encode(), method="POST"
        )
        urllib.request.urlopen(request, timeout=5).close()

    set_transition(
        {"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 1}}, "set-transition"
    )
    try:
        code = runs.main(["--job", glue_job, "--poll-seconds", "0.05"])
    finally:
        set_transition({"model_name": "glue::job_run"}, "unset-transition")

    states = re.findall(rf"\] job {glue_job}: (\w+)", capsys.readouterr().out)
    assert code == 0
    assert states == ["RUNNING", "SUCCEEDED"]  # moto advances STARTING -> RUNNING before the first read


def test_moto_workflow_run_stays_running_so_the_wait_times_out(moto_endpoint, capsys):
    """moto cannot run a workflow: its run reports RUNNING forever, with no statistics or graph."""
    boto3.client("glue").create_workflow(Name="stedi-pipeline-moto")
    code = runs.main(["--workflow", "stedi-pipeline-moto", "--poll-seconds", "0.1", "--timeout", "0.3"])

    out = capsys.readouterr().out.splitlines()
    assert code == 124
    assert out[1].endswith("workflow stedi-pipeline-moto: RUNNING")
    assert out[-1].startswith("workflow stedi-pipeline-moto run wr_") and out[-1].endswith(": TIMED OUT (RUNNING)")


def test_moto_unknown_workflow_or_job_is_an_error_naming_it(moto_endpoint, capsys):
    assert runs.main(["--workflow", "no-such-workflow"]) == 1
    assert "error: Glue workflow 'no-such-workflow' not found in region us-east-1" in capsys.readouterr().err
    assert runs.main(["--job", "no_such_job"]) == 1
    assert "error: Glue job 'no_such_job' not found in region us-east-1" in capsys.readouterr().err


def test_run_script_runs_directly_against_the_endpoint(glue_job, moto_endpoint):
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "run_workflow.py"),
            "--job",
            glue_job,
            "--poll-seconds",
            "0.1",
        ],
        env=isolated_env(endpoint_url=moto_endpoint),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"started job {glue_job} run jr_")
    assert result.stdout.splitlines()[-1].endswith(": SUCCEEDED (SUCCEEDED)")


def runs_env_credentials() -> tuple[str, ...]:
    return (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
    )


def test_no_region_or_credentials_is_a_clear_error(monkeypatch, real_landing, capsys, tmp_path):
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ENDPOINT_URL", *runs_env_credentials()):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # it caches the credentials it resolved first

    assert runs.main(["--workflow", WORKFLOW]) == 1
    assert "error: cannot create a Glue client: You must specify a region" in capsys.readouterr().err
    with pytest.raises(UploadError, match=r"cannot access bucket s3://some-bucket: Unable to locate credentials"):
        upload_landing(real_landing, "some-bucket")


def test_run_id_waits_for_an_existing_run_without_starting_one(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    stubber.add_response(
        "get_job_run",
        {"JobRun": _job_run(JOBS[2], "jr_7", "SUCCEEDED")},
        {"JobName": JOBS[2], "RunId": "jr_7"},
    )
    assert runs.main(["--job", JOBS[2], "--run-id", "jr_7"], glue=glue) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"job {JOBS[2]} run jr_7: SUCCEEDED (SUCCEEDED)"


def test_ctrl_c_while_waiting_says_how_to_wait_again(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    stubber.add_response("start_workflow_run", {"RunId": "wr_1"}, {"Name": WORKFLOW})
    stubber.add_response("get_workflow_run", _workflow_run("RUNNING", {}, RunningActions=1), GET_WR)

    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt

    assert runs.main(["--workflow", WORKFLOW], glue=glue, sleep=interrupted) == 130
    assert capsys.readouterr().err.strip() == (
        f"run_workflow: interrupted; workflow {WORKFLOW} run wr_1 goes on in Glue "
        f"(wait again with --workflow {WORKFLOW} --run-id wr_1)"
    )


def test_no_wait_starts_and_returns(stubbed_glue, capsys):
    glue, stubber = stubbed_glue
    stubber.add_response("start_workflow_run", {"RunId": "wr_1"}, {"Name": WORKFLOW})
    assert runs.main(["--workflow", WORKFLOW, "--no-wait"], glue=glue) == 0
    assert capsys.readouterr().out == f"started workflow {WORKFLOW} run wr_1 (region eu-west-1)\n"

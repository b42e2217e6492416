"""Start the Glue workflow (or one Glue job), wait for it with progress lines, report every failed run.

A workflow run whose status is COMPLETED has not necessarily succeeded: Glue marks it COMPLETED when no
trigger can fire any more, also after a job failed (the downstream jobs then never start). So success here
means: the run finished COMPLETED, its statistics count no failed, errored, timed-out or stopped action,
and no job's last attempt failed. Each failed job run (and crawl) is printed with its ErrorMessage.

Credentials and region come from the standard AWS chain; ``AWS_ENDPOINT_URL`` points boto3 at an emulator.

    python scripts/run_workflow.py --workflow stedi-pipeline [--poll-seconds 30] [--timeout 7200]
    python scripts/run_workflow.py --job customer_landing_to_trusted --arguments PROFILE=standout
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

JOB_RUN_FINISHED = frozenset({"SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR", "EXPIRED"})
JOB_RUN_FAILED = JOB_RUN_FINISHED - {"SUCCEEDED"}
CRAWL_FAILED = frozenset({"FAILED", "CANCELLED", "ERROR"})
WORKFLOW_RUN_FINISHED = frozenset({"COMPLETED", "STOPPED", "ERROR"})
_FAILED_ACTION_COUNTERS = ("FailedActions", "ErroredActions", "TimeoutActions", "StoppedActions")

#: Exit codes of ``main``: 0 succeeded, 1 a run failed (or could not start), 2 bad usage, 124 timed out,
#: 130 interrupted (Ctrl-C). A timed-out or interrupted wait leaves the run going in Glue.
EXIT_FAILED = 1
EXIT_TIMED_OUT = 124
EXIT_INTERRUPTED = 130


class RunError(RuntimeError):
    """A run could not be started or read; the message names the workflow or job at fault."""


@dataclass(frozen=True)
class FailedRun:
    """One failed job run (or crawl) and the error Glue gave for it."""

    kind: str  # "job" or "crawler"
    name: str
    run_id: str
    state: str
    error_message: str

    def line(self) -> str:
        run = f" run {self.run_id}" if self.run_id else ""
        return f"FAILED {self.kind} {self.name}{run}: {self.state}: {self.error_message or '(no error message)'}"


@dataclass
class RunResult:
    """How a workflow run or job run ended (or where it was when the wait timed out)."""

    kind: str  # "workflow" or "job"
    name: str
    run_id: str
    status: str
    timed_out: bool = False
    error_message: str = ""
    failed_runs: list[FailedRun] = field(default_factory=list)
    failed_actions: int = 0
    #: Jobs whose last attempt failed (an earlier failed attempt that a retry fixed does not count).
    failed_last_attempts: set[str] = field(default_factory=set)
    #: Workflow jobs with no run at all (downstream of a failure, when the workflow finished).
    not_run: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        final = "COMPLETED" if self.kind == "workflow" else "SUCCEEDED"
        return (
            not self.timed_out
            and self.status == final
            and not self.failed_actions
            and not self.failed_last_attempts
            and not any(run.kind == "crawler" for run in self.failed_runs)
        )


def _client(glue: Any) -> Any:
    if glue is not None:
        return glue
    try:
        return boto3.client("glue")
    except BotoCoreError as error:  # e.g. NoRegionError
        raise RunError(f"cannot create a Glue client: {error} (set AWS_REGION or a profile region)") from error


def _where(glue: Any) -> str:
    return f"region {glue.meta.region_name}"


def _call(glue: Any, what: str, operation: str, **kwargs: Any) -> dict[str, Any]:
    try:
        return getattr(glue, operation)(**kwargs)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", str(error))
        if code == "EntityNotFoundException":
            raise RunError(f"{what} not found in {_where(glue)}: {message}") from error
        raise RunError(f"{operation} for {what} failed ({code}): {message}") from error
    except BotoCoreError as error:
        raise RunError(f"{operation} for {what} failed: {error}") from error


def start_workflow(workflow_name: str, glue: Any = None, run_properties: Mapping[str, str] | None = None) -> str:
    """Start a run of the Glue workflow; return its run id."""
    glue = _client(glue)
    kwargs: dict[str, Any] = {"Name": workflow_name}
    if run_properties:
        kwargs["RunProperties"] = dict(run_properties)
    return _call(glue, f"Glue workflow {workflow_name!r}", "start_workflow_run", **kwargs)["RunId"]


def start_job(job_name: str, arguments: Mapping[str, str] | None = None, glue: Any = None) -> str:
    """Start a run of one Glue job, ``arguments`` overriding its default arguments; return its run id."""
    glue = _client(glue)
    kwargs: dict[str, Any] = {"JobName": job_name}
    if arguments:
        kwargs["Arguments"] = dict(arguments)
    return _call(glue, f"Glue job {job_name!r}", "start_job_run", **kwargs)["JobRunId"]


def _last_attempt(job_runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not job_runs:
        return None
    return max(job_runs, key=lambda r: (r.get("Attempt", 0), str(r.get("StartedOn", ""))))


def _workflow_result(name: str, run: dict[str, Any]) -> RunResult:
    stats = run.get("Statistics", {})
    result = RunResult(
        kind="workflow",
        name=name,
        run_id=run.get("WorkflowRunId", ""),
        status=run.get("Status", "UNKNOWN"),
        error_message=run.get("ErrorMessage", ""),
        failed_actions=sum(stats.get(counter, 0) for counter in _FAILED_ACTION_COUNTERS),
    )
    for node in run.get("Graph", {}).get("Nodes", []):
        if node.get("Type") == "JOB":
            job_runs = node.get("JobDetails", {}).get("JobRuns", [])
            for job_run in job_runs:
                if job_run.get("JobRunState") in JOB_RUN_FAILED:
                    result.failed_runs.append(
                        FailedRun(
                            "job",
                            job_run.get("JobName", node.get("Name", "?")),
                            job_run.get("Id", ""),
                            job_run["JobRunState"],
                            job_run.get("ErrorMessage", ""),
                        )
                    )
            last = _last_attempt(job_runs)
            if last is None:
                result.not_run.append(node.get("Name", "?"))
            elif last.get("JobRunState") in JOB_RUN_FAILED:
                result.failed_last_attempts.add(last.get("JobName", node.get("Name", "?")))
        elif node.get("Type") == "CRAWLER":
            for crawl in node.get("CrawlerDetails", {}).get("Crawls", []):
                if crawl.get("State") in CRAWL_FAILED:
                    result.failed_runs.append(
                        FailedRun(
                            "crawler",
                            node.get("Name", "?"),
                            "",
                            crawl["State"],
                            crawl.get("ErrorMessage", ""),
                        )
                    )
    return result


def _workflow_progress(result: RunResult, run: dict[str, Any]) -> str:
    stats = run.get("Statistics")
    line = f"workflow {result.name}: {result.status}"
    if stats:
        line += (
            f" | {stats.get('SucceededActions', 0)}/{stats.get('TotalActions', 0)} succeeded,"
            f" {stats.get('RunningActions', 0)} running, {stats.get('WaitingActions', 0)} waiting,"
            f" {result.failed_actions} failed"
        )
    running = [
        node.get("Name", "?")
        for node in run.get("Graph", {}).get("Nodes", [])
        if node.get("Type") == "JOB"
        and (_last_attempt(node.get("JobDetails", {}).get("JobRuns", [])) or {}).get("JobRunState")
        in ("STARTING", "RUNNING", "WAITING", "STOPPING")
    ]
    if running:
        line += f" | now: {', '.join(running)}"
    return line


def _poll(
    fetch: Callable[[], tuple[RunResult, str, bool]],
    what: str,
    poll_seconds: float,
    timeout: float | None,
    out: Callable[[str], None],
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> RunResult:
    start = clock()
    while True:
        result, progress, finished = fetch()
        elapsed = clock() - start
        out(f"[{elapsed:6.0f}s] {progress}")
        if finished:
            return result
        if timeout and elapsed >= timeout:
            result.timed_out = True
            out(f"timed out after {elapsed:.0f}s waiting for {what} (still {result.status}; not stopped)")
            return result
        wait = poll_seconds if not timeout else max(0.0, min(poll_seconds, timeout - elapsed))
        sleep(wait)


def wait_for_workflow_run(
    workflow_name: str,
    run_id: str,
    glue: Any = None,
    poll_seconds: float = 30.0,
    timeout: float | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> RunResult:
    """Poll ``get_workflow_run`` every ``poll_seconds`` until the run finishes or ``timeout`` seconds pass.

    Prints one progress line per poll to ``out``. Returns the last state; ``timed_out`` is set when the
    wait gave up (the run itself is left alone). ``sleep``/``clock`` are injectable for tests.
    """
    glue = _client(glue)
    what = f"Glue workflow {workflow_name!r} run {run_id}"

    def fetch() -> tuple[RunResult, str, bool]:
        run = _call(glue, what, "get_workflow_run", Name=workflow_name, RunId=run_id, IncludeGraph=True)["Run"]
        result = _workflow_result(workflow_name, run)
        return result, _workflow_progress(result, run), result.status in WORKFLOW_RUN_FINISHED

    return _poll(fetch, what, poll_seconds, timeout, out, sleep, clock)


def wait_for_job_run(
    job_name: str,
    run_id: str,
    glue: Any = None,
    poll_seconds: float = 30.0,
    timeout: float | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> RunResult:
    """Poll ``get_job_run`` every ``poll_seconds`` until the run finishes or ``timeout`` seconds pass."""
    glue = _client(glue)
    what = f"Glue job {job_name!r} run {run_id}"

    def fetch() -> tuple[RunResult, str, bool]:
        job_run = _call(glue, what, "get_job_run", JobName=job_name, RunId=run_id)["JobRun"]
        state = job_run.get("JobRunState", "UNKNOWN")
        result = RunResult(kind="job", name=job_name, run_id=run_id, status=state)
        if state in JOB_RUN_FAILED:
            result.failed_runs.append(FailedRun("job", job_name, run_id, state, job_run.get("ErrorMessage", "")))
            result.failed_last_attempts.add(job_name)
        progress = f"job {job_name}: {state}"
        if job_run.get("ExecutionTime"):
            progress += f" | execution time {job_run['ExecutionTime']}s"
        return result, progress, state in JOB_RUN_FINISHED

    return _poll(fetch, what, poll_seconds, timeout, out, sleep, clock)


def report(result: RunResult, out: Callable[[str], None] = print) -> None:
    """Print each failed run's error, the jobs that never ran (when something failed), and the outcome."""
    for failed in result.failed_runs:
        out(failed.line())
    if result.error_message:
        out(f"{result.kind} {result.name} run {result.run_id}: {result.error_message}")
    if not result.succeeded and result.not_run and not result.timed_out:
        out(f"never started: {', '.join(result.not_run)}")
    if result.timed_out:
        outcome = "TIMED OUT"
    elif result.succeeded:
        outcome = "SUCCEEDED"
    else:
        outcome = "FAILED"
    out(f"{result.kind} {result.name} run {result.run_id}: {outcome} ({result.status})")


def parse_arguments(values: Sequence[str]) -> dict[str, str]:
    """Job arguments from ``KEY=VALUE`` items or JSON objects; keys get the ``--`` Glue expects.

    >>> parse_arguments(["PROFILE=standout", '{"--DATABASE": "stedi"}'])
    {'--PROFILE': 'standout', '--DATABASE': 'stedi'}
    """
    arguments: dict[str, str] = {}
    for value in values:
        if value.lstrip().startswith("{"):
            try:
                items = json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"--arguments {value!r}: not a JSON object ({error})") from error
            if not isinstance(items, dict):
                raise ValueError(f"--arguments {value!r}: not a JSON object")
            pairs = [(str(k), str(v)) for k, v in items.items()]
        else:
            key, sep, val = value.partition("=")
            if not sep or not key.strip("-"):
                raise ValueError(f"--arguments {value!r}: expected KEY=VALUE")
            pairs = [(key, val)]
        for key, val in pairs:
            arguments["--" + key.lstrip("-")] = val
    return arguments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_workflow",
        description=(
            "Start the Glue workflow (or one Glue job), wait with progress lines, print each failed run's "
            "error. Exit 0 if everything succeeded, 1 if anything failed, 124 if the wait timed out, "
            "130 if interrupted. "
            "Credentials and region come from the standard AWS chain."
        ),
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--workflow", help="Glue workflow name (Terraform output)")
    target.add_argument("--job", help="one Glue job name (Terraform output), run on its own")
    parser.add_argument(
        "--arguments",
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help="job arguments overriding the job's defaults (--job only): KEY=VALUE or a JSON object; "
        "keys get a leading -- (PROFILE=standout -> --PROFILE standout)",
    )
    parser.add_argument("--poll-seconds", type=float, default=30.0, help="seconds between polls (default 30)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=7200.0,
        help="give up waiting after this many seconds (default 7200; 0 = never)",
    )
    parser.add_argument("--no-wait", action="store_true", help="start the run, print its id and exit")
    parser.add_argument(
        "--run-id", help="wait for this existing run (e.g. after --no-wait or Ctrl-C) instead of starting one"
    )
    return parser


def main(argv: Sequence[str] | None = None, glue: Any = None, sleep: Callable[[float], None] = time.sleep) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.arguments and not args.job:
        parser.error("--arguments applies to --job only (a workflow's jobs take their arguments from Terraform)")
    if args.arguments and args.run_id:
        parser.error("--arguments starts a new run; it cannot be combined with --run-id")
    if args.poll_seconds <= 0:
        parser.error("--poll-seconds must be positive")
    try:
        arguments = parse_arguments(args.arguments)
    except ValueError as error:
        parser.error(str(error))
    timeout = args.timeout or None
    kind, name = ("workflow", args.workflow) if args.workflow else ("job", args.job)
    run_id = args.run_id
    try:
        glue = _client(glue)
        if run_id is None:
            if kind == "workflow":
                run_id = start_workflow(name, glue=glue)
            else:
                run_id = start_job(name, arguments, glue=glue)
            print(f"started {kind} {name} run {run_id} ({_where(glue)})")
            if args.no_wait:
                return 0
        wait = wait_for_workflow_run if kind == "workflow" else wait_for_job_run
        result = wait(name, run_id, glue=glue, poll_seconds=args.poll_seconds, timeout=timeout, sleep=sleep)
    except RunError as error:
        print(f"run_workflow: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        if run_id is None:
            print("run_workflow: interrupted", file=sys.stderr)
        else:
            print(
                f"run_workflow: interrupted; {kind} {name} run {run_id} goes on in Glue "
                f"(wait again with --{kind} {name} --run-id {run_id})",
                file=sys.stderr,
            )
        return EXIT_INTERRUPTED
    report(result)
    if result.timed_out:
        return EXIT_TIMED_OUT
    return 0 if result.succeeded else EXIT_FAILED

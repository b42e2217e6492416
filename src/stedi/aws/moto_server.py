"""A throw-away moto server on loopback, so tests (boto3, Terraform) never touch real AWS.

``moto_server()`` runs moto's server as a **subprocess** of this interpreter (``python -m moto.server``)
rather than moto's in-process ``ThreadedMotoServer``:

* Terraform and other non-Python clients talk to it exactly as they would to AWS, over HTTP;
* its backends are its own: nothing a test does with ``mock_aws`` in this process leaks into it, or back;
* its environment (``MOTO_IAM_LOAD_MANAGED_POLICIES``, read by moto at import time) is set for it alone,
  not for the test process;
* stopping it is a plain terminate/kill of one process id — nothing left running in our threads.

The server runs with ``patch_moto_glue()`` applied (``python -m stedi.aws.moto_server``): moto 5.2 has no Glue
UpdateJob and drops ``JobMode``, both of which Glue Studio's visual jobs need (stedi.visual.publish).

Usage::

    with moto_server() as endpoint:            # "http://127.0.0.1:PORT"
        with aws_test_env(endpoint):           # dummy credentials, us-east-1, AWS_ENDPOINT_URL
            boto3.client("s3").list_buckets()
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

#: Credentials and region a client needs to talk to moto; none of them is real.
TEST_AWS_ENV: dict[str, str] = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}

#: Variables that would make boto3 (or Terraform) read a real profile instead of the dummy credentials:
#: with AWS_PROFILE set, botocore skips the environment-variable credential provider.
REAL_AWS_ENV_VARS: tuple[str, ...] = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)

_START_TIMEOUT_SECONDS = 30.0
_STOP_TIMEOUT_SECONDS = 10.0


def boto3_test_env(endpoint_url: str | None = None) -> dict[str, str]:
    """The environment variables that point boto3 at moto with dummy credentials (us-east-1).

    With ``endpoint_url``, also ``AWS_ENDPOINT_URL`` (honoured by boto3 >= 1.28 for every service).
    Merge it over a copy of ``os.environ`` with the names in ``REAL_AWS_ENV_VARS`` removed, or use
    ``aws_test_env()`` which does exactly that for the current process.
    """
    env = dict(TEST_AWS_ENV)
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    return env


def isolated_env(extra: Mapping[str, str] | None = None, endpoint_url: str | None = None) -> dict[str, str]:
    """A copy of ``os.environ`` for a child process: real-profile variables removed, test credentials set."""
    env = {k: v for k, v in os.environ.items() if k not in REAL_AWS_ENV_VARS}
    env.update(boto3_test_env(endpoint_url))
    if extra:
        env.update(extra)
    return env


@contextmanager
def aws_test_env(endpoint_url: str | None = None) -> Iterator[dict[str, str]]:
    """Set ``boto3_test_env(endpoint_url)`` in ``os.environ``, minus real-profile variables; undo on exit."""
    names = set(REAL_AWS_ENV_VARS) | set(boto3_test_env(endpoint_url)) | {"AWS_ENDPOINT_URL"}
    saved = {name: os.environ.get(name) for name in names}
    for name in REAL_AWS_ENV_VARS:
        os.environ.pop(name, None)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    env = boto3_test_env(endpoint_url)
    os.environ.update(env)
    try:
        yield env
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is up
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=_STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=_STOP_TIMEOUT_SECONDS)


@contextmanager
def moto_server(port: int | None = None, env: dict | None = None) -> Iterator[str]:
    """Run ``moto_server`` on 127.0.0.1 and yield its endpoint URL ``http://127.0.0.1:PORT``.

    ``port``: the port to listen on (default: a free one). ``env``: extra environment variables for the
    server, over ``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` and dummy credentials. Waits until the server
    answers HTTP (raises ``RuntimeError`` with its output if it exits or does not answer in 30 s) and
    stops it on exit, also when the body raises.
    """
    host = "127.0.0.1"
    port = port or free_port(host)
    endpoint = f"http://{host}:{port}"
    server_env = isolated_env({"MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_PORT": str(port)})
    if env:
        server_env.update({str(k): str(v) for k, v in env.items()})
    with tempfile.TemporaryFile() as log:
        # This checkout's src first, so the server runs this file's patch_moto_glue().
        src = str(Path(__file__).resolve().parents[2])
        server_env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [server_env.get("PYTHONPATH")])])
        process = subprocess.Popen(
            [sys.executable, "-m", "stedi.aws.moto_server", "-H", host, "-p", str(port)],
            env=server_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + _START_TIMEOUT_SECONDS
            while not _answers(endpoint + "/moto-api/"):
                if process.poll() is not None or time.monotonic() > deadline:
                    exited = process.poll()
                    state = f"exited with code {exited}" if exited is not None else "timed out"
                    _stop(process)
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"moto_server on {endpoint} {state} before answering:\n{output}")
                time.sleep(0.1)
            yield endpoint
        finally:
            _stop(process)


#: JobUpdate field -> moto's FakeJob attribute, for every field moto's CreateJob stores.
_JOB_FIELDS = {
    "Description": "description",
    "LogUri": "log_uri",
    "Role": "role",
    "ExecutionProperty": "execution_property",
    "Command": "command",
    "DefaultArguments": "default_arguments",
    "NonOverridableArguments": "non_overridable_arguments",
    "Connections": "connections",
    "MaxRetries": "max_retries",
    "AllocatedCapacity": "allocated_capacity",
    "Timeout": "timeout",
    "MaxCapacity": "max_capacity",
    "SecurityConfiguration": "security_configuration",
    "NotificationProperty": "notification_property",
    "GlueVersion": "glue_version",
    "NumberOfWorkers": "number_of_workers",
    "WorkerType": "worker_type",
    "CodeGenConfigurationNodes": "code_gen_configuration_nodes",
    "ExecutionClass": "execution_class",
    "SourceControlDetails": "source_control_details",
}
#: What a field not given to UpdateJob becomes (moto's own CreateJob defaults; anything else: unset).
_JOB_DEFAULTS = {"execution_property": {}, "default_arguments": {}, "execution_class": "STANDARD"}


def patch_moto_glue() -> None:
    """Give moto's Glue what Glue Studio's visual jobs need: ``JobMode`` kept by CreateJob and returned by
    GetJob/GetJobs (``SCRIPT`` when not given), and UpdateJob.

    UpdateJob replaces the whole job definition as Glue does: "Unspecified configuration is removed or reset to
    default values" (Glue API reference, UpdateJob / JobUpdate); ``Role`` and ``Command`` are required. Tags,
    the creation time and the job's runs stay. Not verified: which defaults real Glue resets a field to (here:
    moto's CreateJob defaults), and that real Glue reports ``SCRIPT`` for a job created without ``JobMode``.
    """
    from moto.core.utils import utcnow
    from moto.glue.exceptions import InvalidInputException
    from moto.glue.models import FakeJob
    from moto.glue.responses import GlueResponse

    if getattr(GlueResponse, "_stedi_patched", False):
        return
    create_job, as_dict = GlueResponse.create_job, FakeJob.as_dict

    def create_job_keeping_mode(self):
        result = create_job(self)
        self.glue_backend.get_job(self._get_param("Name")).job_mode = self._get_param("JobMode") or "SCRIPT"
        return result

    def update_job(self):
        from moto.core.responses import ActionResult

        name, update = self._get_param("JobName"), self._get_param("JobUpdate") or {}
        job = self.glue_backend.get_job(name)
        missing = [key for key in ("Role", "Command") if not update.get(key)]
        if missing:
            raise InvalidInputException("UpdateJob", f"JobUpdate of {name} must include {' and '.join(missing)}")
        for key, attribute in _JOB_FIELDS.items():
            setattr(job, attribute, update.get(key, _JOB_DEFAULTS.get(attribute)))
        job.job_mode = update.get("JobMode") or "SCRIPT"
        job.last_modified_on = utcnow()
        return ActionResult({"JobName": name})

    def as_dict_with_mode(self):
        return {**as_dict(self), "JobMode": getattr(self, "job_mode", "SCRIPT")}

    GlueResponse.create_job = create_job_keeping_mode
    GlueResponse.update_job = update_job
    FakeJob.as_dict = as_dict_with_mode
    GlueResponse._stedi_patched = True


if __name__ == "__main__":
    patch_moto_glue()
    from moto.server import main

    main()

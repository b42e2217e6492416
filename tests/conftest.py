"""Fixtures shared by every test module: where the repository and the real starter data are."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The modules `make test` runs again on each other Glue version's engine (`pytest -m engines` in its venv): the
#: real-data counts in all three profiles and the rerun, the defect data, bad records and crashes, the export corpus.
ENGINE_MODULES = {"test_pipeline_real_data", "test_pipeline_defect_data", "test_crash_safety", "test_corpus"}


def pytest_configure(config):
    """`stedi run` / `glue-run` in the tests run on this interpreter's engine, never re-executed in another's."""
    from importlib.metadata import version

    from awsglue.versions import for_spark
    from stedi.cli import GLUE_VERSION_ENV

    os.environ[GLUE_VERSION_ENV] = for_spark(version("pyspark")).version


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in ENGINE_MODULES:
            item.add_marker(pytest.mark.engines)


# STEDI_REAL_DATA: where the starter data is when the clone is not beside ../shared (e.g. a git worktree).
SHARED_DATA = Path(os.environ.get("STEDI_REAL_DATA") or REPO.parent / "shared" / "data" / "stedi")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def real_landing() -> Path:
    """The course starter data. CI always has it beside the clone; its absence is a broken checkout, not a skip."""
    if not (SHARED_DATA / "customer" / "landing").is_dir():
        pytest.fail(f"real starter data not found at {SHARED_DATA} (expected ../shared beside the repository)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def real_lake(tmp_path_factory, real_landing):
    """``real_lake(profile) -> (lake, summary)``: the five jobs run on the real data once per profile and session,
    on first use, shared by every module. Tests must not modify the lake: copy it (``copy_lake``) to change it."""
    from stedi.pipeline import run_pipeline

    lakes: dict[str, tuple[Path, dict]] = {}

    def get(profile: str) -> tuple[Path, dict]:
        if profile not in lakes:
            lake = tmp_path_factory.mktemp(f"real-lake-{profile}")
            lakes[profile] = (
                lake,
                run_pipeline(lake=lake, landing=real_landing, profile=profile, progress=lambda _: None),
            )
        return lakes[profile]

    return get


@pytest.fixture
def athena(monkeypatch):
    """An in-process moto Athena with workgroup stedi-workgroup: yields (client, queue); ``queue(results)`` appends
    canned results, one per query to come, in the order the queries start."""
    import boto3
    import requests
    from moto import mock_aws

    from stedi.aws.moto_server import REAL_AWS_ENV_VARS, TEST_AWS_ENV

    for name in REAL_AWS_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in TEST_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    with mock_aws():
        client = boto3.client("athena", region_name="us-east-1")
        client.create_work_group(
            Name="stedi-workgroup", Configuration={"ResultConfiguration": {"OutputLocation": "s3://results/athena/"}}
        )

        def queue(results: list[tuple[list[tuple[str, str]], list[list[str | None]]]]) -> None:
            """Each result: ([(column, athena type), ...], rows of strings/None), header row added as Athena does."""
            payload = []
            for columns, rows in results:
                header = {"Data": [{"VarCharValue": name} for name, _type in columns]}
                data = [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]} for row in rows]
                info = [{"Name": name, "Type": kind} for name, kind in columns]
                payload.append({"rows": [header, *data], "column_info": info})
            response = requests.post(
                "http://motoapi.amazonaws.com/moto-api/static/athena/query-results", json={"results": payload}
            )
            assert response.status_code == 201

        yield client, queue


@pytest.fixture(scope="module")
def moto_endpoint():
    """One moto server per test module, with test credentials in the environment; tests separate their state by
    name (bucket, table, workflow)."""
    import boto3

    from stedi.aws.moto_server import aws_test_env, moto_server

    with moto_server() as url, aws_test_env(url):
        boto3.DEFAULT_SESSION = None  # a session made earlier caches whatever credentials it found then
        yield url
    boto3.DEFAULT_SESSION = None

"""Fixtures shared by every test module: where the repository and the real starter data are."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data" / "stedi"


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

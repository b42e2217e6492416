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

"""The locks in locks/ satisfy pyproject.toml: every requirement pinned, to a version it accepts, with hashes.

Offline: the locks are parsed, not re-resolved. A requirement added to or narrowed in pyproject.toml without
`make lock` fails here, naming the lock and the requirement.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from stedi.engines import GLUE_VERSIONS, LOCKS, NOT_RUNNABLE, lock_file, runnable_versions

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def parse_lock(path: Path) -> list[tuple[str, str, str | None, int]]:
    """(canonical name, version, marker or None, number of hashes) for each pin of a uv/pip-tools lock."""
    pins, lines = [], path.read_text().splitlines()
    for i, line in enumerate(lines):
        match = _PIN.match(line)
        if match:
            hashes = 0
            for following in lines[i + 1 :]:
                if not following.startswith("    --hash=sha256:"):
                    break
                hashes += 1
            pins.append((canonicalize_name(match.group(1)), match.group(2), match.group(3), hashes))
    return pins


def environment(python: str) -> dict[str, str]:
    """Marker environment of Linux CPython ``python`` (major.minor): the platform the locks are checked for."""
    env = default_environment()
    env.update(python_version=python, python_full_version=f"{python}.0", sys_platform="linux")
    env.update(platform_system="Linux", platform_python_implementation="CPython", implementation_name="cpython")
    return env


def assert_satisfies(lock: Path, requirements: list[str], python: str) -> dict[str, str]:
    """Every requirement (whose marker applies under ``python``) pinned once in ``lock`` to a version it accepts."""
    env = environment(python)
    pins: dict[str, list[str]] = {}
    for name, version, marker, hashes in parse_lock(lock):
        assert hashes > 0, f"{lock.name}: {name}=={version} has no --hash"
        if marker is None or Requirement(f"x; {marker}").marker.evaluate(env):
            pins.setdefault(name, []).append(version)
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {text} (pyproject.toml changed: run `make lock`)"
        assert len(pins[name]) == 1, f"{lock.name} pins {name} {pins[name]} for Python {python}"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{lock.name} pins {name}=={pins[name][0]}, outside pyproject.toml's {text} (run `make lock`)"
        )
    return {name: versions[0] for name, versions in pins.items()}


def project_requirements(*extras: str) -> list[str]:
    project = PYPROJECT["project"]
    return [*project["dependencies"], *(r for extra in extras for r in project["optional-dependencies"][extra])]


@pytest.mark.parametrize("version", runnable_versions())
def test_each_engine_lock_satisfies_pyproject_with_its_glue_versions_pyspark(version):
    glue = GLUE_VERSIONS[version]
    required = [*project_requirements("dev", "bench"), *PYPROJECT["build-system"]["requires"]]

    pins = assert_satisfies(lock_file(version), required, glue.python)

    assert pins["pyspark"] == glue.spark
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(f"{glue.python}.0")


def test_the_checkov_lock_satisfies_the_checkov_extra():
    assert_satisfies(LOCKS / "checkov.txt", PYPROJECT["project"]["optional-dependencies"]["checkov"], "3.11")


def test_the_tools_lock_satisfies_tools_in():
    lines = (LOCKS / "tools.in").read_text().splitlines()
    requirements = [line for line in lines if line.strip() and not line.startswith("#")]

    assert_satisfies(LOCKS / "tools.txt", requirements, "3.11")


def test_a_lock_missing_a_requirement_fails_naming_it(tmp_path):
    lock = tmp_path / "requirements-glue-5.0.txt"
    lock.write_text("sqlglot==30.1.0 \\\n    --hash=sha256:00\n")

    with pytest.raises(AssertionError, match=r"requirements-glue-5.0.txt lacks duckdb>=1.1 \(pyproject.toml changed"):
        assert_satisfies(lock, ["sqlglot>=30,<31", "duckdb>=1.1"], "3.11")
    with pytest.raises(AssertionError, match=r"pins sqlglot==30.1.0, outside pyproject.toml's sqlglot>=31"):
        assert_satisfies(lock, ["sqlglot>=31"], "3.11")


def test_every_known_glue_version_is_locked_or_says_why_not():
    assert sorted([*runnable_versions(), *NOT_RUNNABLE]) == sorted(GLUE_VERSIONS)
    assert sorted(p.name for p in LOCKS.glob("requirements-glue-*.txt")) == [
        f"requirements-glue-{v}.txt" for v in runnable_versions()
    ]


@pytest.mark.terraform
def test_terraform_init_installs_the_locked_provider_without_changing_the_lock(tmp_path):
    """The committed .terraform.lock.hcl holds the provider Terraform installs here (registry or local mirror):
    `-lockfile=readonly` fails when the installed provider's version or hash is not the lock's."""
    from stedi.tf_offline import copy_config, terraform, terraform_env

    tf_dir = copy_config(tmp_path)
    locked = (REPO / "terraform" / ".terraform.lock.hcl").read_text()

    terraform(["init", "-backend=false", "-input=false", "-lockfile=readonly"], tf_dir, terraform_env(tmp_path / "c"))

    assert (tf_dir / ".terraform.lock.hcl").read_text() == locked
    assert 'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"' in locked

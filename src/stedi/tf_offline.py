"""Run Terraform offline: find a local provider mirror and write the CLI config that installs from it.

Machines without registry access (CI here) carry the providers in a filesystem mirror
(``<root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*``).
Terraform only uses such a mirror when a CLI configuration says so; this module finds the mirror and writes
that configuration. ``terraform init`` then links the provider straight from an unpacked mirror (about 2 s);
a packed mirror (zip files) gets a plugin cache so it is unpacked once. Users with internet
access never need it: without a mirror, ``terraform_env`` leaves Terraform's own configuration alone.

    python -m stedi.tf_offline env              # prints `export TF_CLI_CONFIG_FILE=...` lines for `eval`
    python -m stedi.tf_offline checkov terraform  # checkov --framework terraform, from its own venv

checkov gets a venv of its own (``.cache/checkov-venv``, from ``locks/checkov.txt``, the locked ``checkov`` extra
of pyproject.toml) because its pins (boto3, packaging) conflict with the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REGISTRY = "registry.terraform.io"
PROVIDER = f"{REGISTRY}/hashicorp/aws"
MIRROR_ENV = "STEDI_TF_PROVIDER_MIRROR"
REPO = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO / ".cache" / "terraform"
CHECKOV_VENV = REPO / ".cache" / "checkov-venv"

# Where mirrors usually live: Terraform's implied local mirror directories first, then the usual roots for
# software installed outside the package manager. Each root is searched a few levels deep.
_SEARCH_ROOTS = (
    Path.home() / ".terraform.d" / "plugins",
    Path.home() / ".local" / "share" / "terraform" / "plugins",
    Path("/usr/local/share/terraform/plugins"),
    Path("/usr/share/terraform/plugins"),
    Path("/opt"),
    Path("/usr/local"),
    Path("/srv"),
    Path.home(),
)
_MAX_DEPTH = 3


def _is_mirror(path: Path) -> bool:
    aws = path / PROVIDER
    return aws.is_dir() and (any(aws.glob("*/*/terraform-provider-aws*")) or _is_packed(path))


def _is_packed(mirror: Path) -> bool:
    """A packed mirror holds zip archives (``terraform providers mirror`` writes those)."""
    return any((mirror / PROVIDER).glob("terraform-provider-aws_*.zip"))


def find_provider_mirror() -> Path | None:
    """The directory holding ``registry.terraform.io/hashicorp/aws/...``, or None when there is none.

    ``$STEDI_TF_PROVIDER_MIRROR`` wins when set (and must then be a mirror); otherwise the usual roots are
    searched (each root and up to three levels below it) for a ``registry.terraform.io`` folder that
    holds the aws provider.
    """
    explicit = os.environ.get(MIRROR_ENV)
    if explicit:
        if not _is_mirror(Path(explicit)):
            raise FileNotFoundError(f"{MIRROR_ENV}={explicit} holds no {PROVIDER}/<version>/<platform>/ provider")
        return Path(explicit)
    for root in _SEARCH_ROOTS:
        for depth in range(_MAX_DEPTH + 1):
            for candidate in sorted(root.glob("/".join(["*"] * depth + [REGISTRY]))):
                if _is_mirror(candidate.parent):
                    return candidate.parent
    return None


def write_cli_config(mirror: Path, cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Write ``<cache_dir>/terraformrc``, which installs registry providers from ``mirror``; return it.

    The file is replaced atomically: concurrent test sessions may write it while Terraform reads it.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache_line = ""
    if _is_packed(mirror):  # unpacked mirrors are symlinked by init; a cache would only add a shared folder
        plugin_cache = cache_dir / "plugin-cache"
        plugin_cache.mkdir(exist_ok=True)
        cache_line = f'plugin_cache_dir = "{plugin_cache}"\n'
    config = cache_dir / "terraformrc"
    partial = cache_dir / f".terraformrc.{os.getpid()}"
    partial.write_text(
        "# Written by stedi.tf_offline: providers come from a local filesystem mirror (no registry access).\n"
        + cache_line
        + "provider_installation {\n"
        "  filesystem_mirror {\n"
        f'    path    = "{mirror}"\n'
        f'    include = ["{REGISTRY}/*/*"]\n'
        "  }\n"
        "  direct {\n"
        f'    exclude = ["{REGISTRY}/*/*"]\n'
        "  }\n"
        "}\n"
    )
    partial.replace(config)
    return config


def terraform_env(cache_dir: Path = DEFAULT_CACHE, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for Terraform subprocesses: the offline CLI config when there is a mirror, no prompts."""
    env = dict(os.environ if base is None else base)
    env.update({"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"})
    mirror = find_provider_mirror()
    if mirror is not None:
        env["TF_CLI_CONFIG_FILE"] = str(write_cli_config(mirror, cache_dir))
    return env


def terraform(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run ``terraform <args>`` in ``cwd``; raise with Terraform's output when it fails."""
    proc = subprocess.run(
        ["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"terraform {' '.join(args)} in {cwd} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def copy_config(dest: Path, repo: Path = REPO) -> Path:
    """Copy the Terraform configuration and what it reads (glue_scripts/, athena_ddl/) under ``dest``.

    The layout is kept (``dest/terraform`` reads ``../glue_scripts``), while working directories and state are
    left behind, so a test can init, apply and destroy without touching the repository. The committed
    ``.terraform.lock.hcl`` goes along: every init in the tests installs the locked provider, checked by its hash.
    Returns ``dest/terraform``.
    """
    skip = shutil.ignore_patterns(".terraform", "*.tfstate", "*.tfstate.*", "__pycache__")
    for folder in ("terraform", "glue_scripts", "athena_ddl"):
        shutil.copytree(repo / folder, dest / folder, ignore=skip)
    return dest / "terraform"


def ensure_checkov(venv_dir: Path = CHECKOV_VENV) -> Path:
    """Path of a ``checkov`` executable, installed into ``venv_dir`` from ``locks/checkov.txt`` when needed.

    The lock holds the ``checkov`` extra of pyproject.toml (``make lock``), every package pinned with its hashes.
    """
    from stedi.engines import LOCKS, install_locked

    install_locked(venv_dir, LOCKS / "checkov.txt", Path(sys.executable), editable=False)
    return venv_dir / "bin" / "checkov"


def run_checkov(directory: Path) -> dict:
    """Run ``checkov --framework terraform`` on ``directory``; return its JSON report (one framework)."""
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE")  # offline: do not fetch the platform's guideline mapping
    proc = subprocess.run(
        [str(ensure_checkov()), "--directory", str(directory), "--framework", "terraform"]
        # *.tftest.hcl are tests, not infrastructure (and slow for checkov's HCL parser).
        + ["--skip-path", r"\.tftest\.hcl$", "--skip-download", "--output", "json", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"checkov on {directory} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}") from exc
    return report[0] if isinstance(report, list) else report


def _print_env(cache_dir: Path) -> int:
    mirror = find_provider_mirror()
    if mirror is None:
        print("# no local provider mirror found: Terraform uses its registry", file=sys.stderr)
        return 0
    print(f"export TF_CLI_CONFIG_FILE={write_cli_config(mirror, cache_dir)}")
    print("export CHECKPOINT_DISABLE=1")
    return 0


def _checkov(directory: Path) -> int:
    report = run_checkov(directory)
    summary = report.get("summary", {})
    failed = report.get("results", {}).get("failed_checks", [])
    for check in failed:
        print(f"FAILED {check['check_id']} {check['resource']} ({check['file_path']}): {check['check_name']}")
    print(
        f"checkov: {summary.get('passed', 0)} passed, {summary.get('failed', 0)} failed, "
        f"{summary.get('skipped', 0)} skipped, {summary.get('parsing_errors', 0)} parsing errors"
    )
    return 1 if failed or summary.get("parsing_errors") else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stedi.tf_offline", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    env_cmd = commands.add_parser("env", help="print shell exports making Terraform use the local mirror")
    env_cmd.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where to write the CLI config")
    checkov_cmd = commands.add_parser("checkov", help="run checkov --framework terraform; fail on any failure")
    checkov_cmd.add_argument("directory", type=Path, nargs="?", default=REPO / "terraform")
    args = parser.parse_args(argv)
    if args.command == "env":
        return _print_env(args.cache_dir)
    return _checkov(args.directory)


if __name__ == "__main__":
    raise SystemExit(main())

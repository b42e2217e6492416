"""One locked Python environment per AWS Glue version's engine: that version's PySpark under its Python.

Each runnable Glue version has a lock, ``locks/requirements-glue-<version>.txt``: the project's dependencies with
the dev and bench extras and that version's PySpark, every package pinned with its hashes (``make lock`` writes
them with uv). The default version's environment is ``.venv`` (``make setup``); the others are made on first use under
``.cache/engines/glue-<version>/``. uv itself comes from ``locks/tools.txt`` (hashed) into ``.cache/tools``.
Standard library only until the tools are installed: ``make setup`` runs this before any environment exists.

    python -m stedi.engines tools              # .cache/tools from locks/tools.txt (uv, python-hcl2)
    python -m stedi.engines setup [VERSION]    # VERSION's environment (default: Terraform's glue_version)
    python -m stedi.engines path VERSION       # print that environment's folder, making it when needed
    python -m stedi.engines lock               # rewrite every lock in locks/ (needs PyPI)
    python -m stedi.engines check run|test     # what `make run` / `make test` need, before any install
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load_versions():
    """awsglue.versions without the awsglue package (whose __init__ imports PySpark, absent from the tools venv)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_glue_versions", REPO / "src" / "awsglue" / "versions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks the module up while building the class
    spec.loader.exec_module(module)
    return module.GLUE_VERSIONS


GLUE_VERSIONS = _load_versions()
LOCKS = REPO / "locks"
TOOLS = REPO / ".cache" / "tools"
ENGINES = REPO / ".cache" / "engines"
DEFAULT_VENV = REPO / ".venv"
VARIABLES_TF = REPO / "terraform" / "variables.tf"
_STAMP = ".stedi-lock"

#: Known Glue versions whose engine cannot be installed from the project's registries, and why: the same reason
#: Terraform's glue_version check gives (one text, in awsglue/versions.py).
NOT_RUNNABLE = {v: g.not_local for v, g in GLUE_VERSIONS.items() if g.not_local}


class EngineError(RuntimeError):
    """An engine that cannot be made here; the message names what is missing and how to get it."""


def lock_file(version: str) -> Path:
    return LOCKS / f"requirements-glue-{version}.txt"


def runnable_versions() -> list[str]:
    """The Glue versions with a lock (whether their Python is installed here is checked when one is made)."""
    return [v for v in GLUE_VERSIONS if v not in NOT_RUNNABLE]


def default_glue_version(variables_tf: Path = VARIABLES_TF) -> str:
    """Terraform's default ``glue_version`` (terraform/variables.tf), the version a deploy gets without ``-var``."""
    import hcl2  # the default engine's environment and the tools venv both have it

    with variables_tf.open() as handle:
        blocks = hcl2.load(handle).get("variable", [])
    for block in blocks:
        # python-hcl2 8 keeps the quotes of labels and string literals ('"glue_version"', '"5.0"'); 4-7 did not.
        body = {name.strip('"'): value for name, value in block.items()}.get("glue_version")
        if body is not None:
            return str(body["default"]).strip('"')
    raise LookupError(f"{variables_tf} declares no variable glue_version")


def check_version(version: str) -> None:
    """Raise naming the runnable versions when ``version`` is unknown or cannot run here."""
    runnable = ", ".join(runnable_versions())
    if version not in GLUE_VERSIONS:
        raise EngineError(f"unknown Glue version {version!r}; runnable here: {runnable}")
    if version in NOT_RUNNABLE:
        raise EngineError(
            f"Glue {version} is known but not runnable here: {NOT_RUNNABLE[version]}; runnable: {runnable}"
        )
    if not lock_file(version).is_file():
        raise EngineError(f"Glue {version} has no lock {lock_file(version)} (run `make lock`); runnable: {runnable}")


def venv_dir(version: str, default: str | None = None) -> Path:
    """``.venv`` for the default version, ``.cache/engines/glue-<version>`` for the others."""
    default = default or default_glue_version()
    return DEFAULT_VENV if version == default else ENGINES / f"glue-{version}"


def _python_minor(executable: str | Path) -> str | None:
    try:
        proc = subprocess.run(
            [str(executable), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def _candidates(minor: str):
    """Where a user's machine has Python ``minor``: PATH, pyenv, then uv's own installs."""
    yield shutil.which(f"python{minor}")
    if shutil.which("pyenv"):
        proc = subprocess.run(["pyenv", "prefix", minor], capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            yield from (str(Path(p) / "bin" / f"python{minor}") for p in proc.stdout.split(os.pathsep) if p.strip())
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    yield from (str(p) for p in sorted(root.glob(f"versions/{minor}.*/bin/python{minor}"), reverse=True))
    uv = TOOLS / "bin" / "uv"
    if uv.exists():
        proc = subprocess.run([str(uv), "python", "find", minor], capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            yield proc.stdout.strip()


def find_python(minor: str) -> Path:
    """An interpreter of Python ``minor`` (e.g. "3.13"); raise naming the version and how to get it."""
    for candidate in _candidates(minor):
        if candidate and _python_minor(candidate) == minor:
            return Path(candidate)
    raise EngineError(
        f"Python {minor} not found (looked for python{minor} on PATH, `pyenv prefix {minor}`, ~/.pyenv/versions, "
        f"`uv python find {minor}`); install it, e.g. `pyenv install {minor}`, `uv python install {minor}` "
        f"or your system's python{minor} package"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_tools(python: str | Path = sys.executable) -> Path:
    """``.cache/tools`` with uv and python-hcl2 from ``locks/tools.txt`` (hashes required); return its uv."""
    lock = LOCKS / "tools.txt"
    stamp = TOOLS / _STAMP
    uv = TOOLS / "bin" / "uv"
    if uv.exists() and stamp.exists() and stamp.read_text() == _digest(lock):
        return uv
    subprocess.run([str(python), "-m", "venv", "--clear", str(TOOLS)], check=True)
    pip = [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)], check=True)
    stamp.write_text(_digest(lock))
    return uv


def install_locked(target: Path, lock: Path, python: Path, *, editable: bool) -> None:
    """Make ``target`` a venv of ``python`` holding exactly ``lock`` (and this project, editable, when asked).

    Skipped when ``target`` was made from the same lock (its stamp holds the lock's digest and interpreter).
    """
    uv = ensure_tools()
    stamp = target / _STAMP
    wanted = f"{_digest(lock)} {_python_minor(python)}"
    if (target / "bin" / "python").exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    # A venv of the interpreter itself (uv's own venvs may link a different build of the same version).
    subprocess.run([str(python), "-m", "venv", "--clear", str(target)], check=True)
    env = dict(os.environ, VIRTUAL_ENV=str(target))
    env.pop("UV_PYTHON", None)
    target_python = str(target / "bin" / "python")
    # `sync` removes every package the lock lacks but the pip `venv` seeded (`make setup` downloads a wheel with it).
    subprocess.run(
        [str(uv), "pip", "sync", "--quiet", "--require-hashes", "--python", target_python, str(lock)],
        env=env,
        check=True,
    )
    if editable:
        # --no-build-isolation: the build backend (setuptools) comes from the lock, not from an open download.
        subprocess.run(
            [str(uv), "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--python", target_python]
            + ["-e", str(REPO)],
            env=env,
            check=True,
        )
    stamp.write_text(wanted)


def ensure_engine(version: str, default: str | None = None) -> Path:
    """The folder of ``version``'s environment, made (or refreshed from its lock) when needed."""
    check_version(version)
    python = find_python(GLUE_VERSIONS[version].python)
    target = venv_dir(version, default)
    install_locked(target, lock_file(version), python, editable=True)
    return target


# ---- make lock ----------------------------------------------------------------------------------------------


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _compile(uv: Path, inputs: list[str], extras: list[str], python: str, out: Path, pins: list[str]) -> None:
    """``uv pip compile`` of ``inputs`` plus ``pins`` (given on stdin, so the lock names no temporary file)."""
    command = [str(uv), "pip", "compile", "--quiet", "--universal", "--generate-hashes", "--upgrade"]
    command += ["--python-version", python, "--custom-compile-command", "make lock", "-o", str(out)]
    command += [arg for extra in extras for arg in ("--extra", extra)]
    # uv reads PyPI (its default index), never this machine's pip configuration.
    subprocess.run([*command, *inputs, "-"], input="".join(f"{pin}\n" for pin in pins), text=True, check=True, cwd=REPO)


def write_locks() -> list[Path]:
    """Rewrite locks/tools.txt, locks/checkov.txt and locks/requirements-glue-<version>.txt per runnable version."""
    uv = ensure_tools()
    build = _pyproject()["build-system"]["requires"]  # installed with --no-build-isolation, so locked too
    written = []
    out = LOCKS / "tools.txt"
    _compile(uv, [str(LOCKS / "tools.in")], [], "3.11", out, [])
    written.append(out)
    out = LOCKS / "checkov.txt"
    # Only the extra's own requirements: checkov's pins conflict with the project's (see stedi.tf_offline).
    _compile(uv, [], [], "3.11", out, _pyproject()["project"]["optional-dependencies"]["checkov"])
    written.append(out)
    for version in runnable_versions():
        glue = GLUE_VERSIONS[version]
        out = lock_file(version)
        _compile(uv, ["pyproject.toml"], ["dev", "bench"], glue.python, out, [f"pyspark=={glue.spark}", *build])
        written.append(out)
    return written


def default_version_without_hcl2() -> str:
    """Terraform's default ``glue_version`` read with a pattern: the preflight runs before hcl2 is installed."""
    text = VARIABLES_TF.read_text()
    block = re.search(r'variable\s+"glue_version"\s*\{(.*?)\n\}', text, re.S)
    default = block and re.search(r'^\s*default\s*=\s*"([^"]+)"', block.group(1), re.M)
    if not default:
        raise LookupError(f"{VARIABLES_TF}: no default for variable glue_version")
    return default.group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stedi.engines", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tools", help="install uv and python-hcl2 from locks/tools.txt into .cache/tools")
    setup = commands.add_parser("setup", help="make a Glue version's environment (default: Terraform's default)")
    setup.add_argument("version", nargs="?")
    path = commands.add_parser("path", help="print a Glue version's environment folder, making it when needed")
    path.add_argument("version")
    commands.add_parser("lock", help="rewrite every lock in locks/ from pyproject.toml (needs PyPI)")
    commands.add_parser("others", help="print the runnable versions other than the default, one a line")
    args = parser.parse_args(argv)
    try:
        if args.command == "tools":
            ensure_tools()
        elif args.command == "setup":
            print(ensure_engine(args.version or default_glue_version()))
        elif args.command == "path":
            print(ensure_engine(args.version))
        elif args.command == "lock":
            for written in write_locks():
                print(f"wrote {written.relative_to(REPO)}")
        elif args.command == "others":
            default = default_glue_version()
            print("\n".join(v for v in runnable_versions() if v != default))
    except (EngineError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

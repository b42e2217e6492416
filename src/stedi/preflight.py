"""`make`'s preflight: what `make run` or `make test` needs and this machine lacks, named before any install.

Runs on the bootstrap Python alone (standard library), before any environment exists. Its own module, above
``stedi.engines`` and ``stedi.tf_offline``, so that neither of those imports the other.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from stedi.engines import GLUE_VERSIONS, EngineError, default_version_without_hcl2, find_python, runnable_versions
from stedi.tf_offline import find_provider_mirror


def _java_major() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    proc = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major  # "1.8.0" is Java 8


def _terraform_version() -> tuple[int, int] | None:
    if shutil.which("terraform") is None:
        return None
    proc = subprocess.run(["terraform", "version"], capture_output=True, text=True, check=False)
    match = re.search(r"Terraform v(\d+)\.(\d+)", proc.stdout)
    return (int(match.group(1)), int(match.group(2))) if match else None


def missing(target: str) -> list[str]:
    """What ``make run`` (target "run") or ``make test`` ("test") needs and this machine lacks, one line each."""
    problems = []
    default = default_version_without_hcl2()
    for version in [default] if target == "run" else runnable_versions():
        minor = GLUE_VERSIONS[version].python
        try:
            find_python(minor)
        except EngineError as exc:
            problems.append(f"Glue {version}'s engine: {exc}")
    java = _java_major()
    if java not in (17, 21):  # Glue 5 and 6 run Java 17; Spark 3.5 and 4.1 both support 17 and 21
        found = "no `java` on PATH" if java is None else f"`java` is Java {java}"
        problems.append(f"Java 17 (as on Glue 5.x and 6.0; 21 works too): {found}; install a JDK 17")
    if target == "test":
        tf = _terraform_version()
        if tf is None or tf < (1, 9):
            found = "no `terraform` on PATH" if tf is None else f"terraform is {tf[0]}.{tf[1]}"
            problems.append(f"Terraform >= 1.9: {found}; see https://developer.hashicorp.com/terraform/install")
        if find_provider_mirror() is None and not _registry_reachable():
            problems.append(
                "the Terraform aws provider: no local mirror (set STEDI_TF_PROVIDER_MIRROR to a folder holding "
                "registry.terraform.io/hashicorp/aws/) and registry.terraform.io does not answer"
            )
    return problems


def _registry_reachable() -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen("https://registry.terraform.io/.well-known/terraform.json", timeout=5):
            return True
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    target = (argv if argv is not None else sys.argv[1:])[:1]
    if target not in (["run"], ["test"]):
        print("usage: python -m stedi.preflight run|test", file=sys.stderr)
        return 2
    problems = missing(target[0])
    for problem in problems:
        print(f"make {target[0]}: missing {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

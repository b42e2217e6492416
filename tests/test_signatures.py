"""Our ``awsglue`` has the official library's public signatures, except the differences ``awsglue.local`` lists.

Compared with the official library of each Glue version the runtime runs (``GlueVersion.official_library``:
AWSGlueDataplanePython 5.0.0, 5.1.0, 6.0.0), each with its own list of differences. The wheels are fetched by
``make setup`` into ``.cache/awsglue-wheel`` and read with ``ast``, never imported or vendored; a missing wheel
fails the test that needs it. A signature is the parameter names,
kinds and defaults; a ``None`` default where the official one is ``{}`` or ``[]`` counts as the same (no shared
mutable default; passing nothing behaves the same).
"""

from __future__ import annotations

import ast
import fnmatch
import warnings
import zipfile
from pathlib import Path

import pytest

from awsglue.local import SIGNATURE_DIFFERENCES
from awsglue.versions import GLUE_VERSIONS

ROOT = Path(__file__).resolve().parents[1]
WHEEL_DIR = ROOT / ".cache" / "awsglue-wheel"
OURS = ROOT / "src"
LIBRARIES = sorted({g.official_library for g in GLUE_VERSIONS.values() if g.not_local is None})
DUNDERS = {"__init__", "__call__", "__getitem__", "__len__", "__iter__", "__getattr__", "__setattr__"}


def _module(path: str) -> str | None:
    parts = path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts[0] not in ("awsglue", "awsgluedq"):
        return None
    if len(parts) > 2 and parts[1] == "transforms":
        parts = parts[:2]  # the official transforms live in submodules, all re-exported by awsglue.transforms
    return ".".join(parts)


def _default(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    text = ast.unparse(node)
    return "None" if text in ("{}", "[]") else text


def _signature(fn: ast.FunctionDef) -> str:
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = [a.arg + (f"={_default(d)}" if d is not None else "") for a, d in zip(positional, defaults, strict=True)]
    if args.vararg:
        out.append("*" + args.vararg.arg)
    elif args.kwonlyargs:
        out.append("*")
    out += [
        a.arg + (f"={_default(d)}" if d is not None else "")
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg:
        out.append("**" + args.kwarg.arg)
    return "(" + ", ".join(out) + ")"


def signatures(files: dict[str, str]) -> dict[str, str]:
    """Public classes, functions and methods of ``files`` (path -> source) as ``module.Class.method`` -> signature."""
    found = {}
    for path, source in sorted(files.items()):
        module = _module(path)
        if module is None or module.startswith("awsglue.scripts"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # the official sources have invalid escapes
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                found[f"{module}.{node.name}"] = _signature(node)
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                found[f"{module}.{node.name}"] = "class"
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and (not item.name.startswith("_") or item.name in DUNDERS):
                        found[f"{module}.{node.name}.{item.name}"] = _signature(item)
    return found


def wheel(release: str) -> Path:
    path = WHEEL_DIR / f"awsgluedataplanepython-{release}-py3-none-any.whl"
    assert path.is_file(), (
        f"no official wheel {path.name} in {WHEEL_DIR}: run `make setup` (pip download --no-deps "
        f"AWSGlueDataplanePython=={release} --only-binary=:all: --python-version X.Y -d {WHEEL_DIR})"
    )
    return path


def official(release: str) -> dict[str, str]:
    with zipfile.ZipFile(wheel(release)) as archive:
        return signatures({n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".py")})


def ours() -> dict[str, str]:
    return signatures({str(p.relative_to(OURS)): p.read_text() for p in OURS.glob("awsglue*/**/*.py")})


def differences(release: str) -> dict[str, str]:
    theirs, mine = official(release), ours()
    found = {}
    for name, signature in theirs.items():
        if name not in mine:
            found[name] = f"missing: official {signature}"
        elif mine[name] != signature:
            found[name] = f"official {signature}, ours {mine[name]}"
    return found


def _covers(key: str, name: str) -> bool:
    """``key`` (a name, or a pattern with ``*``) names ``name`` or a class or module enclosing it."""
    parts = name.split(".")
    return any(fnmatch.fnmatchcase(".".join(parts[:i]), key) for i in range(1, len(parts) + 1))


def test_each_official_library_a_version_uses_has_its_list_of_differences():
    assert sorted(SIGNATURE_DIFFERENCES) == LIBRARIES == ["5.0.0", "5.1.0", "6.0.0"]


@pytest.mark.parametrize("release", LIBRARIES)
def test_every_difference_from_the_official_library_is_listed_with_a_reason(release):
    listed = SIGNATURE_DIFFERENCES[release]
    unlisted = {name: why for name, why in differences(release).items() if not any(_covers(k, name) for k in listed)}
    assert unlisted == {}


@pytest.mark.parametrize("release", LIBRARIES)
def test_every_listed_difference_is_still_a_difference_and_has_a_reason(release):
    found = differences(release)
    stale = [key for key in SIGNATURE_DIFFERENCES[release] if not any(_covers(key, name) for name in found)]
    assert stale == []
    assert all(reason.strip() for reason in SIGNATURE_DIFFERENCES[release].values())


def test_the_5_0_and_5_1_libraries_hold_the_same_awsglue():
    """Why one list serves both: AWSGlueDataplanePython 5.0.0 and 5.1.0 differ only in their dist-info."""

    def sources(release):
        with zipfile.ZipFile(wheel(release)) as archive:
            return {n: archive.read(n) for n in archive.namelist() if not n.startswith("awsgluedataplanepython-")}

    assert sources("5.0.0") == sources("5.1.0")


def test_the_comparison_sees_a_changed_signature():
    """The comparison is not vacuous: a changed default is found."""
    theirs = signatures({"awsglue/x.py": "class A:\n    def f(self, a=1, b={}):\n        pass\n"})
    mine = signatures({"awsglue/x.py": "class A:\n    def f(self, a=2, b=None):\n        pass\n"})
    assert theirs["awsglue.x.A.f"] == "(self, a=1, b=None)" and mine["awsglue.x.A.f"] == "(self, a=2, b=None)"

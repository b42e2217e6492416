"""The local Glue runtime is a room of its own: ``awsglue`` and ``awsgluedq`` import nothing from ``stedi``."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_the_runtime_imports_nothing_from_stedi():
    files = sorted(p for package in ("awsglue", "awsgluedq") for p in (SRC / package).rglob("*.py"))
    assert len(files) >= 8, files
    offenders = {
        str(path.relative_to(SRC)): sorted(m for m in _imported_modules(path) if m.split(".")[0] == "stedi")
        for path in files
    }
    assert {path: found for path, found in offenders.items() if found} == {}

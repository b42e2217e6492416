"""The arrows between modules point one way: no import circle in src/stedi, and the runtime never imports stedi.

Every import counts, also one inside a function: a lazy import still ties the two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package: str) -> set[str]:
    """The modules of ``package`` that ``path`` imports, anywhere in it."""
    name = module_name(path)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the importing module's package
                here = name.split(".")[: -node.level] if path.name != "__init__.py" else name.split(".")
                base = ".".join([*here, base] if base else here)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m == package or m.startswith(package + ".")}


def graph(package: str) -> dict[str, set[str]]:
    files = {module_name(p): p for p in (SRC / package).rglob("*.py")}
    # `from stedi.x import name` names module stedi.x; keep only edges to modules that exist.
    return {m: {i for i in imports(p, package) if i in files and i != m} for m, p in files.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One path per import circle found by a depth-first search (empty when the graph has none)."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for other in sorted(edges.get(node, ())):
            if state.get(other) == "open":
                found.append(path[path.index(other) :] + [node, other] if other in path else [node, other])
            elif other not in state:
                visit(other, [*path, node])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return found


def test_cycle_finder_finds_a_lazy_circle(tmp_path):
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_imports_sees_imports_inside_functions():
    edges = graph("stedi")
    assert "stedi.pipeline" in edges["stedi.cds"]  # cds.py imports it at the top
    assert "stedi.spark" in edges["stedi.pipeline"]  # pipeline.py imports it inside _run_locked


def test_stedi_has_no_import_circle():
    assert cycles(graph("stedi")) == []


def test_runtime_never_imports_stedi():
    for package in ("awsglue", "awsgluedq"):
        for path in (SRC / package).rglob("*.py"):
            assert not imports(path, "stedi"), f"{path} imports stedi"

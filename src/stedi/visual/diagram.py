"""``stedi visual diagram``: a picture of a graph drawn from the graph itself, as a Mermaid flowchart.

Each node is a box labelled with its name and its node type, in the order the script runs them; each of a node's
``Inputs`` is an arrow from that parent. The shape says the role: sources are stadiums, SQL and built-in transforms
rectangles, custom code subroutines, data quality hexagons, targets parallelograms. GitHub renders Mermaid in
Markdown, so the README's pictures are this command's output (a test keeps them equal).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from stedi.visual.render import load_graph, node_type, topological_order

#: Mermaid shape (opening, closing) per role.
SHAPES = {
    "source": ("([", "])"),
    "custom": ("[[", "]]"),
    "quality": ("{{", "}}"),
    "target": ("[/", "/]"),
    "transform": ("[", "]"),
}


def _role(kind: str) -> str:
    if kind.endswith("Source"):
        return "source"
    if kind == "CustomCode":
        return "custom"
    if kind.startswith("EvaluateDataQuality"):
        return "quality"
    if kind.endswith("Target"):
        return "target"
    return "transform"


def _mermaid_id(node_id: str) -> str:
    return re.sub(r"\W", "_", node_id)


def _label(text: str) -> str:
    """Text inside a quoted Mermaid label: its own quotes and markup characters as entity codes."""
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(graph: Mapping[str, Mapping]) -> str:
    """The graph as a Mermaid ``flowchart LR``: nodes in run order, then one arrow per input."""
    order = topological_order(graph)
    lines = ["flowchart LR"]
    for node_id in order:
        kind, fields = node_type(node_id, graph[node_id])
        opening, closing = SHAPES[_role(kind)]
        label = f"{_label(fields.get('Name', node_id))}<br/>{kind}"
        lines.append(f'  {_mermaid_id(node_id)}{opening}"{label}"{closing}')
    for node_id in order:
        _kind, fields = node_type(node_id, graph[node_id])
        for parent in fields.get("Inputs", []):
            lines.append(f"  {_mermaid_id(parent)} --> {_mermaid_id(node_id)}")
    return "\n".join(lines) + "\n"


def diagrams_markdown(paths: list[Path]) -> str:
    """One Markdown heading and fenced Mermaid block per graph file (the job is the file's name)."""
    blocks = [f"#### `{path.stem}`\n\n```mermaid\n{mermaid(load_graph(path))}```\n" for path in paths]
    return "\n".join(blocks)

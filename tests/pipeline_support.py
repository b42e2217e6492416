"""Helpers shared by the Spark test modules: write landing files, run the pipeline, read a table."""

from __future__ import annotations

import json
from pathlib import Path

from stedi.pipeline import run_pipeline


def write_landing(root: Path, entity: str, lines: list, name: str = "part-1.json") -> Path:
    """Write JSON lines (dicts are serialised; strings are written as they are, to make bad records)."""
    folder = root / entity / "landing"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def run(lake: Path, landing: Path, profile: str) -> dict:
    return run_pipeline(lake=lake, landing=landing, profile=profile, progress=lambda _message: None)


def rows(lake: Path, table: str, database: str = "stedi") -> list[dict]:
    from stedi.query import query

    return [r.asDict() for r in query(lake, f"SELECT * FROM {table}", database=database).collect()]

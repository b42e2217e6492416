"""Canned Athena answers for moto (see the ``athena`` fixture in conftest.py)."""

from __future__ import annotations

from stedi.checks import load_checks

CHECK_COLUMNS = [("check_name", "varchar"), ("observed", "bigint"), ("expected", "integer"), ("passed", "boolean")]


def canned_check_results(failing: str | None = None):
    return [
        (CHECK_COLUMNS, [[c.name, "1" if c.name == failing else "0", "0", "false" if c.name == failing else "true"]])
        for c in load_checks()
    ]

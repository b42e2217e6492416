"""Canned Athena answers for moto (see the ``athena`` fixture in conftest.py)."""

from __future__ import annotations

from stedi.checks import load_checks

CHECK_COLUMNS = [("check_name", "varchar"), ("observed", "bigint"), ("expected", "integer"), ("passed", "boolean")]


def canned_check_results(failing: str | None = None, without_rule: str | None = None):
    """One canned row per check, in check order: all pass but ``failing``; the checks of ``without_rule`` left out."""
    return [
        (CHECK_COLUMNS, [[c.name, "1" if c.name == failing else "0", "0", "false" if c.name == failing else "true"]])
        for c in load_checks()
        if c.rule != without_rule
    ]

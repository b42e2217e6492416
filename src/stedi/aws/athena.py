"""Run one SQL statement on Athena and read its result: ``start_query_execution``, poll, ``get_query_results``.

The workgroup decides where results go (ours enforces its own result location and encryption), so no
``ResultConfiguration`` is sent. Values arrive as strings; they are converted by the column types Athena
reports, so a result reads the same as the local engine's (``bigint`` -> int, ``boolean`` -> bool, ...).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

QUERY_FINISHED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
_INTEGER_TYPES = frozenset({"tinyint", "smallint", "integer", "int", "bigint"})
_FLOAT_TYPES = frozenset({"double", "float", "real"})


class AthenaQueryError(RuntimeError):
    """A query could not be started, failed, or did not finish in time; the message says which and why."""


@dataclass(frozen=True)
class AthenaResult:
    """A finished query: column names and Athena types, typed rows, and the engine version that ran it."""

    query_execution_id: str
    columns: list[str]
    types: list[str]
    rows: list[tuple]
    engine: str


def convert(value: str | None, athena_type: str) -> Any:
    """One ``VarCharValue`` as the Python value of its Athena type (a missing value is NULL -> None)."""
    if value is None:
        return None
    kind = athena_type.lower().split("(")[0]
    if kind in _INTEGER_TYPES:
        return int(value)
    if kind in _FLOAT_TYPES:
        return float(value)
    if kind == "boolean":
        return value.lower() == "true"
    return value


def start_query(client, sql: str, database: str, workgroup: str) -> str:
    """Start ``sql`` in ``workgroup`` with ``database`` as the default schema; return the execution id."""
    response = client.start_query_execution(
        QueryString=sql, QueryExecutionContext={"Database": database}, WorkGroup=workgroup
    )
    return response["QueryExecutionId"]


def wait_for_query(
    client,
    query_execution_id: str,
    poll_seconds: float = 1.0,
    timeout_seconds: float = 600.0,
    sleep: Callable[[float], None] = time.sleep,
) -> dict:
    """Poll ``get_query_execution`` until the query finishes; return the execution, raise unless it succeeded."""
    waited = 0.0
    while True:
        execution = client.get_query_execution(QueryExecutionId=query_execution_id)["QueryExecution"]
        status = execution["Status"]
        state = status["State"]
        if state == "SUCCEEDED":
            return execution
        if state in QUERY_FINISHED:
            reason = status.get("StateChangeReason", "(no reason given)")
            raise AthenaQueryError(f"Athena query {query_execution_id} {state}: {reason}")
        if waited >= timeout_seconds:
            raise AthenaQueryError(
                f"Athena query {query_execution_id} still {state} after {timeout_seconds:.0f}s; it keeps running "
                "in Athena (stop it in the console or with `aws athena stop-query-execution`)"
            )
        sleep(poll_seconds)
        waited += poll_seconds


def fetch_results(client, query_execution_id: str) -> tuple[list[str], list[str], list[tuple]]:
    """Every page of ``get_query_results``: (column names, Athena types, typed rows).

    For a SELECT, Athena repeats the column names as the first row of the first page; that row is dropped.
    """
    columns: list[str] = []
    types: list[str] = []
    rows: list[tuple] = []
    first_page = True
    for page in client.get_paginator("get_query_results").paginate(QueryExecutionId=query_execution_id):
        result_set = page["ResultSet"]
        if first_page:
            info = result_set.get("ResultSetMetadata", {}).get("ColumnInfo", [])
            columns = [c["Name"] for c in info]
            types = [c.get("Type", "varchar") for c in info]
        raw = [[cell.get("VarCharValue") for cell in row.get("Data", [])] for row in result_set.get("Rows", [])]
        if first_page and raw and raw[0] == columns:
            raw = raw[1:]
        first_page = False
        rows.extend(tuple(convert(v, t) for v, t in zip(values, types, strict=False)) for values in raw)
    return columns, types, rows


def run_query(
    client,
    sql: str,
    database: str,
    workgroup: str,
    poll_seconds: float = 1.0,
    timeout_seconds: float = 600.0,
    sleep: Callable[[float], None] = time.sleep,
) -> AthenaResult:
    """Start ``sql``, wait for it and read all of its result."""
    query_execution_id = start_query(client, sql, database, workgroup)
    execution = wait_for_query(client, query_execution_id, poll_seconds, timeout_seconds, sleep)
    columns, types, rows = fetch_results(client, query_execution_id)
    version = execution.get("EngineVersion", {}).get("EffectiveEngineVersion")  # "Athena engine version 3"
    engine = f"Amazon Athena ({version})" if version else "Amazon Athena"
    return AthenaResult(query_execution_id, columns, types, rows, engine=engine)

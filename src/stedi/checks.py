"""The check queries of ``athena_ddl/checks/``: load them, fill in their placeholders, run them locally or on Athena.

Each file is one check named after the file (``<rule>_<table>.sql``) and returns exactly one row with the columns
``check_name, observed, expected, passed``. The same text runs on Athena (Trino) and on the local engine (Spark
SQL); two placeholders are filled in first, the same way for both engines (Terraform fills them in the named
queries too):

* ``${PROFILE}``: strict, standout or rubric; the queries pick the profile's expected value with a CASE on it;
* ``${DATABASE}``: the Glue database, for the one check that reads ``information_schema.columns``.

A check whose rule the profile does not enforce (e.g. readings before consent in rubric) returns
``expected`` NULL and ``passed`` TRUE; its ``observed`` value is still worth reading.

The attribution checks (``attribution_*``, ``own_device_*``, the step and ML ``consent*``) rank customer records
with ``ROW_NUMBER() OVER (... NULLS LAST)`` and spell every null ordering out, because Trino sorts nulls last and
Spark SQL first by default; on Athena they are verified by parsing (tests/test_checks.py) and against moto's
canned answers only, not yet run on a deployed lake.

Locally, every catalog table is a temp view named after the table (as ``stedi query`` does), and
``information_schema.columns`` is a view built from the local catalog, with the columns Athena's has
(``table_schema, table_name, column_name, ordinal_position, data_type``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from awsglue.catalog import LocalCatalog
from stedi.catalog import DDL_DIR
from stedi.pipeline import DEFAULT_DATABASE, PROFILES, TABLES

CHECKS_DIR = DDL_DIR / "checks"
#: Rules in the order they are reported; a check file is named ``<rule>_<table>.sql``.
RULES = ("rows", "consent", "consent_date", "attribution", "one_row_per_customer", "no_pii", "own_device")
RESULT_COLUMNS = ("check_name", "observed", "expected", "passed")
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
_DATABASE_NAME = re.compile(r"^[a-z0-9_]{1,255}$")


class CheckError(RuntimeError):
    """A check file or a check's result is malformed; the message names the file or check."""


@dataclass(frozen=True)
class Check:
    """One check query as written in ``athena_ddl/checks/<name>.sql``, placeholders unfilled."""

    name: str
    rule: str
    table: str
    path: Path
    sql: str

    @property
    def description(self) -> str:
        """The file's leading comment, as one line (Terraform uses its first line as the named query's description)."""
        lines = []
        for line in self.sql.splitlines():
            if not line.startswith("--"):
                break
            text = line[2:].strip()
            if "${" in text:  # the placeholder notes are for readers of the file, not a description
                break
            lines.append(text)
        return " ".join(lines)

    def render(self, profile: str, database: str = DEFAULT_DATABASE) -> str:
        return fill_placeholders(self.sql, profile, database, source=str(self.path))


@dataclass(frozen=True)
class CheckResult:
    """One check's row: what was observed, what the profile expects (None: not enforced), and the verdict."""

    name: str
    observed: Any
    expected: Any
    passed: bool

    @property
    def status(self) -> str:
        return "PASS" if self.passed else "FAIL"


def fill_placeholders(sql: str, profile: str, database: str = DEFAULT_DATABASE, source: str = "query") -> str:
    """Replace ``${PROFILE}`` and ``${DATABASE}``; refuse an unknown profile, a bad name, or any other placeholder."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile '{profile}': choose one of {', '.join(PROFILES)}")
    if not _DATABASE_NAME.match(database):
        raise ValueError(f"database name '{database}' is not a Glue database name (lowercase letters, digits, _)")
    filled = sql.replace("${PROFILE}", profile).replace("${DATABASE}", database)
    left = sorted(set(_PLACEHOLDER.findall(filled)))
    if left:
        raise CheckError(f"{source}: unknown placeholder(s) {', '.join('${' + p + '}' for p in left)}")
    return filled


def _split_name(stem: str, path: Path) -> tuple[str, str]:
    for rule in sorted(RULES, key=len, reverse=True):  # consent_date before consent
        table = stem.removeprefix(rule + "_")
        if table != stem and table in TABLES:
            return rule, table
    raise CheckError(
        f"{path}: a check file is named <rule>_<table>.sql with a rule in {', '.join(RULES)} "
        f"and a table in {', '.join(TABLES)}"
    )


def load_checks(directory: Path = CHECKS_DIR) -> list[Check]:
    """Every ``*.sql`` of ``directory`` as a Check, ordered by rule, then by table in pipeline order."""
    paths = sorted(Path(directory).glob("*.sql"))
    if not paths:
        raise CheckError(f"no check queries (*.sql) in {directory}")
    checks = []
    for path in paths:
        rule, table = _split_name(path.stem, path)
        checks.append(Check(name=path.stem, rule=rule, table=table, path=path, sql=path.read_text()))
    return sorted(checks, key=lambda c: (RULES.index(c.rule), TABLES.index(c.table)))


def result_from_rows(check: Check, columns: Iterable[str], rows: list[tuple]) -> CheckResult:
    """Validate a check's answer (the agreed columns, exactly one row, its own name) and read it."""
    columns = tuple(c.lower() for c in columns)
    if columns != RESULT_COLUMNS:
        raise CheckError(f"check {check.name} returned columns {columns}, expected {RESULT_COLUMNS}")
    if len(rows) != 1:
        raise CheckError(f"check {check.name} returned {len(rows)} rows, expected exactly 1")
    name, observed, expected, passed = rows[0]
    if name != check.name:
        raise CheckError(f"check {check.name} ({check.path}) reports itself as '{name}'")
    return CheckResult(name=check.name, observed=observed, expected=expected, passed=passed is True)


# --- the local engine ---------------------------------------------------------------------------------------------


def register_information_schema(spark, lake: Path, database: str) -> None:
    """``information_schema.columns`` over the local catalog, shaped like Athena's (the columns checks use)."""

    def literal(value) -> str:
        return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"

    rows = [
        (database, table["Name"], column["Name"], position, column["Type"])
        for table in LocalCatalog(lake).list_tables(database)
        for position, column in enumerate(table["StorageDescriptor"]["Columns"], start=1)
    ]
    names = "table_schema, table_name, column_name, ordinal_position, data_type"
    values = ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    spark.sql("CREATE DATABASE IF NOT EXISTS information_schema")
    if rows:
        spark.sql(f"CREATE OR REPLACE VIEW information_schema.columns AS SELECT * FROM VALUES\n{values}\nAS t({names})")
    else:
        empty = "SELECT '' AS table_schema, '' AS table_name, '' AS column_name, 0 AS ordinal_position, '' AS data_type"
        spark.sql(f"CREATE OR REPLACE VIEW information_schema.columns AS {empty} WHERE 1 = 0")


class LocalEngine:
    """Spark SQL over a local lake, set up once for many queries: the local stand-in for an Athena workgroup."""

    def __init__(self, lake: Path, database: str = DEFAULT_DATABASE):
        from stedi.query import register_views
        from stedi.spark import local_spark

        self.lake = Path(lake)
        self.database = database
        self.spark = local_spark(self.lake)
        self.tables = register_views(self.spark, self.lake, database)
        if not self.tables:
            raise LookupError(f"no tables in the local catalog of {lake} (database {database}): run `stedi run` first")
        register_information_schema(self.spark, self.lake, database)
        self.engine = f"local Spark {self.spark.version} SQL (stand-in for Athena)"

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        df = self.spark.sql(sql)
        return list(df.columns), [tuple(row) for row in df.collect()]


def run_local(
    lake: Path,
    profile: str,
    database: str = DEFAULT_DATABASE,
    checks: list[Check] | None = None,
    engine: LocalEngine | None = None,
) -> list[CheckResult]:
    """Run every check on the local lake."""
    checks = load_checks() if checks is None else checks
    engine = engine or LocalEngine(lake, database)
    results = []
    for check in checks:
        columns, rows = engine.query(check.render(profile, database))
        results.append(result_from_rows(check, columns, rows))
    return results


# --- Athena -------------------------------------------------------------------------------------------------------


def run_athena(
    client,
    profile: str,
    database: str,
    workgroup: str,
    checks: list[Check] | None = None,
    in_flight: int = 5,
    poll_seconds: float = 1.0,
    timeout_seconds: float = 600.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[CheckResult]:
    """Run every check on Athena, ``in_flight`` at a time (well under the account's concurrent-query quota)."""
    from stedi.aws.athena import fetch_results, start_query, wait_for_query

    checks = load_checks() if checks is None else checks
    rendered = [(check, check.render(profile, database)) for check in checks]
    results = []
    for first in range(0, len(rendered), in_flight):
        batch = [
            (check, start_query(client, sql, database, workgroup)) for check, sql in rendered[first : first + in_flight]
        ]
        for check, query_execution_id in batch:
            wait_for_query(client, query_execution_id, poll_seconds, timeout_seconds, sleep)
            columns, _types, rows = fetch_results(client, query_execution_id)
            results.append(result_from_rows(check, columns, rows))
    return results


def format_results(results: list[CheckResult], profile: str, engine: str) -> str:
    """The pass/fail table ``stedi check`` prints."""
    header = ("check", "observed", "expected", "result")
    rows = [header]
    for r in results:
        expected = "not enforced" if r.expected is None else str(r.expected)
        observed = "NULL" if r.observed is None else str(r.observed)
        rows.append((r.name, observed, expected, r.status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"checks: {len(results)}, profile: {profile}, engine: {engine}"]
    for row in rows:
        lines.append(
            f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:<{widths[3]}}".rstrip()
        )
    failed = [r.name for r in results if not r.passed]
    lines.append(f"FAILED: {', '.join(failed)}" if failed else "all checks passed")
    return "\n".join(lines)

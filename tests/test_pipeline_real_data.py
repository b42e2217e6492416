"""The five jobs on the real course starter data: exact counts per profile, schemas, privacy, re-runs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pipeline_support import rows, run

from stedi.cli import main as stedi_main
from stedi.pipeline import UNATTRIBUTED_REASONS

LANDING = {"customer_landing": 956, "accelerometer_landing": 81273, "step_trainer_landing": 28680}
EXPECTED = {
    # The course rubric's counts, and its "stand out" variant (../shared/README.md).
    "rubric": dict(
        LANDING,
        customer_trusted=482,
        accelerometer_trusted=40981,
        customer_curated=482,
        step_trainer_trusted=14460,
        step_reading_owners_trusted=0,  # only strict attributes step readings to their owners
        machine_learning_curated=43681,
    ),
    "standout": dict(
        LANDING,
        customer_trusted=482,
        accelerometer_trusted=32025,
        customer_curated=464,
        step_trainer_trusted=13920,
        step_reading_owners_trusted=0,
        machine_learning_curated=34437,
    ),
}
NO_QUARANTINE = {"customer": 0, "accelerometer": 0, "step_trainer": 0}
# The real data has no serial defect: every step reading's serial is carried by exactly one customer.
NONE_UNATTRIBUTED = dict.fromkeys(UNATTRIBUTED_REASONS, 0)


@pytest.fixture(scope="module")
def lakes(real_lake) -> dict[str, tuple[Path, dict]]:
    """One run per profile on the real data, shared with the other modules (conftest's real_lake)."""
    return {profile: real_lake(profile) for profile in ("rubric", "standout", "strict")}


def copy_of(lake: Path, tmp_path: Path) -> Path:
    """A private copy of a shared lake, for tests that write into it (symlinks kept: landing and table links)."""
    copy = tmp_path / "lake"
    shutil.copytree(lake, copy, symlinks=True, ignore=shutil.ignore_patterns("_spark_warehouse", "_derby"))
    return copy


@pytest.mark.parametrize("profile", ["rubric", "standout"])
def test_course_profiles_give_the_course_counts(lakes, profile):
    summary = lakes[profile][1]
    assert summary == {
        "profile": profile,
        "tables": EXPECTED[profile],
        "quarantined": NO_QUARANTINE,
        "unattributed": NONE_UNATTRIBUTED,
    }


def _sqlite_from_landing(landing: Path) -> sqlite3.Connection:
    """The raw JSON lines in SQLite: an engine that shares no code with Spark, the runtime or the scripts."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE customer (email TEXT, serial TEXT, consent INTEGER)")
    db.execute("CREATE TABLE acc (user TEXT, ts INTEGER)")
    db.execute("CREATE TABLE step (ts INTEGER, serial TEXT)")
    for entity, table, fields in (
        ("customer", "customer", ("email", "serialNumber", "shareWithResearchAsOfDate")),
        ("accelerometer", "acc", ("user", "timestamp")),
        ("step_trainer", "step", ("sensorReadingTime", "serialNumber")),
    ):
        for path in sorted((landing / entity / "landing").glob("*.json")):
            with path.open() as handle:
                records = [json.loads(line) for line in handle if line.strip()]
            marks = ",".join("?" * len(fields))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", [tuple(r.get(f) for f in fields) for r in records])
    return db


STRICT_SQL = {
    "customer_trusted": "SELECT count(*) FROM customer WHERE consent IS NOT NULL",
    "accelerometer_trusted": """
        SELECT count(*) FROM acc a JOIN customer c ON a.user = c.email
        WHERE c.consent IS NOT NULL AND a.ts >= c.consent""",
    "customer_curated": """
        SELECT count(*) FROM customer c WHERE c.consent IS NOT NULL
        AND EXISTS (SELECT 1 FROM acc a WHERE a.user = c.email AND a.ts >= c.consent)""",
    "step_trainer_trusted": """
        SELECT count(*) FROM step s JOIN customer c ON s.serial = c.serial
        WHERE c.consent IS NOT NULL AND s.ts >= c.consent
        AND EXISTS (SELECT 1 FROM acc a WHERE a.user = c.email AND a.ts >= c.consent)""",
    "step_reading_owners_trusted": """
        SELECT count(*) FROM (SELECT DISTINCT s.ts, s.serial, c.email FROM step s JOIN customer c ON s.serial = c.serial
        WHERE c.consent IS NOT NULL AND s.ts >= c.consent
        AND EXISTS (SELECT 1 FROM acc a WHERE a.user = c.email AND a.ts >= c.consent))""",
    "machine_learning_curated": """
        SELECT count(*) FROM step s JOIN customer c ON s.serial = c.serial
        JOIN acc a ON a.user = c.email AND a.ts = s.ts
        WHERE c.consent IS NOT NULL AND s.ts >= c.consent""",
}


def test_strict_counts_agree_with_an_independent_formulation(lakes, real_landing):
    db = _sqlite_from_landing(real_landing)
    independent = {table: db.execute(sql).fetchone()[0] for table, sql in STRICT_SQL.items()}
    assert independent == {
        "customer_trusted": 482,
        "accelerometer_trusted": 32025,
        "customer_curated": 464,
        "step_trainer_trusted": 11297,
        "step_reading_owners_trusted": 11297,
        "machine_learning_curated": 32025,
    }
    summary = lakes["strict"][1]
    assert {t: summary["tables"][t] for t in independent} == independent
    assert summary["quarantined"] == NO_QUARANTINE
    assert summary["unattributed"] == NONE_UNATTRIBUTED


def test_strict_step_reading_owners_are_the_serials_consenting_carriers(lakes, real_landing):
    """Row for row, as SQLite finds them: each kept reading once, with the email of the curated customer whose
    serial it carries (the real data has no serial defect, so the serial names the owner)."""
    db = _sqlite_from_landing(real_landing)
    independent = db.execute(
        """
        SELECT DISTINCT s.ts, s.serial, c.email FROM step s JOIN customer c ON s.serial = c.serial
        WHERE c.consent IS NOT NULL AND s.ts >= c.consent
        AND EXISTS (SELECT 1 FROM acc a WHERE a.user = c.email AND a.ts >= c.consent)
        """
    ).fetchall()
    published = rows(lakes["strict"][0], "step_reading_owners_trusted")
    assert sorted((r["sensorReadingTime"], r["serialNumber"], r["owner"]) for r in published) == sorted(independent)
    assert len(independent) == 11297


def test_output_schemas_are_exact(lakes):
    from awsglue.catalog import LocalCatalog
    from awsglue.local import resolve

    customer = [
        ("customerName", "string"),
        ("email", "string"),
        ("phone", "string"),
        ("birthDay", "string"),
        ("serialNumber", "string"),
        ("registrationDate", "bigint"),
        ("lastUpdateDate", "bigint"),
        ("shareWithResearchAsOfDate", "bigint"),
        ("shareWithPublicAsOfDate", "bigint"),
        ("shareWithFriendsAsOfDate", "bigint"),
    ]
    expected = {
        "customer_trusted": customer,
        "customer_curated": customer,
        "accelerometer_trusted": [
            ("user", "string"),
            ("timestamp", "bigint"),
            ("x", "double"),
            ("y", "double"),
            ("z", "double"),
        ],
        "step_trainer_trusted": [
            ("sensorReadingTime", "bigint"),
            ("serialNumber", "string"),
            ("distanceFromObject", "bigint"),
        ],
        "step_reading_owners_trusted": [
            ("sensorReadingTime", "bigint"),
            ("serialNumber", "string"),
            ("owner", "string"),
        ],
        "machine_learning_curated": [
            ("sensorReadingTime", "bigint"),
            ("serialNumber", "string"),
            ("distanceFromObject", "bigint"),
            ("timestamp", "bigint"),
            ("x", "double"),
            ("y", "double"),
            ("z", "double"),
        ],
    }
    lake = lakes["strict"][0]
    catalog = LocalCatalog(lake)
    for table, columns in expected.items():
        entry = catalog.get_table("stedi", table)
        assert [(c["Name"], c["Type"]) for c in entry["StorageDescriptor"]["Columns"]] == columns, table
        assert entry["Parameters"]["classification"] == "parquet", table
        parquet_files = list(resolve(lake, entry["StorageDescriptor"]["Location"]).rglob("*.parquet"))
        assert parquet_files and all(".snappy." in p.name for p in parquet_files), table


@pytest.mark.parametrize("profile", ["rubric", "standout", "strict"])
def test_no_customer_without_consent_reaches_trusted_or_curated(lakes, profile):
    from stedi.query import query

    lake = lakes[profile][0]
    leaks = query(
        lake,
        """
        SELECT 'customer_trusted' AS t, count(*) AS n FROM customer_trusted WHERE shareWithResearchAsOfDate IS NULL
        UNION ALL SELECT 'customer_curated', count(*) FROM customer_curated WHERE shareWithResearchAsOfDate IS NULL
        UNION ALL SELECT 'accelerometer_trusted', count(*) FROM accelerometer_trusted a
          WHERE NOT EXISTS (SELECT 1 FROM customer_landing c
                            WHERE c.email = a.user AND c.shareWithResearchAsOfDate IS NOT NULL)
        UNION ALL SELECT 'step_trainer_trusted', count(*) FROM step_trainer_trusted s
          WHERE NOT EXISTS (SELECT 1 FROM customer_curated c WHERE c.serialNumber = s.serialNumber)
        UNION ALL SELECT 'step_reading_owners_trusted', count(*) FROM step_reading_owners_trusted o
          WHERE NOT EXISTS (SELECT 1 FROM customer_landing c
                            WHERE c.email = o.owner AND c.shareWithResearchAsOfDate <= o.sensorReadingTime)
        """,
    ).collect()
    assert {r.t: r.n for r in leaks} == {
        "customer_trusted": 0,
        "customer_curated": 0,
        "accelerometer_trusted": 0,
        "step_trainer_trusted": 0,
        "step_reading_owners_trusted": 0,
    }


def test_machine_learning_curated_has_no_pii(lakes):
    for profile, (lake, _summary) in lakes.items():
        columns = set(rows(lake, "machine_learning_curated")[0])
        assert columns.isdisjoint({"email", "user", "customerName", "phone", "birthDay"}), profile


def test_running_twice_into_the_same_lake_gives_the_same_counts(lakes, real_landing, tmp_path):
    lake, first = lakes["standout"]
    second = run(copy_of(lake, tmp_path), real_landing, "standout")
    assert second == first


def test_cli_run_prints_the_table_and_writes_the_summary_json(lakes, real_landing, tmp_path, capsys):
    lake = copy_of(lakes["rubric"][0], tmp_path)
    summary_path = tmp_path / "summary.json"
    code = stedi_main(
        [
            "run",
            "--landing",
            str(real_landing),
            "--lake",
            str(lake),
            "--profile",
            "rubric",
            "--summary-json",
            str(summary_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "[5/5] machine_learning_curated done" in out
    assert "machine_learning_curated         43681" in out
    assert json.loads(summary_path.read_text()) == {
        "profile": "rubric",
        "tables": EXPECTED["rubric"],
        "quarantined": NO_QUARANTINE,
        "unattributed": NONE_UNATTRIBUTED,
    }

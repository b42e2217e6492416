"""Failure behaviour: a killed run, two runs at once, an empty landing folder, nobody consenting, schema drift."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pipeline_support import rows, run, write_landing

from awsglue.catalog import LocalCatalog
from awsglue.local import resolve
from stedi.cli import main
from stedi.generate import generate
from stedi.pipeline import TABLES, UNATTRIBUTED_REASONS, PipelineError, lake_lock, run_pipeline

NO_QUARANTINE = {"customer": 0, "accelerometer": 0, "step_trainer": 0}
TRUSTED_AND_CURATED_COLUMNS = {
    "customer_trusted": [
        "customerName",
        "email",
        "phone",
        "birthDay",
        "serialNumber",
        "registrationDate",
        "lastUpdateDate",
        "shareWithResearchAsOfDate",
        "shareWithPublicAsOfDate",
        "shareWithFriendsAsOfDate",
    ],
    "accelerometer_trusted": ["user", "timestamp", "x", "y", "z"],
    "step_trainer_trusted": ["sensorReadingTime", "serialNumber", "distanceFromObject"],
    "step_reading_owners_trusted": ["sensorReadingTime", "serialNumber", "owner"],
    "machine_learning_curated": ["sensorReadingTime", "serialNumber", "distanceFromObject", "timestamp", "x", "y", "z"],
}
TRUSTED_AND_CURATED_COLUMNS["customer_curated"] = TRUSTED_AND_CURATED_COLUMNS["customer_trusted"]


def customer(name: str, serial: str, consent: int | None = 1000, **extra) -> dict:
    record = {
        "customerName": name,
        "email": f"{name}@test.com",
        "phone": "8015551212",
        "birthDay": "1990-01-01",
        "serialNumber": serial,
        "registrationDate": 900,
        "lastUpdateDate": 1000,
    }
    if consent is not None:  # as in the real data, the key is absent for customers who did not consent
        record["shareWithResearchAsOfDate"] = consent
    return {**record, **extra}


def reading(name: str, timestamp: int, x: float = 1.0, **extra) -> dict:
    return {"user": f"{name}@test.com", "timestamp": timestamp, "x": x, "y": 0.0, "z": -1.0, **extra}


def step(serial: str, timestamp: int, distance: int = 100, **extra) -> dict:
    return {"sensorReadingTime": timestamp, "serialNumber": serial, "distanceFromObject": distance, **extra}


# -- lock -----------------------------------------------------------------------------------------------------


def _hold_lock(lake: Path) -> subprocess.Popen:
    code = (
        "import sys, time; from pathlib import Path; from stedi.pipeline import lake_lock\n"
        f"with lake_lock(Path({str(lake)!r})):\n    print('locked', flush=True); time.sleep(300)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_run_on_the_same_lake_fails_fast_naming_the_holder(tmp_path):
    lake = tmp_path / "lake"
    lake.mkdir()
    holder = _hold_lock(lake)
    try:
        started = time.perf_counter()
        with pytest.raises(PipelineError, match=rf"lake {lake} is in use by another stedi run \(pid {holder.pid},"):
            run_pipeline(lake=lake, landing=tmp_path / "unused", progress=lambda _m: None)
        assert time.perf_counter() - started < 2  # no waiting, no Spark start
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_of_a_killed_run_does_not_block_the_next_one(tmp_path):
    lake = tmp_path / "lake"
    lake.mkdir()
    holder = _hold_lock(lake)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with lake_lock(lake):  # the kernel released the dead process's flock; the stale lock file does not matter
        pass


# -- empty landing ----------------------------------------------------------------------------------------------


def test_an_empty_landing_folder_is_a_clear_error(tmp_path, capsys):
    landing = tmp_path / "landing"
    write_landing(landing, "accelerometer", [reading("alice", 2000)])
    write_landing(landing, "step_trainer", [step("S-A", 2000)])
    (landing / "customer" / "landing").mkdir(parents=True)
    empty = (landing / "customer" / "landing").resolve()
    with pytest.raises(PipelineError, match=f"landing folder is empty: {empty}"):
        run_pipeline(lake=tmp_path / "lake", landing=landing, progress=lambda _m: None)
    assert main(["run", "--landing", str(landing), "--lake", str(tmp_path / "lake")]) == 1
    assert f"stedi: error: landing folder is empty: {empty}" in capsys.readouterr().err


# -- nobody consented ---------------------------------------------------------------------------------------------


@pytest.mark.spark
@pytest.mark.parametrize("profile", ["strict", "rubric"])
def test_no_consent_gives_every_trusted_and_curated_table_with_its_schema_and_no_rows(tmp_path, profile):
    landing = tmp_path / "landing"
    write_landing(landing, "customer", [customer("alice", "S-A", consent=None), customer("bob", "S-B", None)])
    write_landing(landing, "accelerometer", [reading("alice", 2000), reading("bob", 2000)])
    write_landing(landing, "step_trainer", [step("S-A", 2000), step("S-B", 2000)])
    lake = tmp_path / "lake"
    summary = run(lake, landing, profile)
    assert summary["tables"] == {
        "customer_landing": 2,
        "accelerometer_landing": 2,
        "step_trainer_landing": 2,
        "customer_trusted": 0,
        "accelerometer_trusted": 0,
        "customer_curated": 0,
        "step_trainer_trusted": 0,
        "step_reading_owners_trusted": 0,
        "machine_learning_curated": 0,
    }
    catalog = LocalCatalog(lake)
    for table, columns in TRUSTED_AND_CURATED_COLUMNS.items():
        entry = catalog.get_table("stedi", table)
        assert [c["Name"] for c in entry["StorageDescriptor"]["Columns"]] == columns, table
        assert rows(lake, table) == [], table


# -- schema drift ---------------------------------------------------------------------------------------------------


@pytest.mark.spark
def test_schema_drift_an_extra_field_is_ignored_and_a_changed_type_is_quarantined(tmp_path):
    landing = tmp_path / "landing"
    write_landing(landing, "customer", [customer("alice", "S-A", newsletter=True), customer("bob", "S-B")])
    write_landing(
        landing,
        "accelerometer",
        [
            reading("alice", 2000, gyro=0.5),  # a new field from a newer app version
            reading("bob", 2000),
            reading("bob", 3000, x="high"),  # x changed type
        ],
    )
    write_landing(landing, "step_trainer", [step("S-A", 2000, firmware="2.1"), step("S-B", 2000, distance="far")])
    lake = tmp_path / "lake"
    summary = run(lake, landing, "strict")
    assert summary["quarantined"] == {"customer": 0, "accelerometer": 1, "step_trainer": 1}
    assert summary["tables"] == {
        "customer_landing": 2,
        "accelerometer_landing": 3,  # a value of another type is still a record (Glue: a choice type)
        "step_trainer_landing": 2,
        "customer_trusted": 2,
        "accelerometer_trusted": 2,
        "customer_curated": 2,
        "step_trainer_trusted": 1,
        "step_reading_owners_trusted": 1,
        "machine_learning_curated": 1,
    }
    # The extra fields stay in the landing files and reach no trusted or curated table.
    assert '"gyro": 0.5' in (landing / "accelerometer" / "landing" / "part-1.json").read_text()
    for table, columns in TRUSTED_AND_CURATED_COLUMNS.items():
        assert [c["Name"] for c in LocalCatalog(lake).get_table("stedi", table)["StorageDescriptor"]["Columns"]] == (
            columns
        ), table
    quarantined = [
        json.loads(line)
        for entity in ("accelerometer", "step_trainer")
        for part in sorted((lake / "stedi-lake" / "quarantine" / entity).glob("part-*"))
        for line in part.read_text().splitlines()
        if line.strip()
    ]
    records = [json.loads(q["record"]) for q in quarantined]
    # x and distanceFromObject are choice columns (a struct per type in the record, as toDF gives them).
    assert sorted(r.get("x", r.get("distanceFromObject"))["string"] for r in records) == ["far", "high"]
    assert sorted(q["reason"] for q in quarantined) == [
        "distanceFromObject is string, not bigint",
        "x is string, not double",
    ]


# -- SIGKILL in the middle of a run, then a re-run ------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_landing(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("generated")
    return out, generate(out, scale=0.05, seed=3)


@pytest.mark.spark
@pytest.mark.parametrize("kill_during", ["accelerometer_landing_to_trusted", "machine_learning_curated"])
def test_sigkill_mid_run_then_a_rerun_gives_exactly_the_clean_counts(tmp_path, small_landing, kill_during):
    landing, manifest = small_landing
    expected = manifest["expected"]["strict"]
    lake = tmp_path / "lake"
    command = [sys.executable, "-m", "stedi.cli", "run", "--landing", str(landing), "--lake", str(lake)]
    victim = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
    )
    try:
        for line in victim.stdout:
            if f"] {kill_during} ..." in line:
                break
        else:
            pytest.fail(f"stedi run ended before {kill_during} started")
        time.sleep(1.5)  # into the job: reading, evaluating or writing
    finally:
        os.killpg(victim.pid, signal.SIGKILL)  # the run's own process group: its Python and its Spark JVM
        victim.wait()
    # Whatever the killed run registered is complete: a table is the old version or the new one, never a part.
    catalog = LocalCatalog(lake)
    registered = [t["Name"] for t in catalog.list_tables("stedi")]
    for table in registered:
        assert len(rows(lake, table)) == expected[table], table
    summary = run(lake, landing, "strict")
    assert summary == {
        "profile": "strict",
        "tables": expected,
        "quarantined": NO_QUARANTINE,
        "unattributed": {reason: 0 for reason in UNATTRIBUTED_REASONS},
    }
    assert set(summary["tables"]) == set(TABLES)
    for table, root in OUTPUT_ROOTS.items():  # what the killed run left under a table's root is purged
        assert _listing(lake, root) == ([_live(lake, table)], []), table


# -- on AWS Glue too: each run writes a fresh run= folder, switches the catalog to it, purges the others --------

OUTPUT_ROOTS = {
    "customer_trusted": "customer/trusted/",
    "accelerometer_trusted": "accelerometer/trusted/",
    "customer_curated": "customer/curated/",
    "step_trainer_trusted": "step_trainer/trusted/",
    "step_reading_owners_trusted": "step_reading_owners/trusted/",
    "machine_learning_curated": "machine_learning/curated/",
}


def _location(lake: Path, table: str) -> str:
    return LocalCatalog(lake).get_table("stedi", table)["StorageDescriptor"]["Location"]


def _live(lake: Path, table: str) -> str:
    """The name of the folder the catalog table points at, checked to be a run folder under the table's root."""
    location = _location(lake, table)
    match = re.fullmatch(rf"s3://stedi-lake/{OUTPUT_ROOTS[table]}(run=\d{{8}}T\d{{6}}Z-[0-9a-f]{{8}}/)", location)
    assert match, location
    return match[1]


def _listing(lake: Path, root: str) -> tuple[list[str], list[str]]:
    """(folders, files) directly under ``root`` as S3 lists them: the local runtime's ListObjectsV2 answer."""
    import boto3

    from awsglue.local_aws import local_aws

    with local_aws(lake):
        answer = boto3.client("s3").list_objects_v2(Bucket="stedi-lake", Prefix=root, Delimiter="/")
    folders = [p["Prefix"][len(root) :] for p in answer.get("CommonPrefixes", [])]
    return folders, [c["Key"] for c in answer.get("Contents", [])]


def _files(folder: Path) -> set[Path]:
    """Every file under ``folder``."""
    return {(Path(d) / f).resolve() for d, _dirs, files in os.walk(folder, followlinks=True) for f in files}


@pytest.mark.spark
def test_each_run_publishes_a_fresh_run_folder_and_purges_stale_and_orphaned_ones(tmp_path, small_landing):
    landing, manifest = small_landing
    expected = manifest["expected"]["strict"]
    lake = tmp_path / "lake"
    assert run(lake, landing, "strict")["tables"] == expected
    first = {}
    for table, root in OUTPUT_ROOTS.items():
        first[table] = _live(lake, table)
        assert _listing(lake, root) == ([first[table]], []), table
        # A run that died after writing, before its switch: a run folder with a copy of the live part files.
        orphan = lake / "stedi-lake" / root / "run=20000101T000000Z-deadbeef"
        orphan.mkdir()
        for part in resolve(lake, _location(lake, table)).glob("part-*"):
            shutil.copy(part, orphan / part.name)
        assert _listing(lake, root) == (sorted([first[table], "run=20000101T000000Z-deadbeef/"]), []), table
    for table in OUTPUT_ROOTS:  # readers go through the catalog: the orphan's copies are not read
        assert len(rows(lake, table)) == expected[table], table

    assert run(lake, landing, "strict")["tables"] == expected
    for table, root in OUTPUT_ROOTS.items():
        live = _live(lake, table)
        assert live != first[table], table
        assert _listing(lake, root) == ([live], []), table  # the previous run and the orphan are purged
        assert _files(lake / "stedi-lake" / root) == _files(lake / "stedi-lake" / root / live), (
            table
        )  # nothing left on disk either
        assert len(rows(lake, table)) == expected[table], table

"""Runs the Glue scripts locally, in dependency order, in one Spark session, and counts what they wrote."""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from stedi.layout import (  # noqa: F401 (re-exported: the pipeline's names, as callers know them)
    DEFAULT_BUCKET,
    DEFAULT_DATABASE,
    ENTITIES,
    JOBS,
    PROFILES,
    SCRIPTS_DIR,
    TABLES,
    UNATTRIBUTED,
    UNATTRIBUTED_REASONS,
)


class PipelineError(RuntimeError):
    pass


LOCK_FILE = ".stedi.lock"


@contextmanager
def lake_lock(lake: Path) -> Iterator[None]:
    """Hold the lake's lock for a whole run; a second run on the same lake fails at once, naming the holder.

    An ``flock`` on ``LAKE/.stedi.lock``: the kernel releases it when its process dies, even by SIGKILL, so a
    killed run never blocks the next one.
    """
    path = Path(lake) / LOCK_FILE
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PipelineError(
                f"lake {lake} is in use by another stedi run ({holder}); wait for it to finish or use another --lake"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def run_glue_script(script: Path, job_args: list[str]) -> None:
    """Run one Glue script as Glue does: ``sys.argv`` = [script, --JOB_NAME, name, --KEY, value, ...].

    Spark must be configured first (``stedi.spark.configure_local_spark``): the script starts it itself. Its boto3
    calls are answered from the lake of the running Spark session, only while it runs (``awsglue.local_aws``).
    A failure is a ``PipelineError`` naming the script's file and line.
    """
    from awsglue.local import ScriptError, run_script

    try:
        run_script(Path(script), job_args)
    except ScriptError as exc:
        raise PipelineError(str(exc)) from exc.__cause__
    except FileNotFoundError as exc:
        raise PipelineError(str(exc)) from None


def job_arguments(job: str, database: str, bucket: str, profile: str) -> list[str]:
    return ["--JOB_NAME", job, "--DATABASE", database, "--LAKE_BUCKET", bucket, "--PROFILE", profile]


def link_landing(landing: Path, lake: Path, bucket: str = DEFAULT_BUCKET) -> None:
    """Make ``LAKE/<bucket>/<entity>/landing`` the given landing folder (a symlink: the data is never copied)."""
    for entity in ENTITIES:
        source = (Path(landing) / entity / "landing").resolve()
        if not source.is_dir():
            raise PipelineError(
                f"landing folder not found: {source} (expected {landing}/<{'|'.join(ENTITIES)}>/landing/)"
            )
        if not any(p.is_file() for p in source.iterdir()):
            raise PipelineError(f"landing folder is empty: {source}")
        target = lake / bucket / entity / "landing"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            if target.resolve() == source:
                continue
            raise PipelineError(f"{target} is a real folder; remove it or use another --lake to link {source}")
        target.symlink_to(source, target_is_directory=True)


def landing_bytes(lake: Path, bucket: str = DEFAULT_BUCKET) -> int:
    """Size of the landing files the run will read."""
    folders = [lake / bucket / e / "landing" for e in ENTITIES]
    return sum(p.stat().st_size for folder in folders for p in folder.rglob("*") if p.is_file())


def count_quarantined(lake: Path, entity: str, bucket: str = DEFAULT_BUCKET) -> int:
    folder = lake / bucket / "quarantine" / entity
    if not folder.is_dir():
        return 0
    total = 0
    for part in folder.rglob("part-*"):
        with part.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def unattributed_readings(lake: Path, bucket: str = DEFAULT_BUCKET) -> list[dict]:
    """strict's unattributed step readings as written (``sensorReadingTime, serialNumber, distanceFromObject,
    reason``); none in rubric and standout."""
    folder = lake / bucket / "quarantine" / UNATTRIBUTED
    readings = []
    for part in sorted(folder.rglob("part-*")) if folder.is_dir() else []:
        with part.open("rb") as handle:
            readings.extend(json.loads(line) for line in handle if line.strip())
    return readings


def count_unattributed(lake: Path, bucket: str = DEFAULT_BUCKET) -> dict[str, int]:
    """strict's unattributed step readings by reason (every reason listed, 0 when none; rubric, standout: all 0)."""
    counts = dict.fromkeys(UNATTRIBUTED_REASONS, 0)
    for reading in unattributed_readings(lake, bucket):
        if reading.get("reason") not in counts:
            raise PipelineError(f"{lake}: unattributed step reading with an unknown reason: {reading}")
        counts[reading["reason"]] += 1
    return counts


def count_tables(spark, lake: Path, database: str, tables=TABLES) -> dict[str, int]:
    """Rows of each of ``tables``, read through the catalog as a job reads it; one Spark job for all of them but
    the landing tables, whose reads count their records (the jobs read the same files before)."""
    from functools import reduce

    from pyspark.sql import functions as F

    from awsglue.local import known_count
    from stedi.query import catalog_dynamic_frames

    frames = catalog_dynamic_frames(spark, lake, database, tables)
    counted = {t: n for t, frame in frames.items() if (n := known_count(frame)) is not None}
    tagged = [frame.toDF().select(F.lit(t).alias("t")) for t, frame in frames.items() if t not in counted]
    if tagged:
        rows = reduce(lambda a, b: a.union(b), tagged).groupBy("t").count().collect()
        counted.update({row["t"]: row["count"] for row in rows})
    return {t: counted.get(t, 0) for t in tables}


def run_pipeline(
    lake: Path,
    landing: Path | None = None,
    profile: str = "strict",
    database: str = DEFAULT_DATABASE,
    bucket: str = DEFAULT_BUCKET,
    progress: Callable[[str], None] = print,
    verbose: bool = False,
) -> dict:
    """Run the five Glue scripts on ``landing`` (generated sample data when None) into ``lake``; return the summary."""
    if profile not in PROFILES:
        raise PipelineError(f"unknown profile '{profile}': choose one of {', '.join(PROFILES)}")
    lake = Path(lake).resolve()
    lake.mkdir(parents=True, exist_ok=True)
    with lake_lock(lake):
        return _run_locked(lake, landing, profile, database, bucket, progress, verbose)


def _run_locked(
    lake: Path, landing: Path | None, profile: str, database: str, bucket: str, progress, verbose: bool
) -> dict:
    prepare_lake(lake, landing, database, bucket, progress, verbose)
    run_jobs(JOBS, lake, profile, database, bucket, progress)
    return summarize(lake, profile, database, bucket, progress)


def prepare_lake(
    lake: Path, landing: Path | None, database: str, bucket: str, progress, verbose: bool, long_lived: bool = False
) -> None:
    """Link the landing folder (generated sample data when None), configure Spark, register the landing tables.

    :param long_lived: Spark will serve many runs (``stedi dev``; see ``stedi.spark.spark_settings``)
    """
    from stedi.catalog import register_landing_tables
    from stedi.spark import configure_local_spark

    if landing is None:
        from stedi.generate import generate

        landing = lake / "_sample_landing"
        if not (landing / "manifest.json").is_file():
            progress(f"generating sample landing data in {landing}")
            generate(landing)
    link_landing(Path(landing), lake, bucket)

    # The first script's SparkContext() starts Spark with these settings; the others reuse it (awsglue.local).
    configure_local_spark(lake, data_bytes=landing_bytes(lake, bucket), verbose=verbose, long_lived=long_lived)
    # The project's own landing tables, in the project's own database: `stedi run` (re)defines them every run.
    register_landing_tables(lake, database, bucket)


def run_jobs(
    jobs, lake: Path, profile: str, database: str, bucket: str, progress, scripts_dir: Path = SCRIPTS_DIR
) -> None:
    """Run ``jobs`` (names, in this order) from ``scripts_dir``; the first failure is a ``PipelineError``."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    for number, job in enumerate(jobs, start=1):
        started = time.perf_counter()
        progress(f"[{number}/{len(jobs)}] {job} ...")
        try:
            run_glue_script(Path(scripts_dir) / f"{job}.py", job_arguments(job, database, bucket, profile))
        except PipelineError as exc:
            raise PipelineError(f"job {job} failed: {exc}") from exc.__cause__
        finally:
            if SparkContext._active_spark_context is not None:
                # What a job cached (see awsgluedq) is not the next job's business.
                SparkSession.builder.getOrCreate().catalog.clearCache()
        progress(f"[{number}/{len(jobs)}] {job} done in {time.perf_counter() - started:.1f}s")


def summarize(lake: Path, profile: str, database: str, bucket: str, progress, known: dict | None = None) -> dict:
    """The run's counts: every table's rows, the quarantine per entity, the unattributed readings by reason.

    :param known: row counts of tables that nothing wrote since they were counted (``stedi dev``), not read again
    """
    from pyspark.sql import SparkSession

    started = time.perf_counter()
    known = known or {}
    counted = count_tables(SparkSession.builder.getOrCreate(), lake, database, [t for t in TABLES if t not in known])
    summary = {
        "profile": profile,
        "tables": {t: known[t] if t in known else counted[t] for t in TABLES},
        "quarantined": {entity: count_quarantined(lake, entity, bucket) for entity in ENTITIES},
        "unattributed": count_unattributed(lake, bucket),
    }
    progress(f"counted the tables in {time.perf_counter() - started:.1f}s")
    return summary


def format_summary(summary: dict) -> str:
    rows = [("table", "rows")] + [(t, str(n)) for t, n in summary["tables"].items()]
    rows += [(f"quarantine/{e}", str(n)) for e, n in summary["quarantined"].items()]
    width = max(len(r[0]) for r in rows)
    lines = [f"profile: {summary['profile']}"]
    lines += [f"{name:<{width}}  {count:>9}" for name, count in rows]
    lines += [f"unattributed step readings ({reason}): {n}" for reason, n in summary.get("unattributed", {}).items()]
    return "\n".join(lines)


def write_summary(summary: dict, path: Path) -> None:
    Path(path).write_text(json.dumps(summary, indent=2) + "\n")

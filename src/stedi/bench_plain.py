"""The five steps as a plain PySpark script: what the pipeline costs without Glue, the catalog and the writes.

``stedi bench`` runs this in a fresh process beside each ``stedi run``, with the same Spark session settings
(``stedi.spark.local_spark``, sized by the same landing bytes), and reports ``pipeline wall / plain wall``. It is
the work a data engineer would write by hand: read the landing JSON once with typed schemas, cache what later
steps reuse, compute every table and count it; no data quality, no quarantine, no Parquet, no catalog. Its rules
are those of ``glue_scripts/`` for each profile, written independently with the DataFrame API, so its counts are
a third formulation of the pipeline's (besides the DuckDB SQL in ``stedi.bench`` and the tests' SQLite).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from stedi.pipeline import ENTITIES, JOBS, PROFILES, TABLES

SCHEMAS = {
    "customer_landing": (
        "customerName string, email string, phone string, birthDay string, serialNumber string, "
        "registrationDate bigint, lastUpdateDate bigint, shareWithResearchAsOfDate bigint, "
        "shareWithPublicAsOfDate bigint, shareWithFriendsAsOfDate bigint"
    ),
    "accelerometer_landing": "user string, timestamp bigint, x double, y double, z double",
    "step_trainer_landing": "sensorReadingTime bigint, serialNumber string, distanceFromObject bigint",
}
CORRUPT = "_corrupt_record"


def read_landing(spark: SparkSession, landing: Path, table: str) -> tuple[DataFrame, int]:
    """A landing table's readable lines (cached) and how many lines did not fit its types (the pipeline
    quarantines those; here they are only counted, never silently lost)."""
    folder = Path(landing) / table.removesuffix("_landing") / "landing"
    if not folder.is_dir():
        raise FileNotFoundError(f"landing folder not found: {folder}")
    raw = (
        spark.read.schema(f"{SCHEMAS[table]}, {CORRUPT} string")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .json(str(folder))
        .cache()  # Spark refuses a query of the corrupt-record column alone on uncached JSON
    )
    unreadable = raw.where(F.col(CORRUPT).isNotNull()).count()
    return raw.where(F.col(CORRUPT).isNull()).drop(CORRUPT), unreadable


def current_customers(customers: DataFrame) -> DataFrame:
    """One record per email, the customer's current one: latest lastUpdateDate; on a tie the record without
    research consent (a withdrawal wins), then the latest consent, then every other column, descending."""
    desc = ["serialNumber", "registrationDate", "customerName", "phone", "birthDay"]
    desc += ["shareWithPublicAsOfDate", "shareWithFriendsAsOfDate"]
    order = [
        F.col("lastUpdateDate").desc_nulls_last(),
        F.col("shareWithResearchAsOfDate").isNotNull().asc(),  # false (no consent) first
        F.col("shareWithResearchAsOfDate").desc_nulls_last(),
        *[F.col(name).desc_nulls_last() for name in desc],
    ]
    rank = F.row_number().over(Window.partitionBy("email").orderBy(*order))
    return customers.where(F.col("email").isNotNull()).withColumn("_rank", rank).where("_rank = 1").drop("_rank")


def complete_readings(accelerometer: DataFrame) -> DataFrame:
    return accelerometer.where("timestamp IS NOT NULL AND x IS NOT NULL AND y IS NOT NULL AND z IS NOT NULL")


def step_reading_owners(current: DataFrame, accelerometer: DataFrame, steps: DataFrame) -> DataFrame:
    """strict: (sensorReadingTime, serialNumber, owner) per distinct step reading key. The owner is the one
    customer whose current record carries the serial; failing that, the one customer (any consent) with a
    complete phone reading at that time; otherwise null."""
    carriers = (
        current.where(F.col("serialNumber").isNotNull())
        .groupBy("serialNumber")
        .agg(F.count("*").alias("carriers"), F.min("email").alias("carrier"))
    )
    phones = (
        complete_readings(accelerometer)
        .join(current.select(F.col("email").alias("user")), "user")
        .groupBy("timestamp")
        .agg(F.countDistinct("user").alias("phones"), F.min("user").alias("phone_owner"))
        .withColumnRenamed("timestamp", "sensorReadingTime")
    )
    keys = steps.where("distanceFromObject IS NOT NULL").select("sensorReadingTime", "serialNumber").dropna().distinct()
    owner = F.when(F.col("carriers") == 1, F.col("carrier")).when(F.col("phones") == 1, F.col("phone_owner"))
    return (
        keys.join(carriers, "serialNumber", "left")
        .join(phones, "sensorReadingTime", "left")
        .select("sensorReadingTime", "serialNumber", owner.alias("owner"))
    )


def owners_schema(spark: SparkSession) -> DataFrame:
    """step_reading_owners_trusted with no rows (rubric, standout)."""
    return spark.createDataFrame([], "sensorReadingTime bigint, serialNumber string, owner string")


def plain_pipeline(
    spark: SparkSession, landing: Path, profile: str, progress: Callable[[str], None] = lambda _: None
) -> dict:
    """Compute and count the nine tables of ``profile``; return ``{"tables", "unreadable", "steps_s"}``.

    Each step caches its table and counts it; ``steps_s`` holds each step's seconds under the job names.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile '{profile}': choose one of {', '.join(PROFILES)}")
    counts: dict[str, int] = {}
    steps_s: dict[str, float] = {}

    def step(name: str, compute: Callable[[], dict[str, DataFrame]]) -> dict[str, DataFrame]:
        started = time.perf_counter()
        frames = {table: frame.cache() for table, frame in compute().items()}
        counts.update({table: frame.count() for table, frame in frames.items()})
        steps_s[name] = time.perf_counter() - started
        progress(f"{name} done in {steps_s[name]:.1f}s")
        return frames

    started = time.perf_counter()
    read = {table: read_landing(spark, landing, table) for table in SCHEMAS}
    unreadable = {table: bad for table, (_, bad) in read.items()}
    customers, accelerometer, steps = (read[table][0] for table in SCHEMAS)
    counts.update({table: frame.count() for table, (frame, _) in read.items()})
    steps_s["read_landing"] = time.perf_counter() - started
    progress(f"read_landing done in {steps_s['read_landing']:.1f}s")

    current = current_customers(customers).cache()
    # Privacy: only customers whose current record consented to research (and has a device serial).
    customer_trusted = step(
        JOBS[0],
        lambda: {
            "customer_trusted": current.where(
                F.col("serialNumber").isNotNull() & F.col("shareWithResearchAsOfDate").isNotNull()
            )
        },
    )["customer_trusted"]

    def consented_readings() -> DataFrame:
        consent = customer_trusted.select(F.col("email").alias("user"), "shareWithResearchAsOfDate")
        readings = complete_readings(accelerometer).join(consent, "user")
        if profile != "rubric":  # standout, strict: no reading taken before the customer's consent
            readings = readings.where(F.col("timestamp") >= F.col("shareWithResearchAsOfDate"))
        return readings.select("user", "timestamp", "x", "y", "z")

    accelerometer_trusted = step(JOBS[1], lambda: {"accelerometer_trusted": consented_readings()})[
        "accelerometer_trusted"
    ]
    customer_curated = step(
        JOBS[2],
        lambda: {
            "customer_curated": customer_trusted.join(
                accelerometer_trusted.select(F.col("user").alias("email")), "email", "left_semi"
            )
        },
    )["customer_curated"]
    step_columns = ["sensorReadingTime", "serialNumber", "distanceFromObject"]
    readings = steps.where(F.col("distanceFromObject").isNotNull())

    owner_columns = ["sensorReadingTime", "serialNumber", "owner"]

    def curated_devices() -> dict[str, DataFrame]:
        if profile != "strict":  # the course's rule: devices whose serial a curated customer's record carries
            serials = customer_curated.select("serialNumber")
            return {
                "step_trainer_trusted": readings.join(serials, "serialNumber", "left_semi").select(step_columns),
                "step_reading_owners_trusted": owners_schema(spark),  # only strict attributes readings
            }
        owners = step_reading_owners(current, accelerometer, steps).where(F.col("owner").isNotNull())
        # Privacy: the reading's owner is curated, and the reading was taken at or after their consent.
        consent = customer_curated.select(F.col("email").alias("owner"), "shareWithResearchAsOfDate")
        trusted_owners = (
            owners.join(consent, "owner")
            .where(F.col("sensorReadingTime") >= F.col("shareWithResearchAsOfDate"))
            .select(owner_columns)
        )
        # The readings of those keys; machine_learning_curated pairs each with its owner's phone.
        trusted = readings.join(trusted_owners, ["sensorReadingTime", "serialNumber"], "left_semi").select(step_columns)
        return {"step_trainer_trusted": trusted, "step_reading_owners_trusted": trusted_owners}

    trained = step(JOBS[3], curated_devices)

    def same_time() -> DataFrame:
        pairs = trained["step_trainer_trusted"].join(
            accelerometer_trusted, F.col("timestamp") == F.col("sensorReadingTime")
        )
        if profile == "strict":  # only the phone of the step reading's owner
            owners = trained["step_reading_owners_trusted"].withColumnRenamed("owner", "user")
            pairs = pairs.join(owners, ["sensorReadingTime", "serialNumber", "user"], "left_semi")
        return pairs.select(*step_columns, "timestamp", "x", "y", "z")

    step(JOBS[4], lambda: {"machine_learning_curated": same_time()})
    spark.catalog.clearCache()
    return {"tables": {table: counts[table] for table in TABLES}, "unreadable": unreadable, "steps_s": steps_s}


def landing_bytes(landing: Path) -> int:
    """Size of the landing files, as ``stedi.pipeline.landing_bytes`` measures them for the pipeline's session."""
    return sum(p.stat().st_size for e in ENTITIES for p in (Path(landing) / e / "landing").rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stedi.bench_plain", description=__doc__.splitlines()[0])
    parser.add_argument("landing", type=Path, help="landing folder: <entity>/landing/*.json")
    parser.add_argument("--profile", choices=PROFILES, default="strict")
    parser.add_argument("--json", type=Path, required=True, help="write tables, unreadable and steps_s here")
    args = parser.parse_args(argv)
    from stedi.spark import local_spark

    with tempfile.TemporaryDirectory(prefix="stedi-plain-") as scratch:
        started = time.perf_counter()
        spark = local_spark(Path(scratch), data_bytes=landing_bytes(args.landing))
        spark_start = time.perf_counter() - started
        print(f"Spark session ready in {spark_start:.1f}s", flush=True)
        result = plain_pipeline(spark, args.landing, args.profile, progress=lambda m: print(m, flush=True))
        result["steps_s"] = {"spark_start": spark_start, **result["steps_s"]}
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The one local Spark session: settings that only make sense on a laptop live here, never in the Glue scripts."""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

from awsglue.local import LAKE_CONF

# Below this much landing data a run is short, and the JVM's optimising compiler (C2) costs more CPU than it saves:
# on the real data (~10 MB) C1 only cut the run's CPU time from 77 s to 44 s. At 10x (~100 MB) it is the other way
# round (112 s with the default tiered JIT, 149 s with C1 only): JSON parsing needs C2.
QUICK_JIT_MAX_BYTES = 32 * 2**20


def local_spark(
    lake: Path, shuffle_partitions: int = 4, driver_memory: str = "4g", data_bytes: int | None = None
) -> SparkSession:
    """Start (or reuse) a local Spark session whose s3:// paths map to ``lake``.

    :param data_bytes: how much input the session will read, if known; small inputs get a quick-starting JVM
        (C1 compiler only). Only applies when this call starts the JVM.
    """
    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    lake = Path(lake).resolve()
    java_options = [f"-Dderby.system.home={lake / '_derby'}"]
    if data_bytes is not None and data_bytes < QUICK_JIT_MAX_BYTES:
        java_options.append("-XX:TieredStopAtLevel=1")
    java_options.append(os.environ.get("STEDI_SPARK_JAVA_OPTIONS", ""))  # for experiments
    spark = (
        SparkSession.builder.master(os.environ.get("STEDI_SPARK_MASTER", "local[2]"))
        .appName("stedi-local-glue")
        .config("spark.driver.memory", driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # Small data on two cores: Spark's default of 200 shuffle partitions is pure overhead here.
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.warehouse.dir", str(lake / "_spark_warehouse"))
        .config("spark.driver.extraJavaOptions", " ".join(java_options).strip())
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.conf.set(LAKE_CONF, str(lake))
    return spark

"""The one local Spark session: settings that only make sense on a laptop live here, never in the Glue scripts."""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

from awsglue.local import LAKE_CONF


def local_spark(lake: Path, shuffle_partitions: int = 4, driver_memory: str = "4g") -> SparkSession:
    """Start (or reuse) a local Spark session whose s3:// paths map to ``lake``."""
    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    lake = Path(lake).resolve()
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
        .config(
            "spark.driver.extraJavaOptions",
            f"-Dderby.system.home={lake / '_derby'} " + os.environ.get("STEDI_SPARK_JAVA_OPTIONS", ""),
        )
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.conf.set(LAKE_CONF, str(lake))
    return spark

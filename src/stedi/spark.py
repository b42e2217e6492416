"""The one local Spark session: settings that only make sense on a laptop live here, never in the Glue scripts."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pyspark
from pyspark.sql import SparkSession

from awsglue.local import LAKE_CONF, configure_spark
from stedi.catalog import REPO

# Below this much landing data a run is short, and its time goes to starting many tiny Spark jobs, not to the data:
# - the JVM's optimising compiler (C2) costs more CPU than it saves: on the real data (~10 MB) C1 only cut the
#   run's CPU time from 77 s to 44 s. At 10x (~100 MB) it is the other way round (112 s with the default tiered
#   JIT, 149 s with C1 only): JSON parsing needs C2.
# - adaptive query execution re-plans after every shuffle and runs each query stage as a Spark job of its own:
#   on the real data it costs ~3 s of a ~25 s run (medians of 4 runs: 25.9 s with it, 23.2 s without). On big
#   inputs it pays for itself (coalesced partitions, joins switched to broadcast).
SMALL_INPUT_MAX_BYTES = 32 * 2**20
CDS_DIR = REPO / ".cache" / "jvm"
HEAP_MIN_MIB, HEAP_MAX_MIB = 1024, 4096


def cds_archive() -> Path:
    """Where this install's class-data-sharing archive lives (see ``stedi.cds``).

    An archive only fits the JVM and the Spark jars it was dumped from, so its name carries both.
    """
    java = os.environ.get("JAVA_HOME") or os.path.realpath(shutil.which("java") or "java")
    key = hashlib.sha256(f"{java}|{pyspark.__version__}|{Path(pyspark.__file__).parent}".encode()).hexdigest()
    return CDS_DIR / f"spark-{key[:12]}.jsa"


def heap_for(data_bytes: int | None) -> str:
    """The driver JVM's heap for a run reading ``data_bytes`` of landing data (the whole cluster, locally).

    A heap larger than the data needs is not free: the JVM grows into it before it collects, so a 4 GiB heap made a
    run of 10 MB peak at 4.4 GiB of memory. 1 GiB is the floor (Spark's own structures, the Parquet writers and a
    few cached frames); above it, three bytes of heap per landing byte (the JSON is parsed into rows, shuffled and
    joined) up to the former fixed 4 GiB. Unknown size: the ceiling.
    """
    if data_bytes is None:
        return f"{HEAP_MAX_MIB}m"
    return f"{max(HEAP_MIN_MIB, min(HEAP_MAX_MIB, 512 + 3 * data_bytes // 2**20))}m"


def spark_settings(
    lake: Path,
    shuffle_partitions: int = 4,
    driver_memory: str | None = None,
    data_bytes: int | None = None,
    long_lived: bool = False,
) -> dict[str, str]:
    """The Spark properties of a local run on ``lake``: what Glue's driver would have, sized for a laptop.

    :param driver_memory: the driver's heap; default: sized to ``data_bytes`` (``heap_for``)
    :param data_bytes: how much input the run will read, if known; small inputs get a quick-starting JVM
        (C1 compiler only) and no adaptive query execution.
    :param long_lived: the session serves many runs (``stedi dev``): keep the optimising compiler (C2), whose
        cost a short run never earns back but which makes every re-run of the same statements faster.
    """
    driver_memory = driver_memory or heap_for(data_bytes)
    lake = Path(lake).resolve()
    small = data_bytes is not None and data_bytes < SMALL_INPUT_MAX_BYTES
    java_options = [f"-Dderby.system.home={lake / '_derby'}"]
    if small and not long_lived:
        java_options.append("-XX:TieredStopAtLevel=1")
    archive = cds_archive()
    if archive.is_file() and not os.environ.get("STEDI_NO_CDS"):
        # Spark's ~15,000 classes, loaded from the archive (parsed and verified once, at `make setup`) instead of
        # from the jars: the session starts in ~2.5 s instead of ~5.5 s. A stale archive is ignored by the JVM.
        java_options += [f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
    java_options.append(os.environ.get("STEDI_SPARK_JAVA_OPTIONS", ""))  # for experiments
    return {
        "spark.master": os.environ.get("STEDI_SPARK_MASTER", "local[2]"),
        "spark.app.name": "stedi-local-glue",
        "spark.driver.memory": driver_memory,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        # Small data on two cores: Spark's default of 200 shuffle partitions is pure overhead here.
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.sql.adaptive.enabled": str(not small).lower(),
        "spark.sql.warehouse.dir": str(lake / "_spark_warehouse"),
        "spark.driver.extraJavaOptions": " ".join(o for o in java_options if o),
    }


def configure_local_spark(
    lake: Path, data_bytes: int | None = None, verbose: bool = False, long_lived: bool = False
) -> None:
    """Configure, without starting it, the Spark that the next Glue script starts with ``SparkContext()``."""
    configure_spark(lake, spark_settings(lake, data_bytes=data_bytes, long_lived=long_lived), verbose=verbose)


def local_spark(lake: Path, data_bytes: int | None = None, verbose: bool = False) -> SparkSession:
    """Start (or reuse) a local Spark session whose s3:// paths map to ``lake``: for stedi's own queries and tests.

    The settings only apply when this call starts the JVM (see ``awsglue.local``); the lake always does.
    """
    configure_local_spark(lake, data_bytes, verbose)
    spark = SparkSession.builder.getOrCreate()
    spark.conf.set(LAKE_CONF, str(Path(lake).resolve()))
    return spark

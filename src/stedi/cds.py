"""Java's class-data-sharing archive of the classes a pipeline run loads (``make setup``), for quicker Spark starts.

``python -m stedi.cds`` builds it. A module of its own because it runs the pipeline: ``stedi.spark`` (which the
pipeline imports) only says where the archive lives (``cds_archive``) and uses it when it is there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from stedi.generate import generate
from stedi.pipeline import run_pipeline
from stedi.spark import cds_archive


def build_cds_archive() -> Path:
    """Dump the classes a pipeline run loads into ``cds_archive()`` (Java's AppCDS).

    Runs the pipeline once on a small generated sample in a JVM started with ``-XX:ArchiveClassesAtExit``; the JVM
    writes the archive when it exits. Written under a temporary name and renamed, so a reader never finds half
    an archive.
    """
    from pyspark import SparkContext

    target = cds_archive()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob("*.partial"):  # left by a build that was interrupted
        stale.unlink()
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial")
    os.environ["STEDI_NO_CDS"] = "1"
    # Quiet: the JVM warns about each class it cannot archive (e.g. from signed jars), a thousand lines.
    os.environ["STEDI_SPARK_JAVA_OPTIONS"] = f"-XX:ArchiveClassesAtExit={partial} -Xlog:cds=off -Xlog:cds+dynamic=off"
    with tempfile.TemporaryDirectory(prefix="stedi-cds-") as tmp:
        generate(Path(tmp) / "landing", scale=0.1)
        run_pipeline(Path(tmp) / "lake", Path(tmp) / "landing", progress=lambda message: None)
        gateway = SparkContext._gateway
        SparkContext._active_spark_context.stop()
        gateway.shutdown()
        gateway.proc.stdin.close()  # the JVM of a PySpark session exits when its stdin closes
        if gateway.proc.wait(timeout=300) != 0 or not partial.is_file():
            raise RuntimeError(f"the JVM did not write a class-data-sharing archive to {partial}")
    os.replace(partial, target)
    return target


if __name__ == "__main__":
    if sys.argv[1:]:
        sys.exit("usage: python -m stedi.cds")
    print(f"class-data-sharing archive: {build_cds_archive()}")

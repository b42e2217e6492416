"""The local Spark session starts from the class-data-sharing archive that `make setup` builds."""

import os
import subprocess
import sys

from stedi.spark import cds_archive


def test_a_small_run_starts_spark_from_the_archive_built_by_setup_with_c1_and_no_aqe(tmp_path):
    archive = cds_archive()
    assert archive.is_file(), f"no class-data-sharing archive at {archive}: `make setup` builds it"
    log = tmp_path / "classes.log"
    env = dict(os.environ, STEDI_SPARK_JAVA_OPTIONS=f"-Xlog:class+load=info:file={log}")
    env.pop("STEDI_NO_CDS", None)
    code = (
        "import sys; from pathlib import Path; from stedi.spark import local_spark; "
        "spark = local_spark(Path(sys.argv[1]), data_bytes=10 * 2**20); "
        "print(spark.conf.get('spark.sql.adaptive.enabled'), spark.conf.get('spark.driver.extraJavaOptions')); "
        "assert spark.range(3).count() == 3"
    )
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "lake")], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    # A small input (10 MB, the real data's size): C1 only and no adaptive execution (see stedi.spark).
    adaptive, java_options = run.stdout.strip().splitlines()[-1].split(" ", 1)
    assert adaptive == "false" and "-XX:TieredStopAtLevel=1" in java_options.split()
    lines = log.read_text().splitlines()
    spark_context = [line for line in lines if "org.apache.spark.SparkContext " in line]
    assert spark_context and "source: shared objects file (top)" in spark_context[0], spark_context
    from_archive = sum("shared objects file (top)" in line for line in lines)
    assert from_archive > 5000, f"only {from_archive} classes came from {archive}"


def test_the_archive_name_follows_the_jvm(monkeypatch):
    monkeypatch.setenv("JAVA_HOME", "/opt/jdk-a")
    first = cds_archive()
    monkeypatch.setenv("JAVA_HOME", "/opt/jdk-b")
    assert cds_archive() != first
    assert first.suffix == ".jsa" and first.parent.name == "jvm"

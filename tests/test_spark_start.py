"""The local Spark session starts from the class-data-sharing archive that `make setup` builds."""

import os
import subprocess
import sys

from stedi.spark import cds_archive


def test_spark_classes_load_from_the_archive_built_by_setup(tmp_path):
    archive = cds_archive()
    assert archive.is_file(), f"no class-data-sharing archive at {archive}: `make setup` builds it"
    log = tmp_path / "classes.log"
    env = dict(os.environ, STEDI_SPARK_JAVA_OPTIONS=f"-Xlog:class+load=info:file={log}")
    env.pop("STEDI_NO_CDS", None)
    code = (
        "import sys; from pathlib import Path; from stedi.spark import local_spark; "
        "assert local_spark(Path(sys.argv[1])).range(3).count() == 3"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "lake")], env=env, check=True, capture_output=True)
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

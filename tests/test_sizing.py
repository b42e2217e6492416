"""Local-only speed and memory settings that must not change what a job computes."""

from __future__ import annotations

import json
import os

from stedi.spark import heap_for, spark_settings


def test_driver_heap_follows_the_landing_data():
    assert heap_for(10 * 2**20) == "1024m"  # the real data (~10 MB): the floor
    assert heap_for(200 * 2**20) == "1112m"
    assert heap_for(1100 * 2**20) == "3812m"  # ~100x the real data
    assert heap_for(5 * 2**30) == "4096m"
    assert heap_for(None) == "4096m"
    assert spark_settings("/tmp/lake", data_bytes=10 * 2**20)["spark.driver.memory"] == "1024m"
    assert spark_settings("/tmp/lake", driver_memory="2g")["spark.driver.memory"] == "2g"


def test_a_kept_inferred_schema_follows_the_files(tmp_path):
    """The inferred schema of a catalog JSON source is kept by its files: a changed file is inferred again."""
    from awsglue.context import _inferred_schema
    from stedi.spark import local_spark

    spark = local_spark(tmp_path / "lake")
    folder = tmp_path / "data"
    folder.mkdir()
    part = folder / "part-1.json"
    part.write_text(json.dumps({"a": 1}) + "\n")
    assert _inferred_schema(spark, folder, True).simpleString() == "struct<a:bigint>"
    stamp = part.stat().st_mtime_ns
    part.write_text(json.dumps({"a": 1, "B": "x"}) + "\n")
    os.utime(part, ns=(stamp + 10**9, stamp + 10**9))
    assert _inferred_schema(spark, folder, True).simpleString() == "struct<B:string,a:bigint>"
    (folder / "part-2.json").write_text(json.dumps({"c": 2.5}) + "\n")
    assert _inferred_schema(spark, folder, True).simpleString() == "struct<B:string,a:bigint,c:double>"


def test_a_long_lived_session_keeps_the_optimising_compiler():
    short = spark_settings("/tmp/lake", data_bytes=10 * 2**20)["spark.driver.extraJavaOptions"]
    warm = spark_settings("/tmp/lake", data_bytes=10 * 2**20, long_lived=True)["spark.driver.extraJavaOptions"]
    assert "-XX:TieredStopAtLevel=1" in short.split()
    assert "-XX:TieredStopAtLevel=1" not in warm.split()

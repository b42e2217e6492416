"""`stedi bench` helpers: progress parsing, the process-tree sampler, the references, the ratio, target evaluation."""

from __future__ import annotations

import sys

import pytest

from stedi import bench
from stedi.bench import (
    PLAIN_STEPS,
    REAL_EXPECTED,
    _job_times,
    _percentile,
    bench_scale,
    format_table,
    measure,
    targets,
)


def test_job_times_are_read_from_the_run_progress():
    output = (
        "Spark session ready in 6.6s\n[1/5] customer_landing_to_trusted ...\n"
        "[1/5] customer_landing_to_trusted done in 11.9s\ncounted the tables in 2.0s\n"
    )
    assert _job_times(output) == {"spark_start": 6.6, "customer_landing_to_trusted": 11.9, "count_tables": 2.0}


def test_plain_step_times_are_read_from_its_progress():
    output = "Spark session ready in 2.4s\nread_landing done in 3.1s\nstep_trainer_trusted done in 0.7s\n"
    assert _job_times(output, PLAIN_STEPS) == {"spark_start": 2.4, "read_landing": 3.1, "step_trainer_trusted": 0.7}


def test_a_child_still_sharing_its_parents_memory_is_counted_once(monkeypatch):
    # The JVM spawns each `chmod` through posix_spawn: until the child execs it is the JVM's memory, and /proc shows
    # the JVM's image and resident size for it too. Once it differs in either, it is a process of its own.
    jvm = bench._Stat(1, 1400 * 2**20, 30.0, ("5000", "1", "2", "3"))
    stats = {
        2: jvm,
        3: bench._Stat(2, 1400 * 2**20, 0.0, ("5000", "1", "2", "3")),  # spawned, not yet exec'd
        4: bench._Stat(2, 3 * 2**20, 0.0, ("900", "7", "8", "9")),  # exec'd chmod
        5: bench._Stat(2, 1300 * 2**20, 0.1, ("5000", "1", "2", "3")),  # a fork that went on on its own
    }
    monkeypatch.setattr(bench, "_stat", stats.get)
    total, cpu = bench._resident_and_cpu([2, 3, 4, 5, 6])
    assert total == (1400 + 3 + 1300) * 2**20
    assert cpu == {2: 30.0, 3: 0.0, 4: 0.0, 5: 0.1}


def test_measure_sees_the_memory_of_child_processes():
    # The parent only waits; a child holds ~200 MB: the peak must include it (as it includes Spark's JVM).
    child = "b = bytearray(200 * 2**20); import time; time.sleep(1.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    result = measure([sys.executable, "-c", parent], interval=0.05)
    assert result["returncode"] == 0
    assert result["peak_rss_bytes"] > 200 * 2**20


@pytest.mark.parametrize("profile", ["rubric", "standout", "strict"])
def test_the_duckdb_reference_gives_the_proven_counts_on_the_real_data(real_landing, tmp_path, profile):
    from stedi.bench import duckdb_pipeline

    assert duckdb_pipeline(real_landing, profile, tmp_path)["tables"] == REAL_EXPECTED[profile]


@pytest.mark.parametrize("profile", ["rubric", "standout", "strict"])
def test_the_plain_pyspark_reference_gives_the_proven_counts_on_the_real_data(real_landing, tmp_path, profile):
    # The README's real-data table; strict includes the attribution rule of step readings (sole serial carrier,
    # else the one phone at that time), which on the real data gives the same counts as the serial join.
    from stedi.bench_plain import landing_bytes, plain_pipeline
    from stedi.spark import local_spark

    spark = local_spark(tmp_path, data_bytes=landing_bytes(real_landing))
    result = plain_pipeline(spark, real_landing, profile)
    assert result["tables"] == REAL_EXPECTED[profile]
    assert result["unreadable"] == {"customer_landing": 0, "accelerometer_landing": 0, "step_trainer_landing": 0}
    assert list(result["steps_s"]) == list(PLAIN_STEPS)


def test_the_plain_reference_runs_in_its_own_process_and_reports_its_counts(real_landing, tmp_path):
    result = bench.run_plain(real_landing, "strict", tmp_path)
    assert result["tables"] == REAL_EXPECTED["strict"]
    assert set(result["steps_s"]) == {"spark_start", *PLAIN_STEPS}
    assert result["peak_rss_bytes"] > 0 and result["cpu_s"] > 0
    assert list(tmp_path.iterdir()) == []  # its scratch folder is removed


def _fake_run(wall: float, tables: dict) -> dict:
    return {"wall_s": wall, "cpu_s": wall, "peak_rss_bytes": 2**30, "steps_s": {}, "tables": dict(tables)}


@pytest.fixture
def fake_runs(monkeypatch):
    """``bench_scale`` with canned runs: the pipeline takes 29/30/31 s, the plain script 12/10/11 s."""
    expected = REAL_EXPECTED["strict"]
    pipeline, plain = iter([30.0, 29.0, 31.0]), iter([12.0, 10.0, 11.0])
    plain_tables = [expected, expected, expected]
    monkeypatch.setattr(bench, "run_spark", lambda *_: _fake_run(next(pipeline), expected))
    monkeypatch.setattr(bench, "run_plain", lambda *_: _fake_run(next(plain), plain_tables.pop(0)))
    monkeypatch.setattr(bench, "run_duckdb", lambda *_: _fake_run(1.0, expected))
    return plain_tables


def test_the_ratio_to_the_plain_script_is_in_the_report_and_the_table(fake_runs, tmp_path):
    scale = bench_scale("1", tmp_path, REAL_EXPECTED["strict"], "strict", 3, tmp_path, log=lambda _: None)
    assert scale["plain"]["wall_s"] == 11.0
    assert scale["pipeline_over_plain"] == 30.0 / 11.0
    assert scale["plain_counts_match"] is True
    report = {"scales": [scale]}
    assert "| 30.0 | 30 | 1.00 | 3,697 | 11.0 | 2.73x | 1.0 | 30.0x |" in format_table(report)
    assert targets(report)["counts_match_everywhere"] is True


def test_a_plain_count_that_differs_from_the_pipeline_fails_the_bench(fake_runs, tmp_path):
    fake_runs[1] = {**REAL_EXPECTED["strict"], "step_trainer_trusted": 11296}
    logged = []
    scale = bench_scale("1", tmp_path, REAL_EXPECTED["strict"], "strict", 3, tmp_path, log=logged.append)
    assert scale["counts_match_expected"] is True
    assert scale["plain_counts_match"] is False
    assert targets({"scales": [scale]})["counts_match_everywhere"] is False
    assert format_table({"scales": [scale]}).endswith("| NO |")
    assert [line for line in logged if "differ" in line] == [
        "1: plain PySpark run 2 counts differ from the pipeline's (plain, pipeline): "
        "{'step_trainer_trusted': (11296, 11297)}"
    ]


def test_targets_are_evaluated_from_the_report():
    def scale(label, wall, peak=1e9, ok=True, ratio=1.2):
        return {
            "scale": label,
            "wall_s": wall,
            "peak_rss_bytes": peak,
            "counts_match_expected": ok,
            "plain_counts_match": True,
            "pipeline_over_plain": ratio,
        }

    report = {
        "scales": [scale("real", 11.0, peak=2.5 * 2**30), scale("10", 20.0, ratio=1.4), scale("100", 230.0, peak=7e9)]
    }
    assert targets(report) == {
        "real_data_wall_le_12s": True,
        "scale_100_wall_le_240s": True,
        "scale_100_peak_le_6GB": False,
        "time_100_over_10_le_11": False,
        "counts_match_everywhere": True,
        "pipeline_over_plain_le_1.3": {"real": True, "10": False, "100": True},
        "peak_at_1x_le_2GiB": {"real": False},
        "warm_p50_le_5s": None,
        "warm_p95_le_8s": None,
    }
    report["warm"] = {"p50_s": 4.9, "p95_s": 8.1}
    assert (targets(report)["warm_p50_le_5s"], targets(report)["warm_p95_le_8s"]) == (True, False)


def test_percentile_is_nearest_rank():
    values = sorted(float(n) for n in range(1, 21))
    assert (_percentile(values, 50), _percentile(values, 95), _percentile(values, 100)) == (10.0, 19.0, 20.0)
    assert _percentile([3.0], 95) == 3.0


def test_landing_made_by_an_older_generator_is_made_again(monkeypatch, tmp_path):
    # A cached manifest whose answer lacks a table (written before step_reading_owners_trusted existed) would make
    # every run's counts differ from "the generator's"; the data is generated again instead.
    import json

    import stedi.generate
    from stedi.pipeline import TABLES

    folder = tmp_path / "scale-1-seed-0"
    folder.mkdir()
    old = {"expected": {"strict": dict.fromkeys(TABLES[:-2] + TABLES[-1:], 1)}}
    (folder / "manifest.json").write_text(json.dumps(old))
    made = []

    def generate(out, scale, seed):
        made.append((out, scale, seed))
        out.mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_text(json.dumps({"expected": {"strict": dict.fromkeys(TABLES, 2)}}))

    monkeypatch.setattr(stedi.generate, "generate", generate)
    landing, manifest = bench.landing_for(1, 0, cache=tmp_path)
    assert made == [(folder, 1, 0)] and landing == folder
    assert manifest["expected"]["strict"] == dict.fromkeys(TABLES, 2)
    assert bench.landing_for(1, 0, cache=tmp_path)[1] == manifest and len(made) == 1

"""`stedi bench` helpers: progress parsing, the process-tree sampler, the DuckDB reference, target evaluation."""

from __future__ import annotations

import sys

import pytest

from stedi.bench import REAL_EXPECTED, _job_times, measure, targets


def test_job_times_are_read_from_the_run_progress():
    output = (
        "Spark session ready in 6.6s\n[1/5] customer_landing_to_trusted ...\n"
        "[1/5] customer_landing_to_trusted done in 11.9s\ncounted the tables in 2.0s\n"
    )
    assert _job_times(output) == {"spark_start": 6.6, "customer_landing_to_trusted": 11.9, "count_tables": 2.0}


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


def test_targets_are_evaluated_from_the_report():
    def scale(label, wall, peak=1e9, ok=True):
        return {"scale": label, "wall_s": wall, "peak_rss_bytes": peak, "counts_match_expected": ok}

    report = {"scales": [scale("real", 11.0), scale("10", 20.0), scale("100", 230.0, peak=7e9)]}
    assert targets(report) == {
        "real_data_wall_le_12s": True,
        "scale_100_wall_le_240s": True,
        "scale_100_peak_le_6GB": False,
        "time_100_over_10_le_11": False,
        "counts_match_everywhere": True,
    }

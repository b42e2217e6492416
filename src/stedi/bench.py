"""``stedi bench``: what the local pipeline costs as the data grows, against DuckDB as a reference engine.

For each scale factor it generates landing data once (cached under ``.cache/bench/scale-N-seed-S``), then runs
``stedi run`` in a fresh process per run, so that Spark's start and the driver JVM's memory are part of the
measurement. It records the wall time of the whole run and of each job (median of the runs), rows per second,
the peak resident memory of the whole process tree (Python, the Spark driver JVM, Python workers) sampled from
``/proc``, and checks every table's row count against the generator's known answer. After each pipeline run the
same five steps run as a plain PySpark script (``stedi.bench_plain``: same Spark settings, fresh process, no
writes), measured the same way; the report gives ``pipeline wall / plain wall`` and checks that its counts equal
the pipeline's. The same five steps also run in DuckDB SQL on the same files as a floor to compare with. The
report is JSON, a table and a plot.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from stedi.pipeline import JOBS, TABLES
from stedi.spark import cds_archive

CACHE = Path(".cache/bench")
# Rows each job reads (its catalog inputs), for rows per second.
JOB_INPUTS = {
    "customer_landing_to_trusted": ("customer_landing",),
    "accelerometer_landing_to_trusted": ("accelerometer_landing", "customer_trusted"),
    "customer_trusted_to_curated": ("customer_trusted", "accelerometer_trusted"),
    "step_trainer_trusted": ("step_trainer_landing", "customer_curated"),
    "machine_learning_curated": ("step_trainer_trusted", "accelerometer_trusted", "step_reading_owners_trusted"),
}
ONE_X = ("real", "1")  # the scales the 1x memory target applies to
LANDING = ("customer_landing", "accelerometer_landing", "step_trainer_landing")
# The real starter data's counts (../shared/README.md; strict as proven by the pipeline tests).
_REAL_LANDING = {"customer_landing": 956, "accelerometer_landing": 81273, "step_trainer_landing": 28680}
REAL_EXPECTED = {
    profile: {**_REAL_LANDING, **dict(zip(TABLES[3:], counts, strict=True))}
    for profile, counts in {
        "rubric": (482, 40981, 482, 14460, 0, 43681),
        "standout": (482, 32025, 464, 13920, 0, 34437),
        "strict": (482, 32025, 464, 11297, 11297, 32025),
    }.items()
}


# -- process tree sampling ----------------------------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    children, pids, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


class _Stat(NamedTuple):
    ppid: int
    rss: int  # resident bytes
    cpu_s: float  # user + system
    image: tuple  # virtual size, code and stack addresses


def _stat(pid: int) -> _Stat | None:
    """One process's ``/proc`` stat; None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    image = (fields[20], fields[23], fields[24], fields[25])
    return _Stat(
        int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE"), (int(fields[11]) + int(fields[12])) / ticks, image
    )


def _resident_and_cpu(pids: list[int]) -> tuple[int, dict[int, float]]:
    """Resident bytes of the processes ``pids`` together, and each one's CPU seconds.

    A child whose memory is still its parent's (same image, same resident size) is not counted again: the Spark JVM
    runs each ``chmod`` of Hadoop's local file system (about 145 per real-data run) through posix_spawn, whose child
    shares the JVM's memory, and shows all of it, until it execs. Summed, a 1.4 GB JVM read as a 2.9 GB peak."""
    stats = {pid: stat for pid in pids if (stat := _stat(pid))}
    total = 0
    for stat in stats.values():
        parent = stats.get(stat.ppid)
        if parent is None or (parent.rss, parent.image) != (stat.rss, stat.image):
            total += stat.rss
    return total, {pid: stat.cpu_s for pid, stat in stats.items()}


def measure(command: list[str], env: dict | None = None, interval: float = 0.25) -> dict:
    """Run ``command``; return its exit code, output, wall seconds, peak tree RSS and CPU seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
    )
    output: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    peak, cpu = 0, {}
    while process.poll() is None:
        total, seconds = _resident_and_cpu(_tree(process.pid))
        for pid, used in seconds.items():
            cpu[pid] = max(cpu.get(pid, 0.0), used)
        peak = max(peak, total)
        time.sleep(interval)
    wall = time.perf_counter() - started
    reader.join()
    return {
        "returncode": process.returncode,
        "output": "".join(output),
        "wall_s": wall,
        "peak_rss_bytes": peak,
        "cpu_s": sum(cpu.values()),
    }


# -- the Spark pipeline -------------------------------------------------------------------------------------
def landing_for(scale: float, seed: int, cache: Path = CACHE) -> tuple[Path, dict]:
    """Generated landing data for ``scale`` (cached, keyed by scale and seed) and its manifest."""
    from stedi.generate import generate

    folder = cache / f"scale-{scale:g}-seed-{seed}"
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file() and not _answers_every_table(json.loads(manifest_path.read_text())):
        _remove(folder)  # written by an older generator, before a table was added: its answer would be short
    if not manifest_path.is_file():
        generate(folder, scale=scale, seed=seed)
    return folder, json.loads(manifest_path.read_text())


def _answers_every_table(manifest: dict) -> bool:
    return all(set(TABLES) <= set(counts) for counts in manifest["expected"].values())


def _job_times(output: str, steps: tuple[str, ...] = JOBS) -> dict[str, float]:
    times = {}
    for line in output.splitlines():
        for job in steps:
            marker = f"{job} done in "
            if marker in line:
                times[job] = float(line.split(marker)[1].rstrip("s \n"))
        if line.startswith("Spark session ready in "):
            times["spark_start"] = float(line.rsplit(" ", 1)[1].rstrip("s"))
        if line.startswith("counted the tables in "):
            times["count_tables"] = float(line.rsplit(" ", 1)[1].rstrip("s"))
    return times


def run_spark(landing: Path, profile: str, work: Path) -> dict:
    """One ``stedi run`` in a fresh process on a fresh lake."""
    lake = Path(tempfile.mkdtemp(prefix="lake-", dir=work))
    summary_path = lake.parent / f"{lake.name}.json"
    command = [sys.executable, "-m", "stedi.cli", "run", "--landing", str(landing), "--lake", str(lake)]
    command += ["--profile", profile, "--summary-json", str(summary_path)]
    result = measure(command)
    if result["returncode"] != 0:
        raise RuntimeError(f"stedi run failed on {landing} (exit {result['returncode']}):\n{result['output'][-3000:]}")
    summary = json.loads(summary_path.read_text())
    _remove(lake)
    summary_path.unlink()
    return {
        "wall_s": result["wall_s"],
        "cpu_s": result["cpu_s"],
        "peak_rss_bytes": result["peak_rss_bytes"],
        "steps_s": _job_times(result["output"]),
        "tables": summary["tables"],
    }


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


# -- the plain PySpark reference ----------------------------------------------------------------------------
PLAIN_STEPS = ("read_landing", *JOBS)


def run_plain(landing: Path, profile: str, work: Path) -> dict:
    """One run of the plain PySpark script (``stedi.bench_plain``) in a fresh process, measured as ``run_spark``."""
    report = Path(tempfile.mkdtemp(prefix="plain-", dir=work)) / "report.json"
    command = [sys.executable, "-m", "stedi.bench_plain", str(landing), "--profile", profile, "--json", str(report)]
    result = measure(command)
    if result["returncode"] != 0:
        raise RuntimeError(f"plain PySpark reference failed on {landing}:\n{result['output'][-3000:]}")
    data = json.loads(report.read_text())
    _remove(report.parent)
    return {
        "wall_s": result["wall_s"],
        "cpu_s": result["cpu_s"],
        "peak_rss_bytes": result["peak_rss_bytes"],
        "steps_s": _job_times(result["output"], PLAIN_STEPS),
        "tables": data["tables"],
        "unreadable": data["unreadable"],
    }


def summarize_plain(plain_runs: list[dict], tables: dict[str, int]) -> dict:
    """The plain runs' medians, and whether every run counted exactly the pipeline's ``tables``."""
    steps = plain_runs[0]["steps_s"]
    return {
        "runs": plain_runs,
        "wall_s": _median([r["wall_s"] for r in plain_runs]),
        "cpu_s": _median([r["cpu_s"] for r in plain_runs]),
        "peak_rss_bytes": max(r["peak_rss_bytes"] for r in plain_runs),
        "steps_s": {name: _median([r["steps_s"].get(name, float("nan")) for r in plain_runs]) for name in steps},
        "tables": plain_runs[0]["tables"],
        "counts_match": all(r["tables"] == tables for r in plain_runs),
    }


# -- the DuckDB reference -----------------------------------------------------------------------------------
DUCKDB_STEPS = {
    "customer_trusted": """
        SELECT * FROM customer_landing
        WHERE email IS NOT NULL AND serialNumber IS NOT NULL AND shareWithResearchAsOfDate IS NOT NULL""",
    "accelerometer_trusted": """
        SELECT a.user, a.timestamp, a.x, a.y, a.z
        FROM accelerometer_landing a JOIN customer_trusted c ON a.user = c.email
        WHERE a.timestamp IS NOT NULL AND a.x IS NOT NULL AND a.y IS NOT NULL AND a.z IS NOT NULL
          AND ('{profile}' = 'rubric' OR a.timestamp >= c.shareWithResearchAsOfDate)""",
    "customer_curated": """
        SELECT * FROM customer_trusted c
        WHERE EXISTS (SELECT 1 FROM accelerometer_trusted a WHERE a.user = c.email)""",
    "step_trainer_trusted": """
        SELECT s.sensorReadingTime, s.serialNumber, s.distanceFromObject
        FROM step_trainer_landing s
        WHERE s.distanceFromObject IS NOT NULL AND EXISTS (
          SELECT 1 FROM customer_curated c WHERE c.serialNumber = s.serialNumber
            AND ('{profile}' <> 'strict' OR s.sensorReadingTime >= c.shareWithResearchAsOfDate))""",
    # The reference's strict owner is the curated customer whose record carries the serial (the generator reuses
    # no serial, so on generated data that is the owner the pipeline attributes); one row per reading key.
    "step_reading_owners_trusted": """
        SELECT DISTINCT s.sensorReadingTime, s.serialNumber, c.email AS owner
        FROM step_trainer_trusted s JOIN customer_curated c ON c.serialNumber = s.serialNumber
        WHERE '{profile}' = 'strict' AND s.sensorReadingTime >= c.shareWithResearchAsOfDate""",
    "machine_learning_curated": """
        SELECT s.sensorReadingTime, s.serialNumber, s.distanceFromObject, a.timestamp, a.x, a.y, a.z
        FROM step_trainer_trusted s JOIN accelerometer_trusted a ON a.timestamp = s.sensorReadingTime
        WHERE '{profile}' <> 'strict' OR EXISTS (
          SELECT 1 FROM customer_curated c WHERE c.serialNumber = s.serialNumber AND c.email = a.user)""",
}
LANDING_COLUMNS = {
    "customer_landing": {
        "customerName": "VARCHAR",
        "email": "VARCHAR",
        "phone": "VARCHAR",
        "birthDay": "VARCHAR",
        "serialNumber": "VARCHAR",
        "registrationDate": "BIGINT",
        "lastUpdateDate": "BIGINT",
        "shareWithResearchAsOfDate": "BIGINT",
        "shareWithPublicAsOfDate": "BIGINT",
        "shareWithFriendsAsOfDate": "BIGINT",
    },
    "accelerometer_landing": {"user": "VARCHAR", "timestamp": "BIGINT", "x": "DOUBLE", "y": "DOUBLE", "z": "DOUBLE"},
    "step_trainer_landing": {"sensorReadingTime": "BIGINT", "serialNumber": "VARCHAR", "distanceFromObject": "BIGINT"},
}


def duckdb_pipeline(landing: Path, profile: str, out: Path) -> dict:
    """The five steps in DuckDB: typed JSON reads, each step written as snappy Parquet, then counted."""
    import duckdb

    con = duckdb.connect()
    counts, steps = {}, {}
    for table, columns in LANDING_COLUMNS.items():
        entity = table.removesuffix("_landing")
        spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
        glob = str(landing / entity / "landing" / "*.json")
        con.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_json('{glob}', format='newline_delimited', "
            f"columns={spec}, ignore_errors=true)"
        )
    for table, sql in DUCKDB_STEPS.items():
        started = time.perf_counter()
        path = out / f"{table}.parquet"
        con.execute(f"COPY ({sql.format(profile=profile)}) TO '{path}' (FORMAT parquet, COMPRESSION snappy)")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
        steps[table] = time.perf_counter() - started
    for table in TABLES:
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return {"tables": counts, "steps_s": steps}


def run_duckdb(landing: Path, profile: str, work: Path) -> dict:
    out = Path(tempfile.mkdtemp(prefix="duckdb-", dir=work))
    report = out / "report.json"
    code = (
        "import json, sys; from pathlib import Path; from stedi.bench import duckdb_pipeline; "
        f"r = duckdb_pipeline(Path({str(landing)!r}), {profile!r}, Path({str(out)!r})); "
        f"Path({str(report)!r}).write_text(json.dumps(r))"
    )
    result = measure([sys.executable, "-c", code])
    if result["returncode"] != 0:
        raise RuntimeError(f"DuckDB reference failed on {landing}:\n{result['output'][-3000:]}")
    data = json.loads(report.read_text())
    _remove(out)
    return {"wall_s": result["wall_s"], "cpu_s": result["cpu_s"], "peak_rss_bytes": result["peak_rss_bytes"], **data}


# -- the warm loop (stedi dev) ------------------------------------------------------------------------------
def warm_edits(landing: Path, profile: str, work: Path, edits: int) -> dict:
    """``edits`` simulated saves of the jobs' scripts in one ``stedi dev`` loop (a fresh process, Spark started
    once): the seconds from each save to the counts printed, cycling over the jobs in order. Each save appends a
    comment, which changes no row, so the loop skips the downstream jobs; every other round of five saves stands
    for edits that change their job's rows: the loop forgets what rows the job's tables had, so the jobs downstream
    run too (editing the first job re-runs all five). The loop's own polling (every ``stedi.dev.POLL_SECONDS``) adds up
    to that much to what a person waits; it is not in these numbers."""
    import shutil

    from stedi.dev import DevLoop
    from stedi.layout import SCRIPTS_DIR

    scripts = work / "glue_scripts"
    shutil.copytree(SCRIPTS_DIR, scripts)
    loop = DevLoop(work / "lake", landing, profile, scripts_dir=scripts, out=lambda _message: None)
    started = time.perf_counter()
    first = loop.start()
    cold = time.perf_counter() - started
    latencies = []
    for number in range(edits):
        job = JOBS[number % len(JOBS)]
        script = scripts / f"{job}.py"
        script.write_text(script.read_text() + f"# edit {number}\n")
        # The next stamp even within the file system clock's resolution: every save is seen.
        stamp = script.stat().st_mtime_ns + 1_000_000_000 * (number + 1)
        os.utime(script, ns=(stamp, stamp))
        rows_changed = (number // len(JOBS)) % 2 == 1
        if rows_changed:  # as if the edit changed the rows of the tables the job writes
            for table in loop.writes.get(job, ()):
                loop.fingerprints.pop(table, None)
        saved, cpu = time.perf_counter(), _tree_cpu()
        ran = loop.poll()
        seconds = time.perf_counter() - saved
        # CPU seconds of this process and its JVM: on a shared machine, the part of the latency that load cannot
        # stretch.
        latencies.append(
            {"job": job, "ran": ran, "rows_changed": rows_changed, "seconds": seconds, "cpu_s": _tree_cpu() - cpu}
        )
        if loop.summary != first or loop.failed:
            raise RuntimeError(f"warm loop: edit {number} of {job} changed the counts: {loop.summary} != {first}")
    return {"cold_s": cold, "edits": latencies, "tables": first["tables"]}


def _tree_cpu() -> float:
    return sum(_resident_and_cpu(_tree(os.getpid()))[1].values())


def run_warm(landing: Path, profile: str, work: Path, edits: int) -> dict:
    """``warm_edits`` in a fresh process, measured as ``run_spark`` (peak memory of the warm loop's tree)."""
    out = Path(tempfile.mkdtemp(prefix="warm-", dir=work))
    report = out / "report.json"
    code = (
        "import json; from pathlib import Path; from stedi.bench import warm_edits; "
        f"r = warm_edits(Path({str(landing)!r}), {profile!r}, Path({str(out)!r}), {edits}); "
        f"Path({str(report)!r}).write_text(json.dumps(r))"
    )
    result = measure([sys.executable, "-c", code])
    if result["returncode"] != 0:
        raise RuntimeError(f"warm loop failed on {landing}:\n{result['output'][-3000:]}")
    data = json.loads(report.read_text())
    _remove(out)
    seconds = sorted(e["seconds"] for e in data["edits"])
    same = sorted(e["seconds"] for e in data["edits"] if not e["rows_changed"])
    changed = [e for e in data["edits"] if e["rows_changed"]]
    per_job = {job: [e["seconds"] for e in changed if e["job"] == job] for job in JOBS}
    per_job = {job: _median(values) if values else None for job, values in per_job.items()}
    return {
        **data,
        "p50_s": _percentile(seconds, 50),
        "p95_s": _percentile(seconds, 95),
        "same_rows_p50_s": _percentile(same, 50) if same else None,
        "same_rows_p95_s": _percentile(same, 95) if same else None,
        "cpu_p50_s": _percentile(sorted(e["cpu_s"] for e in data["edits"]), 50),
        "per_job_median_s": per_job,
        "peak_rss_bytes": result["peak_rss_bytes"],
        "cpu_s": result["cpu_s"],
    }


def _percentile(sorted_values: list[float], percent: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th)."""
    import math

    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(percent / 100 * len(sorted_values)) - 1)]


# -- the benchmark ------------------------------------------------------------------------------------------
def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_scale(label: str, landing: Path, expected: dict | None, profile: str, runs: int, work: Path, log) -> dict:
    spark_runs, plain_runs = [], []
    for number in range(1, runs + 1):
        log(f"{label}: stedi run {number}/{runs} ...")
        result = run_spark(landing, profile, work)
        peak_gib = result["peak_rss_bytes"] / 2**30
        log(f"{label}: stedi run {number}/{runs}: {result['wall_s']:.1f}s, peak {peak_gib:.2f} GiB")
        spark_runs.append(result)
        # Interleaved with the pipeline's runs, so that a change in the machine's load hits both alike.
        plain = run_plain(landing, profile, work)
        log(f"{label}: plain PySpark run {number}/{runs}: {plain['wall_s']:.1f}s")
        plain_runs.append(plain)
    log(f"{label}: DuckDB reference ...")
    duck = run_duckdb(landing, profile, work)
    tables = spark_runs[0]["tables"]
    counts_ok = all(r["tables"] == tables for r in spark_runs)
    if expected is not None:
        counts_ok = counts_ok and tables == expected
    steps = {
        name: _median([r["steps_s"].get(name, float("nan")) for r in spark_runs]) for name in spark_runs[0]["steps_s"]
    }
    wall = _median([r["wall_s"] for r in spark_runs])
    landing_rows = sum(tables[t] for t in LANDING)
    plain = summarize_plain(plain_runs, tables)
    for number, run in enumerate(plain_runs, start=1):
        differ = {t: (run["tables"].get(t), n) for t, n in tables.items() if run["tables"].get(t) != n}
        if differ:
            log(f"{label}: plain PySpark run {number} counts differ from the pipeline's (plain, pipeline): {differ}")
    return {
        "scale": label,
        "landing_rows": landing_rows,
        "tables": tables,
        "expected": expected,
        "counts_match_expected": counts_ok,
        "duckdb_counts_match": duck["tables"] == tables,
        "runs": spark_runs,
        "wall_s": wall,
        "cpu_s": _median([r["cpu_s"] for r in spark_runs]),
        "peak_rss_bytes": max(r["peak_rss_bytes"] for r in spark_runs),
        "steps_s": steps,
        "rows_per_s": landing_rows / wall,
        "job_rows_per_s": {job: sum(tables[t] for t in JOB_INPUTS[job]) / steps[job] for job in JOBS if steps.get(job)},
        "duckdb": duck,
        "spark_over_duckdb": wall / duck["wall_s"],
        "plain": plain,
        "plain_counts_match": plain["counts_match"],
        "pipeline_over_plain": wall / plain["wall_s"],
    }


def machine() -> dict:
    with open("/proc/meminfo") as handle:
        mem_kb = int(handle.readline().split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
        "spark_cds_archive": cds_archive().is_file(),  # built by `make setup`; ~3 s off each Spark start
    }


def targets(report: dict) -> dict:
    """The issue's targets, evaluated on this report (None where the report lacks the scale)."""
    scales = report["scales"]
    by = {s["scale"]: s for s in scales}
    real = by.get("real")
    s10, s100 = by.get("10"), by.get("100")
    return {
        "real_data_wall_le_12s": None if real is None else real["wall_s"] <= 12,
        "scale_100_wall_le_240s": None if s100 is None else s100["wall_s"] <= 240,
        "scale_100_peak_le_6GB": None if s100 is None else s100["peak_rss_bytes"] <= 6e9,
        "time_100_over_10_le_11": None if (s10 is None or s100 is None) else s100["wall_s"] / s10["wall_s"] <= 11,
        "counts_match_everywhere": all(s["counts_match_expected"] and s["plain_counts_match"] for s in scales),
        "pipeline_over_plain_le_1.3": {s["scale"]: s["pipeline_over_plain"] <= 1.3 for s in scales} or None,
        "peak_at_1x_le_2GiB": {s["scale"]: s["peak_rss_bytes"] <= 2 * 2**30 for s in scales if s["scale"] in ONE_X}
        or None,
        "warm_p50_le_5s": None if "warm" not in report else report["warm"]["p50_s"] <= 5,
        "warm_p95_le_8s": None if "warm" not in report else report["warm"]["p95_s"] <= 8,
    }


def format_table(report: dict) -> str:
    head = ["scale", "landing rows", "wall s (median)", "CPU s", "peak GiB", "rows/s"]
    head += ["plain PySpark s", "pipeline/plain", "DuckDB s", "Spark/DuckDB"]
    # No Spark-start column: the scripts start Spark themselves, as on Glue, so its start is inside the first job.
    head += [j for j in JOBS] + ["counts ok"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in report["scales"]:
        cells = [
            s["scale"],
            f"{s['landing_rows']:,}",
            f"{s['wall_s']:.1f}",
            f"{s['cpu_s']:.0f}",
            f"{s['peak_rss_bytes'] / 2**30:.2f}",
            f"{s['rows_per_s']:,.0f}",
            f"{s['plain']['wall_s']:.1f}",
            f"{s['pipeline_over_plain']:.2f}x",
            f"{s['duckdb']['wall_s']:.1f}",
            f"{s['spark_over_duckdb']:.1f}x",
        ]
        cells += [f"{s['steps_s'].get(j, float('nan')):.1f}" for j in JOBS]
        cells.append("yes" if s["counts_match_expected"] and s["plain_counts_match"] else "NO")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_warm(warm: dict) -> str:
    """The warm loop's line: per-edit latency percentiles, per job, and its peak memory."""
    medians = warm["per_job_median_s"].items()
    jobs = ", ".join(f"{job} {seconds:.1f}s" for job, seconds in medians if seconds is not None)
    same = ""
    if warm.get("same_rows_p50_s") is not None:
        same = f"; edits that change no row: p50 {warm['same_rows_p50_s']:.1f}s, p95 {warm['same_rows_p95_s']:.1f}s"
    return (
        f"warm loop ({warm['scale']}, {len(warm['edits'])} edits): p50 {warm['p50_s']:.1f}s, p95 {warm['p95_s']:.1f}s "
        f"(CPU p50 {warm['cpu_p50_s']:.1f}s){same}; "
        f"first run {warm['cold_s']:.1f}s, peak {warm['peak_rss_bytes'] / 2**30:.2f} GiB; median per edited job "
        f"whose rows change (with its downstream jobs): {jobs}"
    )


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = [s for s in report["scales"] if s["scale"] != "real"]
    x = [float(s["scale"]) for s in scales]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(x, [s["wall_s"] for s in scales], "o-", label="stedi run (Spark, incl. start)")
    left.plot(x, [s["plain"]["wall_s"] for s in scales], "^-.", label="plain PySpark, same steps, no writes")
    left.plot(x, [s["duckdb"]["wall_s"] for s in scales], "s--", label="DuckDB reference")
    if x:
        left.plot(x, [scales[0]["wall_s"] * v / x[0] for v in x], ":", color="grey", label="linear from 1x")
    left.set(xscale="log", yscale="log", xlabel="scale (1 = real data size)", ylabel="wall time, s (median)")
    left.set_title("Time")
    left.legend()
    right.plot(x, [s["peak_rss_bytes"] / 2**30 for s in scales], "o-", label="stedi run (process tree)")
    right.plot(x, [s["duckdb"]["peak_rss_bytes"] / 2**30 for s in scales], "s--", label="DuckDB reference")
    right.axhline(6e9 / 2**30, color="red", linewidth=0.8, label="6 GB target")
    right.set(xscale="log", xlabel="scale (1 = real data size)", ylabel="peak resident memory, GiB")
    right.set_title("Memory")
    right.legend()
    m = report["machine"]
    fig.suptitle(f"STEDI pipeline, profile {report['profile']}, {m['cpus']} CPUs, {m['memory_gib']} GiB")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def run_bench(
    scales: list[float],
    runs: int = 3,
    profile: str = "strict",
    seed: int = 0,
    real_landing: Path | None = None,
    cache: Path = CACHE,
    log=print,
    warm_edits: int = 20,
) -> dict:
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=cache))
    report = {"profile": profile, "runs": runs, "seed": seed, "machine": machine(), "scales": []}
    warm_landing = None
    try:
        if real_landing is not None:
            expected = REAL_EXPECTED[profile]
            report["scales"].append(bench_scale("real", Path(real_landing), expected, profile, runs, work, log))
            warm_landing = ("real", Path(real_landing))
        for scale in scales:
            landing, manifest = landing_for(scale, seed, cache)
            expected = manifest["expected"][profile]
            result = bench_scale(f"{scale:g}", landing, expected, profile, runs, work, log)
            if not result["counts_match_expected"]:
                log(f"scale {scale:g}: row counts {result['tables']} differ from the generator's {expected}")
            report["scales"].append(result)
            if warm_landing is None and scale <= 1:
                warm_landing = (f"{scale:g}", landing)
        if warm_edits and warm_landing is not None:
            label, landing = warm_landing
            log(f"{label}: warm loop (stedi dev), {warm_edits} edits ...")
            report["warm"] = {"scale": label, **run_warm(landing, profile, work, warm_edits)}
            log(f"{label}: warm loop p50 {report['warm']['p50_s']:.1f}s, p95 {report['warm']['p95_s']:.1f}s")
    finally:
        _remove(work)
    report["targets"] = targets(report)
    return report


# -- command line -------------------------------------------------------------------------------------------
def add_bench_parser(sub) -> None:
    """The ``stedi bench`` subcommand (added to the CLI's subparsers)."""
    from stedi.pipeline import PROFILES

    about = "time and memory of `stedi run` from 1x to 100x the data, vs plain PySpark and DuckDB"
    bench = sub.add_parser("bench", help=about)
    bench.add_argument("--scales", default="1,10,100", help="comma-separated scale factors (default: 1,10,100)")
    bench.add_argument("--runs", type=int, default=3, help="runs per scale; times are medians (default: 3)")
    bench.add_argument("--profile", choices=PROFILES, default="strict", help="privacy profile (default: strict)")
    bench.add_argument("--seed", type=int, default=0, help="generator seed (default: 0)")
    bench.add_argument("--real", type=Path, help="also benchmark this landing folder (the real starter data)")
    bench.add_argument("--cache", type=Path, default=CACHE, help=f"generated data cache (default: {CACHE})")
    bench.add_argument(
        "--warm-edits",
        type=int,
        default=20,
        help="simulated script saves in one `stedi dev` loop, on the real data (--real) or scale 1; 0: none",
    )
    bench.add_argument("--json", type=Path, help="write the report as JSON to this file")
    bench.add_argument("--plot", type=Path, help="write the time/memory plot (PNG) to this file")
    bench.set_defaults(func=_bench_command)


def _bench_command(args) -> int:
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    report = run_bench(
        scales, args.runs, args.profile, args.seed, args.real, args.cache, log=_log, warm_edits=args.warm_edits
    )
    print(format_table(report))
    if "warm" in report:
        print(format_warm(report["warm"]))
    print(json.dumps(report["targets"], indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.plot:
        plot(report, args.plot)
    return 0 if report["targets"]["counts_match_everywhere"] else 1


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

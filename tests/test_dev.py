"""``stedi dev``: edits re-run the saved job and the jobs downstream of it, and the lake ends as a fresh run's."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from stedi.dev import DevLoop, catalog_reads
from stedi.generate import generate
from stedi.layout import JOBS, TABLES
from stedi.pipeline import run_pipeline
from stedi.query import query


def save(path: Path, text: str) -> None:
    """Write ``text`` as an editor saves it; the modification time moves on even within the clock's resolution."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(stamp, stamp))


def table_rows(lake: Path) -> dict[str, list]:
    return {
        t: sorted(map(tuple, query(lake, f"SELECT * FROM {t}", database="stedi").collect()), key=repr) for t in TABLES
    }


def run_folders(lake: Path) -> dict[str, list[str]]:
    """The run= folders left under each published table's root (the publish step purges all but the live one)."""
    root = lake / "stedi-lake"
    return {
        str(folder.relative_to(root)): sorted(p.name for p in folder.glob("run=*"))
        for folder in sorted(root.glob("*/*"))
        if any(folder.glob("run=*"))
    }


def test_catalog_reads_of_the_rendered_scripts(repo_root):
    scripts = repo_root / "glue_scripts"
    assert catalog_reads(scripts / "customer_landing_to_trusted.py") == {"customer_landing"}
    assert catalog_reads(scripts / "customer_trusted_to_curated.py") == {"customer_trusted", "accelerometer_trusted"}
    assert catalog_reads(scripts / "machine_learning_curated.py") == {
        "step_trainer_trusted",
        "accelerometer_trusted",
        "step_reading_owners_trusted",
    }


@pytest.fixture(scope="module")
def dev(tmp_path_factory, repo_root):
    """A dev loop on generated sample data, over a copy of glue_scripts/ (the edits never touch the repository)."""
    tmp = tmp_path_factory.mktemp("dev")
    landing = tmp / "landing"
    generate(landing, scale=0.05, seed=3)
    scripts = tmp / "glue_scripts"
    shutil.copytree(repo_root / "glue_scripts", scripts)
    lines: list[str] = []
    loop = DevLoop(tmp / "lake", landing, "strict", scripts_dir=scripts, out=lines.append)
    first = loop.start()
    return loop, lines, scripts, landing, first, tmp


def test_dev_loop_edits_then_equals_a_fresh_run(dev):
    loop, lines, scripts, landing, first, tmp = dev
    assert first is not None and loop.failed is None
    assert loop.writes == {
        "customer_landing_to_trusted": {"customer_trusted"},
        "accelerometer_landing_to_trusted": {"accelerometer_trusted"},
        "customer_trusted_to_curated": {"customer_curated"},
        "step_trainer_trusted": {"step_trainer_trusted", "step_reading_owners_trusted"},
        "machine_learning_curated": {"machine_learning_curated"},
    }
    assert re.search(r"^Data Quality EvaluateDataQuality_node11: (\d+) of \1 rules passed$", "\n".join(lines), re.M)
    assert loop.poll() is None  # nothing saved

    # A saved script runs its job and the jobs that read what it writes, transitively, in job order.
    ml = scripts / "machine_learning_curated.py"
    save(ml, ml.read_text() + "# an edit\n")
    assert loop.poll() == ["machine_learning_curated"]
    assert loop.summary == first
    assert loop.downstream({"customer_trusted_to_curated"}) == [
        "customer_trusted_to_curated",
        "step_trainer_trusted",
        "machine_learning_curated",
    ]
    # machine_learning_curated reads both tables step_trainer_trusted writes
    assert loop.downstream({"step_trainer_trusted"}) == ["step_trainer_trusted", "machine_learning_curated"]

    # A failing job prints its error with the script's line; its downstream jobs are not run; the loop goes on.
    step = scripts / "step_trainer_trusted.py"
    original = step.read_text()
    broken = original.replace("job.commit()", "raise ValueError('boom')\njob.commit()")
    line = broken.splitlines().index("raise ValueError('boom')") + 1
    lines.clear()
    save(step, broken)
    assert loop.poll() == ["step_trainer_trusted", "machine_learning_curated"]
    assert loop.failed == "step_trainer_trusted"
    assert f"{step}, line {line}: ValueError: boom" in "\n".join(lines)
    assert "not run (downstream of step_trainer_trusted): machine_learning_curated" in lines
    save(step, original)
    assert loop.poll() == ["step_trainer_trusted", "machine_learning_curated"]
    assert loop.failed is None and loop.summary == first

    # An edit that changes a table's rows runs the jobs that read it, and so on; a downstream job whose tables kept
    # their rows is skipped. Upper-case names change customer_trusted and customer_curated (they carry the name), not
    # accelerometer_trusted, step_trainer_trusted or step_reading_owners_trusted (emails, no names), so
    # machine_learning_curated, which reads only those three, is skipped.
    landing_job = scripts / "customer_landing_to_trusted.py"
    original = landing_job.read_text()
    upper = original.replace(
        "\nSELECT\n  customerName,\n  email,", "\nSELECT\n  upper(customerName) AS customerName,\n  email,"
    )
    assert upper != original
    names = "SELECT customerName FROM customer_curated"
    before = sorted(r[0] for r in query(loop.lake, names, "stedi").collect())
    lines.clear()
    save(landing_job, upper)
    changed = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated",
               "step_trainer_trusted"]  # fmt: skip
    assert loop.poll() == changed
    assert "[5/5] machine_learning_curated skipped: the tables it reads have the same rows" in lines
    assert loop.summary == first
    assert sorted(r[0] for r in query(loop.lake, names, "stedi").collect()) == sorted(n.upper() for n in before)
    assert any(n != n.upper() for n in before)
    save(landing_job, original)
    assert loop.poll() == changed

    # A graph saved unchanged renders the same script: nothing to run. A graph edit re-renders the script and runs
    # the job; a node renamed changes no row, so the jobs after it are skipped.
    graph = scripts / "customer_landing_to_trusted.json"
    save(graph, graph.read_text())
    lines.clear()
    assert loop.poll() is None
    assert lines == ["customer_landing_to_trusted.json saved: customer_landing_to_trusted.py unchanged"]
    nodes = json.loads(graph.read_text())
    nodes["node-5"][next(iter(nodes["node-5"]))]["Name"] = "Current Customers"
    save(graph, json.dumps(nodes, indent=2) + "\n")
    lines.clear()
    assert loop.poll() == ["customer_landing_to_trusted"]
    assert lines[0] == "customer_landing_to_trusted.json saved: re-rendered customer_landing_to_trusted.py"
    assert sum(line.endswith("skipped: the tables it reads have the same rows") for line in lines) == 4
    assert "CurrentCustomers_node5 = sparkSqlQuery(" in (scripts / "customer_landing_to_trusted.py").read_text()

    # The lake after all that equals a fresh `stedi run`'s: counts, rows, and one live run= folder per table.
    fresh = tmp / "fresh-lake"
    assert run_pipeline(fresh, landing, "strict", progress=lambda _m: None) == loop.summary == first
    assert table_rows(loop.lake) == table_rows(fresh)
    assert {k: len(v) for k, v in run_folders(loop.lake).items()} == {k: 1 for k in run_folders(fresh)}


def test_a_landing_change_runs_every_job(dev):
    loop, lines, scripts, landing, first, tmp = dev
    part = next((landing / "customer" / "landing").glob("*.json"))
    save(part, part.read_text())
    assert loop.poll() == list(JOBS)
    assert loop.summary == first


def test_stedi_dev_command_line():
    from stedi.cli import build_parser

    args = build_parser().parse_args(["dev", "--landing", "/data", "--profile", "rubric", "--interval", "0.2"])
    assert (args.command, args.landing, args.profile, args.interval, args.lake) == (
        "dev",
        Path("/data"),
        "rubric",
        0.2,
        Path("lake"),
    )

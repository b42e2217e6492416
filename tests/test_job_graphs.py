"""The five jobs' graphs (glue_scripts/<job>.json) read as the pipeline on the canvas: sources -> Job Arguments ->
SQL (the privacy rule) -> data quality -> publish, every piece of custom logic a short custom code node.

What the rendered scripts do is tested by running them (test_jobs, test_pipeline_*, test_crash_safety); here the
shape of the graphs, which Glue Studio shows and a reviewer reads.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from stedi.visual.publish import fill, restore
from stedi.visual.render import load_graph, node_type, render_script, topological_order, variable_name

GLUE_SCRIPTS = Path(__file__).resolve().parents[1] / "glue_scripts"
JOBS = [
    "customer_landing_to_trusted",
    "accelerometer_landing_to_trusted",
    "customer_trusted_to_curated",
    "step_trainer_trusted",
    "machine_learning_curated",
]
#: The nodes of each job in the order the rendered script runs them.
PIPELINES = {
    "customer_landing_to_trusted": [
        "Customer Landing", "Job Arguments", "Customer Records", "Check Records", "Checked Customer Records",
        "Bad Records", "Share With Research", "Quarantine", "Evaluate Data Quality", "Publish customer_trusted",
    ],
    "accelerometer_landing_to_trusted": [
        "Accelerometer Landing", "Customer Trusted", "Job Arguments", "Accelerometer Records", "Check Records",
        "Checked Readings", "Bad Records", "Consented Readings", "Quarantine", "Evaluate Data Quality",
        "Publish accelerometer_trusted",
    ],
    "customer_trusted_to_curated": [
        "Customer Trusted", "Accelerometer Trusted", "Job Arguments", "Customer Trusted Records",
        "Customers With Readings", "Evaluate Data Quality", "Publish customer_curated",
    ],
    "step_trainer_trusted": [
        "Step Trainer Landing", "Customer Curated", "Customer Landing", "Accelerometer Landing", "Job Arguments",
        "Step Trainer Records", "Check Records", "Checked Step Trainer Records", "Checked Customer Records",
        "Checked Accelerometer Records", "Bad Records", "Step Reading Owners", "Quarantine", "Keep Owners", "Owners",
        "Curated Customers' Devices", "Unattributed Readings", "Owners Of Trusted Readings", "Evaluate Data Quality",
        "Publish step_trainer_trusted", "Quarantine Unattributed", "Evaluate Owners' Data Quality",
        "Publish step_reading_owners_trusted",
    ],
    "machine_learning_curated": [
        "Step Trainer Trusted", "Accelerometer Trusted", "Step Reading Owners Trusted", "Job Arguments",
        "Step Reading Owners", "Readings At The Same Time", "Evaluate Data Quality", "Publish machine_learning_curated",
    ],
}  # fmt: skip


def graph(job: str) -> dict:
    return load_graph(GLUE_SCRIPTS / f"{job}.json")


def nodes_of(job: str, kind: str) -> dict[str, dict]:
    return {i: f for i, n in graph(job).items() for k, f in [node_type(i, n)] if k == kind}


def custom_code(job: str, class_name: str) -> dict:
    (node,) = [f for f in nodes_of(job, "CustomCode").values() if f["ClassName"] == class_name]
    return node


def ancestors(g: dict, node_id: str) -> set[str]:
    seen, todo = set(), list(node_type(node_id, g[node_id])[1].get("Inputs", []))
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo += node_type(parent, g[parent])[1].get("Inputs", [])
    return seen


def publish_nodes(job: str) -> dict[str, dict]:
    """The job's Publish nodes by id: custom code whose first statement names the table it publishes."""
    return {i: f for i, f in nodes_of(job, "CustomCode").items() if f["Name"].startswith("Publish ")}


def published_table(code: str) -> str:
    """The table a Publish node writes: its code's first statement, ``table_name = "<table>"``."""
    first = ast.parse(code).body[0].body[0]
    assert isinstance(first, ast.Assign) and first.targets[0].id == "table_name", code.splitlines()[1]
    return first.value.value


def test_the_graphs_are_the_five_jobs() -> None:
    assert sorted(p.stem for p in GLUE_SCRIPTS.glob("*.json")) == sorted(JOBS)


@pytest.mark.parametrize("job", JOBS)
def test_the_job_runs_its_nodes_as_the_pipeline(job: str) -> None:
    g = graph(job)
    assert [node_type(i, g[i])[1]["Name"] for i in topological_order(g)] == PIPELINES[job]
    kinds = [node_type(i, g[i])[0] for i in topological_order(g)]
    assert set(kinds) == {
        "CatalogSource",
        "CustomCode",
        "SelectFromCollection",
        "SparkSQL",
        "EvaluateDataQualityMultiFrame",
    }
    assert all(k == "CatalogSource" for k in kinds[: kinds.index("CustomCode")])
    assert all(f["Database"] == "${DATABASE}" for f in nodes_of(job, "CatalogSource").values())


@pytest.mark.parametrize("job", JOBS)
def test_publish_writes_what_data_quality_checked_after_its_check_stops_a_failing_job(job: str) -> None:
    qualities = list(nodes_of(job, "EvaluateDataQualityMultiFrame").values())
    publishes = list(publish_nodes(job).values())
    assert len(qualities) == len(publishes) == (2 if job == "step_trainer_trusted" else 1)
    script = render_script(graph(job))
    for quality, publish in zip(qualities, publishes, strict=True):
        assert publish["Inputs"] == quality["Inputs"]
        assert quality["StopJobOnFailureOptions"] == {"StopJobOnFailureTiming": "Immediate"}
        (checked,) = quality["Inputs"]
        check = script.index(f"for node: {variable_name(checked, node_type(checked, graph(job)[checked])[1]['Name'])}")
        assert check < script.index(f"{publish['ClassName']}(glueContext, DynamicFrameCollection(")
    assert script.rstrip().endswith("job.commit()")


@pytest.mark.parametrize("job", JOBS)
def test_every_sql_node_reading_the_profile_runs_after_job_arguments(job: str) -> None:
    g = graph(job)
    (arguments_id,) = [i for i, f in nodes_of(job, "CustomCode").items() if f["ClassName"] == "JobArguments"]
    readers = [i for i, f in nodes_of(job, "SparkSQL").items() if "${stedi_profile}" in f["SqlQuery"]]
    # Only the consent-date rule and the attribution rule depend on the profile.
    assert bool(readers) == (job not in ("customer_landing_to_trusted", "customer_trusted_to_curated"))
    for node_id in readers:
        assert arguments_id in ancestors(g, node_id), node_id
    assert not any("{profile}" in f["SqlQuery"] for f in nodes_of(job, "SparkSQL").values())


def test_the_privacy_rules_are_commented_sql() -> None:
    sql = {job: "\n".join(f["SqlQuery"] for f in nodes_of(job, "SparkSQL").values()) for job in JOBS}
    for job in ("customer_landing_to_trusted", "accelerometer_landing_to_trusted", "step_trainer_trusted"):
        assert "-- Privacy" in sql[job] or "data). Privacy:" in sql[job], job
    assert "AND shareWithResearchAsOfDate IS NOT NULL" in sql["customer_landing_to_trusted"]
    assert (
        "AND ('${stedi_profile}' = 'rubric' OR a.timestamp >= c.shareWithResearchAsOfDate)"
        in (sql["accelerometer_landing_to_trusted"])
    )


def test_the_publish_nodes_are_one_code_each_naming_its_table() -> None:
    """Like the publishTable copies before them: the same code in every job, except the table it names, and in
    step_trainer_trusted's second Publish node its function's name (see the next test)."""
    codes, tables = set(), {}
    for job in JOBS:
        for publish in publish_nodes(job).values():
            table = published_table(publish["Code"])
            assert publish["Name"] == f"Publish {table}"
            code = publish["Code"].replace(f'table_name = "{table}"', 'table_name = "<table>"', 1)
            codes.add(code.replace(f"def {publish['ClassName']}(", "def <ClassName>(", 1))
            tables.setdefault(job, []).append(table)
    assert len(codes) == 1, "the Publish nodes' code differs beyond the table_name and def lines"
    assert tables == {
        "customer_landing_to_trusted": ["customer_trusted"],
        "accelerometer_landing_to_trusted": ["accelerometer_trusted"],
        "customer_trusted_to_curated": ["customer_curated"],
        "step_trainer_trusted": ["step_trainer_trusted", "step_reading_owners_trusted"],
        "machine_learning_curated": ["machine_learning_curated"],
    }
    assert custom_code("step_trainer_trusted", "PublishOwners")["Name"] == "Publish step_reading_owners_trusted"


@pytest.mark.parametrize("job", JOBS)
def test_no_two_custom_code_nodes_of_a_job_define_the_same_function(job: str) -> None:
    """Studio writes each custom code node's function at the top of the script: a second ``def PublishTable`` would
    replace the first, and both Publish nodes would publish the second one's table."""
    names = [f["ClassName"] for f in nodes_of(job, "CustomCode").values()]
    assert len(names) == len(set(names))
    script = render_script(graph(job))
    assert all(script.count(f"\ndef {name}(") == 1 for name in names)


def test_job_arguments_is_the_same_node_in_every_job() -> None:
    codes = {
        f["Code"] for job in JOBS for f in nodes_of(job, "CustomCode").values() if f["ClassName"] == "JobArguments"
    }
    assert len(codes) == 1


def test_strict_attribution_is_computed_once_and_read_as_a_trusted_table() -> None:
    """step_trainer_trusted attributes step readings to their owner (issue 10's rule) and publishes the owners of the
    readings it keeps; machine_learning_curated reads that table and no landing table (issue 16)."""
    attributing = [
        job for job in JOBS for f in nodes_of(job, "SparkSQL").values() if "serial_carriers AS (" in f["SqlQuery"]
    ]
    assert attributing == ["step_trainer_trusted"]
    sources = sorted(f["Table"] for f in nodes_of("machine_learning_curated", "CatalogSource").values())
    assert sources == ["accelerometer_trusted", "step_reading_owners_trusted", "step_trainer_trusted"]
    (owners,) = [
        f for f in nodes_of("step_trainer_trusted", "SparkSQL").values() if f["Name"] == "Owners Of Trusted Readings"
    ]
    # the privacy rule of the readings themselves: a curated owner, the reading at or after their consent
    assert "AND o.sensorReadingTime >= c.shareWithResearchAsOfDate" in owners["SqlQuery"]
    assert "WHERE '${stedi_profile}' = 'strict'" in owners["SqlQuery"]


def test_check_records_is_one_code_wherever_a_job_reads_landing_records() -> None:
    """Like Publish: the same Check Records code in every job that reads a landing table, except the line naming the
    tables (in input order) and their required fields; every landing source goes through it."""
    codes = {}
    for job in JOBS:
        landing = {i for i, f in nodes_of(job, "CatalogSource").items() if f["Table"].endswith("_landing")}
        checks = {i: f for i, f in nodes_of(job, "CustomCode").items() if f["ClassName"] == "CheckRecords"}
        assert len(checks) == (1 if landing else 0), job
        if landing:
            ((check_id, check),) = checks.items()
            assert landing <= ancestors(graph(job), check_id), job
            code = check["Code"]
            codes[job] = code[: code.index("    required = ")] + code[code.index("  # the one line that differs") :]
    assert len(set(codes.values())) == 1, "the Check Records nodes' code differs beyond the required line"


class _Conf(dict):
    def set(self, key, value):
        self[key] = value


class _Glue:
    def __init__(self):
        self.spark_session = type("Session", (), {"conf": _Conf()})()


def _job_arguments():
    (node,) = [f for f in nodes_of(JOBS[0], "CustomCode").values() if f["ClassName"] == "JobArguments"]
    from awsglue.utils import getResolvedOptions

    namespace = {"sys": sys, "getResolvedOptions": getResolvedOptions, "DynamicFrameCollection": object}
    exec(compile(node["Code"], "Job Arguments", "exec"), namespace)
    return namespace["JobArguments"]


def test_job_arguments_puts_the_profile_in_the_spark_conf_and_passes_the_frames_through(monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["job.py", "--JOB_NAME", "j", "--PROFILE", "standout"])
    glue, frames = _Glue(), object()
    assert _job_arguments()(glue, frames) is frames
    assert glue.spark_session.conf == {"stedi_profile": "standout"}


def test_job_arguments_refuses_an_unknown_profile_with_todays_message(monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["job.py", "--JOB_NAME", "j", "--PROFILE", "lenient"])
    with pytest.raises(ValueError, match="^--PROFILE must be strict, standout or rubric, got 'lenient'$"):
        _job_arguments()(_Glue(), object())


@pytest.mark.parametrize("job", JOBS)
def test_publish_then_pull_gives_the_graph_back(job: str) -> None:
    """The placeholders survive the round trip: the conf key `stedi_profile` is not read back as ${DATABASE}
    (`stedi.profile` would be: `stedi` stands there as a whole word)."""
    values = {"DATABASE": "stedi", "LAKE_BUCKET": "stedi-lake"}
    assert restore(fill(graph(job), values), values) == graph(job)
    assert restore("'${stedi.profile}'", values) == "'${${DATABASE}.profile}'"

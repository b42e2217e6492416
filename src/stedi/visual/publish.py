"""Publish a graph onto a deployed Glue job: GetJob, then UpdateJob with every field of the job kept, the graph
(placeholders filled) and ``JobMode = VISUAL``.

UpdateJob replaces the whole job definition: "Unspecified configuration is removed or reset to default values"
(Glue API reference, JobUpdate / UpdateJob). So the JobUpdate carries every field GetJob returned that JobUpdate
accepts; Terraform's aws_glue_job then reads back exactly what it wrote and plans no change. Tags are not part of
a job definition (TagResource) and stay as they are. ``AllocatedCapacity`` (deprecated) and ``MaxCapacity`` are
left out when the job has a ``WorkerType``: Glue returns MaxCapacity for such jobs but refuses it beside
WorkerType/NumberOfWorkers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from stedi.visual.render import PLACEHOLDER, GraphError

#: Placeholder -> the job argument that holds its deploy-time value.
PLACEHOLDER_ARGUMENTS = {"DATABASE": "--DATABASE", "LAKE_BUCKET": "--LAKE_BUCKET"}


@cache
def _job_update_fields() -> tuple[str, ...]:
    import botocore.session

    shape = botocore.session.get_session().get_service_model("glue").shape_for("JobUpdate")
    return tuple(shape.members)


def values_from_job(job: Mapping[str, Any]) -> dict[str, str]:
    """The placeholders' values as the deployed job's default arguments hold them."""
    arguments = job.get("DefaultArguments") or {}
    return {name: arguments[arg] for name, arg in PLACEHOLDER_ARGUMENTS.items() if arg in arguments}


def fill(graph: Any, values: Mapping[str, str], where: str = "graph") -> Any:
    """``graph`` with every ``${NAME}`` replaced by ``values[NAME]``, in every string; an unknown name is an error."""
    if isinstance(graph, str):

        def one(match: re.Match) -> str:
            if match.group(1) not in values:
                raise GraphError(
                    f"{where}: no value for placeholder ${{{match.group(1)}}} (known: {', '.join(values)})"
                )
            return values[match.group(1)]

        return PLACEHOLDER.sub(one, graph)
    if isinstance(graph, Mapping):
        return {key: fill(item, values, f"{where}.{key}") for key, item in graph.items()}
    if isinstance(graph, list):
        return [fill(item, values, f"{where}[{i}]") for i, item in enumerate(graph)]
    return graph


def restore(graph: Any, values: Mapping[str, str]) -> Any:
    """``fill`` undone: each value (longest first) back to its placeholder where it stands as a whole word,
    i.e. not inside a longer name (``stedi`` in ``stedi_x`` or ``stedi-lake`` stays)."""
    if isinstance(graph, str):
        for name, text in sorted(values.items(), key=lambda item: -len(item[1])):
            if text:
                graph = re.sub(rf"(?<![A-Za-z0-9_-]){re.escape(text)}(?![A-Za-z0-9_-])", f"${{{name}}}", graph)
        return graph
    if isinstance(graph, Mapping):
        return {key: restore(item, values) for key, item in graph.items()}
    if isinstance(graph, list):
        return [restore(item, values) for item in graph]
    return graph


def job_update(job: Mapping[str, Any], graph: Mapping[str, Any]) -> dict[str, Any]:
    """The JobUpdate that keeps ``job`` as it is and makes it a visual job of ``graph``."""
    update = {key: job[key] for key in _job_update_fields() if job.get(key) is not None}
    if job.get("WorkerType"):
        update.pop("MaxCapacity", None)
    update.pop("AllocatedCapacity", None)
    update["CodeGenConfigurationNodes"] = dict(graph)
    update["JobMode"] = "VISUAL"
    return update


def publish(glue, job_name: str, graph: Mapping[str, Any], values: Mapping[str, str] | None = None) -> dict:
    """Put ``graph`` (placeholders filled from ``values``, else from the job's default arguments) on the job;
    returns the JobUpdate sent."""
    job = glue.get_job(JobName=job_name)["Job"]
    filled = fill(graph, {**values_from_job(job), **(values or {})}, f"graph of {job_name}")
    update = job_update(job, filled)
    glue.update_job(JobName=job_name, JobUpdate=update)
    return update

"""The way back from Glue Studio: ``pull`` writes a deployed job's graph (placeholders restored) and script into
glue_scripts/; ``diff`` shows what pull would change and writes nothing.

A Studio save stores the graph on the job (GetJob's ``CodeGenConfigurationNodes``) and the script Studio
generated from it at the job's ``ScriptLocation``. That script holds the deployed values (bucket, database)
where the repository's rendering holds job arguments (see stedi.visual.render). So when Glue's script is exactly
what ``stedi visual render`` makes of the deployed graph, the repository gets the rendering of the restored graph;
when it is not (the renderer lags behind Studio, or someone edited the script), the repository gets Glue's
script as it is, with a warning, and the sync test points at the difference.

A job converted to script mode in Studio (JobMode SCRIPT, or no graph) is refused: its script is no longer
generated from a graph, and writing it over a rendered one would lose the graph.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from stedi.visual.publish import restore, values_from_job
from stedi.visual.render import dump_graph, render_script


class PullRefused(ValueError):
    """The deployed job is not a visual job: nothing to pull."""


@dataclass
class Pulled:
    job: str
    graph_text: str
    script_text: str
    glue_script_matches: bool  # Glue's script == the rendering of the deployed graph


def _script(s3, location: str) -> str:
    if not location.startswith("s3://"):
        raise PullRefused(f"ScriptLocation {location} is not an s3:// URL")
    bucket, key = location[len("s3://") :].split("/", 1)
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def read_deployed(glue, s3, job_name: str) -> Pulled:
    """The repository files the deployed job ``job_name`` stands for."""
    job = glue.get_job(JobName=job_name)["Job"]
    mode, graph = job.get("JobMode"), job.get("CodeGenConfigurationNodes")
    if mode != "VISUAL" or not graph:
        state = f"JobMode is {mode or 'not set'}" + (
            "" if graph else " and it has no graph (CodeGenConfigurationNodes)"
        )
        raise PullRefused(
            f"job {job_name}: {state}: it was converted to script mode in Glue Studio (or never published), so its "
            "script is not generated from a graph; nothing written. Re-create the graph on the canvas, or run "
            "`terraform apply` to publish the repository's graph again."
        )
    glue_script = _script(s3, job["Command"]["ScriptLocation"])
    restored = restore(graph, values_from_job(job))
    matches = glue_script == render_script(graph)
    return Pulled(job_name, dump_graph(restored), render_script(restored) if matches else glue_script, matches)


def pull(glue, s3, job_name: str, glue_scripts: Path, warn=print) -> list[Path]:
    """Write ``<job>.json`` and ``<job>.py`` from the deployed job; returns the files written."""
    pulled = read_deployed(glue, s3, job_name)
    if not pulled.glue_script_matches:
        warn(
            f"stedi: warning: {job_name}: the script Glue generated differs from `stedi visual render` of its graph; "
            f"{job_name}.py is written as Glue generated it (with the deployed values)"
        )
    glue_scripts.mkdir(parents=True, exist_ok=True)
    graph_path, script_path = glue_scripts / f"{job_name}.json", glue_scripts / f"{job_name}.py"
    graph_path.write_text(pulled.graph_text, encoding="utf-8")
    script_path.write_text(pulled.script_text, encoding="utf-8")
    return [graph_path, script_path]


def diff(glue, s3, job_name: str, glue_scripts: Path) -> str:
    """A unified diff from the repository's files to the deployed job's ('' when they agree)."""
    pulled = read_deployed(glue, s3, job_name)
    text = ""
    for name, deployed in ((f"{job_name}.json", pulled.graph_text), (f"{job_name}.py", pulled.script_text)):
        path = glue_scripts / name
        repo = path.read_text(encoding="utf-8") if path.exists() else ""
        text += "".join(
            difflib.unified_diff(
                repo.splitlines(keepends=True),
                deployed.splitlines(keepends=True),
                fromfile=f"repo/{path}",
                tofile=f"deployed/{job_name}/{name}",
            )
        )
    return text

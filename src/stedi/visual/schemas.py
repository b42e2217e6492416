"""``stedi visual schemas``: each node's output schema, computed by running the jobs, written into the graphs.

Glue Studio saves ``OutputSchemas`` on the node types whose botocore shape has that member (here: CatalogSource,
SparkSQL, CustomCode); the canvas's SQL editor and data preview of the nodes after them read it. The shape is
botocore's ``GlueSchemas``: a list of ``GlueSchema`` (``Columns``: ``GlueStudioSchemaColumn`` with ``Name``,
``Type`` "the hive type", optional ``GlueStudioType``). Evidence for the spelling: the job definition a Studio
visual job commits to Git, printed in the AWS Glue Studio user guide ("Integrating with Git version control
systems"): an S3CsvSource with ``"OutputSchemas":[{"Columns":[{"Name":"show_id","Type":"string"}, ...,
{"Name":"release_year","Type":"bigint"}, ...]}]`` (no ``GlueStudioType``); aws-samples' Glacier re-freeze graph
writes a SparkSQL node's the same way (``{"Name": "TotalArchivesNumber", "Type": "bigint"}``). Nested types are
written whole (``struct<a:string>``), as Hive spells them. Not verified: that a CustomCode node's list holds one
schema per frame of its collection, in the collection's order (as written here), and nested types' spelling.

How: the five jobs run on generated sample data (``stedi run``'s path, one Spark session); each script's globals
hold one variable per node, named after it (``variable_name``), so after a script has run each node's frame (a
CustomCode node's collection) is read from them. A script that is not what its graph renders is refused: the
schemas must be those of the graph.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from stedi.visual.render import load_graph, node_type, render_script, variable_name

#: Fixed sample data: the schemas do not depend on the row counts, only on what the data holds.
SAMPLE_SCALE, SAMPLE_SEED = 0.05, 0


@cache
def schema_node_types() -> frozenset[str]:
    """The sources and transforms whose shape carries ``OutputSchemas`` (botocore's CodeGenConfigurationNode).

    Targets are left out: some carry the member too (S3DirectTarget), but a target's output is the frame it was
    given, already described by its input's schema; whether Studio writes one there was not verified.
    """
    import botocore.session

    model = botocore.session.get_session().get_service_model("glue")
    members = model.shape_for("CodeGenConfigurationNode").members
    return frozenset(
        kind for kind, shape in members.items() if "OutputSchemas" in shape.members and not kind.endswith("Target")
    )


def glue_schema(spark_schema) -> dict:
    """A Spark schema as a ``GlueSchema``: one column per top-level field, ``Type`` in Hive's spelling."""
    return {"Columns": [{"Name": f.name, "Type": f.dataType.simpleString()} for f in spark_schema.fields]}


def frame_schemas(value) -> list[dict]:
    """A node's output (a DynamicFrame, or a CustomCode node's DynamicFrameCollection) as ``GlueSchemas``."""
    from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

    if isinstance(value, DynamicFrame):
        return [glue_schema(value.toDF().schema)]
    if isinstance(value, DynamicFrameCollection):
        return [glue_schema(frame.toDF().schema) for frame in value.values()]
    raise TypeError(f"not a DynamicFrame or DynamicFrameCollection: {type(value).__name__}")


def graph_schemas(graph: Mapping, script_globals: Mapping) -> dict[str, list[dict]]:
    """Each schema-carrying node's ``OutputSchemas`` from the globals of its script's run."""
    found = {}
    for node_id, node in graph.items():
        kind, fields = node_type(node_id, node)
        if kind not in schema_node_types():
            continue
        var = variable_name(node_id, fields.get("Name", ""))
        if var not in script_globals:
            raise ValueError(f"node {node_id} ({fields.get('Name')}): the script defines no {var}")
        found[node_id] = frame_schemas(script_globals[var])
    return found


@contextmanager
def _recording(graph_dir: Path, found: dict[str, dict[str, list[dict]]]) -> Iterator[None]:
    """While active, each Glue script run from ``graph_dir`` has its nodes' schemas put in ``found[job]``,
    read from the script's globals as soon as it has run (before a later job rewrites a table it read)."""
    run_path = runpy.run_path

    def run_and_record(path, *args, **kwargs):
        script_globals = run_path(path, *args, **kwargs)
        script = Path(path).resolve()
        graph_file = script.with_suffix(".json")
        if script.parent == graph_dir.resolve() and graph_file.is_file():
            found[script.stem] = graph_schemas(load_graph(graph_file), script_globals)
        return script_globals

    runpy.run_path = run_and_record
    try:
        yield
    finally:
        runpy.run_path = run_path


def compute_schemas(graph_dir: Path, lake: Path, progress: Callable[[str], None] = print) -> dict:
    """Run the jobs on generated sample data in ``lake``; return {job: {node id: OutputSchemas}}."""
    from stedi.generate import generate
    from stedi.pipeline import SCRIPTS_DIR, run_pipeline

    if graph_dir.resolve() != SCRIPTS_DIR.resolve():
        raise ValueError(f"the jobs run from {SCRIPTS_DIR}: schemas are computed for those graphs only")
    for graph_file in sorted(graph_dir.glob("*.json")):
        script = graph_file.with_suffix(".py")
        if not script.is_file() or script.read_text(encoding="utf-8") != render_script(load_graph(graph_file)):
            raise ValueError(f"{script} is not what {graph_file} renders: run `stedi visual render` first")
    landing = Path(lake) / "_schema_landing"
    if not (landing / "manifest.json").is_file():
        generate(landing, scale=SAMPLE_SCALE, seed=SAMPLE_SEED)
    found: dict[str, dict[str, list[dict]]] = {}
    with _recording(graph_dir, found):
        run_pipeline(lake, landing, progress=progress)
    return found


def with_schemas(graph: dict, schemas: Mapping[str, list[dict]]) -> dict:
    """``graph`` with each node's ``OutputSchemas`` set (kept in place if present, else added last)."""
    out = {}
    for node_id, node in graph.items():
        kind, fields = node_type(node_id, node)
        if node_id in schemas:
            fields = {**fields, "OutputSchemas": schemas[node_id]}
        out[node_id] = {kind: fields}
    return out


def graph_text(graph: Mapping) -> str:
    """A graph file's text, as the project writes them (two-space JSON, a final newline)."""
    return json.dumps(graph, indent=2, ensure_ascii=False) + "\n"


def write_schemas(graph_dir: Path, found: Mapping[str, Mapping[str, list[dict]]]) -> list[Path]:
    """Write the schemas into the graph files; return the files that changed."""
    changed = []
    for job, schemas in sorted(found.items()):
        path = graph_dir / f"{job}.json"
        text = graph_text(with_schemas(load_graph(path), schemas))
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def missing_schemas(graph: Mapping) -> list[str]:
    """The nodes of a type that carries ``OutputSchemas`` in Studio but have none."""
    missing = []
    for node_id, node in graph.items():
        if not isinstance(node, Mapping) or len(node) != 1:
            continue
        kind, fields = node_type(node_id, node)
        if kind in schema_node_types() and isinstance(fields, Mapping) and not fields.get("OutputSchemas"):
            missing.append(f"node {node_id} ({fields.get('Name', '?')}): {kind} has no OutputSchemas")
    return missing


def stale_schemas(graph: Mapping, computed: Mapping[str, list[dict]]) -> list[str]:
    """Where the graph's committed ``OutputSchemas`` differ from ``computed`` (what the nodes output)."""
    stale = []
    for node_id, schemas in sorted(computed.items()):
        kind, fields = node_type(node_id, graph[node_id])
        committed = fields.get("OutputSchemas")
        if committed != schemas:
            label = f"node {node_id} ({fields.get('Name', '?')}): {kind}.OutputSchemas"
            stale.append(f"{label} is {json.dumps(committed)}, the node outputs {json.dumps(schemas)}")
    return stale

"""`stedi visual schemas`: each node's OutputSchemas, computed by running the jobs, in the shape of botocore's
GlueSchemas (service-2.json: GlueSchema.Columns, GlueStudioSchemaColumn Name/Type/GlueStudioType) and Hive's type
spelling; `stedi visual check` notes the nodes without one."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from stedi.cli import main
from stedi.visual.render import load_graph, render_script
from stedi.visual.schemas import (
    compute_schemas,
    glue_schema,
    graph_text,
    missing_schemas,
    schema_node_types,
    stale_schemas,
    with_schemas,
    write_schemas,
)

REPO = Path(__file__).resolve().parents[1]
GRAPHS = sorted((REPO / "glue_scripts").glob("*.json"))
FIXTURES = Path(__file__).parent / "fixtures" / "visual"


def strip_schemas(graph: dict) -> dict:
    stripped = copy.deepcopy(graph)
    for node in stripped.values():
        for fields in node.values():
            fields.pop("OutputSchemas", None)
    return stripped


def test_the_node_types_with_schemas_are_botocores_sources_and_transforms_with_the_member():
    types = schema_node_types()
    assert {"CatalogSource", "S3JsonSource", "S3CsvSource", "SparkSQL", "CustomCode"} <= types
    # No OutputSchemas member in botocore's model: Studio derives these nodes' schemas itself.
    assert not {"SelectFromCollection", "Join", "DropFields", "EvaluateDataQualityMultiFrame"} & types
    assert not {t for t in types if t.endswith("Target")}


def test_a_schema_is_a_glue_schema_with_hive_type_names():
    spark_schema = StructType(
        [
            StructField("email", StringType()),
            StructField("timestamp", LongType()),
            StructField("x", DoubleType()),
            StructField("n", IntegerType()),
            StructField("ok", BooleanType()),
            StructField("user", StructType([StructField("email", StringType())])),
            StructField("tags", ArrayType(StringType())),
        ]
    )
    assert glue_schema(spark_schema) == {
        "Columns": [
            {"Name": "email", "Type": "string"},
            {"Name": "timestamp", "Type": "bigint"},
            {"Name": "x", "Type": "double"},
            {"Name": "n", "Type": "int"},
            {"Name": "ok", "Type": "boolean"},
            {"Name": "user", "Type": "struct<email:string>"},
            {"Name": "tags", "Type": "array<string>"},
        ]
    }


def test_writing_schemas_keeps_the_key_order_replacing_in_place_and_appending_new():
    graph = {
        "node-1": {"CatalogSource": {"Name": "In", "OutputSchemas": [{"Columns": []}], "Database": "d", "Table": "t"}},
        "node-2": {"SparkSQL": {"Name": "Q", "Inputs": ["node-1"], "SqlQuery": "select 1", "SqlAliases": []}},
    }
    one = [{"Columns": [{"Name": "a", "Type": "string"}]}]
    out = with_schemas(graph, {"node-1": one, "node-2": one})
    assert list(out["node-1"]["CatalogSource"]) == ["Name", "OutputSchemas", "Database", "Table"]
    assert list(out["node-2"]["SparkSQL"]) == ["Name", "Inputs", "SqlQuery", "SqlAliases", "OutputSchemas"]
    assert with_schemas(out, {"node-1": one, "node-2": one}) == out  # idempotent


def test_writing_into_a_graph_file_changes_it_once(tmp_path):
    graph = {"node-1": {"CatalogSource": {"Name": "In", "Database": "d", "Table": "t"}}}
    path = tmp_path / "job.json"
    path.write_text(graph_text(graph))
    found = {"job": {"node-1": [{"Columns": [{"Name": "a", "Type": "string"}]}]}}

    assert write_schemas(tmp_path, found) == [path]
    assert write_schemas(tmp_path, found) == []
    assert json.loads(path.read_text()) == {
        "node-1": {
            "CatalogSource": {
                "Name": "In",
                "Database": "d",
                "Table": "t",
                "OutputSchemas": [{"Columns": [{"Name": "a", "Type": "string"}]}],
            }
        }
    }


def test_a_committed_schema_that_no_longer_matches_the_output_is_reported():
    graph = {"node-1": {"CatalogSource": {"Name": "In", "Database": "d", "Table": "t", "OutputSchemas": []}}}
    graph["node-1"]["CatalogSource"]["OutputSchemas"] = [{"Columns": [{"Name": "a", "Type": "string"}]}]
    computed = {"node-1": [{"Columns": [{"Name": "a", "Type": "bigint"}]}]}
    assert stale_schemas(graph, computed) == [
        'node node-1 (In): CatalogSource.OutputSchemas is [{"Columns": [{"Name": "a", "Type": "string"}]}], '
        'the node outputs [{"Columns": [{"Name": "a", "Type": "bigint"}]}]'
    ]
    assert stale_schemas(graph, {"node-1": graph["node-1"]["CatalogSource"]["OutputSchemas"]}) == []


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.stem)
def test_each_graph_carries_a_schema_on_every_node_studio_writes_one_on(path: Path):
    assert missing_schemas(load_graph(path)) == []


@pytest.mark.parametrize("path", GRAPHS, ids=lambda p: p.stem)
def test_schemas_change_neither_the_rendered_script_nor_the_file_format(path: Path):
    graph = load_graph(path)
    assert render_script(graph) == render_script(strip_schemas(graph)) == path.with_suffix(".py").read_text()
    assert graph_text(graph) == path.read_text(encoding="utf-8")


def test_cli_check_notes_the_nodes_without_a_schema_and_still_passes(capsys):
    path = FIXTURES / "privacy_join.json"
    assert main(["visual", "check", str(path)]) == 0
    note = "has no OutputSchemas (`stedi visual schemas` writes it)"
    assert capsys.readouterr().out == (
        f"{path}: ok\n"
        f"  note: node node-1 (Customer Landing): CatalogSource {note}\n"
        f"  note: node node-2 (Accelerometer Landing): S3JsonSource {note}\n"
        f"  note: node node-3 (Privacy Join): SparkSQL {note}\n"
    )


@pytest.mark.spark
def test_the_committed_schemas_are_what_each_node_outputs(tmp_path):
    """Runs the five jobs on sample data: a node whose output changed (SQL, catalog, custom code) fails here
    until `stedi visual schemas` is run again."""
    found = compute_schemas(REPO / "glue_scripts", tmp_path / "lake", progress=lambda line: None)
    assert sorted(found) == sorted(p.stem for p in GRAPHS)
    stale = {job: stale_schemas(load_graph(REPO / "glue_scripts" / f"{job}.json"), found[job]) for job in found}
    assert stale == {job: [] for job in found}
    assert json.dumps(found, sort_keys=True)  # plain JSON: what the graph files hold

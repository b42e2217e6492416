"""`stedi visual check`: botocore's CreateJob parameter validation of the graph, then the rules botocore does not
check. Shapes, required fields, enums and the Inputs bounds (OneInput: 1..1, TwoInputs: 2..2, ManyInputs: 1..)
are those of botocore's Glue service model (botocore/data/glue/2017-03-31/service-2.json)."""

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from stedi.cli import main
from stedi.visual.check import graph_errors

FIXTURES = Path(__file__).parent / "fixtures" / "visual"
GOOD = json.loads((FIXTURES / "privacy_join.json").read_text())


def errors_after(change: Callable[[dict], object]) -> list[str]:
    graph = copy.deepcopy(GOOD)
    change(graph)
    return graph_errors(graph)


@pytest.mark.parametrize("name", ["privacy_join", "custom_chain", "multiframe_quality"])
def test_fixture_graphs_are_valid(name: str) -> None:
    assert graph_errors(json.loads((FIXTURES / f"{name}.json").read_text())) == []


def test_botocore_reports_a_missing_required_field() -> None:
    assert errors_after(lambda g: g["node-1"]["CatalogSource"].pop("Table")) == [
        'botocore: Missing required parameter in CodeGenConfigurationNodes.node-1.CatalogSource: "Table"'
    ]


def test_botocore_reports_an_unknown_node_type() -> None:
    """There is no S3JsonTarget: JSON goes through S3DirectTarget with Format json."""
    target = {"S3JsonTarget": {"Name": "Out", "Inputs": ["node-3"], "Path": "s3://b/out/"}}
    assert errors_after(lambda g: g.__setitem__("node-6", target)) == [
        'botocore: Unknown parameter in CodeGenConfigurationNodes.node-6: "S3JsonTarget", '
        "not a CodeGenConfigurationNode type"
    ]


def test_botocore_reports_a_wrong_type() -> None:
    assert errors_after(lambda g: g["node-2"]["S3JsonSource"].__setitem__("Recurse", "yes")) == [
        "botocore: Invalid type for parameter CodeGenConfigurationNodes.node-2.S3JsonSource.Recurse, "
        "value: yes, type: <class 'str'>, valid types: <class 'bool'>"
    ]


def test_a_node_has_exactly_one_type() -> None:
    source = {"Name": "Also Json", "Paths": ["s3://b/"]}
    assert errors_after(lambda g: g["node-1"].__setitem__("S3JsonSource", source)) == [
        "node node-1: expected exactly one node type, found CatalogSource, S3JsonSource"
    ]


def test_inputs_must_exist() -> None:
    assert errors_after(lambda g: g["node-5"]["S3GlueParquetTarget"].__setitem__("Inputs", ["node-9"])) == [
        "node node-5 (Accelerometer Trusted): S3GlueParquetTarget.Inputs: node node-9 does not exist"
    ]


def test_a_target_takes_exactly_one_input() -> None:
    assert errors_after(lambda g: g["node-5"]["S3GlueParquetTarget"].__setitem__("Inputs", ["node-3", "node-1"])) == [
        "node node-5 (Accelerometer Trusted): S3GlueParquetTarget.Inputs: "
        "S3GlueParquetTarget takes exactly 1 input(s), got 2"
    ]


def test_a_join_takes_exactly_two_inputs() -> None:
    graph = json.loads((FIXTURES / "custom_chain.json").read_text())
    graph["node-15"]["Join"]["Inputs"] = ["node-14"]
    assert graph_errors(graph) == [
        "botocore: Invalid length for parameter CodeGenConfigurationNodes.node-15.Join.Inputs, value: 1, valid min "
        "length: 2",
        "node node-15 (By Serial): Join.Inputs: Join takes exactly 2 input(s), got 1",
        "node node-15 (By Serial): Join.Columns[1].From: node-11 is not one of the node's Inputs",
    ]


def test_enum_values_are_checked() -> None:
    def change(g):
        g["node-5"]["S3GlueParquetTarget"]["Compression"] = "zstd"
        g["node-5"]["S3GlueParquetTarget"]["SchemaChangePolicy"]["UpdateBehavior"] = "REPLACE"

    assert errors_after(change) == [
        "node node-5 (Accelerometer Trusted): S3GlueParquetTarget.Compression: 'zstd' is not one of snappy, lzo, "
        "gzip, brotli, lz4, uncompressed, none",
        "node node-5 (Accelerometer Trusted): S3GlueParquetTarget.SchemaChangePolicy.UpdateBehavior: 'REPLACE' is "
        "not one of UPDATE_IN_DATABASE, LOG",
    ]


def test_the_graph_is_acyclic() -> None:
    assert errors_after(lambda g: g["node-3"]["SparkSQL"]["Inputs"].append("node-5")) == [
        "the graph has a cycle through node-3, node-4, node-5"
    ]


def test_sql_aliases_name_the_nodes_inputs() -> None:
    assert errors_after(lambda g: g["node-3"]["SparkSQL"]["SqlAliases"][1].__setitem__("From", "node-4")) == [
        "node node-3 (Privacy Join): SparkSQL.SqlAliases[1].From: node-4 is not one of the node's Inputs"
    ]


def test_dqdl_is_ascii() -> None:
    """Typographic quotes pasted from a document are the usual culprit."""
    ruleset = "Rules = [ IsComplete \u201cemail\u201d ]"
    assert errors_after(lambda g: g["node-4"]["EvaluateDataQuality"].__setitem__("Ruleset", ruleset)) == [
        "node node-4 (Check Rows): EvaluateDataQuality.Ruleset: DQDL must be ASCII, found '\u201c' '\u201d'"
    ]


def test_generated_variable_names_are_distinct() -> None:
    """ "Customer Landing" on node-1 and on node1 both become CustomerLanding_node1."""

    def change(g):
        g["node1"] = {"CatalogSource": {"Name": "Customer Landing", "Database": "stedi", "Table": "other"}}

    assert errors_after(change) == [
        "node node1 (Customer Landing): CatalogSource.Name: generated variable CustomerLanding_node1 is also "
        "node node-1's"
    ]


def test_select_from_collection_reads_a_custom_code_node() -> None:
    graph = json.loads((FIXTURES / "custom_chain.json").read_text())
    graph["node-13"]["SelectFromCollection"]["Inputs"] = ["node-10"]
    assert graph_errors(graph) == [
        "node node-13 (Good Rows): SelectFromCollection.Inputs: node-10 is a CatalogSource, not a collection "
        "(CustomCode)"
    ]


def test_custom_code_defines_its_class_name() -> None:
    graph = json.loads((FIXTURES / "custom_chain.json").read_text())
    graph["node-12"]["CustomCode"]["ClassName"] = "KeepGoodRows"
    assert graph_errors(graph) == [
        "node node-12 (Drop Bad Rows): CustomCode.Code: must define def KeepGoodRows(glueContext, dfc)"
    ]


def test_cli_check_prints_each_problem_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = copy.deepcopy(GOOD)
    bad["node-5"]["S3GlueParquetTarget"]["Inputs"] = ["node-9"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    good = FIXTURES / "custom_chain.json"
    assert main(["visual", "check", str(good), str(path)]) == 1
    note = "has no OutputSchemas (`stedi visual schemas` writes it)"
    assert capsys.readouterr().out == (
        f"{good}: ok\n"
        f"  note: node node-10 (Step Trainer): CatalogSource {note}\n"
        f"  note: node node-11 (Customer Curated): CatalogSource {note}\n"
        f"  note: node node-12 (Drop Bad Rows): CustomCode {note}\n"
        f"{path}: 1 problem(s)\n"
        "  node node-5 (Accelerometer Trusted): S3GlueParquetTarget.Inputs: node node-9 does not exist\n"
        f"  note: node node-1 (Customer Landing): CatalogSource {note}\n"
        f"  note: node node-2 (Accelerometer Landing): S3JsonSource {note}\n"
        f"  note: node node-3 (Privacy Join): SparkSQL {note}\n"
    )


def test_cli_check_without_graphs_says_so(tmp_path: Path, capsys) -> None:
    assert main(["visual", "check", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"no graphs (*.json) in {tmp_path}/: nothing checked\n"

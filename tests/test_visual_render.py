"""`stedi visual render`: graph -> the script Glue Studio generates.

The expected scripts in tests/fixtures/visual/ are our own graphs, written by hand from the rules below; each
rule comes from public graph/script pairs Glue Studio generated (unformatted Studio output, as committed):

* header imports, `sparkSqlQuery` helper text and placement before `getResolvedOptions`, `SqlQueryN = '''...'''`
  and `sparkSqlQuery(glueContext, query = ..., mapping = {"alias":var}, transformation_ctx = ...)`,
  `create_dynamic_frame.from_catalog(database=..., table_name=..., transformation_ctx=...)`:
  ScottTpirate/Spark-and-Human-Balance-Analytics customer_landing_to_trusted.py;
* the catalog-updating target `getSink(...)` / `setCatalogInfo(catalogDatabase=...,catalogTableName=...)` /
  `setFormat` / `writeFrame` with no blank line before `job.commit()`: mrquangbadao/project-stedi
  customer_landing_to_trusted.py; `setFormat("glueparquet", compression="snappy")`: a public bronze-layer export
  (AmazonS3_node1763364257769);
* Studio's current (2024-26) template, its import order, helpers, S3 JSON/CSV/Parquet/catalog sources, json
  compression in getSink, backticked paths, SelectFields, RenameField, Union, Aggregate, S3CatalogTarget and
  AutoDataQuality: src/stedi/visual/README.md (repository, commit and path of each);
* custom code `# Script generated for node <Name>` + `def MyTransform(glueContext, dfc) -> DynamicFrameCollection:`
  before `args`, its call `MyTransform(glueContext, DynamicFrameCollection({"<var>": <var>}, glueContext))`,
  `SelectFromCollection.apply(dfc=..., key=list(....keys())[0], ...)`,
  `ApplyMapping.apply(frame=..., mappings=[(...)])`,
  `Join.apply(frame1=..., frame2=..., keys1=[...], keys2=[...])`, `Filter` with `re.match` and `import re`,
  glueparquet `write_dynamic_frame.from_options(..., format_options={"compression": "snappy"})`, names without
  non-alphanumerics ("Change Schema - Pickup Zone Lookup" -> ChangeSchemaPickupZoneLookup_node...), and the node
  order (Kahn, FIFO, graph order): the public NYC-taxi tutorial export (RemoveRecordswithNULL_node1727246692033);
* underscores kept in names: mrquangbadao/project-stedi (Customer_Landing_node1725465250826);
* `Filter.apply(..., f=lambda row: (not(row["x"] == 0)), ...)`, `DropFields.apply(frame=..., paths=[...])`,
  DropDuplicates `X =  DynamicFrame.fromDF(Y.toDF().dropDuplicates(), glueContext, "X")` (two spaces) with
  `from awsglue.dynamicframe import DynamicFrame` and `SqlFuncs` imports, json `from_options` target followed by a
  blank line: public STEDI exports (Filterresearch_node1717933149848, DropDuplicates_node1751490801598);
* the DataFrame join `XDF = X.toDF()` ... `DynamicFrame.fromDF(XDF.join(YDF, (XDF['a'] == YDF['b']), "right"), ...)`:
  a public STEDI export (Join_node1739288520476);
* data quality `<var>_ruleset = <the ruleset in triple double quotes>`,
  `EvaluateDataQuality().process_rows(frame=..., ruleset=<var>_ruleset,
  publishing_options={"dataQualityEvaluationContext": ..., "enableDataQualityCloudWatchMetrics": True,
  "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL",
  "performanceTuning.caching":"CACHE_NOTHING"})` and the stop-on-failure `assert <var>[EvaluateDataQuality.
  DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to
  failing DQ rules for node: <input var>"`: public exports EvaluateDataQuality_node1736981880298 and
  EvaluateDataQualityMultiframe_node1731881883517.

Not found in any public pair, so derived by analogy and listed in src/stedi/visual/README.md:
`additional_data_sources=` of the multi-frame node, and the inferred forms listed there.
"""

import gzip
import json
import shutil
from pathlib import Path

import pytest

from awsglue.catalog import LocalCatalog
from awsglue.local import resolve
from stedi.cli import main
from stedi.visual.publish import fill
from stedi.visual.render import (
    REFUSED,
    RENDERED_FIELDS,
    GraphError,
    graph_files,
    load_graph,
    render_script,
    stale_scripts,
    topological_order,
    variable_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "visual"
GLUE_SCRIPTS = Path(__file__).resolve().parents[1] / "glue_scripts"


NAMES = [
    "privacy_join", "custom_chain", "multiframe_quality", "canvas_nodes", "catalog_join", "studio_2026_header",
    "drop_null_fields", "split_fields",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_fixture_graph_renders_to_its_expected_script(name: str) -> None:
    assert render_script(load_graph(FIXTURES / f"{name}.json")) == (FIXTURES / f"{name}.py").read_text()


def test_fixtures_cover_every_supported_node_type() -> None:
    kinds = {next(iter(node)) for path in graph_files(FIXTURES) for node in load_graph(path).values()}
    assert kinds == set(RENDERED_FIELDS)


def _script(name: str) -> str:
    return (FIXTURES / f"{name}.py").read_text()


def test_json_source_multiline_false_is_the_camelcase_string() -> None:
    assert 'from_options(format_options={"multiLine": "false"}, connection_type="s3", format="json", ' in _script(
        "privacy_join"
    )


def test_json_target_with_catalog_update_passes_gzip_to_getsink_after_partition_keys() -> None:
    script = _script("canvas_nodes")
    assert (
        'partitionKeys=[], compression="gzip", enableUpdateCatalog=True, transformation_ctx="DeviceCounts_node37")\n'
        in script
    )
    assert 'DeviceCounts_node37.setFormat("json")\n' in script


def test_paths_holding_a_dot_or_brackets_are_backticked() -> None:
    assert 'paths=["`.serialnumber`", "email"]' in _script("catalog_join")
    assert 'old_name="`count(serialNumber)`", new_name="devices"' in _script("canvas_nodes")


def test_join_keys_and_mapped_names_are_quoted_like_paths_but_spaces_are_not() -> None:
    def source(name):
        return {"CatalogSource": {"Name": name, "Database": "d", "Table": name}}

    graph = {
        "node-1": source("Movies"),
        "node-2": source("Ratings"),
        "node-3": {"Join": {"Name": "Join", "Inputs": ["node-1", "node-2"], "JoinType": "equijoin",
                            "Columns": [{"From": "node-1", "Keys": [["movieId"]]},
                                        {"From": "node-2", "Keys": [["(right) movieId"]]}]}},
        "node-4": {"ApplyMapping": {"Name": "Map", "Inputs": ["node-3"], "Mapping": [
            {"ToKey": ".birthDay", "FromPath": [".birthDay"], "FromType": "string", "ToType": "string"},
            {"ToKey": "Patient ID", "FromPath": ["Patient ID"], "FromType": "string", "ToType": "int"}]}},
    }  # fmt: skip
    script = render_script(graph)
    assert 'keys1=["movieId"], keys2=["`(right) movieId`"]' in script
    assert (
        'mappings=[("`.birthDay`", "string", "`.birthDay`", "string"), ("Patient ID", "string", "Patient ID", "int")]'
        in script
    )


def test_the_import_block_is_studios_2026_order_for_the_issues_graph() -> None:
    """CatalogSource, SelectFields, DropDuplicates, CustomCode + SelectFromCollection and an S3GlueParquetTarget
    with AutoDataQuality: the header of the script Glue generated in 2026 for such a graph (issue 18)."""
    header = _script("studio_2026_header").split("\n\n")[0].splitlines()
    assert header == [
        "import sys",
        "from awsglue.transforms import *",
        "from awsglue.utils import getResolvedOptions",
        "from pyspark.context import SparkContext",
        "from awsglue.context import GlueContext",
        "from awsglue.job import Job",
        "from awsglue.dynamicframe import DynamicFrameCollection",
        "from awsgluedq.transforms import EvaluateDataQuality",
        "from awsglue.dynamicframe import DynamicFrame",
        "from pyspark.sql import functions as SqlFuncs",
    ]


def test_drop_null_fields_is_studios_drop_nulls_helper_after_the_gluetypes_import() -> None:
    """Scripts Glue Studio generated in 2024-26 with a Drop Null Fields node (DropNullFields_node1767065355252,
    DropNullFields_node1781167295528, DropNullFields_node1765277343509): `from awsglue.gluetypes import *` right
    after the base imports, `from awsglue import DynamicFrame`, the `_find_null_fields` and `drop_nulls` helpers
    (a blank line after), in node order before `sparkSqlQuery`."""
    script = _script("drop_null_fields")
    assert script.split("\n\n")[0].splitlines()[6:] == [
        "from awsglue.gluetypes import *",
        "from awsglue import DynamicFrame",
    ]
    helpers = script.split("\n\n", 1)[1].split("args = ")[0]
    assert [line.split("(")[0] for line in helpers.splitlines() if line.startswith("def ")] == [
        "def _find_null_fields",
        "def drop_nulls",
        "def sparkSqlQuery",
    ]
    assert "transformation_ctx=transformation_ctx)\n\ndef sparkSqlQuery(" in helpers


def test_drop_null_fields_helpers_follow_a_sql_node_before_it() -> None:
    """Helpers in node order: a 2026-03 Studio script whose SQL node feeds its Drop Null Fields node
    (DropNullFields_node1772431857999) has `sparkSqlQuery` right before `_find_null_fields`."""
    graph = {
        "node-1": {"CatalogSource": {"Name": "Src", "Database": "d", "Table": "t"}},
        "node-2": {"SparkSQL": {"Name": "SQL Query", "Inputs": ["node-1"], "SqlQuery": "select * from myDataSource",
                                "SqlAliases": [{"From": "node-1", "Alias": "myDataSource"}]}},
        "node-3": {"DropNullFields": {"Name": "Drop Null Fields", "Inputs": ["node-2"]}},
    }  # fmt: skip
    helpers = render_script(graph).split("\n\n", 1)[1].split("args = ")[0]
    assert helpers.startswith("def sparkSqlQuery(")
    assert "transformation_ctx)\ndef _find_null_fields(ctx, " in helpers
    assert helpers.endswith("transformation_ctx=transformation_ctx)\n\n")


def test_drop_null_fields_import_comes_before_every_other_extra_import() -> None:
    """The header of a 2025-07 Studio script (DropNullFields_node1752363283093) for an S3 CSV source, Drop Null
    Fields, Drop Duplicates, custom code + Select From Collection, Change Schema and an S3 target with
    AutoDataQuality: `gluetypes` first, then `DynamicFrameCollection`, `awsgluedq`, both `DynamicFrame` imports
    and `SqlFuncs`."""
    graph = {
        "node-1": {"S3CsvSource": {"Name": "Amazon S3", "Paths": ["s3://b/raw/"], "Recurse": True, "Separator": "comma",
                                   "QuoteChar": "quote", "WithHeader": True, "OptimizePerformance": False}},
        "node-2": {"DropNullFields": {"Name": "Drop Null Fields", "Inputs": ["node-1"],
                                      "NullCheckBoxList": {"IsEmpty": True, "IsNullString": True}}},
        "node-3": {"DropDuplicates": {"Name": "Drop Duplicates", "Inputs": ["node-2"]}},
        "node-4": {"CustomCode": {"Name": "Custom Transform", "Inputs": ["node-3"], "ClassName": "MyTransform",
                                  "Code": "return dfc"}},
        "node-5": {"SelectFromCollection": {"Name": "Select From Collection", "Inputs": ["node-4"], "Index": 0}},
        "node-6": {"ApplyMapping": {"Name": "Change Schema", "Inputs": ["node-5"], "Mapping": [
            {"ToKey": "id", "FromPath": ["id"], "FromType": "string", "ToType": "int"}]}},
        "node-7": {"S3GlueParquetTarget": {"Name": "Amazon S3", "Inputs": ["node-6"], "Path": "s3://b/out/",
                                           "AutoDataQuality": {"IsEnabled": True, "EvaluationContext": "EDQ"}}},
    }  # fmt: skip
    assert render_script(graph).split("\n\n")[0].splitlines()[6:] == [
        "from awsglue.gluetypes import *",
        "from awsglue.dynamicframe import DynamicFrameCollection",
        "from awsgluedq.transforms import EvaluateDataQuality",
        "from awsglue.dynamicframe import DynamicFrame",
        "from awsglue import DynamicFrame",
        "from pyspark.sql import functions as SqlFuncs",
    ]


@pytest.mark.parametrize(
    ("boxes", "sets"),
    [
        ({"IsEmpty": True, "IsNullString": True, "IsNegOne": True}, 'nullStringSet={"", "null"}, nullIntegerSet={-1}'),
        ({"IsEmpty": True, "IsNullString": False, "IsNegOne": False}, 'nullStringSet={""}, nullIntegerSet={}'),
        ({"IsEmpty": False, "IsNullString": True, "IsNegOne": False}, 'nullStringSet={"null"}, nullIntegerSet={}'),
        ({"IsEmpty": False, "IsNullString": False, "IsNegOne": True}, "nullStringSet={}, nullIntegerSet={-1}"),
        ({"IsEmpty": False, "IsNullString": False, "IsNegOne": False}, "nullStringSet={}, nullIntegerSet={}"),
        (None, "nullStringSet={}, nullIntegerSet={}"),
    ],
)
def test_drop_null_fields_check_boxes_are_the_two_null_sets(boxes, sets) -> None:
    """Each form is in a public Studio script: {"", "null"} / {-1} (DropNullFields_node1732831134542), {""} / {}
    (node1767065355252), {"null"} / {} (node1726782176035), {} / {-1} (node1765277343509), {} / {}
    (node1754810187654)."""
    node = {"Name": "Drop Nulls", "Inputs": ["node-1"]}
    if boxes is not None:
        node["NullCheckBoxList"] = boxes
    graph = {
        "node-1": {"CatalogSource": {"Name": "Src", "Database": "d", "Table": "t"}},
        "node-2": {"DropNullFields": node},
    }
    assert (
        f'DropNulls_node2 = drop_nulls(glueContext, frame=Src_node1, {sets}, transformation_ctx="DropNulls_node2")\n'
        in render_script(graph)
    )


def test_drop_null_fields_custom_values_are_refused() -> None:
    """Studio appends custom values to the sets (a 2023 script: {"", "null", "?"}), but no public graph shows the
    Datatype ids Studio saves with them, so which set a value joins cannot be read from the graph."""
    graph = {
        "node-1": {"CatalogSource": {"Name": "Src", "Database": "d", "Table": "t"}},
        "node-2": {"DropNullFields": {"Name": "Nulls", "Inputs": ["node-1"], "NullTextList": [
            {"Value": "?", "Datatype": {"Id": "string", "Label": "String"}}]}},
    }  # fmt: skip
    message = r"^node node-2 \(Nulls\): DropNullFields field\(s\) NullTextList not supported by the renderer$"
    with pytest.raises(GraphError, match=message):
        render_script(graph)


def test_split_fields_names_its_frames_after_its_variable_name2_first() -> None:
    """A 2022 Studio script (SplitFields_node1656884127492): `SplitFields.apply(frame=, paths=[...],
    name2="<var>1", name1="<var>0", transformation_ctx=)`, its frames taken by SelectFromCollection's index."""
    script = _script("split_fields")
    assert (
        'SplitFields_node81 = SplitFields.apply(frame=CustomerLanding_node80, paths=["email", "phone"], '
        'name2="SplitFields_node811", name1="SplitFields_node810", transformation_ctx="SplitFields_node81")\n'
    ) in script
    assert "key=list(SplitFields_node81.keys())[1]" in script


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (
            "FillMissingValues",
            "it fills values with a machine-learning model Glue trains on the data (awsglueml), which cannot be "
            "reproduced locally",
        ),
        (
            "CatalogIcebergSource",
            "it reads an Iceberg table through Glue's Iceberg catalog, which the local catalog does not model",
        ),
    ],
)
def test_canvas_nodes_that_cannot_run_locally_are_refused_saying_why(kind: str, reason: str) -> None:
    graph = {"node-1": {kind: {"Name": "N", "Database": "d", "Table": "t"}}}
    with pytest.raises(GraphError) as error:
        render_script(graph)
    assert str(error.value) == f"node node-1 (N): node type {kind} is not supported by the renderer: {reason}"


def test_every_codegen_node_type_renders_or_is_refused_by_name() -> None:
    """Every member of botocore's CodeGenConfigurationNode: a node of that type (its required fields only, as
    the model's shape gives them) renders, or raises a GraphError naming the type."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("glue").shape_for("CodeGenConfigurationNode")
    assert len(model.members) == 79
    source = {"CatalogSource": {"Name": "Src", "Database": "d", "Table": "t"}}
    refused = []
    for kind in model.members:
        if kind in RENDERED_FIELDS:
            continue
        graph = {"node-1": source, "node-2": {kind: {"Name": "N", "Inputs": ["node-1"]}}}
        reason = f": {REFUSED[kind]}" if kind in REFUSED else ""
        with pytest.raises(GraphError) as error:
            render_script(graph)
        assert str(error.value) == f"node node-2 (N): node type {kind} is not supported by the renderer{reason}"
        refused.append(kind)
    assert len(refused) == 79 - len(RENDERED_FIELDS) == 55
    assert set(RENDERED_FIELDS) <= set(model.members)


def test_a_field_the_renderer_does_not_render_is_refused_by_name() -> None:
    graph = {"node-1": {"S3JsonSource": {"Name": "Json", "Paths": ["s3://b/"], "JsonPath": "$.items[*]"}}}
    with pytest.raises(
        GraphError, match=r"^node node-1 \(Json\): S3JsonSource field\(s\) JsonPath not supported by the renderer$"
    ):
        render_script(graph)


def test_a_node_without_a_field_it_needs_is_refused_by_name() -> None:
    graph = {
        "node-1": {"CatalogSource": {"Name": "Src", "Database": "d", "Table": "t"}},
        "node-2": {"S3DirectTarget": {"Name": "Out", "Inputs": ["node-1"], "Path": "s3://b/out/"}},
    }
    message = (
        r"^node node-2 \(Out\): S3DirectTarget lacks 'Format' \(a field the renderer needs, or the id of a node the "
        r"graph does not have\)$"
    )
    with pytest.raises(GraphError, match=message):
        render_script(graph)


def test_fields_left_empty_by_studio_and_output_schemas_do_not_change_the_script() -> None:
    graph = load_graph(FIXTURES / "catalog_join.json")
    graph["node-40"]["S3CatalogSource"].update(
        {
            "PartitionPredicate": "",
            "AdditionalOptions": {},
            "OutputSchemas": [{"Columns": [{"Name": "x", "Type": "string"}]}],
        }
    )
    assert render_script(graph) == _script("catalog_join")


#: Each fixture graph that runs on fixture data (data/<name>/<bucket>/<key> copied into a fresh lake, the DDL
#: files registered first): the rows its target writes and the table it registers. custom_chain is left out: its
#: Join of `serialNumber` with `serialnumber` is issue 18's case-insensitive join (runtime item 2).
RUNS = {
    "canvas_nodes": {
        "ddl": [],
        "output": ("s3://lake-1/devices/counts/", "json"),
        "rows": [{"owner": "ann@x.org", "devices": 3}, {"owner": "bob@x.org", "devices": 1}],
        "table": ("device_counts", [["owner", "string"], ["devices", "bigint"]]),
    },
    "catalog_join": {
        "ddl": ["catalog_join.sql"],
        "output": ("s3://lake-1/step_trainer/trusted/", "json"),
        "rows": [
            {"serialnumber": "A-1", "sensorreadingtime": 1, "distancefromobject": 10},
            {"serialnumber": "A-1", "sensorreadingtime": 2, "distancefromobject": 12},
        ],
        "table": None,
    },
    "privacy_join": {
        "ddl": ["privacy_join.sql"],
        "output": ("s3://lake-1/accelerometer/trusted/", "parquet"),
        "rows": [
            {"user": "ann@x.org", "timestamp": 1, "x": 0.5},
            {"user": "ann@x.org", "timestamp": 2, "x": 1.5},
        ],
        "table": ("accelerometer_trusted", [["timestamp", "bigint"], ["user", "string"], ["x", "double"]]),
    },
    "multiframe_quality": {
        "ddl": [],
        "output": ("s3://lake-1/customer/registered/", "parquet"),
        "rows": [
            {"email": "ann@x.org", "registrationDate": "2023-04-01", "serialNumber": "A-1", "model": "step-1",
             "serial": "A-1"},
        ],
        "table": None,
    },
    "drop_null_fields": {
        "ddl": [],
        "output": ("s3://lake-1/readings/clean/", "json"),
        # note (""), status ("null", " null "), legacyId (-1), comment (null or absent) and location.room ("", " ")
        # are dropped; remark (null and "") and flag ("NULL") are not: the helper compares distinct values
        # (None included) with the sets, case-sensitively. A null remark is not written (the JSON writer).
        "rows": [
            {"serialNumber": "A-1", "distanceFromObject": 10, "remark": "", "flag": "NULL", "location": {"floor": 2}},
            {"serialNumber": "A-2", "distanceFromObject": 12, "flag": "NULL", "location": {"floor": 3}},
        ],
        "table": None,
    },
    "split_fields": {
        "ddl": [],
        "output": ("s3://lake-1/customer/contacts/", "json"),
        "rows": [{"email": "ann@x.org", "phone": "555-0101"}, {"email": "bob@x.org", "phone": "555-0102"}],
        "also": [
            (
                "s3://lake-1/customer/registrations/",
                "json",
                [
                    {"customerName": "Ann", "registrationDate": 1655564376361, "serialNumber": "A-1"},
                    {"customerName": "Bob", "registrationDate": 1655564376362, "serialNumber": "B-1"},
                ],
            )
        ],
        "table": None,
    },
    "studio_2026_header": {
        "ddl": ["studio_2026_header.sql"],
        "output": ("s3://lake/customer/serials/", "parquet"),
        "rows": [{"email": "ann@x.org", "serialnumber": "A-1"}, {"email": "bob@x.org", "serialnumber": "B-1"}],
        "table": None,
    },
}  # fmt: skip


def _written_rows(folder: Path, fmt: str) -> list[dict]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
    assert files, f"nothing written under {folder}"
    if fmt == "parquet":
        from pyspark.sql import SparkSession

        rows = [r.asDict() for r in SparkSession.builder.getOrCreate().read.parquet(str(folder)).collect()]
    else:
        rows = []
        for file in files:
            data = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
            rows += [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def test_every_fixture_graph_runs_but_the_case_insensitive_join() -> None:
    assert sorted(RUNS) == sorted(set(NAMES) - {"custom_chain"})


@pytest.mark.spark
@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_runtime_runs_what_the_renderer_emits(name: str, tmp_path: Path, capsys) -> None:
    """The rendered fixture script, run by `stedi glue-run` on its fixture data, writes exactly these rows."""
    run = RUNS[name]
    lake = tmp_path / "lake"
    shutil.copytree(FIXTURES / "data" / name, lake)
    command = ["glue-run", str(FIXTURES / f"{name}.py"), "--lake", str(lake), "--database", "stedi"]
    for ddl in run["ddl"]:
        command += ["--ddl", str(FIXTURES / ddl)]
    command += ["--", "--JOB_NAME", name, "--DATABASE", "stedi", "--LAKE_BUCKET", "lake-1"]

    assert main(command) == 0, capsys.readouterr().err

    uri, fmt = run["output"]
    for where, form, expected in [(uri, fmt, run["rows"]), *run.get("also", [])]:
        assert _written_rows(resolve(lake, where), form) == sorted(
            expected, key=lambda r: json.dumps(r, sort_keys=True)
        )
    if name == "canvas_nodes":  # compression="gzip" in getSink reached the writer
        written = [p.name for p in resolve(lake, uri).rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
        assert written and all(n.endswith(".json.gz") for n in written)
    if run["table"]:
        table = LocalCatalog(lake).get_table("stedi", run["table"][0])
        assert [[c["Name"], c["Type"]] for c in table["StorageDescriptor"]["Columns"]] == run["table"][1]


def test_committed_scripts_are_the_rendering_of_their_graphs() -> None:
    """The sync test of glue_scripts/ (every <job>.json beside its <job>.py): `stedi visual render` regenerates a
    script that disagrees. test_sync_check_finds_an_edited_script_and_a_missing_one shows it can fail."""
    assert stale_scripts(GLUE_SCRIPTS) == [], "run `stedi visual render`"


def test_sync_check_finds_an_edited_script_and_a_missing_one(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    assert stale_scripts(tmp_path) == []
    edited = tmp_path / "custom_chain.py"
    edited.write_text(edited.read_text().replace('paths=["email", "phone"]', 'paths=["email"]'))
    (tmp_path / "privacy_join.py").unlink()
    assert stale_scripts(tmp_path) == [edited, tmp_path / "privacy_join.py"]


def test_a_filled_graph_renders_literals_and_only_job_name_as_studio_does() -> None:
    graph = fill(load_graph(FIXTURES / "privacy_join.json"), {"DATABASE": "stedi", "LAKE_BUCKET": "lake-1"})
    script = render_script(graph)
    assert "args = getResolvedOptions(sys.argv, ['JOB_NAME'])\n" in script
    assert 'from_catalog(database="stedi", table_name="customer_landing", ' in script
    assert 'getSink(path="s3://lake-1/accelerometer/trusted/", ' in script
    assert 'setCatalogInfo(catalogDatabase="stedi",catalogTableName="accelerometer_trusted")' in script
    assert "args[" not in script.replace("args['JOB_NAME']", "")


def test_git_integration_job_json_renders_like_the_bare_graph(tmp_path: Path) -> None:
    """Glue's Git integration commits <job>/<job>.json with codeGenConfigurationNodes as a JSON string."""
    graph = load_graph(FIXTURES / "custom_chain.json")
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "custom_chain", "codeGenConfigurationNodes": json.dumps(graph)}))
    assert render_script(load_graph(job)) == (FIXTURES / "custom_chain.py").read_text()


def test_variable_names_follow_studio() -> None:
    assert variable_name("node-1727249128429", "Change Schema - Dropoff Zone Lookup") == (
        "ChangeSchemaDropoffZoneLookup_node1727249128429"
    )
    assert variable_name("node-1725465250826", "Customer_Landing") == "Customer_Landing_node1725465250826"
    assert variable_name("node-7", "Evaluate Data Quality (Multiframe)") == "EvaluateDataQualityMultiframe_node7"


def test_order_is_kahn_fifo_in_graph_order() -> None:
    """Sources in graph order (not id order), then each freed child in turn: the NYC-taxi export's order."""

    def source(name):
        return {"CatalogSource": {"Name": name, "Database": "d", "Table": name}}

    def step(name, *inputs):
        return {"DropFields": {"Name": name, "Inputs": list(inputs), "Paths": [["x"]]}}

    graph = {
        "node-9": source("Dropoff"),
        "node-2": source("Trips"),
        "node-5": source("Pickup"),
        "node-8": step("Dropoff Schema", "node-9"),
        "node-3": step("Clean Trips", "node-2"),
        "node-6": step("Pickup Schema", "node-5"),
        "node-4": {"Join": {"Name": "J", "Inputs": ["node-6", "node-3"], "JoinType": "equijoin",
                            "Columns": [{"From": "node-6", "Keys": [["a"]]}, {"From": "node-3", "Keys": [["b"]]}]}},
    }  # fmt: skip
    assert topological_order(graph) == ["node-9", "node-2", "node-5", "node-8", "node-3", "node-6", "node-4"]


def test_an_unsupported_node_type_names_the_node() -> None:
    graph = {"node-1": {"Spigot": {"Name": "Peek", "Inputs": [], "Path": "s3://b/peek/"}}}
    message = r"^node node-1 \(Peek\): node type Spigot is not supported by the renderer$"
    with pytest.raises(GraphError, match=message):
        render_script(graph)


def test_render_without_graphs_renders_nothing_and_says_so(tmp_path: Path, capsys) -> None:
    assert main(["visual", "render", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"no graphs (*.json) in {tmp_path}/: nothing rendered\n"
    assert list(tmp_path.iterdir()) == []


def test_render_regenerates_every_script_of_a_folder(tmp_path: Path, capsys) -> None:
    for name in ("privacy_join", "custom_chain"):
        shutil.copy(FIXTURES / f"{name}.json", tmp_path)
    (tmp_path / "custom_chain.py").write_text("stale\n")
    assert main(["visual", "render", "--dir", str(tmp_path)]) == 0
    assert stale_scripts(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "custom_chain.json", "custom_chain.py", "privacy_join.json", "privacy_join.py",
    ]  # fmt: skip


def test_render_one_graph_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.py"
    assert main(["visual", "render", str(FIXTURES / "multiframe_quality.json"), "-o", str(out)]) == 0
    assert out.read_text() == (FIXTURES / "multiframe_quality.py").read_text()


def test_render_of_a_broken_file_names_it(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert main(["visual", "render", str(bad)]) == 1
    assert capsys.readouterr().err == (
        f"stedi: error: {bad}: expected an object mapping node ids to nodes ({{'node-1': {{'CatalogSource': ...}}}})\n"
    )

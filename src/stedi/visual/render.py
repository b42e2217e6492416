"""A Glue Studio graph (``CodeGenConfigurationNodes``) -> the Python script Glue Studio generates from it.

The code form of every node type comes from public scripts Glue Studio generated, with the graph beside them
where one was found: Studio's current (2024-26) template. src/stedi/visual/README.md is the table of each node
type's rule and its evidence. Rules that hold across every node:

* nodes are emitted in topological order, Kahn's algorithm with a FIFO queue seeded in the graph's key order
  (it reproduces the order of a public five-source pair whose ids are not sorted); children freed by one node
  join the queue in graph order;
* a node's variable is its ``Name`` without the characters outside ``[A-Za-z0-9_]``, then ``_node`` and the
  digits of its id; ``transformation_ctx`` is that same name; each block starts with
  ``# Script generated for node <Name>``;
* the header imports depend on the node types used, in one fixed order (``EXTRA_IMPORTS``); helper functions
  (custom code, ``sparkSqlQuery``, ``sparkUnion``, ``sparkAggregate``, ``drop_nulls``) come once each, in node
  order, before ``getResolvedOptions``; ``job.commit()`` ends the script;
* a node type not rendered here, or a field of a rendered type that the renderer does not render, is a
  ``GraphError`` naming the node, the type and the field (and, for the canvas nodes in ``REFUSED``, why): never
  a script that is not Glue's.

Placeholders: a field value holding ``${NAME}`` (upper case, e.g. ``${DATABASE}``, ``${LAKE_BUCKET}``) is a
deploy-time value. ``publish`` fills it in the graph it sends to Glue; rendered from the repository's graph it
becomes the job argument ``args["NAME"]`` (added to ``getResolvedOptions``), so the committed script runs in any
deployment. Studio itself never emits that form: it only ever sees the filled graph. Inside SQL, DQDL and custom
code the text is copied as is (Spark's own ``${conf.key}`` substitution stays untouched).

Not verified against Glue (no public pair or script found) and listed in the README with the known
differences (``SqlQueryN`` numbering): ``additional_data_sources`` of a multi-frame data quality node, Filter
forms other than one comparison/regex, joins other than ``equijoin``/``right``, and the inferred forms the
README lists.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")

BASE_IMPORTS = [
    "import sys",
    "from awsglue.transforms import *",
    "from awsglue.utils import getResolvedOptions",
    "from pyspark.context import SparkContext",
    "from awsglue.context import GlueContext",
    "from awsglue.job import Job",
]

#: Extra header imports in Studio's fixed order (2024-26 scripts: whatever the node order, DynamicFrameCollection
#: precedes EvaluateDataQuality, which precedes DynamicFrame; a Filter of any operation imports ``re``), each with
#: the node types that need it ("AutoDataQuality": a target with AutoDataQuality enabled).
EXTRA_IMPORTS = [
    ("from awsglue.gluetypes import *", {"DropNullFields"}),
    ("from awsglue.dynamicframe import DynamicFrameCollection", {"CustomCode"}),
    (
        "from awsgluedq.transforms import EvaluateDataQuality",
        {"EvaluateDataQuality", "EvaluateDataQualityMultiFrame", "AutoDataQuality"},
    ),
    ("from awsglue.dynamicframe import DynamicFrame", {"CustomCode", "DropDuplicates", "Join:dataframe", "Aggregate"}),
    ("from awsglue import DynamicFrame", {"SparkSQL", "Union", "DropNullFields"}),
    ("from pyspark.sql import functions as SqlFuncs", {"DropDuplicates", "Aggregate"}),
    ("import re", {"Filter"}),
]

SPARK_SQL_HELPER = """\
def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
"""

SPARK_UNION_HELPER = """\
def sparkUnion(glueContext, unionType, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql("(select * from source1) UNION " + unionType + " (select * from source2)")
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
"""

# Studio ends this helper with a blank line (the other helpers have none).
SPARK_AGGREGATE_HELPER = """\
def sparkAggregate(glueContext, parentFrame, groups, aggs, transformation_ctx) -> DynamicFrame:
    aggsFuncs = []
    for column, func in aggs:
        aggsFuncs.append(getattr(SqlFuncs, func)(column))
    result = parentFrame.toDF().groupBy(*groups).agg(*aggsFuncs) if len(groups) > 0 else parentFrame.toDF().agg(*aggsFuncs)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)

"""  # noqa: E501

# Drop Null Fields: a field is dropped when its type is NullType, or when every distinct value (strings stripped)
# is in the set of its type's null values: a field holding both None and "null" is kept. Ends with a blank line.
DROP_NULLS_HELPER = """\
def _find_null_fields(ctx, schema, path, output, nullStringSet, nullIntegerSet, frame):
    if isinstance(schema, StructType):
        for field in schema:
            new_path = path + "." if path != "" else path
            output = _find_null_fields(ctx, field.dataType, new_path + field.name, output, nullStringSet, nullIntegerSet, frame)
    elif isinstance(schema, ArrayType):
        if isinstance(schema.elementType, StructType):
            output = _find_null_fields(ctx, schema.elementType, path, output, nullStringSet, nullIntegerSet, frame)
    elif isinstance(schema, NullType):
        output.append(path)
    else:
        x, distinct_set = frame.toDF(), set()
        for i in x.select(path).distinct().collect():
            distinct_ = i[path.split('.')[-1]]
            if isinstance(distinct_, list):
                distinct_set |= set([item.strip() if isinstance(item, str) else item for item in distinct_])
            elif isinstance(distinct_, str) :
                distinct_set.add(distinct_.strip())
            else:
                distinct_set.add(distinct_)
        if isinstance(schema, StringType):
            if distinct_set.issubset(nullStringSet):
                output.append(path)
        elif isinstance(schema, IntegerType) or isinstance(schema, LongType) or isinstance(schema, DoubleType):
            if distinct_set.issubset(nullIntegerSet):
                output.append(path)
    return output

def drop_nulls(glueContext, frame, nullStringSet, nullIntegerSet, transformation_ctx) -> DynamicFrame:
    nullColumns = _find_null_fields(frame.glue_ctx, frame.schema(), "", [], nullStringSet, nullIntegerSet, frame)
    return DropFields.apply(frame=frame, paths=nullColumns, transformation_ctx=transformation_ctx)

"""  # noqa: E501

DEFAULT_RULESET = '''\
# Default ruleset used by all target nodes with data quality enabled
DEFAULT_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount > 0
    ]
"""
'''

JOB_SETUP = """\
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
"""

FILTER_OPERATORS = {"EQ": "==", "LT": "<", "GT": ">", "LTE": "<=", "GTE": ">="}


class GraphError(ValueError):
    """A graph that cannot be read or rendered; the message names the file, node and field."""


def load_graph(path: Path) -> dict[str, dict]:
    """Read a graph file: a ``CodeGenConfigurationNodes`` object, or a job JSON as Glue's Git integration
    writes it (``codeGenConfigurationNodes`` holding the graph as a JSON string)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GraphError(f"{path}: cannot read the graph: {exc}") from exc
    return graph_from_document(data, str(path))


def graph_from_document(data: Any, source: str = "graph") -> dict[str, dict]:
    """The nodes of a parsed graph document (see ``load_graph``)."""
    if isinstance(data, dict) and "codeGenConfigurationNodes" in data:
        nodes = data["codeGenConfigurationNodes"]
        if isinstance(nodes, str):
            try:
                nodes = json.loads(nodes)
            except json.JSONDecodeError as exc:
                raise GraphError(f"{source}: codeGenConfigurationNodes is not a JSON object: {exc}") from exc
        data = nodes
    if not isinstance(data, dict) or not data or not all(isinstance(v, dict) for v in data.values()):
        raise GraphError(
            f"{source}: expected an object mapping node ids to nodes ({{'node-1': {{'CatalogSource': ...}}}})"
        )
    return data


def node_type(node_id: str, node: Mapping) -> tuple[str, dict]:
    """The node's one type key and its fields."""
    if len(node) != 1:
        raise GraphError(f"node {node_id}: expected exactly one node type, found {sorted(node) or 'none'}")
    ((kind, fields),) = node.items()
    return kind, fields


def variable_name(node_id: str, name: str) -> str:
    """Studio's variable for a node: the name's ``[A-Za-z0-9_]`` characters + ``_node`` + the id's digits."""
    return re.sub(r"[^A-Za-z0-9_]", "", name) + "_node" + re.sub(r"\D", "", node_id)


def topological_order(graph: Mapping[str, Mapping]) -> list[str]:
    """Node ids parents first (Kahn's algorithm, FIFO, graph order); raises on a cycle or a missing input."""
    parents = {}
    for node_id, node in graph.items():
        _kind, fields = node_type(node_id, node)
        inputs = fields.get("Inputs", [])
        missing = [i for i in inputs if i not in graph]
        if missing:
            raise GraphError(f"node {node_id}: Inputs names nodes that do not exist: {', '.join(missing)}")
        parents[node_id] = list(inputs)
    waiting = {node_id: len(set(p)) for node_id, p in parents.items()}
    queue = deque(node_id for node_id in graph if waiting[node_id] == 0)
    order = []
    while queue:
        done = queue.popleft()
        order.append(done)
        for child in graph:
            if done in parents[child]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    queue.append(child)
    if len(order) != len(graph):
        stuck = [node_id for node_id in graph if node_id not in order]
        raise GraphError(f"the graph has a cycle through {', '.join(stuck)}")
    return order


def value(text: str, placeholders: set[str]) -> str:
    """A field's value as a Python expression: a JSON-quoted literal, or the job arguments its placeholders name."""
    names = PLACEHOLDER.findall(text)
    if not names:
        return json.dumps(text)
    placeholders.update(names)
    whole = PLACEHOLDER.fullmatch(text)
    if whole:
        return f'args["{whole.group(1)}"]'
    parts = PLACEHOLDER.split(text)  # literal, name, literal, name, ..., literal
    body = "".join(
        (f"{{args['{part}']}}" if i % 2 else json.dumps(part)[1:-1].replace("{", "{{").replace("}", "}}"))
        for i, part in enumerate(parts)
    )
    return f'f"{body}"'


def values(items: list[str], placeholders: set[str]) -> str:
    return "[" + ", ".join(value(item, placeholders) for item in items) + "]"


def _path(path: list[str] | str) -> str:
    return path if isinstance(path, str) else ".".join(path)


def _quoted_path(path: list[str] | str) -> str:
    """A field path as Studio writes it in ApplyMapping, Join keys, DropFields, SelectFields and RenameField: the
    parts joined by dots, a part holding a character other than a letter, digit, _ or space in backticks
    (.serialnumber, sum(sales) and "(right) movieId" are quoted, "Patient ID" is not)."""
    parts = [path] if isinstance(path, str) else path
    return ".".join(
        part if re.fullmatch(r"[A-Za-z0-9_ ]*", part) else "`" + part.replace("`", "``") + "`" for part in parts
    )


def _literal(text: str) -> str:
    """A Filter constant: numbers as written, anything else a quoted string."""
    return text if re.fullmatch(r"-?\d+(\.\d+)?", text) else json.dumps(text)


#: The fields each rendered node type may set; a graph that sets another one is refused (rendered without it, the
#: script would not be the one Glue generates). ``OutputSchemas`` never changes the script.
RENDERED_FIELDS = {
    "CatalogSource": {"Name", "Database", "Table"},
    "S3CatalogSource": {"Name", "Database", "Table"},
    "S3JsonSource": {"Name", "Paths", "Recurse", "Multiline"},
    "S3CsvSource": {"Name", "Paths", "Recurse", "Separator", "QuoteChar", "WithHeader", "OptimizePerformance"},
    "S3ParquetSource": {"Name", "Paths", "Recurse"},
    "SparkSQL": {"Name", "Inputs", "SqlQuery", "SqlAliases"},
    "CustomCode": {"Name", "Inputs", "Code", "ClassName"},
    "SelectFromCollection": {"Name", "Inputs", "Index"},
    "ApplyMapping": {"Name", "Inputs", "Mapping"},
    "SelectFields": {"Name", "Inputs", "Paths"},
    "DropFields": {"Name", "Inputs", "Paths"},
    "DropNullFields": {"Name", "Inputs", "NullCheckBoxList"},
    "SplitFields": {"Name", "Inputs", "Paths"},
    "RenameField": {"Name", "Inputs", "SourcePath", "TargetPath"},
    "DropDuplicates": {"Name", "Inputs", "Columns"},
    "Filter": {"Name", "Inputs", "LogicalOperator", "Filters"},
    "Join": {"Name", "Inputs", "JoinType", "Columns"},
    "Union": {"Name", "Inputs", "UnionType"},
    "Aggregate": {"Name", "Inputs", "Groups", "Aggs"},
    "EvaluateDataQuality": {"Name", "Inputs", "Ruleset", "Output", "PublishingOptions", "StopJobOnFailureOptions"},
    "EvaluateDataQualityMultiFrame": {
        "Name", "Inputs", "AdditionalDataSources", "Ruleset", "PublishingOptions", "AdditionalOptions",
        "StopJobOnFailureOptions",
    },
    "S3DirectTarget": {
        "Name", "Inputs", "PartitionKeys", "Path", "Compression", "NumberTargetPartitions", "Format",
        "SchemaChangePolicy", "AutoDataQuality",
    },
    "S3GlueParquetTarget": {
        "Name", "Inputs", "PartitionKeys", "Path", "Compression", "NumberTargetPartitions", "SchemaChangePolicy",
        "AutoDataQuality",
    },
    "S3CatalogTarget": {"Name", "Inputs", "Table", "Database", "SchemaChangePolicy", "AutoDataQuality"},
}  # fmt: skip

#: S3CsvSource's Separator and QuoteChar as the characters of Studio's ``format_options``.
CSV_SEPARATORS = {"comma": ",", "ctrla": "\u0001", "pipe": "|", "semicolon": ";", "tab": "\t"}
CSV_QUOTES = {"quote": '"', "single_quote": "'"}

#: The helper function Studio writes (once, before ``args``) for a node type.
HELPERS = {
    "SparkSQL": "SPARK_SQL_HELPER",
    "Union": "SPARK_UNION_HELPER",
    "Aggregate": "SPARK_AGGREGATE_HELPER",
    "DropNullFields": "DROP_NULLS_HELPER",
}

#: Node types users put on the canvas that are refused for a reason of their own (said in the error).
REFUSED = {
    "FillMissingValues": "it fills values with a machine-learning model Glue trains on the data (awsglueml), "
    "which cannot be reproduced locally",
    "CatalogIcebergSource": "it reads an Iceberg table through Glue's Iceberg catalog, which the local catalog "
    "does not model",
}


#: AdditionalOptions keys of the S3 sources that only choose the file the canvas previews: never in the script.
PREVIEW_OPTIONS = {"EnableSamplePath", "SamplePath"}


def _set(key: str, field: Any) -> bool:
    """Whether a graph really sets a field (Studio saves options left alone as empty strings, lists, objects)."""
    if key == "AdditionalOptions" and isinstance(field, Mapping):
        return bool(set(field) - PREVIEW_OPTIONS)
    return field not in (None, "", [], {})


class _Renderer:
    def __init__(self, graph: Mapping[str, Mapping]):
        self.graph = graph
        self.order = topological_order(graph)
        self.var = {}
        for node_id in self.order:
            _kind, fields = node_type(node_id, graph[node_id])
            self.var[node_id] = variable_name(node_id, fields.get("Name", ""))
        self.placeholders: set[str] = set()
        self.sql_count = 0
        self.needs: set[str] = set()

    def render(self) -> str:
        blocks = []
        helpers: dict[str, str] = {}  # once each, in the order of the first node that needs it (Studio's order)
        for node_id in self.order:
            kind, fields = node_type(node_id, self.graph[node_id])
            method = getattr(self, f"_{kind}", None)
            if method is None:
                reason = f": {REFUSED[kind]}" if kind in REFUSED else ""
                raise GraphError(
                    f"node {node_id} ({fields.get('Name')}): node type {kind} is not supported by the renderer{reason}"
                )
            allowed = RENDERED_FIELDS[kind] | {"OutputSchemas"}
            unknown = sorted(key for key, field in fields.items() if key not in allowed and _set(key, field))
            if unknown:
                raise GraphError(
                    f"node {node_id} ({fields.get('Name')}): {kind} field(s) {', '.join(unknown)} not supported "
                    "by the renderer"
                )
            self.needs.add(kind)
            try:
                if kind == "CustomCode":
                    helpers[node_id] = (
                        f"# Script generated for node {fields['Name']}\n{self._function(node_id, fields)}\n"
                    )
                elif kind in HELPERS:
                    helpers.setdefault(kind, globals()[HELPERS[kind]])
                blocks.append(f"# Script generated for node {fields['Name']}\n" + method(node_id, fields))
            except KeyError as exc:  # a required field (CreateJob refuses its absence too) or a node id
                raise GraphError(
                    f"node {node_id} ({fields.get('Name')}): {kind} lacks {exc.args[0]!r} (a field the renderer "
                    "needs, or the id of a node the graph does not have)"
                ) from None
        imports = BASE_IMPORTS + [line for line, needs in EXTRA_IMPORTS if needs & self.needs]
        arg_names = ", ".join(repr(name) for name in ["JOB_NAME", *sorted(self.placeholders)])
        header = "\n".join(imports) + "\n\n" + "".join(helpers.values())
        header += f"args = getResolvedOptions(sys.argv, [{arg_names}])\n"
        ruleset = "\n" + DEFAULT_RULESET if "AutoDataQuality" in self.needs else ""
        return header + JOB_SETUP + ruleset + "\n" + "".join(blocks) + "job.commit()\n"

    def _input(self, fields: Mapping, index: int = 0) -> str:
        return self.var[fields["Inputs"][index]]

    # Sources -----------------------------------------------------------------------------------------------

    def _CatalogSource(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        db, table = value(f["Database"], self.placeholders), value(f["Table"], self.placeholders)
        return (
            f"{v} = glueContext.create_dynamic_frame.from_catalog(database={db}, table_name={table}, "
            f'transformation_ctx="{v}")\n\n'
        )

    # The "Amazon S3" source node set to a Data Catalog table: the same call.
    _S3CatalogSource = _CatalogSource

    def _s3_source(self, node_id: str, f: Mapping, glue_format: str, format_options: str) -> str:
        v = self.var[node_id]
        options = f'"paths": {values(f["Paths"], self.placeholders)}'
        if f.get("Recurse") is not None:  # Studio writes "recurse" only when the graph has the field
            options += f', "recurse": {bool(f["Recurse"])}'
        return (
            f"{v} = glueContext.create_dynamic_frame.from_options(format_options={{{format_options}}}, "
            f'connection_type="s3", format="{glue_format}", connection_options={{{options}}}, '
            f'transformation_ctx="{v}")\n\n'
        )

    def _S3JsonSource(self, node_id: str, f: Mapping) -> str:
        # Studio (2024-26) writes this option camelCased and as a string.
        multiline = "true" if f.get("Multiline") else "false"
        return self._s3_source(node_id, f, "json", f'"multiLine": "{multiline}"')

    def _S3CsvSource(self, node_id: str, f: Mapping) -> str:
        separator, quote = f.get("Separator", "comma"), f.get("QuoteChar", "quote")
        if separator not in CSV_SEPARATORS or quote not in CSV_QUOTES:
            raise GraphError(
                f"node {node_id} ({f.get('Name')}): S3CsvSource Separator {separator!r} / QuoteChar {quote!r} not "
                f"supported by the renderer (Separator: {', '.join(CSV_SEPARATORS)}; "
                f"QuoteChar: {', '.join(CSV_QUOTES)})"
            )
        options = (
            f'"quoteChar": {json.dumps(CSV_QUOTES[quote])}, "withHeader": {bool(f.get("WithHeader"))}, '
            f'"separator": {json.dumps(CSV_SEPARATORS[separator])}, '
            f'"optimizePerformance": {bool(f.get("OptimizePerformance"))}'
        )
        return self._s3_source(node_id, f, "csv", options)

    def _S3ParquetSource(self, node_id: str, f: Mapping) -> str:
        return self._s3_source(node_id, f, "parquet", "")

    # Transforms --------------------------------------------------------------------------------------------

    def _SparkSQL(self, node_id: str, f: Mapping) -> str:
        v, n = self.var[node_id], self.sql_count
        self.sql_count += 1
        mapping = ", ".join(f"{json.dumps(a['Alias'])}:{self.var[a['From']]}" for a in f["SqlAliases"])
        return (
            f"SqlQuery{n} = '''\n{f['SqlQuery']}\n'''\n"
            f"{v} = sparkSqlQuery(glueContext, query = SqlQuery{n}, mapping = {{{mapping}}}, "
            f'transformation_ctx = "{v}")\n\n'
        )

    def _function(self, node_id: str, f: Mapping) -> str:
        """The node's code: Studio's editor holds the whole ``def <ClassName>(glueContext, dfc)``; a body without
        it is wrapped in that signature."""
        code = f["Code"].strip("\n")
        if code.lstrip().startswith("def "):
            return code
        body = "\n".join(("    " + line) if line.strip() else "" for line in code.splitlines())
        return f"def {f['ClassName']}(glueContext, dfc) -> DynamicFrameCollection:\n{body}"

    def _CustomCode(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        frames = ", ".join(f'"{self.var[i]}": {self.var[i]}' for i in f["Inputs"])
        return f"{v} = {f['ClassName']}(glueContext, DynamicFrameCollection({{{frames}}}, glueContext))\n\n"

    def _SelectFromCollection(self, node_id: str, f: Mapping) -> str:
        v, dfc = self.var[node_id], self._input(f)
        return (
            f"{v} = SelectFromCollection.apply(dfc={dfc}, key=list({dfc}.keys())[{f['Index']}], "
            f'transformation_ctx="{v}")\n\n'
        )

    def _ApplyMapping(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        mappings = ", ".join(
            "({}, {}, {}, {})".format(
                json.dumps(_quoted_path(m["FromPath"])),
                json.dumps(m["FromType"]),
                json.dumps(_quoted_path([m["ToKey"]])),
                json.dumps(m["ToType"]),
            )
            for m in f["Mapping"]
            if not m.get("Dropped")
        )
        return f'{v} = ApplyMapping.apply(frame={self._input(f)}, mappings=[{mappings}], transformation_ctx="{v}")\n\n'

    def _paths_transform(self, node_id: str, f: Mapping, transform: str) -> str:
        v = self.var[node_id]
        paths = ", ".join(json.dumps(_quoted_path(p)) for p in f["Paths"])
        return f'{v} = {transform}.apply(frame={self._input(f)}, paths=[{paths}], transformation_ctx="{v}")\n\n'

    def _DropFields(self, node_id: str, f: Mapping) -> str:
        return self._paths_transform(node_id, f, "DropFields")

    def _SelectFields(self, node_id: str, f: Mapping) -> str:
        return self._paths_transform(node_id, f, "SelectFields")

    def _SplitFields(self, node_id: str, f: Mapping) -> str:
        """Studio names the two frames after the node's variable, name2 before name1 (a 2022 script; inferred for
        the one-line template)."""
        v = self.var[node_id]
        paths = ", ".join(json.dumps(_quoted_path(p)) for p in f["Paths"])
        return (
            f'{v} = SplitFields.apply(frame={self._input(f)}, paths=[{paths}], name2="{v}1", name1="{v}0", '
            f'transformation_ctx="{v}")\n\n'
        )

    def _DropNullFields(self, node_id: str, f: Mapping) -> str:
        """The ticked boxes as the values of ``drop_nulls``' two sets: "" and "null" for strings, -1 for numbers;
        an empty set is written ``{}``."""
        v = self.var[node_id]
        boxes = f.get("NullCheckBoxList") or {}
        strings = [json.dumps(text) for key, text in (("IsEmpty", ""), ("IsNullString", "null")) if boxes.get(key)]
        numbers = ["-1"] if boxes.get("IsNegOne") else []
        return (
            f"{v} = drop_nulls(glueContext, frame={self._input(f)}, nullStringSet={{{', '.join(strings)}}}, "
            f'nullIntegerSet={{{", ".join(numbers)}}}, transformation_ctx="{v}")\n\n'
        )

    def _RenameField(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        old, new = json.dumps(_quoted_path(f["SourcePath"])), json.dumps(_quoted_path(f["TargetPath"]))
        return (
            f"{v} = RenameField.apply(frame={self._input(f)}, old_name={old}, new_name={new}, "
            f'transformation_ctx="{v}")\n\n'
        )

    def _Union(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        first, second = (self.var[i] for i in f["Inputs"])
        return (
            f'{v} = sparkUnion(glueContext, unionType = "{f["UnionType"]}", mapping = {{"source1": {first}, '
            f'"source2": {second}}}, transformation_ctx = "{v}")\n\n'
        )

    def _Aggregate(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        groups = ", ".join(json.dumps(_path(g)) for g in f["Groups"])
        aggs = ", ".join(f"[{json.dumps(_path(a['Column']))}, {json.dumps(a['AggFunc'])}]" for a in f["Aggs"])
        return (
            f"{v} = sparkAggregate(glueContext, parentFrame = {self._input(f)}, groups = [{groups}], "
            f'aggs = [{aggs}], transformation_ctx = "{v}")\n\n'
        )

    def _DropDuplicates(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        columns = f.get("Columns") or []
        keys = "[" + ", ".join(json.dumps(_path(c)) for c in columns) + "]" if columns else ""
        # Two spaces after `=`: Studio's own output.
        return f'{v} =  DynamicFrame.fromDF({self._input(f)}.toDF().dropDuplicates({keys}), glueContext, "{v}")\n\n'

    def _Filter(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        expressions = [self._filter_expression(e) for e in f["Filters"]]
        joined = f" {f['LogicalOperator'].lower()} ".join(expressions)
        return f'{v} = Filter.apply(frame={self._input(f)}, f=lambda row: ({joined}), transformation_ctx="{v}")\n\n'

    @staticmethod
    def _filter_expression(e: Mapping) -> str:
        def operand(filter_value: Mapping) -> str:
            text = filter_value["Value"][0]
            return f"row[{json.dumps(text)}]" if filter_value["Type"] == "COLUMNEXTRACTED" else _literal(text)

        operation = e["Operation"]
        if operation == "REGEX":
            column, pattern = e["Values"]
            expression = f"bool(re.match({json.dumps(pattern['Value'][0])}, {operand(column)}))"
        elif operation == "ISNULL":
            expression = f"{operand(e['Values'][0])} is None"
        else:
            left, right = e["Values"]
            expression = f"{operand(left)} {FILTER_OPERATORS[operation]} {operand(right)}"
        return f"not({expression})" if e.get("Negated") else expression

    def _Join(self, node_id: str, f: Mapping) -> str:
        v = self.var[node_id]
        first, second = f["Columns"]
        left, right = self.var[first["From"]], self.var[second["From"]]
        if f["JoinType"] == "equijoin":
            keys1 = "[" + ", ".join(json.dumps(_quoted_path(k)) for k in first["Keys"]) + "]"
            keys2 = "[" + ", ".join(json.dumps(_quoted_path(k)) for k in second["Keys"]) + "]"
            return (
                f"{v} = Join.apply(frame1={left}, frame2={right}, keys1={keys1}, keys2={keys2}, "
                f'transformation_ctx="{v}")\n\n'
            )
        self.needs.add("Join:dataframe")
        condition = " & ".join(
            f"({left}DF[{json.dumps(_path(a))}] == {right}DF[{json.dumps(_path(b))}])".replace('"', "'")
            for a, b in zip(first["Keys"], second["Keys"], strict=True)
        )
        return (
            f"{left}DF = {left}.toDF()\n{right}DF = {right}.toDF()\n"
            f"{v} = DynamicFrame.fromDF({left}DF.join({right}DF, {condition}, {json.dumps(f['JoinType'])}), "
            f'glueContext, "{v}")\n\n'
        )

    # Data quality ------------------------------------------------------------------------------------------

    def _data_quality(self, node_id: str, f: Mapping, frame: str, additional: str = "") -> str:
        v = self.var[node_id]
        publishing = f.get("PublishingOptions") or {}
        options = [
            f'"dataQualityEvaluationContext": {json.dumps(publishing.get("EvaluationContext") or v)}',
            f'"enableDataQualityCloudWatchMetrics": {publishing.get("CloudWatchMetricsEnabled", True)}',
            f'"enableDataQualityResultsPublishing": {publishing.get("ResultsPublishingEnabled", True)}',
        ]
        if publishing.get("ResultsS3Prefix"):
            options.append(f'"resultsS3Prefix": {value(publishing["ResultsS3Prefix"], self.placeholders)}')
        extra = {"performanceTuning.caching": "CACHE_NOTHING", **(f.get("AdditionalOptions") or {})}
        extra_text = json.dumps(dict(sorted(extra.items())), separators=(",", ":"))
        text = (
            f'{v}_ruleset = """\n{f["Ruleset"]}\n"""\n\n'
            f"{v} = EvaluateDataQuality().process_rows(frame={frame}, ruleset={v}_ruleset, "
            f"publishing_options={{{', '.join(options)}}}{additional}, additional_options={extra_text})\n\n"
        )
        if f.get("StopJobOnFailureOptions"):
            text += (
                f"assert {v}[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY]"
                f'.filter(lambda x: x["Outcome"] == "Failed").count() == 0, '
                f'"The job failed due to failing DQ rules for node: {frame}"\n\n'
            )
        return text

    def _EvaluateDataQuality(self, node_id: str, f: Mapping) -> str:
        return self._data_quality(node_id, f, self._input(f))

    def _EvaluateDataQualityMultiFrame(self, node_id: str, f: Mapping) -> str:
        sources = f.get("AdditionalDataSources") or {}
        additional = ""
        if sources:
            pairs = ", ".join(f"{json.dumps(alias)}: {self.var[source]}" for alias, source in sources.items())
            additional = f", additional_data_sources={{{pairs}}}"
        return self._data_quality(node_id, f, self._input(f), additional)

    # Targets -----------------------------------------------------------------------------------------------

    def _target_prelude(self, f: Mapping) -> str:
        """What Studio writes before a target's write: the AutoDataQuality evaluation, then the ``coalesce`` of a
        target with a number of output partitions."""
        frame, text = self._input(f), ""
        auto = f.get("AutoDataQuality") or {}
        if auto.get("IsEnabled"):
            self.needs.add("AutoDataQuality")
            text += (
                f"EvaluateDataQuality().process_rows(frame={frame}, ruleset=DEFAULT_DATA_QUALITY_RULESET, "
                f'publishing_options={{"dataQualityEvaluationContext": {json.dumps(auto.get("EvaluationContext"))}, '
                '"enableDataQualityResultsPublishing": True}, additional_options={'
                '"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"})\n'
            )
        if _set("NumberTargetPartitions", f.get("NumberTargetPartitions")):
            text += f"if ({frame}.count() >= 1):\n   {frame} = {frame}.coalesce({int(f['NumberTargetPartitions'])})\n"
        return text

    def _s3_target(self, node_id: str, f: Mapping, glue_format: str, compression: str | None) -> str:
        v, frame = self.var[node_id], self._input(f)
        path = value(f["Path"], self.placeholders)
        keys = "[" + ", ".join(json.dumps(_path(k)) for k in f.get("PartitionKeys") or []) + "]"
        policy = f.get("SchemaChangePolicy") or {}
        prelude = self._target_prelude(f)
        # glueparquet takes its compression as a format option; the other formats as a sink/connection option.
        parquet = glue_format == "glueparquet"
        if policy.get("EnableUpdateCatalog"):
            behavior = policy.get("UpdateBehavior", "UPDATE_IN_DATABASE")
            db, table = value(policy["Database"], self.placeholders), value(policy["Table"], self.placeholders)
            sink_compression = f', compression="{compression}"' if compression and not parquet else ""
            format_compression = f', compression="{compression}"' if compression and parquet else ""
            return (
                f'{prelude}{v} = glueContext.getSink(path={path}, connection_type="s3", updateBehavior="{behavior}", '
                f'partitionKeys={keys}{sink_compression}, enableUpdateCatalog=True, transformation_ctx="{v}")\n'
                f"{v}.setCatalogInfo(catalogDatabase={db},catalogTableName={table})\n"
                f'{v}.setFormat("{glue_format}"{format_compression})\n'
                f"{v}.writeFrame({frame})\n"
            )
        connection = f'"path": {path}' + (f', "compression": "{compression}"' if compression and not parquet else "")
        format_options = f', format_options={{"compression": "{compression}"}}' if compression and parquet else ""
        return (
            f'{prelude}{v} = glueContext.write_dynamic_frame.from_options(frame={frame}, connection_type="s3", '
            f'format="{glue_format}", connection_options={{{connection}, "partitionKeys": {keys}}}'
            f'{format_options}, transformation_ctx="{v}")\n\n'
        )

    def _S3GlueParquetTarget(self, node_id: str, f: Mapping) -> str:
        return self._s3_target(node_id, f, "glueparquet", f.get("Compression") or "snappy")

    def _S3DirectTarget(self, node_id: str, f: Mapping) -> str:
        compression = f.get("Compression")
        return self._s3_target(node_id, f, f["Format"], None if compression in (None, "", "none") else compression)

    def _S3CatalogTarget(self, node_id: str, f: Mapping) -> str:
        v, frame = self.var[node_id], self._input(f)
        db, table = value(f["Database"], self.placeholders), value(f["Table"], self.placeholders)
        policy = f.get("SchemaChangePolicy") or {}
        options = ""
        if policy.get("EnableUpdateCatalog"):
            behavior = policy.get("UpdateBehavior", "UPDATE_IN_DATABASE")
            options = f'additional_options={{"enableUpdateCatalog": True, "updateBehavior": "{behavior}"}}, '
        return (
            f"{self._target_prelude(f)}{v} = glueContext.write_dynamic_frame.from_catalog(frame={frame}, "
            f'database={db}, table_name={table}, {options}transformation_ctx="{v}")\n\n'
        )


def render_script(graph: Mapping[str, Mapping]) -> str:
    """The script Glue Studio generates for ``graph`` (placeholders as job arguments, see the module docstring)."""
    return _Renderer(graph).render()


def graph_files(glue_scripts: Path) -> list[Path]:
    """The graphs in a glue_scripts folder: every ``<job>.json``."""
    return sorted(glue_scripts.glob("*.json"))


def _in_model_order(value: Any, shape) -> Any:
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, Mapping):
        known = [key for key in shape.members if key in value]
        return {
            **{key: _in_model_order(value[key], shape.members[key]) for key in known},
            **{key: item for key, item in value.items() if key not in shape.members},
        }
    if shape.type_name == "map" and isinstance(value, Mapping):
        return {key: _in_model_order(item, shape.value) for key, item in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [_in_model_order(item, shape.member) for item in value]
    return value


def dump_graph(graph: Mapping[str, Any]) -> str:
    """A graph file's text: pretty-printed, two-space indent, nodes in the graph's order, each node's fields in
    the order of botocore's Glue model (the order a GetJob answer has them in), trailing newline."""
    import botocore.session

    node = botocore.session.get_session().get_service_model("glue").shape_for("CodeGenConfigurationNode")
    ordered = {node_id: _in_model_order(fields, node) for node_id, fields in graph.items()}
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def stale_scripts(glue_scripts: Path) -> list[Path]:
    """The scripts beside graphs in ``glue_scripts`` that are not exactly their graph's rendering (or missing)."""
    stale = []
    for graph in graph_files(glue_scripts):
        script = graph.with_suffix(".py")
        if not script.exists() or script.read_text(encoding="utf-8") != render_script(load_graph(graph)):
            stale.append(script)
    return stale

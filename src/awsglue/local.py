"""Everything that differs between this local runtime and AWS Glue lives here.

- S3 paths: ``s3://BUCKET/KEY`` maps to ``LAKE/BUCKET/KEY``, where LAKE is the Spark conf
  ``spark.glue.local.lake`` (in ``LAKE/_spark_conf/spark-defaults.conf``, see ``configure_spark``). Each bucket
  is a folder, so a script that reads several buckets works and two buckets never collide. LAKE's own entries
  start with ``_`` (``_catalog``, ``_spark_conf``, ``_derby``, ...), which no bucket name can (S3 bucket names
  start with a letter or digit).
- Spark: on Glue each job run has its own driver with Glue's Spark settings. Locally ``configure_spark`` writes
  ``spark-defaults.conf`` and ``log4j2.properties`` and points ``PYSPARK_SUBMIT_ARGS`` at them before any
  script runs, so the script's own ``SparkContext()`` / ``SparkContext.getOrCreate()`` starts Spark with the
  local settings (master ``local[2]``, UTC, few shuffle partitions, no UI, the lake). Glue gives each job its
  own driver; ``stedi run`` runs its five scripts in one process and one JVM (a JVM start is ~3.5 s): while
  ``run_script`` runs a script, ``SparkContext(...)`` returns the context that is already running instead of
  failing with "Cannot run multiple SparkContexts at once"; its arguments (e.g. a ``SparkConf``) are then
  ignored: the first script's context is every later script's, with what a script cached cleared after it.
  Measured on the real data (``stedi run --profile rubric``, 2 shared cores, load 5): 36.1 s and 54.8 s
  before (Spark started by stedi), 33.5 s and 51.6 s after (started by the first script): no difference beyond
  the machine's noise. Spark's log4j output below ERROR is off unless ``--verbose``.
- Errors: a failing script is reported as ``SCRIPT, line N: Type: message`` (the script's own innermost frame);
  Glue reports the whole traceback in the job run's error and its CloudWatch logs.
- Scripts of visual jobs: the script run here is the one ``stedi visual render`` writes from the graph, not the
  one Glue generates when the graph is published. They differ in the SQL query's variable name (``SqlQuery0``
  here; Studio writes ``SqlQuery0`` or an arbitrary number, ``SqlQuery7476``); the forms inferred without a
  public Studio script, and the node types refused, are listed in ``stedi/visual/README.md``.
- Data Catalog: tables live as JSON files shaped like Glue's ``GetTable`` answer under ``LAKE/_catalog/``
  (``awsglue.catalog.LocalCatalog``), registered from the user's Athena DDL (``stedi catalog add``,
  ``stedi glue-run --ddl``) or by sinks with ``enableUpdateCatalog``. Glue lower-cases column names; the local
  catalog keeps them as the DDL writes them. A DDL without a ``classification`` table property gets one from its
  SerDe or input format (JSON SerDes -> json, LazySimpleSerDe/OpenCSVSerde -> csv, Parquet -> parquet); whether
  Glue ETL reads such a table the same way was not verified.
- Schemas: a JSON catalog source is typed per value, as Glue's reader types each record itself (Glue docs,
  DynamicFrame: self-describing records; aws-glue-samples resolve_choice.md: ``from_catalog`` gives
  ``provider id: choice (long, string)`` where the catalog says bigint). Mirrored: a value whose JSON type fits
  its column's catalog type takes that type; one that does not keeps its own (long, double, boolean, string,
  struct, array); a column with both is a choice type (``DynamicFrame.schema()`` gives ``ChoiceType``), and
  ``toDF()`` gives it as a struct with one field per type, named after it (Glue Scala docs, ``DynamicFrame.toDF``;
  the field names as in resolve_choice.md's ``make_struct`` output); a column whose values all have one other
  type has that type, no choice; ``resolveChoice`` resolves a choice by ``cast``/``project``/``make_cols``/
  ``make_struct``/``match_catalog`` (top-level columns only). Inferred, unverified: that a JSON integer in a
  double column (or an int column) takes the catalog's type rather than Glue's ``long`` (Glue's reader may make
  a choice of them: the official ``gluetypes.mergeDataTypes`` makes one of any two types); the order of a
  choice's fields (here: the catalog's type, then the others by name); the struct type Glue gives objects (here:
  Spark's inference over those values); what ``cast`` does with a boolean or a struct (here: Spark's cast;
  structs and arrays are null); that ``1e400`` reads as Infinity (as Spark's and Jackson's double parsing give);
  that text that is not UTF-8 reads as U+FFFD replacement characters (Spark's text reader) rather than as an
  error record. Catalog columns that no record has are kept as null columns (Glue's frame has no such field);
  keys the catalog does not list get Spark's inferred type. A line that is not a JSON object (an array, bad
  syntax, a ``NaN`` token) becomes an *error record* (``errorsAsDynamicFrame``, ``errorsCount``) with the columns
  ``source_file``, ``reason`` and ``record`` (the raw line); on Glue, error records carry Glue's own error
  structure, and whether Glue makes an error record of a top-level array is unverified. ``Map``/``Filter``
  functions see a choice value as its struct (a dict per type), not the bare value. ``from_options`` JSON
  sources (no catalog types) are read with Spark's inferred types, without choice types. How a value is found to
  be of another type (local only, no result depends on it): each line is parsed once typed by the catalog, and
  only a line where that parse refused a value, or where a string column's text may be another JSON type's (an
  object, array, boolean or number), is parsed again, as each JSON type its columns' values may have. A JSON
  string in a decimal, date or timestamp column that Spark's reader parses as that type is taken as that type,
  not as a string (unverified on Glue).
- ``input_file_name()`` in SQL returns the local file URI (on Glue it may be empty for DynamicFrame sources).
- ``Job.init``/``Job.commit`` keep no bookmark state: every run is a full run, as our jobs are configured on AWS.
- Data Quality: ``EvaluateDataQuality`` parses DQDL with Glue's grammar and validation messages (``awsgluedq.dqdl``,
  after github.com/awslabs/dqdl) and evaluates the rule types listed in ``awsgluedq.transforms``; a rule type Glue
  accepts and the runtime does not evaluate (DatasetMatch, SchemaMatch, AggregateMatch, DataFreshness,
  DetectAnomalies, File*, row-level CustomSql, dynamic thresholds, ``now()``) raises ``UnsupportedRule``, never a
  silent pass. Metric names beyond the documented ones follow Deequ's and are unverified; dataset-level rules are
  listed in ``DataQualityRulesSkip``; ``ruleOutcomes`` has no ``EvaluatedRule`` column; ``Analyzers`` and results
  publishing (CloudWatch, S3, the Data Quality tab) do nothing. The evaluated frame is cached until ``Job.commit``
  whatever ``performanceTuning.caching`` says, so that the sink writing it does not compute it again. The Glue
  API lists ``performanceTuning.caching`` as a key of the node's ``AdditionalOptions``; which values Glue takes
  besides Studio's default ``CACHE_NOTHING``, and what it caches with them, no AWS page found says (unverified).
  Each evaluation's outcomes are also logged as a record of the ``awsgluedq`` logger (``dq_context``,
  ``dq_outcomes``) for local tools (``stedi dev``); where Glue shows them (the Data quality tab, CloudWatch) is
  not modelled.
  On a frame with no rows, ``IsComplete`` and ``IsPrimaryKey`` pass here (a ratio over no rows is taken as
  met; step_reading_owners_trusted is empty outside strict); what Glue gives them there, no AWS page found
  says (unverified).
- Transforms and sinks, unverified against Glue's Scala side: which side of a ``Join`` gets the leading dot when
  both frames have a field (here frame1's copy becomes ``.name``, after one Glue run printed in
  awslabs/aws-glue-libs issue #76, whose dotted copies hold frame1's values; the same run matched keys in
  another order, ``(2, 1)`` with ``(1, 2)``, which is not mirrored: here ``keys1[i] = keys2[i]``); that
  ``Join`` compares field names and keys case-insensitively (issue 18: public jobs join on the catalog's
  lower-case ``serialnumber``), and that ``DropFields`` matches a path in another case when none matches as
  written (Glue Studio writes `` `.serialnumber` `` after such a join); what Glue does with 2- and 3-tuple
  ``ApplyMapping`` mappings (here: the official library's Python checks, then source type = target type);
  ``SplitFields``/``split_fields`` (a call into the Scala side): here the first frame is ``select_fields`` of the
  paths the frame has as written, in the source's field order (as the Glue docs' example shows), the second
  ``drop_fields`` of them; what Glue leaves of a struct whose every field was split off (here an empty struct),
  and whether it matches paths in another case, are unverified. Glue Studio's Drop Null Fields node is a
  helper in the script (``drop_nulls``), run here as written: its result rests on ``DynamicFrame.schema()``
  typing a field null in every record as ``NullType`` (as the official ``DropNullFields`` expects) and on
  ``toDF()``'s values, both as described under Schemas.
- Duplicate column names (``SELECT DISTINCT(c.email), c.*``; ``SELECT *`` over a join whose sides share a
  column): ``DynamicFrame.fromDF`` keeps one field per name, the *last* copy's value at the *first* copy's
  place. Where and which are inferred, not read: ``fromDF`` is a call into Glue's Scala side
  (``DynamicFrame.apply(df, sqlContext)`` in the official library) and the docs say nothing; the official
  library's ``DynamicRecord`` is a dict, so a record holds a name once. One Glue run decides the rest (issue 18):
  a public job (``SELECT *`` over a join of step and phone readings, then Drop Duplicates) counts 43,648 on Glue,
  the distinct rows when only the phone side's ``serialNumber`` is kept (43,681 with both); Drop Duplicates runs
  on ``toDF()`` of the SQL node's frame, so the copy was gone before it, i.e. at ``fromDF``, and the phone side's
  copy being the later one in ``SELECT *`` is assumed from the job's shape. The field's position is not
  observable in that count (unverified). Names that differ only in case (``email``, ``Email``) are two fields of
  a record; Spark's writer refuses them, and so does the local sink, naming them (what Glue's sink does is
  unverified). CSV sources are read as strings (Glue may infer types). Error thresholds (``stageThreshold``,
  ``totalThreshold``) are not enforced. Catalog JSON sources match keys case-insensitively and keep the fields
  the table does not list, which costs one schema-inference pass over the files locally (once per set of files:
  the schema is kept by path, size and modification time of each file, for the next job reading the same table).
- Graph ``OutputSchemas`` (``stedi visual schemas``) are the local run's columns: a CatalogSource's are the
  names the local catalog reader gives (the data's ``serialNumber``); Studio may show the Data Catalog's
  lower-case names there (unverified); a CustomCode node gets one schema per frame of its collection, in its
  order (unverified); no ``GlueStudioType`` is written (Studio's own Git export of a graph has none on a CSV
  source's columns; whether it writes one elsewhere is unverified).
- ``purge_s3_path`` deletes at once, as on Glue: the files under the path whose modification time is older than
  ``retentionPeriod`` hours (default 168); ``excludeStorageClasses`` and ``manifestFilePath`` are ignored (a
  local file has no storage class). The runtime adds no crash safety of its own: as on S3, a sink's files appear
  at their path as they are written, and a killed write leaves them there. The scripts get crash safety as on
  Glue (a fresh ``run=`` folder per run, one ``glue.UpdateTable`` switch, then a purge of the other ``run=``
  folders). Locally the sink records the path it writes as the table's ``Location`` when it registers the table;
  the scripts do not rely on Glue's sink doing so and switch the location themselves.
- boto3: the AWS calls the scripts make themselves (``glue.GetTable``, ``glue.UpdateTable``,
  ``s3.ListObjectsV2``) are answered from the local catalog and ``LAKE/BUCKET`` by ``awsglue.local_aws``, which
  ``run_script`` installs on boto3's default session for the script's run only (dummy credentials, region
  us-east-1; botocore still validates every call against the AWS model). Any other AWS operation is an error
  naming it. The local S3 listing hides Spark's ``.crc`` files and other dot-files.
- Engines: Glue V runs AWS's build of its Spark release, with Glue's own JARs and settings; locally V runs the
  Apache PySpark release of the same number from PyPI under V's Python (``awsglue.versions``), each version in a
  locked environment of its own. That AWS's build behaves as Apache's beyond what this file lists is not
  verified. Glue 6.1 (Python 3.14) has no local engine: no Python 3.14 could be installed where the locks are made.
- Glue versions: one runtime runs every version in ``awsglue.versions.LOCAL_VERSIONS`` (5.0, 5.1, 6.0) on that
  version's PySpark and Python; what differs between versions is data in ``GLUE_VERSIONS``. Verified: Spark's own
  default for ``spark.sql.ansi.enabled`` (off in 3.5, on in 4.x) and the official ``getResolvedOptions`` of
  AWSGlueDataplanePython 5.1.0 and 6.0.0 (each run beside ours on the same twelve argument vectors, under
  Python 3.11 and 3.13: identical results and messages). Not verified: that Glue 6.0 keeps Spark 4's ANSI
  default (the stored copies of the 6.0 migration guide end before its "Known limitations"; nothing read says
  Glue overrides it), and anything else that guide's later sections list. Glue 6.1 (Python 3.14) is not run
  locally: Terraform refuses it. PySpark 4 logs each SQL error a second time as a JSON record with the Java
  stack trace (on Glue, into the driver log); locally only with ``--verbose``.
"""

from __future__ import annotations

import logging
import os
import runpy
import shlex
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from pyspark import SparkContext
from pyspark.sql import SparkSession

from awsglue.versions import running

LAKE_CONF = "spark.glue.local.lake"
CONF_DIR = "_spark_conf"


class ScriptError(RuntimeError):
    """A Glue script failed: the message names the script's file and line and the exception."""


def lake_root(spark: SparkSession) -> Path:
    lake = spark.conf.get(LAKE_CONF, None)
    if not lake:
        raise RuntimeError(
            f"Spark conf '{LAKE_CONF}' is not set: configure Spark with awsglue.local.configure_spark(lake) "
            "before the script starts it, so that s3:// paths can be mapped to a local folder"
        )
    return Path(lake)


def resolve(lake: Path, uri: str) -> Path:
    """``s3://bucket/key`` -> ``lake/bucket/key``; a path that is already local is returned as it is."""
    parsed = urlparse(uri)
    if parsed.scheme in ("s3", "s3a", "s3n"):
        if not parsed.netloc:
            raise ValueError(f"path '{uri}' names no bucket (s3://BUCKET/KEY)")
        return lake / parsed.netloc / parsed.path.lstrip("/")
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else uri)
    raise ValueError(f"unsupported path '{uri}': the local runtime reads s3:// (mapped to the lake) or local paths")


def configure_spark(lake: Path, settings: dict[str, str], verbose: bool = False) -> Path:
    """Write ``LAKE/_spark_conf/`` and point ``PYSPARK_SUBMIT_ARGS`` at it, so that the script's own
    ``SparkContext()`` starts Spark with ``settings`` and the lake. Only a JVM started afterwards reads it.

    ``--properties-file`` rather than ``SPARK_CONF_DIR``: a conf folder would be put on the JVM's class path,
    which would no longer match a class-data-sharing archive dumped without it.

    :param settings: Spark properties (``spark.*``) for ``spark-defaults.conf``
    :param verbose: show Spark's own log4j output from INFO up; otherwise only ERROR reaches the terminal
    :return: the folder
    """
    lake = Path(lake).resolve()
    folder = lake / CONF_DIR
    folder.mkdir(parents=True, exist_ok=True)
    # What the running engine's Glue version sets (e.g. ANSI SQL on 6.0) comes first; the caller may override
    # it, as a job's own --conf does on Glue.
    settings = {**running().spark_conf(), **settings, LAKE_CONF: str(lake)}
    # Spark resets the root level of a PySpark driver to the level of the logger named after its entry class,
    # PythonGatewayServer (WARN unless configured, with a "Setting default log level" line): set both.
    level = "info" if verbose else "error"
    log4j = folder / "log4j2.properties"
    log4j.write_text(
        f"rootLogger.level = {level}\n"
        "rootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\n"
        "appender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\n"
        "appender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex\n"
        "logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer\n"
        f"logger.gateway.level = {level}\n"
    )
    java = settings.get("spark.driver.extraJavaOptions", "")
    settings["spark.driver.extraJavaOptions"] = f"{java} -Dlog4j2.configurationFile={log4j.as_uri()}".strip()
    properties = folder / "spark-defaults.conf"
    properties.write_text("".join(f"{key} {value}\n" for key, value in settings.items()))
    os.environ["PYSPARK_SUBMIT_ARGS"] = f"--properties-file {shlex.quote(str(properties))} pyspark-shell"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    _quiet_query_context_loggers(verbose)
    if SparkContext._active_spark_context is not None:  # a running JVM keeps its settings; the lake follows
        SparkSession.builder.getOrCreate().conf.set(LAKE_CONF, str(lake))
    return folder


def _quiet_query_context_loggers(verbose: bool) -> None:
    """PySpark 4 logs every SQL error a second time, as a JSON record with the whole Java stack trace, on the
    Python side's stderr (``pyspark.errors.exceptions.base._log_exception``); on Glue that goes to the driver's
    log. Locally the failing script's error is reported once (``run_script``): the records show with ``verbose``
    only. PySpark 3.5 has no such loggers."""
    try:
        from pyspark.logger import PySparkLogger
    except ImportError:
        return
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).setLevel(logging.ERROR if verbose else logging.CRITICAL)


@contextmanager
def reuse_spark_context() -> Iterator[None]:
    """While active, ``SparkContext(...)`` returns the running context instead of failing (see the docstring)."""
    had_new = "__new__" in SparkContext.__dict__
    original_init = SparkContext.__init__

    def new(cls, *args, **kwargs):
        active = SparkContext._active_spark_context
        return active if isinstance(active, cls) else object.__new__(cls)

    def init(self, *args, **kwargs):
        if self is SparkContext._active_spark_context:
            return
        original_init(self, *args, **kwargs)

    SparkContext.__new__, SparkContext.__init__ = new, init
    try:
        yield
    finally:
        SparkContext.__init__ = original_init
        if not had_new:
            del SparkContext.__new__


def _script_frame(exc: BaseException, script: Path) -> traceback.FrameSummary | None:
    """The innermost traceback frame that is in ``script``."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == script]
    return frames[-1] if frames else None


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    # Py4J errors carry the whole Java stack trace: its first line names the Java exception and its message.
    if type(exc).__module__.startswith(("py4j", "pyspark")) and "\n" in text:
        text = next((line for line in text.splitlines() if line.strip() and ":" in line), text.splitlines()[0])
    return text


def known_count(frame) -> int | None:
    """A DynamicFrame's record count when its read already counted it (a catalog JSON source), else None: for the
    runtime's own callers (a run's summary), which would otherwise read the files again."""
    return frame._count


def run_script(script: Path, argv: list[str], lake: Path | None = None) -> None:
    """Run a Glue script as Glue does (``sys.argv`` = [script, *argv]), with boto3 answered locally.

    A failure is a ``ScriptError`` naming the script's file and line and the exception.
    """
    from awsglue.local_aws import local_aws

    script = Path(script).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"Glue script not found: {script}")
    saved = sys.argv
    sys.argv = [str(script), *argv]
    where = lake if lake is not None else (lambda: lake_root(SparkSession.builder.getOrCreate()))
    try:
        with local_aws(where), reuse_spark_context():
            runpy.run_path(str(script), run_name="__main__")
    except Exception as exc:
        frame = _script_frame(exc, script)
        place = f"{script}, line {frame.lineno}" if frame else str(script)
        raise ScriptError(f"{place}: {type(exc).__name__}: {_message(exc)}") from exc
    finally:
        sys.argv = saved


# Where our public signatures differ from the official library's, per AWSGlueDataplanePython release (each Glue
# version's, ``GlueVersion.official_library``), and why; checked by tests/test_signatures.py. A key names a
# function, method, class or module (covering what is inside it); ``*`` matches any part of a name.
_JVM = "needs Glue's JVM classes (no local equivalent)"
_NOT_LOCAL = "not implemented locally: a script calling it fails with AttributeError"
_ALL_VERSIONS: dict[str, str] = {
    "awsglue.context.register": _JVM,
    "awsglue.context.GlueContext.getSource": _NOT_LOCAL + " (sources are read by create_dynamic_frame)",
    "awsglue.context.GlueContext.getStreamingSource": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.get_catalog_schema_as_spark_schema": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_dynamic_frame_from_rdd": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_data_frame_from_catalog": "DataFrame readers (Glue streaming/Iceberg): "
    + _NOT_LOCAL,
    "awsglue.context.GlueContext.create_data_frame_from_options": "DataFrame readers: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.write_data_frame_from_catalog": "DataFrame writers: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.create_sample_dynamic_frame_from_catalog": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_sample_dynamic_frame_from_options": _NOT_LOCAL,
    "awsglue.context.GlueContext.write_dynamic_frame_from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.write_from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.extract_jdbc_conf": "JDBC connections: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.convert_resolve_option": _JVM + "; local frames have no choice types",
    "awsglue.context.GlueContext.purge_table": _NOT_LOCAL + " (purge_s3_path is)",
    "awsglue.context.GlueContext.transition_table": "S3 storage classes: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.transition_s3_path": "S3 storage classes: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.currentTimeMillis": _JVM,
    "awsglue.context.GlueContext.getSampleStreamingDynamicFrame": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.forEachBatch": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.add_ingestion_time_columns": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.start_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.commit_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.cancel_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.data_sink.DataSink.__init__": "built by GlueContext.getSink from the options, not from a JVM sink",
    "awsglue.data_sink.DataSink.writeDataFrame": "DataFrame sinks: " + _NOT_LOCAL,
    "awsglue.data_source": "DataSource wraps a JVM source; local reads go through create_dynamic_frame",
    "awsglue.streaming_data_source": "streaming: " + _NOT_LOCAL,
    "awsglue.dataframe_transforms": "DataFrame transforms (Glue's Scala ApplyMapping on DataFrames): " + _NOT_LOCAL,
    "awsglue.dataframereader": "DataFrame readers: " + _NOT_LOCAL,
    "awsglue.dataframewriter": "DataFrame writers: " + _NOT_LOCAL,
    "awsglue.devutils": "job-management helpers calling the Glue API: not part of a job's runtime",
    "awsglue.functions": "Glue's Scala SQL functions: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.__init__": "wraps a Spark DataFrame (not a JVM DynamicFrame) plus the "
    "frame's error records",
    "awsglue.dynamicframe.DynamicFrame.with_frame_schema": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.mapPartitions": _NOT_LOCAL + " (map and filter are)",
    "awsglue.dynamicframe.DynamicFrame.mapPartitionsWithIndex": _NOT_LOCAL + " (map and filter are)",
    "awsglue.dynamicframe.DynamicFrame.unbox": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.split_rows": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.unnest": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.relationalize": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.unnest_ddb_json": "DynamoDB: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.simplify_ddb_json": "DynamoDB: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.mergeDynamicFrame": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.assertErrorThreshold": "thresholds are not enforced locally: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrameReader.from_rdd": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrameWriter.from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.transforms.SplitRows": _NOT_LOCAL,
    "awsglue.transforms.Relationalize": _NOT_LOCAL,
    "awsglue.transforms.Unbox": _NOT_LOCAL,
    "awsglue.transforms.UnnestFrame": _NOT_LOCAL,
    "awsglue.transforms.describe_transform": "Glue console metadata of transforms is not kept locally",
    "awsglue.transforms.*.describe*": "Glue console metadata (describeArgs/Return/Transform/Errors) not kept locally",
    "awsglue.utils.makeOptions": _JVM,
    "awsglue.utils.callsite": _JVM + " (error call sites)",
}
_ONE_RUNTIME = "one runtime for every Glue version: "
SIGNATURE_DIFFERENCES: dict[str, dict[str, str]] = {
    # 5.0.0 and 5.1.0 hold the same awsglue sources (tests/test_signatures.py checks it).
    **dict.fromkeys(
        ("5.0.0", "5.1.0"),
        {
            **_ALL_VERSIONS,
            "awsglue.utils.getResolvedOptions": _ONE_RUNTIME + "Glue 6.0's allow_abbrev parameter exists, and on "
            "a 5.x engine passing it raises the TypeError Python raises for the official (args, options)",
        },
    ),
    "6.0.0": {
        **_ALL_VERSIONS,
        "awsglue.utils.getResolvedOptions": _ONE_RUNTIME + "allow_abbrev defaults to None, which means the "
        "running version's rule (False on 6.0, as the official default)",
    },
}

"""``GlueContext``: reads and writes DynamicFrames through the local catalog and the local lake folder."""

from __future__ import annotations

import time
from pathlib import Path

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    ByteType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    MapType,
    ShortType,
    StringType,
    StructField,
    StructType,
)

from awsglue import gluetypes
from awsglue.catalog import LocalCatalog, spark_schema
from awsglue.data_sink import DataSink
from awsglue.dynamicframe import DynamicFrame, DynamicFrameReader, DynamicFrameWriter
from awsglue.local import lake_root, resolve

CORRUPT = "_corrupt_record"  # the key Spark gives a line it cannot parse; never a column


class GlueContext:
    def __init__(self, sparkContext=None, **options):
        """:param sparkContext: a ``SparkContext`` or a ``SparkSession``; None: ``SparkSession.builder.getOrCreate()``
        (as in the official library)"""
        if not sparkContext:
            spark_session = SparkSession.builder.getOrCreate()
            sparkContext = spark_session.sparkContext
        elif isinstance(sparkContext, SparkSession):
            spark_session, sparkContext = sparkContext, sparkContext.sparkContext
        else:
            spark_session = SparkSession.builder.getOrCreate()
        self._sc = sparkContext
        self.spark_session = spark_session
        self.create_dynamic_frame = _DynamicFrameReader(self)
        self.write_dynamic_frame = _DynamicFrameWriter(self)
        self._kept: list = []
        self._lake: Path | None = None

    @property
    def _lake_root(self) -> Path:
        # Read once per GlueContext: each Spark conf lookup is a round trip to the JVM.
        if self._lake is None:
            self._lake = lake_root(self.spark_session)
        return self._lake

    def _local_path(self, uri: str) -> Path:
        """``s3://bucket/key`` -> ``LAKE/bucket/key`` (see ``awsglue.local``)."""
        return resolve(self._lake_root, uri)

    def _keep(self, df):
        """Cache ``df`` until ``Job.commit`` (see ``EvaluateDataQuality.process_rows``); local-runtime only."""
        self._kept.append(df.persist())
        return df

    def _release(self) -> None:
        while self._kept:
            self._kept.pop().unpersist()

    @property
    def catalog(self) -> LocalCatalog:
        return LocalCatalog(self._lake_root)

    # -- sources ------------------------------------------------------------------------------------------
    def create_dynamic_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options=None,
        catalog_id=None,
        **kwargs,
    ) -> DynamicFrame:
        """Read a catalog table (json, csv, parquet) at its location, typed by the catalog's columns.

        :param database: catalog database
        :param table_name: table in that database
        :param transformation_ctx: name of this read, used in messages
        :param push_down_predicate: SQL condition on the table's partition keys; only matching partitions are read
        """
        table = self.catalog.get_table(database, table_name)
        location = table["StorageDescriptor"]["Location"]
        path = self._local_path(location)
        if not path.exists():
            raise FileNotFoundError(f"table '{database}.{table_name}': its location {location} ({path}) does not exist")
        classification = table.get("Parameters", {}).get("classification", "").lower()
        schema = spark_schema(table)
        partitions = [c["Name"] for c in table.get("PartitionKeys") or []]
        name = f"{database}.{table_name}"
        if classification == "json":
            return self._read_json(path, schema, name, transformation_ctx, partitions, push_down_predicate)
        if classification in ("parquet", "glueparquet"):
            df = self.spark_session.read.option("basePath", str(path)).parquet(str(path))
            columns = {c.lower(): c for c in df.columns}
            df = df.select(
                *[
                    F.col(f"`{columns[f.name.lower()]}`").cast(f.dataType)
                    for f in schema.fields
                    if f.name.lower() in columns
                ],
                *[F.col(f"`{columns[p.lower()]}`") for p in partitions if p.lower() in columns],
            )
            return DynamicFrame(_pushed_down(df, push_down_predicate), self, transformation_ctx)
        if classification == "csv":
            serde = table["StorageDescriptor"].get("SerdeInfo", {}).get("Parameters", {})
            header = table.get("Parameters", {}).get("skip.header.line.count") == "1"
            df = self._read_csv(
                [str(path)], {"separator": serde.get("field.delim", ","), "withHeader": header}, recurse=True
            )
            df = df.toDF(*[f.name for f in schema.fields][: len(df.columns)] + df.columns[len(schema.fields) :])
            df = df.select(*[F.col(f"`{f.name}`").cast(f.dataType) for f in schema.fields if f.name in df.columns])
            return DynamicFrame(_pushed_down(df, push_down_predicate), self, transformation_ctx)
        raise ValueError(f"table '{name}': classification '{classification}' is not supported locally")

    def _read_json(
        self, path: Path, schema, table: str, name: str, partitions=(), push_down_predicate: str = "", recurse=True
    ) -> DynamicFrame:
        """JSON lines typed by ``schema``, with Glue's choice types; a line that is no JSON object is an error record.

        Keys match the schema's names case-insensitively (the Glue catalog stores lower-case names; the data is
        often camelCase) and keep the data's spelling; keys the schema does not list are kept with the type
        Spark infers for them. A partitioned table's key values come from the ``key=value`` folders.

        Glue types JSON per record (the DynamicFrame docs: "self-describing" records; the ResolveChoice docs and
        aws-glue-samples' resolve_choice.md, where ``from_catalog`` gives ``provider id: choice (long, string)``
        whatever the catalog says). So a value whose JSON type does not fit its column's type is kept with its own
        type (long, double, boolean, string, struct, array), and a column holding both is a choice: a struct with
        one field per type, as ``toDF()`` gives it (see ``DynamicFrame.resolveChoice``).
        """
        lines = self.spark_session.read.text(str(path), recursiveFileLookup=recurse).where(F.trim("value") != "")
        lines = lines.select(F.input_file_name().alias("source_file"), F.col("value").alias("record"))
        for key in partitions:
            lines = lines.withColumn(key, F.regexp_extract("source_file", f"/{key}=([^/]+)/", 1))
        lines = _pushed_down(lines, push_down_predicate)
        typed = _data_schema(self.spark_session, path, schema, set(partitions), recurse)
        is_object = F.from_json("record", "map<string,string>", _JSON_OPTIONS).isNotNull()
        reason = F.lit("not a valid JSON object").alias("reason")
        errors = lines.where(~is_object).select("source_file", reason, "record")
        columns = {f.name.lower(): f.dataType for f in schema.fields}
        checked = [f for f in typed.fields if f.name.lower() in columns]
        parsed = lines.where(is_object).select(
            *partitions,
            F.col("record"),
            F.from_json("record", typed, _JSON_OPTIONS).alias("_typed"),
            *[
                F.from_json("record", StructType([StructField(f.name, probe) for f in checked]), _JSON_OPTIONS).alias(
                    f"_{kind}"
                )
                for kind, probe in _PROBES.items()
            ],
        )
        kinds = {f.name: _json_kind(f.name) for f in checked}
        fits = {f.name: _fits(f.name, f.dataType, kinds[f.name]) for f in checked}
        found = _kinds_found(parsed, kinds, fits)
        values, choices = {}, set()
        for field in checked:
            other = found[field.name]["other"]
            if not other:
                values[field.name] = F.col(f"_typed.`{field.name}`")
                continue
            members = {k: F.when(kinds[field.name] == k, self._member(parsed, field.name, k)) for k in sorted(other)}
            if not found[field.name]["fits"] and len(other) == 1:  # one JSON type, not the catalog's: no choice
                values[field.name] = next(iter(members.values()))
                continue
            if found[field.name]["fits"]:
                own = gluetypes.from_spark(field.dataType).typeName()
                members = {own: F.when(fits[field.name], F.col(f"_typed.`{field.name}`")), **members}
            values[field.name] = F.struct(*[value.alias(kind) for kind, value in members.items()])
            choices.add(field.name)
        valid = parsed.select(
            *[values.get(f.name, F.col(f"_typed.`{f.name}`")).alias(f.name) for f in typed.fields],
            *partitions,
        )
        frame = DynamicFrame(valid, self, name, errors)
        frame._choices = frozenset(choices)
        return frame

    def _member(self, parsed: DataFrame, column: str, kind: str):
        """The values of ``column`` whose JSON type is ``kind``, typed as Glue types them: objects and arrays get
        the struct or array type of all such values (as Spark infers it), others their probe's type."""
        if kind not in ("struct", "array"):
            return F.col(f"_{kind}.`{column}`")
        text = F.col(f"_string.`{column}`")
        present = parsed.where(F.col(f"_{kind}.`{column}`").isNotNull())
        samples = [r[0] for r in present.select(text).distinct().collect()]
        wrapped = self.spark_session.sparkContext.parallelize([f'{{"v": {s}}}' for s in samples])
        data_type = self.spark_session.read.json(wrapped).schema["v"].dataType
        return F.when(F.col(f"_{kind}.`{column}`").isNotNull(), F.from_json(text, data_type, _JSON_OPTIONS))

    def _read_csv(self, paths: list[str], options: dict, recurse: bool) -> DataFrame:
        """CSV with Glue's format options (``withHeader`` default false, ``separator``, ``quoteChar``, ``escaper``)."""
        quote = options.get("quoteChar", '"')
        reader = (
            self.spark_session.read.option("recursiveFileLookup", str(recurse).lower())
            .option("header", _flag(options.get("withHeader", False)))
            .option("sep", options.get("separator", ","))
            # quoteChar -1 turns quoting off (Glue CSV format options); Spark's "\u0000" does the same.
            .option("quote", "\u0000" if str(quote) == "-1" else quote)
            .option("multiLine", _flag(options.get("multiLine", options.get("multiline", False))))
        )
        if "escaper" in options:
            reader = reader.option("escape", options["escaper"])
        return reader.csv(paths)

    def create_dynamic_frame_from_options(
        self,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ) -> DynamicFrame:
        """Read files from ``connection_options["paths"]`` (s3:// mapped to the lake) as json, csv or parquet.

        JSON: one object per line unless ``multiline`` (or ``multiLine``; bool or "true"/"false"); a line that is
        not a JSON object is an error record, as for catalog sources.
        """
        if connection_type != "s3":
            raise ValueError(f"connection_type '{connection_type}' is not supported locally (only 's3')")
        options = connection_options or {}
        format_options = format_options or {}
        local = [self._local_path(p) for p in options.get("paths", [])]
        if not local:
            raise ValueError("create_dynamic_frame.from_options needs connection_options={'paths': [...]}")
        recurse = _flag(options.get("recurse", False)) == "true"
        fmt = (format or "").lower()
        if fmt == "json":
            multiline = format_options.get("multiline", format_options.get("multiLine", False))
            if _flag(multiline) == "true":
                df = self.spark_session.read.option("multiLine", "true").option("recursiveFileLookup", str(recurse))
                return DynamicFrame(df.json([str(p) for p in local]), self, transformation_ctx)
            frames = [self._read_json(p, StructType(), str(p), transformation_ctx, recurse=recurse) for p in local]
            frame = frames[0]
            for other in frames[1:]:
                frame = frame.union(other)
            frame.name = transformation_ctx
            return frame
        if fmt in ("parquet", "glueparquet"):
            df = self.spark_session.read.option("recursiveFileLookup", str(recurse).lower()).parquet(*map(str, local))
            return DynamicFrame(df, self, transformation_ctx)
        if fmt == "csv":
            return DynamicFrame(
                self._read_csv([str(p) for p in local], format_options, recurse), self, transformation_ctx
            )
        raise ValueError(f"format '{format}' is not supported locally (json, parquet, glueparquet, csv)")

    # -- sinks --------------------------------------------------------------------------------------------
    def getSink(self, connection_type, format=None, transformation_ctx="", **options) -> DataSink:
        """A sink for ``options["path"]`` (``compression``, ``partitionKeys``, ``enableUpdateCatalog``,
        ``updateBehavior`` as Glue's); with ``enableUpdateCatalog=True`` it registers the table it writes."""
        if connection_type != "s3":
            raise ValueError(f"getSink: connection_type '{connection_type}' is not supported locally (only 's3')")
        sink = DataSink(self, options, transformation_ctx)
        if format:
            sink.setFormat(format)
        return sink

    def write_dynamic_frame_from_options(
        self,
        frame,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
    ) -> DynamicFrame:
        return self.write_from_options(frame, connection_type, connection_options or {}, format, format_options or {},
                                       transformation_ctx)  # fmt: skip

    def write_from_options(
        self,
        frame_or_dfc,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
        **kwargs,
    ) -> DynamicFrame:
        if not isinstance(frame_or_dfc, DynamicFrame):
            raise TypeError(
                "frame_or_dfc must be DynamicFrame orDynamicFrameCollection. Got " + str(type(frame_or_dfc))
            )
        sink = self.getSink(connection_type, format, transformation_ctx, **(connection_options or {}))
        sink.setFormat(format, **(format_options or {}))
        return sink.write(frame_or_dfc)

    def write_dynamic_frame_from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options=None,
        catalog_id=None,
        **kwargs,
    ) -> DynamicFrame:
        """Append ``frame`` at the catalog table's location, in the table's format (its ``classification``).

        ``additional_options``: ``enableUpdateCatalog`` / ``updateBehavior`` / ``partitionKeys`` as in the Glue
        guide's "Updating the schema, and adding new partitions in the Data Catalog using AWS Glue ETL jobs".
        """
        if database is None or table_name is None:
            raise Exception("Parameter name_space or database is missing." if database is None else
                            "Parameter table_name is missing.")  # fmt: skip
        table = self.catalog.get_table(database, table_name)
        options = dict(additional_options or {})
        options.setdefault("partitionKeys", [c["Name"] for c in table.get("PartitionKeys") or []])
        classification = table.get("Parameters", {}).get("classification", "").lower()
        if classification not in ("json", "csv", "parquet", "glueparquet"):
            raise ValueError(
                f"table '{database}.{table_name}': classification '{classification}' is not writable locally"
            )
        sink = DataSink(self, {**options, "path": table["StorageDescriptor"]["Location"]}, transformation_ctx)
        sink.setCatalogInfo(database, table_name, catalog_id)
        if classification == "csv":
            delim = table["StorageDescriptor"].get("SerdeInfo", {}).get("Parameters", {}).get("field.delim", ",")
            sink.setFormat("csv", separator=delim, writeHeader=False)
        else:
            sink.setFormat(classification)
        return sink.writeFrame(frame)

    def purge_s3_path(self, s3_path: str, options=None, transformation_ctx="") -> None:
        """Delete the files under ``s3_path`` at once, except those newer than ``options["retentionPeriod"]`` hours
        (Glue's default: 168). Pass ``retentionPeriod: 0`` to empty the path.

        :param options: ``retentionPeriod`` (hours); ``excludeStorageClasses`` and ``manifestFilePath`` are
            ignored locally (see ``awsglue.local``)
        """
        retention_hours = float((options or {}).get("retentionPeriod", 168))
        root = self._local_path(s3_path)
        if not root.exists():
            return
        cutoff = time.time() - retention_hours * 3600
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_symlink() or path.is_file():
                if path.lstat().st_mtime <= cutoff:
                    path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()  # an S3 prefix with no object does not exist
        if root.is_dir() and not any(root.iterdir()):
            root.rmdir()

    def get_logger(self):
        """A log4j logger, as Glue's ``GlueLogger`` (``info``, ``warn``, ``error``)."""
        return self._sc._jvm.org.apache.log4j.LogManager.getLogger("awsglue")


# The official library's reader and writer classes live in awsglue.dynamicframe.
_DynamicFrameReader = DynamicFrameReader
_DynamicFrameWriter = DynamicFrameWriter


def _flag(value) -> str:
    """A Glue boolean option given as a bool or a string ("true"/"True"/"false") as Spark's "true"/"false"."""
    return "true" if str(value).strip().lower() == "true" else "false"


def _pushed_down(df: DataFrame, predicate: str) -> DataFrame:
    """Only the rows of the partitions ``predicate`` (Spark SQL on partition keys) selects, as Glue reads."""
    return df.where(predicate) if predicate else df


def _data_schema(spark: SparkSession, path: Path, schema: StructType, exclude: set[str], recurse: bool) -> StructType:
    """The fields to parse: the data's own key spellings, typed by ``schema`` (matched case-insensitively), then
    ``schema``'s fields the data never has, then the data's keys ``schema`` does not list (inferred types)."""
    try:
        inferred = spark.read.option("recursiveFileLookup", str(recurse).lower()).json(str(path)).schema
    except AnalysisException:  # no data file at all: nothing to infer, the schema's fields only
        inferred = StructType()
    data_fields = [f for f in inferred.fields if f.name != CORRUPT and f.name not in exclude]
    by_lower = {}
    for field in data_fields:
        by_lower.setdefault(field.name.lower(), field)
    fields, used = [], set()
    for field in schema.fields:
        match = by_lower.get(field.name.lower())
        fields.append(StructField(match.name if match else field.name, field.dataType))
        used.add(field.name.lower())
    fields += [f for f in data_fields if f.name.lower() not in used]
    return StructType(fields)


# Glue's JSON reader rejects NaN/Infinity tokens (they are not JSON); Spark accepts them unless told not to.
_JSON_OPTIONS = {"allowNonNumericNumbers": "false"}

# One parse per JSON type: a field parses under a probe's type only if its JSON value has that type (a string
# probe takes any value: strings as their text, others as their JSON text).
_PROBES = {
    "boolean": BooleanType(),
    "struct": MapType(StringType(), StringType()),
    "array": ArrayType(StringType()),
    "long": LongType(),
    "double": DoubleType(),
    "string": StringType(),
}


def _json_kind(column: str):
    """The JSON type of ``column``'s value, named as Glue names the type it reads it as (None when absent/null)."""
    kind = F.lit(None).cast("string")
    for name in reversed(_PROBES):  # the first probe that parses wins: string, which takes anything, is last
        kind = F.when(F.col(f"_{name}.`{column}`").isNotNull(), F.lit(name)).otherwise(kind)
    return kind


def _fits(column: str, data_type, kind):
    """Whether a value of JSON type ``kind`` is read as the catalog's ``data_type`` (a number fits any number
    type; an integer does not fit a fractional one's opposite: 1.5 is no bigint)."""
    if isinstance(data_type, StringType):
        return kind == "string"
    if isinstance(data_type, (LongType, IntegerType, ShortType, ByteType)):
        return kind == "long"
    if isinstance(data_type, (DoubleType, FloatType, DecimalType)):
        return kind.isin("long", "double")
    if isinstance(data_type, BooleanType):
        return kind == "boolean"
    if isinstance(data_type, (StructType, MapType)):
        return kind == "struct"
    if isinstance(data_type, ArrayType):
        return kind == "array"
    return F.col(f"_typed.`{column}`").isNotNull()  # dates, timestamps, binary: what Spark's JSON reader takes


def _kinds_found(parsed: DataFrame, kinds: dict, fits: dict) -> dict:
    """Per column: whether some value fits the catalog type, and the JSON types of the values that do not.

    The per-row kinds are cached before aggregating: an aggregate over them would otherwise parse each line once
    per probe and column (Spark inlines the parses into the aggregate and prunes each to one field)."""
    if not kinds:
        return {}
    flags = parsed.select(
        *[
            F.struct(fits[c].alias("fits"), kind.alias("kind")).alias(f"c{i}")
            for i, (c, kind) in enumerate(kinds.items())
        ]
    ).persist()
    try:
        aggregates = []
        for i in range(len(kinds)):
            aggregates.append(F.max(F.col(f"c{i}.fits").cast("int")))
            aggregates.append(F.collect_set(F.when(~F.col(f"c{i}.fits"), F.col(f"c{i}.kind"))))
        row = flags.agg(*aggregates).first()
    finally:
        flags.unpersist()
    return {column: {"fits": bool(row[2 * i]), "other": set(row[2 * i + 1] or [])} for i, column in enumerate(kinds)}


__all__ = ["GlueContext"]

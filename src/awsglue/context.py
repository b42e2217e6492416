"""``GlueContext``: reads and writes DynamicFrames through the local catalog and the local lake folder."""

from __future__ import annotations

import time
from functools import reduce
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
from awsglue.dynamicframe import DynamicFrame, DynamicFrameReader, DynamicFrameWriter, leaf_paths
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

        Speed: each line is parsed once, typed by the catalog. Only a *suspect* line (one the typed parse refused
        in part, or whose string column holds what may be another JSON type's text) is parsed again per JSON type
        to learn its values' types; in landing data that is none or a few lines, so a read costs one parse. A line
        that is no JSON object is looked for only among those the typed parse refused; when there is none, the
        records need no filter and the error records no pass of their own.
        """
        lines = self.spark_session.read.text(str(path), recursiveFileLookup=recurse).where(F.trim("value") != "")
        lines = lines.select(F.input_file_name().alias("source_file"), F.col("value").alias("record"))
        for key in partitions:
            lines = lines.withColumn(key, F.regexp_extract("source_file", f"/{key}=([^/]+)/", 1))
        lines = _pushed_down(lines, push_down_predicate)
        typed = _data_schema(self.spark_session, path, schema, set(partitions), recurse)
        columns = {f.name.lower(): f.dataType for f in schema.fields}
        checked = [f for f in typed.fields if f.name.lower() in columns]
        parse_schema = StructType([*typed.fields, StructField(CORRUPT, StringType())])
        options = {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": CORRUPT, **_JSON_OPTIONS}
        # Whether a line is a JSON object, by a parse that converts no value (cheap); a filter on the typed parse
        # would be pushed below it and parse each line twice.
        is_object = F.from_json("record", StructType([StructField(CORRUPT, StringType())]), options)[CORRUPT].isNull()

        def typed_lines(frame):
            return (
                frame.select(
                    *partitions, "source_file", "record", F.from_json("record", parse_schema, options).alias("_typed")
                )
                .withColumn("_suspect", _suspect(checked))
                .withColumn("_looks", _looks(checked))
            )

        # The same without the filter. The typed parse refuses every line the cheap one refuses (the same text, and
        # it converts values too), so the cheap parse is needed only where the typed one refused something.
        every_line = typed_lines(lines).withColumn(
            "_object", F.when(F.col(f"_typed.{CORRUPT}").isNull(), True).otherwise(is_object)
        )
        key = (_files_key(path, recurse), parse_schema.json(), tuple(partitions), push_down_predicate)
        objects = typed_lines(lines.where(is_object))
        found, null_paths, probed, rows, non_objects = _kinds_found(every_line, objects, checked, key)
        reason = F.lit("not a valid JSON object").alias("reason")
        if non_objects != 0:
            errors = lines.where(~is_object).select("source_file", reason, "record")
            parsed = objects
        else:  # every line is an object (landing data, usually): no filter, no error records' pass
            errors = lines.where(F.lit(False)).select("source_file", reason, "record")
            parsed = every_line  # `_object` is pruned away: nothing below reads it
        values, choices = {}, set()
        records = parsed.select("*", *_probes(checked, probed))  # pruned away when nothing reads them
        for field in checked:
            other, fits = found[field.name]["other"], found[field.name]["fits"]
            if not other:
                continue
            kind = _json_kind(field.name, probed[field.name])
            members = {k: F.when(kind == k, self._member(records, field.name, k)) for k in sorted(other)}
            own = gluetypes.from_spark(field.dataType).typeName()
            if fits:
                members = {own: F.when(_fits(field.name, field.dataType, kind), F.col(f"_typed.`{field.name}`")),
                           **members}  # fmt: skip
            if not fits and len(other) == 1:  # one JSON type, not the catalog's: no choice
                suspect = next(iter(members.values()))
            else:
                suspect = F.struct(*[member.alias(k) for k, member in members.items()])
                choices.add(field.name)
            data_type = records.select(suspect.alias("v")).schema["v"].dataType
            clean = F.lit(None).cast(data_type)  # a clean line has no value of another type
            if field.name in choices:  # ... but may have one of the catalog's type
                value = F.col(f"_typed.`{field.name}`")
                clean = F.struct(*[
                    (value if m.name == own and fits else F.lit(None)).cast(m.dataType).alias(m.name)
                    for m in data_type.fields
                ])  # fmt: skip
            values[field.name] = F.when(F.col("_suspect"), suspect).otherwise(clean)
        valid = records.select(
            *[values.get(f.name, F.col(f"_typed.`{f.name}`")).alias(f.name) for f in typed.fields], *partitions
        )
        frame = DynamicFrame(valid, self, name, errors)
        frame._choices = frozenset(choices)
        if not values:  # every value of its column's type: the counts of the pass above are the frame's
            frame._null_paths = null_paths
        frame._count = rows
        return frame

    def _member(self, records: DataFrame, column: str, kind: str):
        """The values of ``column`` whose JSON type is ``kind``, typed as Glue types them: objects and arrays get
        the struct or array type of all such values (as Spark infers it), others their probe's type."""
        probe = F.col(f"_{kind}.`{column}`")
        if kind not in ("struct", "array"):
            return probe
        text = F.col(f"_string.`{column}`")
        present = records.where(probe.isNotNull())
        samples = [r[0] for r in present.select(text).distinct().collect()]
        wrapped = self.spark_session.sparkContext.parallelize([f'{{"v": {s}}}' for s in samples])
        data_type = self.spark_session.read.json(wrapped).schema["v"].dataType
        return F.when(probe.isNotNull(), F.from_json(text, data_type, _JSON_OPTIONS))

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
    inferred = _inferred_schema(spark, path, recurse)
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


# Inferred JSON schemas by the files they were inferred from (path, size, modification time of each): a landing
# table is read by several jobs of a run, and by every re-run of `stedi dev`; the same files infer the same schema.
_INFERRED: dict[tuple, StructType] = {}


def _files_key(path: Path, recurse: bool) -> tuple:
    """What a read of ``path`` depends on: each file's path, size and modification time."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return (str(path), recurse, tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files))


def _inferred_schema(spark: SparkSession, path: Path, recurse: bool) -> StructType:
    """Spark's inferred schema of the JSON files at ``path``; one pass over them per distinct set of files."""
    key = _files_key(path, recurse)
    if key not in _INFERRED:
        try:
            inferred = spark.read.option("recursiveFileLookup", str(recurse).lower()).json(str(path)).schema
        except AnalysisException:  # no data file at all: nothing to infer, the schema's fields only
            return StructType()
        if len(_INFERRED) >= 64:  # a long `stedi dev` session on changing data: forget the old ones
            _INFERRED.clear()
        _INFERRED[key] = inferred
    return _INFERRED[key]


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


# The text Spark's reader gives a string column for a value that is no JSON string: an object, an array, a
# boolean, a number (JSON's form or Java's), or a non-finite number in quotes ("Infinity" for 1e400). A JSON string
# may look the same; a line where one does is only parsed again (see _read_json), never misread.
_NOT_A_STRING = r'^([{\["]|true$|false$|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$)'


def _suspect(checked: list[StructField]):
    """Whether the typed parse of a line may hide a value of another JSON type than its column's: the parse
    refused a value (non-string columns take only their own JSON type, so a wrong one is refused), or a string
    column holds what may be another type's text (a string column takes any value, as its JSON text)."""
    conditions = [F.col(f"_typed.{CORRUPT}").isNotNull()]
    for field in checked:
        if isinstance(field.dataType, StringType):
            conditions.append(F.coalesce(F.col(f"_typed.`{field.name}`").rlike(_NOT_A_STRING), F.lit(False)))
    return reduce(lambda a, b: a | b, conditions)


def _looks(checked: list[StructField]):
    """On a suspect line, per string column, a bit for the JSON types its text may be another type's text of (see
    _NOT_A_STRING and _KINDS_BY_BIT; 0 when it cannot be), so that one ``bit_or`` per column gives the types to
    probe it for (see _kinds_found)."""
    strings = [f for f in checked if isinstance(f.dataType, StringType)]
    if not strings:
        return F.lit(None)
    codes = []
    for field in strings:
        text = F.col(f"_typed.`{field.name}`")
        first = F.substring(text, 1, 1)
        code = F.when(~text.rlike(_NOT_A_STRING), 0).when(first == "{", 1).when(first == "[", 2)
        codes.append(code.when(first.isin("t", "f"), 4).when(first == '"', 8).otherwise(16).alias(field.name))
    return F.when(F.col("_suspect"), F.struct(*codes))


# The bits of _looks: the JSON types a text that _NOT_A_STRING matched may be, by its first character: an object,
# an array, true or false, a non-finite number in quotes, a digit or a minus sign.
_KINDS_BY_BIT = {1: ("struct",), 2: ("array",), 4: ("boolean",), 8: ("double",), 16: ("long", "double")}


def _probes(checked: list[StructField], probed: dict[str, tuple]) -> list:
    """A suspect line's parse per JSON type, of the columns whose values may have that type (``probed``).

    Only those columns, and only those types: a value of another type than the probe's is a parse failure, and Spark
    builds an exception for each (about 15 us with C1 only). Every probe of every column made the 10x customer
    landing (9,560 lines, each suspect for its phone number's digits) take 7.1 s to read, against 2.5 s this way.
    The string probe has every probed column: it takes any value, and gives an object's or array's JSON text (see
    _member)."""
    probes = []
    for kind, probe_type in _PROBES.items():
        fields = [StructField(f.name, probe_type) for f in checked if kind in probed.get(f.name, ())]
        if fields:
            parse = F.from_json("record", StructType(fields), _JSON_OPTIONS)
            probes.append(F.when(F.col("_suspect"), parse).alias(f"_{kind}"))
    return probes


def _json_kind(column: str, kinds: tuple):
    """The JSON type of ``column``'s value on a suspect line, named as Glue names the type it reads it as (None
    when absent or null, and on a line that is not suspect), from the line's probes of ``kinds`` (see _probes)."""
    kind = F.lit(None).cast("string")
    for name in reversed([k for k in _PROBES if k in kinds]):  # the first that parses wins: string is last
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


# Per column, what _kinds_found found, by the files read (path, size, modification time of each) and how: a
# landing table is read by several jobs of a run, and by every re-run of `stedi dev`.
_FOUND: dict[tuple, dict] = {}


def _kinds_found(
    every_line: DataFrame, objects: DataFrame, checked: list[StructField], key: tuple
) -> tuple[dict, frozenset, dict, int | None, int | None]:
    """Per column: whether some value fits the catalog type, and the JSON types of the values that do not; the
    typed fields null in every record (for ``DynamicFrame.schema``); and per column, the JSON types its values may
    have on a suspect line, so the types to probe it for (see _probes; a column in none is never probed); and the
    number of records and of lines that are no JSON object (both None when there is no field to count).

    ``every_line`` is the typed parse of every line with ``_object`` (whether the line is a JSON object);
    ``objects`` the same parse of the objects only, behind a filter that parses each line once more. The passes run
    over ``every_line``, and again over ``objects`` only when some line is no object.

    Two passes, each a small aggregate that Spark compiles (one aggregate of both is too large a method for Spark's
    code generator and runs interpreted, ~2.5x slower): the typed values over every line, then the suspect lines'
    JSON types, over those lines only (usually none).

    The types a column may have: a string column's from the first character of the texts that may be another
    type's (`_looks`); a non-string column refused on some line (null on a line the typed parse refused in part),
    any type. A non-string value the typed parse took is taken as the column's type (see awsglue.local)."""
    if key not in _FOUND:
        suspect = F.col("_suspect")
        leaves = leaf_paths(StructType([f for f in every_line.schema["_typed"].dataType.fields if f.name != CORRUPT]))
        counts = [F.count(F.col(".".join(["_typed", *[f"`{p}`" for p in path]]))) for path in leaves]
        clean = [F.count(F.when(~suspect, F.col(f"_typed.`{f.name}`"))) for f in checked]
        corrupt = F.col(f"_typed.{CORRUPT}").isNotNull()
        may_be = []  # (column, JSON types by bit, the bits found) for each aggregate below
        for f in checked:
            if isinstance(f.dataType, StringType):
                may_be.append((f.name, _KINDS_BY_BIT, F.bit_or(F.col(f"_looks.`{f.name}`"))))
            else:
                refused = corrupt & F.col(f"_typed.`{f.name}`").isNull()
                may_be.append((f.name, {1: tuple(_PROBES)}, F.bit_or(refused.cast("int"))))
        aggregates = [F.count_if(suspect), *counts, *clean, *[count for _, _, count in may_be], F.count(F.lit(1))]
        parsed, non_objects = every_line, None  # None: not counted
        if leaves:
            *row, non_objects = every_line.agg(*aggregates, F.count_if(~F.col("_object"))).first()
            if non_objects:
                parsed = objects
                row = objects.agg(*aggregates).first()
        else:
            row = [0] * (len(aggregates) - 1) + [None]
        rows = row[-1]
        null_paths = frozenset(".".join(p) for p, n in zip(leaves, row[1 : 1 + len(leaves)], strict=True) if n == 0)
        fits = row[1 + len(leaves) : 1 + len(leaves) + len(checked)] or [0] * len(checked)
        found = {f.name: {"fits": bool(n), "other": set()} for f, n in zip(checked, fits, strict=True)}
        probed = {}
        for (name, by_bit, _), bits in zip(may_be, row[1 + len(leaves) + len(checked) : -1], strict=True):
            kinds = {kind for bit, of_bit in by_bit.items() if (bits or 0) & bit for kind in of_bit}
            if kinds:
                probed[name] = tuple(k for k in _PROBES if k in kinds | {"string"})
        candidates = [f for f in checked if f.name in probed]
        if row[0] and candidates:
            kinds = [_json_kind(f.name, probed[f.name]) for f in candidates]
            # Null on a clean line rather than a filter: Spark pushes a filter below the typed parse and repeats that
            # parse once per condition of `_suspect`.
            kinds = parsed.select("*", *_probes(checked, probed)).select(*[
                F.when(suspect, F.struct(_fits(f.name, f.dataType, k).alias("fits"), k.alias("kind"))).alias(f"c{i}")
                for i, (f, k) in enumerate(zip(candidates, kinds, strict=True))
            ])  # fmt: skip
            aggregates = []
            for i in range(len(candidates)):
                aggregates.append(F.max(F.col(f"c{i}.fits").cast("int")))
                aggregates.append(F.collect_set(F.when(~F.col(f"c{i}.fits"), F.col(f"c{i}.kind"))))
            row = kinds.agg(*aggregates).first()
            for i, f in enumerate(candidates):
                found[f.name]["fits"] |= bool(row[2 * i])
                found[f.name]["other"] = set(row[2 * i + 1] or [])
        if len(_FOUND) >= 64:  # a long `stedi dev` session on changing data: forget the old ones
            _FOUND.clear()
        _FOUND[key] = found, null_paths, probed, rows, non_objects
    return _FOUND[key]


__all__ = ["GlueContext"]

"""``GlueContext``: reads and writes DynamicFrames through the local catalog and the local lake folder."""

from __future__ import annotations

import time
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from awsglue.catalog import LocalCatalog, spark_schema
from awsglue.data_sink import DataSink
from awsglue.dynamicframe import DynamicFrame
from awsglue.local import lake_root, resolve

CORRUPT = "_corrupt_record"


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
        database,
        table_name,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options=None,
        catalog_id=None,
        **kwargs,
    ) -> DynamicFrame:
        """Read a catalog table with the catalog's column types.

        :param database: catalog database
        :param table_name: table in that database
        :param transformation_ctx: name of this read, used in messages
        """
        table = self.catalog.get_table(database, table_name)
        location = table["StorageDescriptor"]["Location"]
        path = self._local_path(location)
        if not path.exists():
            raise FileNotFoundError(f"table '{database}.{table_name}': its location {location} ({path}) does not exist")
        classification = table.get("Parameters", {}).get("classification", "").lower()
        schema = spark_schema(table)
        if classification == "json":
            return self._read_json(path, schema, f"{database}.{table_name}", transformation_ctx)
        if classification in ("parquet", "glueparquet"):
            df = self.spark_session.read.schema(schema).parquet(str(path))
            return DynamicFrame(df, self, transformation_ctx)
        raise ValueError(f"table '{database}.{table_name}': classification '{classification}' is not supported locally")

    def _read_json(self, path: Path, schema, table: str, name: str) -> DynamicFrame:
        """JSON lines typed by the catalog; lines that do not parse or do not fit the types become error records."""
        typed = schema.add(CORRUPT, "string")
        lines = (
            self.spark_session.read.text(str(path), recursiveFileLookup=True)
            .where(F.trim("value") != "")
            .select(
                F.input_file_name().alias("source_file"),
                F.col("value").alias("record"),
                F.from_json("value", typed, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": CORRUPT}).alias("r"),
            )
        )
        valid = lines.where(F.col(f"r.{CORRUPT}").isNull()).select(
            *[F.col(f"r.`{f.name}`").alias(f.name) for f in schema.fields if f.name != CORRUPT]
        )
        types = ", ".join(f"{f.name} {f.dataType.simpleString()}" for f in schema.fields if f.name != CORRUPT)
        errors = lines.where(F.col(f"r.{CORRUPT}").isNotNull()).select(
            "source_file",
            F.when(F.from_json("record", "map<string,string>").isNull(), F.lit("not a valid JSON object"))
            .otherwise(F.lit(f"a value does not match the column types of {table} ({types})"))
            .alias("reason"),
            "record",
        )
        return DynamicFrame(valid, self, name, errors)

    def create_dynamic_frame_from_options(
        self,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
        **kwargs,
    ) -> DynamicFrame:
        """Read files from ``connection_options["paths"]`` (s3:// mapped to the lake) as json, parquet or csv."""
        if connection_type != "s3":
            raise ValueError(f"connection_type '{connection_type}' is not supported locally (only 's3')")
        options = connection_options or {}
        paths = [str(self._local_path(p)) for p in options.get("paths", [])]
        if not paths:
            raise ValueError("create_dynamic_frame.from_options needs connection_options={'paths': [...]}")
        reader = self.spark_session.read.option("recursiveFileLookup", str(bool(options.get("recurse"))).lower())
        fmt = (format or "").lower()
        if fmt == "json":
            df = reader.option("multiLine", bool((format_options or {}).get("multiline", False))).json(paths)
        elif fmt in ("parquet", "glueparquet"):
            df = reader.parquet(*paths)
        elif fmt == "csv":
            df = reader.option("header", bool((format_options or {}).get("withHeader", False))).csv(paths)
        else:
            raise ValueError(f"format '{format}' is not supported locally (json, parquet, glueparquet, csv)")
        return DynamicFrame(df, self, transformation_ctx)

    # -- sinks --------------------------------------------------------------------------------------------
    def getSink(self, connection_type, format=None, transformation_ctx="", **options) -> DataSink:
        """A sink for ``options["path"]``; with ``enableUpdateCatalog=True`` it registers the table it writes."""
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
        sink = self.getSink(connection_type, format, transformation_ctx, **(connection_options or {}))
        sink.setFormat(format, **(format_options or {}))
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


class _DynamicFrameReader:
    def __init__(self, glue_context: GlueContext):
        self._glue_context = glue_context

    def from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="", **kwargs):
        if database is not None and "name_space" in kwargs:
            raise Exception("Parameter name_space and database are both specified, choose one.")
        if database is None and "name_space" not in kwargs:
            raise Exception("Parameter name_space or database is missing.")
        database = kwargs.pop("name_space", database)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        return self._glue_context.create_dynamic_frame_from_catalog(
            database, table_name, redshift_tmp_dir, transformation_ctx, **kwargs
        )

    def from_options(
        self,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
        **kwargs,
    ):
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type, connection_options, format, format_options, transformation_ctx, **kwargs
        )


class _DynamicFrameWriter:
    def __init__(self, glue_context: GlueContext):
        self._glue_context = glue_context

    def from_options(
        self,
        frame,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
    ):
        return self._glue_context.write_dynamic_frame_from_options(
            frame, connection_type, connection_options, format, format_options, transformation_ctx
        )


__all__ = ["GlueContext"]

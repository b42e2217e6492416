"""SQL over the local catalog: the local stand-in for Athena."""

from __future__ import annotations

from pathlib import Path

from pyspark.sql import DataFrame

from awsglue.catalog import LocalCatalog, spark_schema
from awsglue.dynamicframe import DynamicFrame
from awsglue.local import resolve


def catalog_frames(spark, lake: Path, database: str, names=None) -> dict[str, DataFrame]:
    """The tables ``names`` of ``database`` (default: all of them) as DataFrames, read as a Glue job reads them.

    A table whose location holds no file yet reads as no rows with its columns, as Athena answers it.
    """
    return {name: frame.toDF() for name, frame in catalog_dynamic_frames(spark, lake, database, names).items()}


def catalog_dynamic_frames(spark, lake: Path, database: str, names=None) -> dict[str, DynamicFrame]:
    """As ``catalog_frames``, as DynamicFrames: a landing table's frame knows its count from its read."""
    from awsglue.context import GlueContext

    glue = GlueContext(spark.sparkContext)
    catalog = LocalCatalog(lake)
    tables = {t["Name"]: t for t in catalog.list_tables(database)} if names is None else {}
    frames = {}
    for name in names if names is not None else list(tables):
        table = tables.get(name) or catalog.get_table(database, name)
        folder = resolve(Path(lake).resolve(), table["StorageDescriptor"]["Location"])
        if not folder.is_dir() or not any(p.is_file() for p in folder.rglob("*")):
            empty = spark.createDataFrame([], spark_schema(table, partitions=True))
            frames[name] = DynamicFrame.fromDF(empty, glue, name)
        else:
            frames[name] = glue.create_dynamic_frame.from_catalog(database=database, table_name=name)
    return frames


def register_views(spark, lake: Path, database: str) -> list[str]:
    """Expose every catalog table of ``database`` as a temp view named after the table."""
    frames = catalog_frames(spark, lake, database)
    for name, frame in frames.items():
        frame.createOrReplaceTempView(name)
    return list(frames)


def query(lake: Path, sql: str, database: str = "stedi") -> DataFrame:
    from stedi.spark import local_spark

    spark = local_spark(lake)
    if not register_views(spark, Path(lake), database):
        raise LookupError(f"no tables in the local catalog of {lake} (database {database}): run `stedi run` first")
    return spark.sql(sql)

"""SQL over the local catalog: the local stand-in for Athena."""

from __future__ import annotations

from pathlib import Path

from pyspark.sql import DataFrame

from stedi.catalog import LocalCatalog


def catalog_frames(spark, lake: Path, database: str, names=None) -> dict[str, DataFrame]:
    """The tables ``names`` of ``database`` (default: all of them) as DataFrames, read as a Glue job reads them."""
    from awsglue.context import GlueContext

    glue = GlueContext(spark.sparkContext)
    if names is None:
        names = [table["Name"] for table in LocalCatalog(lake).list_tables(database)]
    return {name: glue.create_dynamic_frame.from_catalog(database=database, table_name=name).toDF() for name in names}


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

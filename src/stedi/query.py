"""SQL over the local catalog: the local stand-in for Athena."""

from __future__ import annotations

from pathlib import Path

from pyspark.sql import DataFrame

from stedi.catalog import LocalCatalog


def register_views(spark, lake: Path, database: str) -> list[str]:
    """Expose every catalog table of ``database`` as a temp view named after the table."""
    from awsglue.context import GlueContext

    glue = GlueContext(spark.sparkContext)
    names = []
    for table in LocalCatalog(lake).list_tables(database):
        frame = glue.create_dynamic_frame.from_catalog(database=database, table_name=table["Name"])
        frame.toDF().createOrReplaceTempView(table["Name"])
        names.append(table["Name"])
    return names


def query(lake: Path, sql: str, database: str = "stedi") -> DataFrame:
    from stedi.spark import local_spark

    spark = local_spark(lake)
    if not register_views(spark, Path(lake), database):
        raise LookupError(f"no tables in the local catalog of {lake} (database {database}): run `stedi run` first")
    return spark.sql(sql)

"""STEDI's tables in the local Data Catalog (``awsglue.catalog``): the three landing tables of ``athena_ddl/``.

Landing tables are defined once, by ``athena_ddl/*.sql`` (Terraform reads the same files); trusted and curated
tables are registered by the Glue sinks that write them (``enableUpdateCatalog=True``), so downstream jobs find
them as they would on AWS.
"""

from __future__ import annotations

from pathlib import Path

from awsglue.catalog import LocalCatalog, tables_from_ddl

REPO = Path(__file__).resolve().parents[2]
DDL_DIR = REPO / "athena_ddl"
LANDING_TABLES = ("customer_landing", "accelerometer_landing", "step_trainer_landing")


def fill_placeholders(sql: str, database: str, bucket: str) -> str:
    return sql.replace("${DATABASE}", database).replace("${LAKE_BUCKET}", bucket)


def landing_table(name: str, database: str, bucket: str, ddl_dir: Path = DDL_DIR) -> dict:
    path = ddl_dir / f"{name}.sql"
    (table,) = tables_from_ddl(fill_placeholders(path.read_text(), database, bucket), database, source=str(path))
    return table


def register_landing_tables(lake: Path, database: str, bucket: str, ddl_dir: Path = DDL_DIR) -> list[dict]:
    """Register (or replace) the three landing tables in ``database`` of the lake's catalog; ``stedi run`` only."""
    catalog = LocalCatalog(lake)
    tables = [landing_table(name, database, bucket, ddl_dir) for name in LANDING_TABLES]
    for table in tables:
        catalog.put_table(table)
    return tables

"""The local Data Catalog: tables as JSON files shaped like Glue's ``GetTable`` answer, under ``LAKE/_catalog/``.

Landing tables are defined once, by ``athena_ddl/*.sql``; trusted and curated tables are registered by the Glue
sinks that write them (``enableUpdateCatalog=True``), so downstream jobs find them here as they would on AWS.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pyspark.sql.types import (
    BinaryType,
    BooleanType,
    ByteType,
    DataType,
    DateType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampType,
    _parse_datatype_string,
)

REPO = Path(__file__).resolve().parents[2]
DDL_DIR = REPO / "athena_ddl"
LANDING_TABLES = ("customer_landing", "accelerometer_landing", "step_trainer_landing")

_CREATE = re.compile(
    r"CREATE\s+EXTERNAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?[^`.\s]+`?\.`?(?P<table>\w+)`?\s*\((?P<body>.*?)\)\s*ROW\s+FORMAT",
    re.S | re.I,
)
_COLUMN = re.compile(r"^\s*`?(?P<name>\w+)`?\s+(?P<type>[\w<>(),:]+?)\s*,?\s*$", re.M)
_LOCATION = re.compile(r"LOCATION\s+'(?P<location>[^']+)'", re.I)
_SERDE = re.compile(r"ROW\s+FORMAT\s+SERDE\s+'(?P<serde>[^']+)'", re.I)


class TableNotFound(LookupError):
    pass


def fill_placeholders(sql: str, database: str, bucket: str) -> str:
    return sql.replace("${DATABASE}", database).replace("${LAKE_BUCKET}", bucket)


def table_from_ddl(sql: str, database: str, bucket: str, source: str = "DDL") -> dict:
    """Parse an Athena ``CREATE EXTERNAL TABLE`` into a Glue-shaped table dict."""
    sql = fill_placeholders(re.sub(r"--[^\n]*", "", sql), database, bucket)
    create = _CREATE.search(sql)
    location = _LOCATION.search(sql)
    if not create or not location:
        raise ValueError(f"{source}: not a CREATE EXTERNAL TABLE ... ROW FORMAT ... LOCATION statement")
    columns = [{"Name": m["name"], "Type": m["type"].lower()} for m in _COLUMN.finditer(create["body"])]
    if not columns:
        raise ValueError(f"{source}: no columns found in table {create['table']}")
    serde = _SERDE.search(sql)
    return {
        "Name": create["table"],
        "DatabaseName": database,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "json"},
        "StorageDescriptor": {
            "Columns": columns,
            "Location": location["location"],
            "SerdeInfo": {"SerializationLibrary": serde["serde"] if serde else ""},
        },
    }


_SIMPLE_TYPES = {
    "string": StringType,
    "bigint": LongType,
    "int": IntegerType,
    "integer": IntegerType,
    "smallint": ShortType,
    "tinyint": ByteType,
    "double": DoubleType,
    "float": FloatType,
    "boolean": BooleanType,
    "date": DateType,
    "timestamp": TimestampType,
    "binary": BinaryType,
}


def _data_type(type_name: str) -> DataType:
    # Simple types are mapped here: Spark's own parser is a round trip to the JVM per column.
    simple = _SIMPLE_TYPES.get(type_name.strip().lower())
    return simple() if simple else _parse_datatype_string(type_name)


def spark_schema(table: dict) -> StructType:
    """The table's columns as a Spark schema (Hive type names are Spark SQL type names)."""
    fields = []
    for column in table["StorageDescriptor"]["Columns"]:
        fields.append(StructField(column["Name"], _data_type(column["Type"]), True))
    return StructType(fields)


def columns_from_schema(schema: StructType) -> list[dict]:
    return [{"Name": f.name, "Type": f.dataType.simpleString()} for f in schema.fields]


class LocalCatalog:
    """Glue Data Catalog stand-in rooted at ``LAKE/_catalog``: one JSON file per table."""

    def __init__(self, lake: Path):
        self.root = Path(lake) / "_catalog"

    def _file(self, database: str, name: str) -> Path:
        return self.root / database / f"{name.lower()}.json"

    def get_table(self, database: str, name: str) -> dict:
        path = self._file(database, name)
        if not path.is_file():
            raise TableNotFound(
                f"table '{database}.{name}' is not in the local catalog ({self.root}); "
                "landing tables come from athena_ddl/*.sql, the others from the job that writes them"
            )
        return json.loads(path.read_text())

    def put_table(self, table: dict) -> None:
        path = self._file(table["DatabaseName"], table["Name"])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(table, indent=2))
        os.replace(tmp, path)  # readers see the old entry or the new one, never half of one

    def list_tables(self, database: str) -> list[dict]:
        folder = self.root / database
        return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []

    def register_landing_tables(self, database: str, bucket: str, ddl_dir: Path = DDL_DIR) -> list[dict]:
        tables = []
        for name in LANDING_TABLES:
            path = ddl_dir / f"{name}.sql"
            table = table_from_ddl(path.read_text(), database, bucket, source=str(path))
            self.put_table(table)
            tables.append(table)
        return tables

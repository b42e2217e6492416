"""The local Data Catalog: tables as JSON files shaped like Glue's ``GetTable`` answer, under ``LAKE/_catalog/``.

Tables come from the user's Athena DDL (``tables_from_ddl``: ``CREATE EXTERNAL TABLE`` as people write it and as
Athena's ``SHOW CREATE TABLE`` prints it, parsed with sqlglot's Athena/Hive dialect) or from the Glue sinks that
write them (``enableUpdateCatalog=True``). The dict carries what ``glue.GetTable`` carries for such a table: the
``classification`` parameter, ``StorageDescriptor.SerdeInfo`` (``SerializationLibrary`` and its ``Parameters``,
e.g. ``field.delim``), ``InputFormat``/``OutputFormat``, ``PartitionKeys`` and the table properties as
``Parameters`` (e.g. ``skip.header.line.count``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import sqlglot
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
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import TokenType

TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
# What Athena (and so the Glue catalog) records for each storage form: serde, input format, output format.
STORAGE = {
    "json": ("org.openx.data.jsonserde.JsonSerDe", TEXT_INPUT, TEXT_OUTPUT),
    "csv": ("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", TEXT_INPUT, TEXT_OUTPUT),
    "parquet": (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    ),
}
# SerDe -> classification, for DDL that names no 'classification' table property.
_SERDE_CLASSIFICATION = {
    "org.openx.data.jsonserde.JsonSerDe": "json",
    "org.apache.hive.hcatalog.data.JsonSerDe": "json",
    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe": "csv",
    "org.apache.hadoop.hive.serde2.OpenCSVSerde": "csv",
    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe": "parquet",
}
_HOW_TO_REGISTER = "register it from its Athena DDL: `stedi catalog add FILE.sql` or `stedi glue-run --ddl FILE.sql`"


class TableNotFound(LookupError):
    pass


class DDLError(ValueError):
    pass


def tables_from_ddl(
    sql: str, database: str | None = None, source: str = "DDL", on_skip: Callable[[str], None] | None = None
) -> list[dict]:
    """Every ``CREATE [EXTERNAL] TABLE`` of ``sql`` as a Glue-shaped table dict.

    :param database: the database of a table whose name has none (Athena's current database)
    :param source: what to name in errors (the file)
    :param on_skip: called with one line per statement that defines no table and is skipped
    ``CREATE DATABASE`` statements are skipped silently; statements that define no table (``DROP``, ``MSCK
    REPAIR TABLE``, ``ALTER TABLE ... ADD PARTITION``, queries), as files saved from the Athena console hold them
    around their ``CREATE``, are skipped with a line naming the statement kind and the file. Any other statement
    (``CREATE TABLE ... AS SELECT``, ``ALTER TABLE ... ADD COLUMNS``, ``INSERT``, ...) would change a table in a
    way the local catalog cannot follow: an error naming it. A file without any table is an error.
    """
    tables, skipped_kinds = [], []
    statements = _statements(sql, source)
    for statement in statements:
        kind = str(statement.args.get("kind") or "").upper() if isinstance(statement, exp.Create) else ""
        if kind in ("DATABASE", "SCHEMA"):
            continue
        skipped = _defines_nothing(statement)
        if skipped:
            skipped_kinds.append(skipped)
            if on_skip is not None:
                text = statement.sql(dialect="athena", comments=False)
                on_skip(f"{source}: skipped {skipped} (defines no table): {text}")
            continue
        if kind != "TABLE" or not isinstance(statement.this, exp.Schema):
            raise DDLError(f"{source}: expected CREATE EXTERNAL TABLE ... (columns), got: {statement.sql()[:80]}")
        tables.append(_table(statement, database, source))
    if not tables:
        found = f" (only {', '.join(skipped_kinds)}, which define no table)" if skipped_kinds else ""
        raise DDLError(f"{source}: no CREATE EXTERNAL TABLE statement{found}")
    return tables


def _statements(sql: str, source: str) -> list[exp.Expression]:
    """The statements of ``sql``, each parsed on its own: sqlglot cannot parse a statement it falls back to a
    generic Command for (``MSCK REPAIR TABLE``) when other statements follow it in the same parse."""
    dialect = Dialect.get_or_raise("athena")
    try:
        ends = [t.start for t in dialect.tokenize(sql) if t.token_type == TokenType.SEMICOLON] + [len(sql)]
    except sqlglot.errors.TokenError as exc:
        raise DDLError(f"{source}: not valid Athena DDL: {exc}") from None
    sqlglot_log = logging.getLogger("sqlglot")
    level = sqlglot_log.level
    # sqlglot warns on stderr when it falls back to a Command; the skip line (or the error) says what it is here.
    sqlglot_log.setLevel(logging.ERROR)
    statements, start = [], 0
    try:
        for end in ends:
            chunk = sql[start:end]
            start = end + 1
            parsed = sqlglot.parse(chunk, read="athena", error_level=sqlglot.ErrorLevel.RAISE) if chunk.strip() else []
            statements += [s for s in parsed if s]
    except sqlglot.errors.ParseError as exc:
        raise DDLError(f"{source}: not valid Athena DDL: {exc}") from None
    finally:
        sqlglot_log.setLevel(level)
    return statements


def _defines_nothing(statement: exp.Expression) -> str | None:
    """The kind of a statement that neither defines nor changes a table's definition, or None."""
    if isinstance(statement, exp.Drop):
        return f"DROP {str(statement.args.get('kind') or '').upper()}".strip()
    if isinstance(statement, exp.Query):
        return "SELECT"
    if isinstance(statement, exp.Command) and " ".join(str(statement.this).upper().split()) == "MSCK REPAIR":
        return "MSCK REPAIR TABLE"
    actions = statement.args.get("actions") or [] if isinstance(statement, exp.Alter) else []
    if actions and all(isinstance(a, exp.AddPartition) for a in actions):
        return "ALTER TABLE ... ADD PARTITION"
    return None


def _text(node) -> str:
    return node.name if isinstance(node, exp.Literal | exp.Identifier | exp.Var) else node.sql(dialect="hive")


def _hive_type(kind: exp.DataType) -> str:
    # Glue stores Hive type names in lower case without spaces: array<struct<x:int,y:string>>.
    return kind.sql(dialect="hive").lower().replace(" ", "")


def _columns(defs) -> list[dict]:
    columns = []
    for column in defs:
        # Glue lower-cases column names; kept as written here until catalog reads match keys case-insensitively.
        entry = {"Name": column.this.name, "Type": _hive_type(column.args["kind"])}
        comment = column.find(exp.CommentColumnConstraint)
        if comment is not None:
            entry["Comment"] = comment.this.name
        columns.append(entry)
    return columns


def _table(create: exp.Create, default_database: str | None, source: str) -> dict:
    table = create.this.this
    name, database = table.name, table.db or default_database
    if not database:
        raise DDLError(f"{source}: table {name} names no database: give one (db.{name}) or pass --database")
    serde, serde_params, formats, location, parameters, partitions = None, {}, None, None, {}, []
    for prop in create.args["properties"].expressions if create.args.get("properties") else []:
        if isinstance(prop, exp.RowFormatSerdeProperty):
            serde = prop.this.name
            props = prop.args.get("serde_properties")
            serde_params.update({_text(p.this): _text(p.args["value"]) for p in props.expressions} if props else {})
        elif isinstance(prop, exp.RowFormatDelimitedProperty):
            serde = STORAGE["csv"][0]
            for key, param in (("fields", "field.delim"), ("escaped", "escape.delim"), ("lines", "line.delim")):
                if prop.args.get(key) is not None:
                    serde_params[param] = prop.args[key].name
            if "field.delim" in serde_params:
                serde_params["serialization.format"] = serde_params["field.delim"]
        elif isinstance(prop, exp.SerdeProperties):
            serde_params.update({_text(p.this): _text(p.args["value"]) for p in prop.expressions})
        elif isinstance(prop, exp.FileFormatProperty):
            formats = prop.this
        elif isinstance(prop, exp.LocationProperty):
            location = prop.this.name
        elif isinstance(prop, exp.PartitionedByProperty):
            partitions = _columns(prop.this.expressions)
        elif type(prop) is exp.Property:
            parameters[_text(prop.this)] = _text(prop.args["value"])
    if not location:
        raise DDLError(f"{source}: table {database}.{name} has no LOCATION 's3://...'")
    if isinstance(formats, exp.InputOutputFormat):
        input_format, output_format = formats.args["input_format"].name, formats.args["output_format"].name
    else:
        stored = _text(formats).upper() if formats is not None else "TEXTFILE"
        if stored == "PARQUET":
            serde = serde or STORAGE["parquet"][0]
            input_format, output_format = STORAGE["parquet"][1:]
        elif stored == "TEXTFILE":
            serde = serde or STORAGE["csv"][0]  # Athena's default SerDe for text
            input_format, output_format = TEXT_INPUT, TEXT_OUTPUT
        else:
            raise DDLError(f"{source}: table {database}.{name}: STORED AS {stored} is not supported locally")
    classification = parameters.get("classification") or _SERDE_CLASSIFICATION.get(serde or "")
    if "parquet" in input_format.lower():
        classification = classification or "parquet"
    if not classification:
        raise DDLError(f"{source}: table {database}.{name}: cannot tell its format from SerDe {serde}")
    parameters["classification"] = classification.lower()
    columns = _columns(create.this.expressions)
    if not columns:
        raise DDLError(f"{source}: table {database}.{name} has no columns")
    return {
        "Name": name.lower(),
        "DatabaseName": database.lower(),
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"EXTERNAL": "TRUE", **parameters},
        "StorageDescriptor": {
            "Columns": columns,
            "Location": location,
            "InputFormat": input_format,
            "OutputFormat": output_format,
            "SerdeInfo": {"SerializationLibrary": serde, "Parameters": serde_params},
        },
        "PartitionKeys": partitions,
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


def spark_schema(table: dict, partitions: bool = False) -> StructType:
    """The table's columns (and, with ``partitions``, its partition keys) as a Spark schema."""
    columns = table["StorageDescriptor"]["Columns"] + (table.get("PartitionKeys") or [] if partitions else [])
    return StructType([StructField(c["Name"], _data_type(c["Type"]), True) for c in columns])


def columns_from_schema(schema: StructType) -> list[dict]:
    return [{"Name": f.name, "Type": f.dataType.simpleString()} for f in schema.fields]


class LocalCatalog:
    """Glue Data Catalog stand-in rooted at ``LAKE/_catalog``: one JSON file per table."""

    def __init__(self, lake: Path):
        self.root = Path(lake) / "_catalog"

    def _file(self, database: str, name: str) -> Path:
        return self.root / database.lower() / f"{name.lower()}.json"

    def has_table(self, database: str, name: str) -> bool:
        return self._file(database, name).is_file()

    def get_table(self, database: str, name: str) -> dict:
        path = self._file(database, name)
        if not path.is_file():
            raise TableNotFound(
                f"table '{database}.{name}' is not in the local catalog ({self.root}); {_HOW_TO_REGISTER}"
            )
        return json.loads(path.read_text())

    def put_table(self, table: dict) -> None:
        path = self._file(table["DatabaseName"], table["Name"])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".json.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, indent=2))
        os.replace(tmp, path)  # readers see the old entry or the new one, never half of one

    def drop_table(self, database: str, name: str) -> None:
        path = self._file(database, name)
        if not path.is_file():
            raise TableNotFound(f"table '{database}.{name}' is not in the local catalog ({self.root})")
        path.unlink()

    def databases(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def list_tables(self, database: str) -> list[dict]:
        folder = self.root / database.lower()
        return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []

    def add_ddl(
        self, path: Path, database: str | None = None, on_skip: Callable[[str], None] | None = None
    ) -> list[dict]:
        """Register every table of the DDL file ``path`` (replacing a table of the same name); return them.

        :param on_skip: gets one line per statement skipped because it defines no table (see ``tables_from_ddl``)
        """
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"DDL file not found: {path}")
        tables = tables_from_ddl(path.read_text(), database, source=str(path), on_skip=on_skip)
        for table in tables:
            self.put_table(table)
        return tables

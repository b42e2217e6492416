"""athena_ddl/*.sql: valid Athena DDL (a real SQL parser says so), typed to match the real starter data's JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from awsglue.catalog import DDLError, tables_from_ddl
from stedi.catalog import LANDING_TABLES, fill_placeholders, landing_table

DDL_DIR = Path(__file__).resolve().parents[1] / "athena_ddl"
ENTITY = {
    "customer_landing": "customer",
    "accelerometer_landing": "accelerometer",
    "step_trainer_landing": "step_trainer",
}
DATABASE, BUCKET = "stedi_test", "stedi-test-bucket"
# The typing rule: epoch-ms fields bigint, x/y/z double, the rest string.
EXPECTED_TYPES = {
    "customer_landing": {
        "customerName": "string",
        "email": "string",
        "phone": "string",
        "birthDay": "string",
        "serialNumber": "string",
        "registrationDate": "bigint",
        "lastUpdateDate": "bigint",
        "shareWithResearchAsOfDate": "bigint",
        "shareWithPublicAsOfDate": "bigint",
        "shareWithFriendsAsOfDate": "bigint",
    },
    "accelerometer_landing": {"user": "string", "timestamp": "bigint", "x": "double", "y": "double", "z": "double"},
    "step_trainer_landing": {"sensorReadingTime": "bigint", "serialNumber": "string", "distanceFromObject": "bigint"},
}
# sqlglot's names for the Hive types (it reads `string` as TEXT).
SQLGLOT_TYPE = {
    "string": exp.DataType.Type.TEXT,
    "bigint": exp.DataType.Type.BIGINT,
    "double": exp.DataType.Type.DOUBLE,
}


def parse(table: str) -> exp.Create:
    sql = fill_placeholders((DDL_DIR / f"{table}.sql").read_text(), DATABASE, BUCKET)
    # Athena runs DDL with its Hive dialect; sqlglot's athena dialect does the same. An unparseable statement would
    # come back as an opaque exp.Command, so the type is the test.
    return sqlglot.parse_one(sql, read="athena", error_level=sqlglot.ErrorLevel.RAISE)


def ddl_columns(create: exp.Create) -> dict[str, exp.DataType.Type]:
    return {col.this.name: col.args["kind"].this for col in create.this.expressions}


def prop(create: exp.Create, kind: type[exp.Expression]) -> exp.Expression:
    found = [p for p in create.args["properties"].expressions if isinstance(p, kind)]
    assert len(found) == 1, f"expected one {kind.__name__}"
    return found[0]


def test_the_three_landing_tables_have_a_ddl_file_and_nothing_else_does():
    assert sorted(p.stem for p in DDL_DIR.glob("*.sql")) == sorted(LANDING_TABLES)


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_parses_as_a_create_external_table_if_not_exists(table):
    create = parse(table)
    assert isinstance(create, exp.Create) and create.kind == "TABLE"
    assert create.args["exists"] is True  # IF NOT EXISTS
    assert prop(create, exp.ExternalProperty)
    assert create.this.this.db == DATABASE and create.this.this.name == table


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_reads_json_lines_with_the_openx_serde_ignoring_malformed_json(table):
    create = parse(table)
    serde = prop(create, exp.RowFormatSerdeProperty)
    assert serde.this.name == "org.openx.data.jsonserde.JsonSerDe"
    settings = {p.this.name: p.args["value"].name for p in serde.args["serde_properties"].expressions}
    assert settings["ignore.malformed.json"] == "TRUE"
    formats = prop(create, exp.FileFormatProperty).this
    assert formats.args["input_format"].name == "org.apache.hadoop.mapred.TextInputFormat"


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_location_is_the_landing_prefix_of_the_lake_bucket(table):
    location = prop(parse(table), exp.LocationProperty).this.name
    assert location == f"s3://{BUCKET}/{ENTITY[table]}/landing/"


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_has_no_placeholder_but_database_and_lake_bucket(table):
    text = (DDL_DIR / f"{table}.sql").read_text()
    assert "${" not in fill_placeholders(text, DATABASE, BUCKET)


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_types_follow_the_rule_epoch_ms_bigint_xyz_double_rest_string(table):
    expected = {name: SQLGLOT_TYPE[kind] for name, kind in EXPECTED_TYPES[table].items()}
    assert ddl_columns(parse(table)) == expected


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_the_local_catalog_reads_the_ddl_as_the_sql_parser_does(table):
    """The local catalog (awsglue.catalog, sqlglot's Athena dialect) and Terraform's catalog module read the same
    files; they must agree with the parse above on the columns, their types and the location."""
    glue = landing_table(table, DATABASE, BUCKET)
    create = parse(table)
    assert {c["Name"]: SQLGLOT_TYPE[c["Type"]] for c in glue["StorageDescriptor"]["Columns"]} == ddl_columns(create)
    assert [c["Name"] for c in glue["StorageDescriptor"]["Columns"]] == list(ddl_columns(create))
    assert glue["StorageDescriptor"]["Location"] == prop(create, exp.LocationProperty).this.name


@pytest.fixture(scope="module")
def real_records(real_landing) -> dict[str, list[dict]]:
    records = {}
    for table, entity in ENTITY.items():
        lines = []
        for path in sorted((real_landing / entity / "landing").glob("*.json")):
            with path.open() as handle:
                lines.extend(json.loads(line) for line in handle if line.strip())
        records[table] = lines
    return records


def _python_type_fits(value, kind: str) -> bool:
    if kind == "bigint":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    if kind == "double":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_ddl_columns_are_exactly_the_json_fields_of_the_real_data(table, real_records):
    fields = set().union(*(record.keys() for record in real_records[table]))
    assert set(ddl_columns(parse(table))) == fields


@pytest.mark.parametrize("table", LANDING_TABLES)
def test_every_real_value_fits_its_column_type(table, real_records):
    kinds = EXPECTED_TYPES[table]
    misfits = [
        (name, value)
        for record in real_records[table]
        for name, value in record.items()
        if value is not None and not _python_type_fits(value, kinds[name])
    ]
    assert misfits == []


def test_the_real_data_has_absent_consent_keys_that_the_bigint_column_reads_as_null(real_records):
    customers = real_records["customer_landing"]
    assert len(customers) == 956
    assert sum("shareWithResearchAsOfDate" not in c for c in customers) > 0


# -- the user's own DDL, in the forms people save (awsglue.catalog.tables_from_ddl) ----------------------------

SHOW_CREATE_TABLE_CSV = """
CREATE EXTERNAL TABLE `sales`.`orders`(
  `order_id` bigint COMMENT 'from deserializer',
  `item` string,
  `tags` array<struct<k:string,v:int>>)
PARTITIONED BY (
  `dt` string)
ROW FORMAT SERDE
  'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
WITH SERDEPROPERTIES (
  'field.delim'=',',
  'serialization.format'=',')
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://their-bucket/orders'
TBLPROPERTIES (
  'classification'='csv',
  'skip.header.line.count'='1',
  'transient_lastDdlTime'='1700000000')
"""


def test_show_create_table_output_gives_what_get_table_answers():
    """Athena's SHOW CREATE TABLE output (WITH SERDEPROPERTIES, STORED AS INPUTFORMAT ... OUTPUTFORMAT,
    TBLPROPERTIES) maps onto the Glue Table shape (Glue API reference, "Table" and "StorageDescriptor": Columns,
    Location, InputFormat, OutputFormat, SerdeInfo.SerializationLibrary/Parameters, PartitionKeys, Parameters)."""
    (table,) = tables_from_ddl(SHOW_CREATE_TABLE_CSV, "ignored")
    assert table == {
        "Name": "orders",
        "DatabaseName": "sales",
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {
            "EXTERNAL": "TRUE",
            "classification": "csv",
            "skip.header.line.count": "1",
            "transient_lastDdlTime": "1700000000",
        },
        "StorageDescriptor": {
            "Columns": [
                {"Name": "order_id", "Type": "bigint", "Comment": "from deserializer"},
                {"Name": "item", "Type": "string"},
                {"Name": "tags", "Type": "array<struct<k:string,v:int>>"},
            ],
            "Location": "s3://their-bucket/orders",
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {
                "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                "Parameters": {"field.delim": ",", "serialization.format": ","},
            },
        },
        "PartitionKeys": [{"Name": "dt", "Type": "string"}],
    }


def test_hand_written_ddl_without_database_takes_the_given_one_and_stored_as_parquet_gets_parquets_formats():
    """STORED AS PARQUET: Athena records ParquetHiveSerDe with MapredParquetInput/OutputFormat (Athena user
    guide, "Parquet SerDe"); comments and CREATE DATABASE in the same file are fine."""
    sql = """
    -- my tables
    CREATE DATABASE IF NOT EXISTS games;
    CREATE EXTERNAL TABLE scores (player string, score bigint)  -- no database: the default applies
    STORED AS PARQUET
    LOCATION 's3://warehouse/scores/';
    """
    (table,) = tables_from_ddl(sql, "games")
    assert table["DatabaseName"] == "games" and table["Name"] == "scores"
    assert table["Parameters"] == {"EXTERNAL": "TRUE", "classification": "parquet"}
    assert table["StorageDescriptor"]["InputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    assert table["StorageDescriptor"]["OutputFormat"] == (
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    )
    assert table["StorageDescriptor"]["SerdeInfo"] == {
        "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "Parameters": {},
    }


def test_row_format_delimited_is_the_lazy_simple_serde_with_its_delimiter():
    """ROW FORMAT DELIMITED without a SerDe is LazySimpleSerDe (Athena user guide, "Lazy Simple SerDe for CSV,
    TSV, and custom-delimited files"); skip.header.line.count is a table property."""
    sql = """CREATE EXTERNAL TABLE db.prices (item string, price double)
    ROW FORMAT DELIMITED FIELDS TERMINATED BY ';'
    STORED AS TEXTFILE
    LOCATION 's3://b/prices/'
    TBLPROPERTIES ("skip.header.line.count"="1")"""
    (table,) = tables_from_ddl(sql)
    assert table["Parameters"] == {"EXTERNAL": "TRUE", "skip.header.line.count": "1", "classification": "csv"}
    assert table["StorageDescriptor"]["SerdeInfo"] == {
        "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "Parameters": {"field.delim": ";", "serialization.format": ";"},
    }


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/t/'", "f.sql: table t names no database: give one"),
        ("CREATE EXTERNAL TABLE d.t (a string) STORED AS JSON", "f.sql: table d.t has no LOCATION 's3://...'"),
        ("SELECT 1", "f.sql: no CREATE EXTERNAL TABLE statement (only SELECT, which define no table)"),
        (
            "DROP TABLE IF EXISTS d.t; MSCK REPAIR TABLE d.t",
            "f.sql: no CREATE EXTERNAL TABLE statement (only DROP TABLE, MSCK REPAIR TABLE, which define no table)",
        ),
        ("-- nothing but a comment", "f.sql: no CREATE EXTERNAL TABLE statement"),
        (
            "ALTER TABLE d.t ADD COLUMNS (b string)",
            "f.sql: expected CREATE EXTERNAL TABLE ... (columns), got: ALTER TABLE d.t ADD COLUMNS (b TEXT)",
        ),
        ("CREATE TABLE d.t AS SELECT 1 AS a", "f.sql: expected CREATE EXTERNAL TABLE ... (columns), got: CREATE"),
        ("CREATE EXTERNAL TABLE d.t (a string", "f.sql: not valid Athena DDL"),
    ],
)
def test_ddl_that_cannot_be_registered_is_an_error_naming_the_file(sql, message):
    with pytest.raises(DDLError, match=re.escape(message)):
        tables_from_ddl(sql, source="f.sql")


# A file as people save it from the Athena console: the DROP before the CREATE, a repair and a query after it.
SAVED_WITH_DROPS = """-- recreate the table; the semicolon in this comment ends nothing
DROP TABLE IF EXISTS games.scores;
CREATE EXTERNAL TABLE games.scores (player string, points int)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ';'
LOCATION 's3://games-bucket/scores/';
MSCK REPAIR TABLE games.scores;
ALTER TABLE games.scores ADD IF NOT EXISTS PARTITION (season='2024') LOCATION 's3://games-bucket/scores/2024/';
SELECT * FROM games.scores LIMIT 10;
"""


def test_statements_that_define_no_table_are_skipped_with_a_line_naming_each():
    skipped = []

    tables = tables_from_ddl(SAVED_WITH_DROPS, source="f.sql", on_skip=skipped.append)

    assert [(t["DatabaseName"], t["Name"]) for t in tables] == [("games", "scores")]
    assert tables[0]["StorageDescriptor"]["SerdeInfo"]["Parameters"]["field.delim"] == ";"
    assert skipped == [
        "f.sql: skipped DROP TABLE (defines no table): DROP TABLE IF EXISTS games.scores",
        "f.sql: skipped MSCK REPAIR TABLE (defines no table): MSCK REPAIR TABLE games.scores",
        "f.sql: skipped ALTER TABLE ... ADD PARTITION (defines no table): ALTER TABLE games.scores ADD IF NOT "
        "EXISTS PARTITION(season = '2024') LOCATION 's3://games-bucket/scores/2024/'",
        "f.sql: skipped SELECT (defines no table): SELECT * FROM games.scores LIMIT 10",
    ]


def test_stedi_catalog_add_takes_a_file_with_drop_statements_and_says_what_it_skipped(tmp_path, capsys):
    from stedi.cli import main

    ddl = tmp_path / "scores.sql"
    ddl.write_text(SAVED_WITH_DROPS)

    code = main(["catalog", "add", str(ddl), "--lake", str(tmp_path / "lake")])

    assert (code, capsys.readouterr().out.splitlines()) == (
        0,
        [
            f"{ddl}: skipped DROP TABLE (defines no table): DROP TABLE IF EXISTS games.scores",
            f"{ddl}: skipped MSCK REPAIR TABLE (defines no table): MSCK REPAIR TABLE games.scores",
            f"{ddl}: skipped ALTER TABLE ... ADD PARTITION (defines no table): ALTER TABLE games.scores ADD IF "
            "NOT EXISTS PARTITION(season = '2024') LOCATION 's3://games-bucket/scores/2024/'",
            f"{ddl}: skipped SELECT (defines no table): SELECT * FROM games.scores LIMIT 10",
            "games.scores  s3://games-bucket/scores/",
        ],
    )


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT 1", "f.sql: no CREATE EXTERNAL TABLE statement (only SELECT, which define no table)"),
        (
            "DROP TABLE IF EXISTS d.t; MSCK REPAIR TABLE d.t",
            "f.sql: no CREATE EXTERNAL TABLE statement (only DROP TABLE, MSCK REPAIR TABLE, which define no table)",
        ),
        ("-- nothing but a comment;\n", "f.sql: no CREATE EXTERNAL TABLE statement"),
    ],
)
def test_a_file_without_a_table_is_the_one_error_saying_what_it_holds(sql, message):
    with pytest.raises(DDLError) as error:
        tables_from_ddl(sql, source="f.sql", on_skip=lambda line: None)
    assert str(error.value) == message

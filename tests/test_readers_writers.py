"""Glue's sources and sinks on the local lake: formats, format options, catalog reads and catalog updates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awsglue import DynamicFrame, gluetypes
from awsglue.catalog import LocalCatalog
from awsglue.context import GlueContext
from awsglue.local import known_count
from stedi.spark import local_spark


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lake")


@pytest.fixture(scope="module")
def glue(lake) -> GlueContext:
    return GlueContext(local_spark(lake).sparkContext)


def frame(glue, rows, schema, name="f") -> DynamicFrame:
    """One partition, so that a write makes one file (Spark writes a file per partition, as Glue does)."""
    return DynamicFrame.fromDF(glue.spark_session.createDataFrame(rows, schema).coalesce(1), glue, name)


def write_lines(glue, uri: str, name: str, lines: list[str]) -> Path:
    folder = glue._local_path(uri)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(line + "\n" for line in lines))
    return folder


def register(lake, name, location, columns, classification="json", partitions=(), **extra) -> None:
    LocalCatalog(lake).put_table(
        {
            "Name": name,
            "DatabaseName": "db",
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": classification},
            "StorageDescriptor": {
                "Columns": [{"Name": n, "Type": t} for n, t in columns],
                "Location": location,
                **extra,
            },
            "PartitionKeys": [{"Name": p, "Type": "string"} for p in partitions],
        }
    )


def rows(f: DynamicFrame) -> list[tuple]:
    return sorted(tuple(r) for r in f.toDF().collect())


# -- JSON ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("multiline", [True, "true", "True"])
def test_json_multiline_as_bool_or_string(glue, multiline):
    """Glue docs "Using the JSON format in AWS Glue": multiLine lets one record span lines (default false);
    Glue Studio exports pass format_options={"multiline": False} as a bool."""
    folder = glue._local_path("s3://in/multi/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.json").write_text('[{"a": 1,\n "b": "x"},\n {"a": 2, "b": "y"}]\n')
    f = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": ["s3://in/multi/"]}, format="json",
        format_options={"multiline": multiline},
    )  # fmt: skip
    assert rows(f) == [(1, "x"), (2, "y")]


def test_json_from_options_malformed_line_is_an_error_record(glue):
    """Glue docs DynamicFrame errorsCount/errorsAsDynamicFrame: records that fail to parse are error records,
    counted, not dropped; the same for from_options as for catalog sources."""
    write_lines(glue, "s3://in/lines/", "a.json", ['{"a": 1}', "{not json", '{"a": 2, "extra": "e"}'])
    f = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": ["s3://in/lines/"]}, format="json",
        format_options={"multiline": False}, transformation_ctx="src",
    )  # fmt: skip
    assert rows(f) == [(1, None), (2, "e")]
    assert f.errorsCount() == f.stageErrorsCount() == 1
    (error,) = f.errorsAsDynamicFrame().toDF().collect()
    assert (error.reason, error.record) == ("not a valid JSON object", "{not json")


def test_catalog_json_matches_keys_case_insensitively_and_keeps_unlisted_fields(glue, lake):
    """The Glue catalog stores column names in lower case (Glue docs, "Defining tables in the Data Catalog":
    names are lower-cased); the data is camelCase. Glue reads the data's own keys, typed by the table, and keeps
    keys the table does not list."""
    write_lines(glue, "s3://in/cust/", "c.json", ['{"serialNumber": "s1", "birthDay": "1990", "shareAt": 5}'])
    register(lake, "cust", "s3://in/cust/", [("serialnumber", "string"), ("shareat", "bigint"), ("missing", "int")])
    f = glue.create_dynamic_frame.from_catalog(database="db", table_name="cust")
    assert f.toDF().dtypes == [
        ("serialNumber", "string"),
        ("shareAt", "bigint"),
        ("missing", "int"),
        ("birthDay", "string"),
    ]
    assert rows(f) == [("s1", 5, None, "1990")]
    assert f.errorsCount() == 0


# -- values of another JSON type than the column's: Glue's choice types -------------------------------------------
CHOICE_LINES = [
    '{"user": "a@x", "timestamp": 1, "x": 1.5}',
    '{"user": {"email": "b@x"}, "timestamp": 2, "x": true}',
    '{"user": "c@x", "timestamp": 3.5, "x": 2}',
    '{"user": "d@x", "timestamp": 4, "x": 1e400}',
    '{"user": "e@x", "x": NaN}',
]


@pytest.fixture(scope="module")
def choices(glue, lake) -> DynamicFrame:
    write_lines(glue, "s3://in/choice/", "c.json", CHOICE_LINES)
    register(lake, "choice", "s3://in/choice/", [("user", "string"), ("timestamp", "bigint"), ("x", "double")])
    return glue.create_dynamic_frame.from_catalog(database="db", table_name="choice")


def test_catalog_json_value_of_another_type_makes_a_choice_column(choices):
    """Glue reads JSON with a type per record, whatever the catalog says: aws-glue-samples resolve_choice.md reads
    a catalog table with from_catalog and gets `provider id: choice (long, string)`. A column whose values have
    several JSON types is a choice; toDF() makes it a struct with a field per type (Glue Scala docs,
    DynamicFrame.toDF). A NaN token is not JSON: an error record. 1e400 reads as Infinity."""
    schema = {f.name: f.dataType for f in choices.schema()}
    assert {name: sorted(t.choices) for name, t in schema.items() if isinstance(t, gluetypes.ChoiceType)} == {
        "user": ["string", "struct"],
        "timestamp": ["double", "long"],
        "x": ["boolean", "double"],
    }
    assert choices.toDF().dtypes == [
        ("user", "struct<string:string,struct:struct<email:string>>"),
        ("timestamp", "struct<long:bigint,double:double>"),
        ("x", "struct<double:double,boolean:boolean>"),
    ]
    assert [tuple(r) for r in choices.toDF().orderBy("user.string").collect()] == [
        ((None, ("b@x",)), (2, None), (None, True)),
        (("a@x", None), (1, None), (1.5, None)),
        (("c@x", None), (None, 3.5), (2.0, None)),
        (("d@x", None), (4, None), (float("inf"), None)),
    ]
    assert [(e.reason, e.record) for e in choices.errorsAsDynamicFrame().toDF().collect()] == [
        ("not a valid JSON object", CHOICE_LINES[4])
    ]
    # The read counted its records (a run's summary takes that count instead of reading the files again).
    assert known_count(choices) == choices.toDF().count() == 4


def test_json_string_nan_is_a_string_on_a_line_with_a_value_of_another_type(glue, lake):
    """Glue types a value by its JSON token: "NaN" in quotes is a string, also on a line that is parsed again per
    JSON type because another column holds a number where the catalog says string (Spark's double parse takes the
    JSON string "NaN" when non-numeric numbers are allowed; the reader does not allow them)."""
    lines = ['{"user": "NaN", "phone": 5}', '{"user": 7, "phone": "x"}', '{"user": "Infinity", "phone": "y"}']
    write_lines(glue, "s3://in/nan/", "n.json", lines)
    register(lake, "nan", "s3://in/nan/", [("user", "string"), ("phone", "string")])
    frame = glue.create_dynamic_frame.from_catalog(database="db", table_name="nan")
    assert frame.toDF().dtypes == [
        ("user", "struct<string:string,long:bigint>"),
        ("phone", "struct<string:string,long:bigint>"),
    ]
    assert [tuple(r) for r in frame.toDF().orderBy("phone.string").collect()] == [
        (("NaN", None), (None, 5)),
        ((None, 7), ("x", None)),
        (("Infinity", None), ("y", None)),
    ]


def test_json_string_in_a_decimal_column_is_read_as_a_decimal_on_every_line(glue, lake):
    """Spark's JSON reader parses a JSON string as a decimal; the local reader takes it as the catalog's decimal, on
    a line parsed again per JSON type (its string column holds a number) as on any other (awsglue.local: unverified
    on Glue, whose reader types each value by its JSON token)."""
    write_lines(glue, "s3://in/dec/", "d.json", ['{"amount": "1.5", "note": 5}', '{"amount": "2.5", "note": "x"}'])
    register(lake, "dec", "s3://in/dec/", [("amount", "decimal(4,2)"), ("note", "string")])
    frame = glue.create_dynamic_frame.from_catalog(database="db", table_name="dec")
    assert frame.toDF().dtypes == [("amount", "decimal(4,2)"), ("note", "struct<string:string,long:bigint>")]
    assert [(str(r.amount), tuple(r.note)) for r in frame.toDF().orderBy("amount").collect()] == [
        ("1.50", (None, 5)),
        ("2.50", ("x", None)),
    ]


def test_resolve_choice_actions_on_a_choice_column(choices):
    """Glue docs, ResolveChoice class and DynamicFrame.resolveChoice: cast:T casts every value (one that does not
    cast is null), project:T keeps the values of type T, make_cols makes <name>_<type> columns, make_struct keeps
    the struct, match_catalog casts to the catalog column's type."""

    def values(frame, column):
        return [r[0] for r in frame.toDF().orderBy("timestamp_long").select(column).collect()]

    cols = choices.resolveChoice(specs=[("timestamp", "make_cols")])
    assert cols.toDF().columns == ["user", "timestamp_long", "timestamp_double", "x"]
    cast = cols.resolveChoice(specs=[("x", "cast:double"), ("user", "cast:string")])
    assert [f.name for f in cast.schema() if isinstance(f.dataType, gluetypes.ChoiceType)] == []
    assert values(cast, "x") == [2.0, 1.5, 1.0, float("inf")]
    assert values(cast, "user") == ["c@x", "a@x", None, "d@x"]
    projected = cols.resolveChoice(specs=[("x", "project:boolean")])
    assert values(projected, "x") == [None, None, True, None]
    assert isinstance(dict((f.name, f.dataType) for f in projected.schema())["user"], gluetypes.ChoiceType)
    matched = choices.resolveChoice(choice="match_catalog", database="db", table_name="choice")
    assert matched.toDF().dtypes == [("user", "string"), ("timestamp", "bigint"), ("x", "double")]
    struct = choices.resolveChoice(choice="make_struct")
    assert struct.toDF().dtypes == choices.toDF().dtypes
    assert not any(isinstance(f.dataType, gluetypes.ChoiceType) for f in struct.schema())


def test_push_down_predicate_reads_only_matching_partitions(glue, lake):
    """Glue docs "Managing partitions for ETL output in AWS Glue", pre-filtering using pushdown predicates:
    only the partitions the predicate selects are read; the partition keys are columns of the frame."""
    write_lines(glue, "s3://in/part/year=2023/", "a.json", ['{"v": 1}', "{bad"])
    write_lines(glue, "s3://in/part/year=2024/", "a.json", ['{"v": 2}'])
    register(lake, "part", "s3://in/part/", [("v", "int")], partitions=["year"])
    f = glue.create_dynamic_frame.from_catalog(database="db", table_name="part", push_down_predicate="year = '2024'")
    assert rows(f) == [(2, "2024")]
    assert f.errorsCount() == 0  # the bad line is in a partition that is not read
    assert glue.create_dynamic_frame.from_catalog(database="db", table_name="part").errorsCount() == 1


# -- CSV and parquet ---------------------------------------------------------------------------------------


def test_csv_read_options(glue):
    """Glue docs "Using the CSV format in AWS Glue", CSV configuration reference: withHeader (default false),
    separator (default ","), quoteChar (default '"')."""
    write_lines(glue, "s3://in/csv/", "a.csv", ["id|name", "1|'a|b'", "2|c"])
    f = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": ["s3://in/csv/"]}, format="csv",
        format_options={"withHeader": True, "separator": "|", "quoteChar": "'"},
    )  # fmt: skip
    assert f.toDF().columns == ["id", "name"]
    assert rows(f) == [("1", "a|b"), ("2", "c")]
    no_header = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": ["s3://in/csv/"]}, format="csv",
        format_options={"separator": "|", "quoteChar": "'"},
    )  # fmt: skip
    assert no_header.count() == 3


def test_csv_write_header_defaults_to_true(glue):
    """Glue docs CSV configuration reference: writeHeader, default true (one header per file written)."""
    f = frame(glue, [(1, "a")], "id int, name string")
    for path, options in (("s3://out/csv1/", {}), ("s3://out/csv2/", {"writeHeader": False, "separator": ";"})):
        glue.write_dynamic_frame.from_options(
            frame=f, connection_type="s3", connection_options={"path": path}, format="csv", format_options=options
        )
    lines = lambda p: [x for part in sorted(glue._local_path(p).glob("part-*")) for x in part.read_text().split()]  # noqa: E731
    assert lines("s3://out/csv1/") == ["id,name", "1,a"]
    assert lines("s3://out/csv2/") == ["1;a"]


@pytest.mark.parametrize("fmt", ["parquet", "glueparquet"])
def test_parquet_and_glueparquet_round_trip(glue, fmt):
    """Glue docs "Using the Parquet format in AWS Glue": format="parquet" or the Glue writer "glueparquet"."""
    f = frame(glue, [(1, "a")], "id bigint, name string")
    glue.write_dynamic_frame.from_options(
        frame=f, connection_type="s3", connection_options={"path": f"s3://out/{fmt}/"}, format=fmt,
        format_options={"compression": "gzip"},
    )  # fmt: skip
    assert all(p.name.endswith(".gz.parquet") for p in glue._local_path(f"s3://out/{fmt}/").glob("part-*"))
    back = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": [f"s3://out/{fmt}/"]}, format=fmt
    )
    assert rows(back) == [(1, "a")]


# -- sinks and the catalog --------------------------------------------------------------------------------


def test_get_sink_compression_option(glue):
    """Glue Studio exports: getSink(path=..., connection_type="s3", compression="snappy", ...) then setFormat."""
    sink = glue.getSink(path="s3://out/snappy/", connection_type="s3", compression="gzip", transformation_ctx="s")
    sink.setFormat("json")
    sink.writeFrame(frame(glue, [(1,)], "id int"))
    assert [p.name.endswith(".json.gz") for p in glue._local_path("s3://out/snappy/").glob("part-*")] == [True]


def test_write_from_catalog_uses_the_tables_location_and_format(glue, lake):
    """Glue docs "Updating the schema, and adding new partitions in the Data Catalog using AWS Glue ETL jobs":
    write_dynamic_frame_from_catalog(frame, database, table_name, additional_options={"enableUpdateCatalog":
    True, ...}); the default updateBehavior UPDATE_IN_DATABASE overwrites the table's schema."""
    register(lake, "target", "s3://out/target/", [("id", "int")])
    f = frame(glue, [(1, "a")], "id int, name string")
    glue.write_dynamic_frame.from_catalog(frame=f, database="db", table_name="target")
    assert json.loads(next(glue._local_path("s3://out/target/").glob("part-*")).read_text()) == {"id": 1, "name": "a"}
    assert LocalCatalog(lake).get_table("db", "target")["StorageDescriptor"]["Columns"] == [
        {"Name": "id", "Type": "int"}
    ]
    glue.write_dynamic_frame_from_catalog(
        frame=f, database="db", table_name="target", additional_options={"enableUpdateCatalog": True}
    )
    assert LocalCatalog(lake).get_table("db", "target")["StorageDescriptor"]["Columns"] == [
        {"Name": "id", "Type": "int"},
        {"Name": "name", "Type": "string"},
    ]
    with pytest.raises(Exception, match="Parameter name_space or database is missing."):
        glue.write_dynamic_frame.from_catalog(frame=f, table_name="target")


def test_update_behavior_log_leaves_an_existing_table_alone(glue, lake):
    """Glue docs (same page): set updateBehavior to LOG to prevent the table schema from being overwritten."""
    register(lake, "logged", "s3://out/logged/", [("id", "int")])
    sink = glue.getSink(
        path="s3://out/logged-run2/", connection_type="s3", updateBehavior="LOG", partitionKeys=[],
        enableUpdateCatalog=True, transformation_ctx="s",
    )  # fmt: skip
    sink.setCatalogInfo(catalogDatabase="db", catalogTableName="logged")
    sink.setFormat("json")
    sink.writeFrame(frame(glue, [(1, "a")], "id int, name string"))
    table = LocalCatalog(lake).get_table("db", "logged")
    assert table["StorageDescriptor"]["Location"] == "s3://out/logged/"
    assert table["StorageDescriptor"]["Columns"] == [{"Name": "id", "Type": "int"}]
    new = glue.getSink(path="s3://out/new/", connection_type="s3", updateBehavior="LOG", enableUpdateCatalog=True)
    new.setCatalogInfo(catalogDatabase="db", catalogTableName="brand_new")
    new.setFormat("glueparquet")
    new.writeFrame(frame(glue, [(1,)], "id int"))
    assert LocalCatalog(lake).get_table("db", "brand_new")["StorageDescriptor"]["Location"] == "s3://out/new/"


def test_sink_refuses_duplicate_column_names(glue):
    """Spark (and so Glue's parquet/json writers) cannot write two columns of one name; say which."""
    df = glue.spark_session.createDataFrame([(1, 2)], "a int, b int").toDF("a", "A")
    sink = glue.getSink(path="s3://out/dup/", connection_type="s3", transformation_ctx="dup_sink")
    sink.setFormat("json")
    with pytest.raises(ValueError, match=r"sink dup_sink: duplicate column name\(s\) \['a'\] in the frame written"):
        sink.writeFrame(DynamicFrame.fromDF(df, glue))

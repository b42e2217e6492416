"""DynamicFrame, records, paths and the transforms Glue Studio generates, against the documented behaviour."""

from __future__ import annotations

import pytest

from awsglue import DynamicFrame, gluetypes
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrameCollection
from awsglue.transforms import (
    ApplyMapping,
    DropFields,
    DropNullFields,
    Filter,
    Join,
    Map,
    RenameField,
    ResolveChoice,
    SelectFields,
    SelectFromCollection,
    Spigot,
    SplitFields,
    Union,
)
from stedi.spark import local_spark


@pytest.fixture(scope="module")
def glue(tmp_path_factory) -> GlueContext:
    spark = local_spark(tmp_path_factory.mktemp("lake"))
    return GlueContext(spark.sparkContext)


def frame(glue, rows, schema, name="f") -> DynamicFrame:
    return DynamicFrame.fromDF(glue.spark_session.createDataFrame(rows, schema), glue, name)


def rows(f: DynamicFrame) -> list[tuple]:
    return sorted(tuple(r) for r in f.toDF().collect())


# -- records -------------------------------------------------------------------------------------------------


def test_filter_records_support_item_and_attribute_access_and_absent_keys_drop(glue):
    """awsglue/gluetypes.py (AWSGlueDataplanePython 5.1.0): DynamicRecord.__getattr__ is self[attr];
    awsglue/dynamicframe.py DynamicFrame.filter: KeyError/ValueError/TypeError -> the record does not match."""
    people = frame(glue, [("a", 30, ("x",)), ("b", None, ("y",))], "name string, age int, home struct<city:string>")
    by_item = Filter.apply(frame=people, f=lambda r: r["age"] >= 18)
    by_attr = Filter.apply(frame=people, f=lambda r: r.age >= 18 and r.home.city == "x")
    assert rows(by_item) == rows(by_attr) == [("a", 30, ("x",))]
    assert by_item.errorsCount() == by_attr.errorsCount() == 0


def test_filter_other_exceptions_become_error_records(glue):
    """awsglue/dynamicframe.py DynamicFrame.filter: any other exception marks the record isError (kept as an
    error record with the exception's message), it is not silently dropped."""
    people = frame(glue, [("a", 30), ("b", 0)], "name string, age int")
    kept = Filter.apply(frame=people, f=lambda r: 60 / r["age"] > 1, transformation_ctx="ratio")
    assert rows(kept) == [("a", 30)]
    errors = kept.errorsAsDynamicFrame().toDF().collect()
    assert [(e.reason, e.record) for e in errors] == [
        ("Filter ratio: ZeroDivisionError: division by zero", '{"name":"b","age":0}')
    ]


def test_map_rewrites_records_and_turns_failures_and_none_into_error_records(glue):
    """awsglue/dynamicframe.py DynamicFrame.map: an exception or a None result makes an error record
    ("User-specified function returned None instead of DynamicRecord")."""
    people = frame(glue, [("a", 30), ("b", 0), ("c", 5)], "name string, age int")

    def f(r):
        if r.name == "c":
            return None
        r.ratio = 60 / r.age
        r["name"] = r.name.upper()
        return r

    mapped = Map.apply(frame=people, f=f, transformation_ctx="m")
    assert mapped.toDF().dtypes == [("age", "int"), ("name", "string"), ("ratio", "double")]
    assert rows(mapped) == [(30, "A", 2.0)]
    reasons = sorted(e.reason for e in mapped.errorsAsDynamicFrame().toDF().collect())
    assert reasons == [
        "Map m: User-specified function returned None instead of DynamicRecord",
        "Map m: ZeroDivisionError: division by zero",
    ]
    assert mapped.errorsCount() == 2
    kept = Filter.apply(frame=mapped, f=lambda r: 1 / 0, transformation_ctx="all_fail")
    # Glue docs DynamicFrame: errorsCount counts every error upstream, stageErrorsCount this step's only.
    assert (kept.errorsCount(), kept.stageErrorsCount(), mapped.stageErrorsCount()) == (3, 1, 2)
    assert SelectFields.apply(frame=kept, paths=["age"]).stageErrorsCount() == 0


def test_from_df_name_defaults_to_empty(glue):
    """awsglue/dynamicframe.py: fromDF(cls, dataframe, glue_ctx, name="")."""
    df = glue.spark_session.createDataFrame([(1,)], "id int")
    assert DynamicFrame.fromDF(df, glue).name == ""


def test_drop_duplicates_node_form(glue):
    """The Glue Studio Drop Duplicates node: DynamicFrame.fromDF(x.toDF().dropDuplicates([...]), glueContext, name)."""
    x = frame(glue, [(1, "a"), (1, "b"), (2, "c")], "id int, v string")
    out = DynamicFrame.fromDF(x.toDF().dropDuplicates(["id"]), glue, "DropDuplicates_node")
    assert out.name == "DropDuplicates_node" and out.count() == 2


# -- join and paths ------------------------------------------------------------------------------------------


def test_join_keeps_both_copies_of_a_shared_field_dotting_frame1s(glue):
    """Real Glue Studio exports join step_trainer and customer on serialNumber, then
    DropFields(paths=["`.serialNumber`", ...]): Glue keeps a clashing field twice, one copy with a leading dot.
    The dotted copy is frame1's: in the Glue run printed in awslabs/aws-glue-libs issue #76,
    ``dyf1.join(["a", "b"], ["a", "b"], dyf2)`` gives the record {"b": 2, ".b": 1, ".a": 2, "a": 1}, where
    (a=2, b=1) is only in dyf1 and (a=1, b=2) only in dyf2."""
    steps = frame(glue, [("s1", 10), ("s2", 20), (None, 30)], "serialNumber string, t int", name="steps")
    customers = frame(glue, [("s1", "ann"), ("s1", "bo"), (None, "x")], "serialNumber string, name string", "c")
    joined = Join.apply(frame1=steps, frame2=customers, keys1=["serialNumber"], keys2=["serialNumber"])
    assert joined.toDF().columns == [".serialNumber", "t", "serialNumber", "name"]
    assert rows(joined) == [("s1", 10, "s1", "ann"), ("s1", 10, "s1", "bo")]
    assert joined.name == "stepsc"
    dropped = DropFields.apply(frame=joined, paths=["`.serialNumber`", "name"])
    assert dropped.toDF().columns == ["t", "serialNumber"]


def test_join_dots_frame1s_copy_of_every_shared_field_as_in_aws_glue_libs_issue_76(glue):
    dyf1 = frame(glue, [(1, 2), (2, 1)], "a int, b int", name="dyf1")
    dyf2 = frame(glue, [(1, 2)], "a int, b int", name="dyf2")
    joined = dyf1.join(["a", "b"], ["a", "b"], dyf2)
    assert joined.toDF().columns == [".a", ".b", "a", "b"]
    # Locally the keys pair up (a = a, b = b): the permutation match that issue reports is not mirrored.
    assert rows(joined) == [(1, 2, 1, 2)]


def test_join_finds_keys_and_shared_fields_case_insensitively(glue):
    """The catalog gives lower-case names (keys1=["serialnumber"]) while the frames' fields are serialNumber:
    Glue resolves them case-insensitively; a frame2 field differing only in case still clashes."""
    steps = frame(glue, [("s1", 10), ("s2", 20)], "serialNumber string, t int", name="steps")
    devices = frame(glue, [("s1", "ann"), ("s3", "bo")], "SERIALNUMBER string, owner string", name="devices")
    joined = Join.apply(frame1=steps, frame2=devices, keys1=["serialnumber"], keys2=["serialnumber"])
    assert joined.toDF().columns == [".serialNumber", "t", "SERIALNUMBER", "owner"]
    assert rows(joined) == [("s1", 10, "s1", "ann")]


def test_join_on_a_key_that_is_in_neither_case_is_an_error_naming_it(glue):
    steps = frame(glue, [("s1", 10)], "serialNumber string, t int", name="steps")
    devices = frame(glue, [("s1", "ann")], "serialNumber string, owner string", name="devices")
    with pytest.raises(ValueError, match=r"join: no field \['serial'\] in frame 'devices'"):
        Join.apply(frame1=steps, frame2=devices, keys1=["serialnumber"], keys2=["serial"])


def test_from_df_keeps_one_field_per_name_the_last_copys_value_at_the_first_copys_place(glue):
    """A DynamicRecord holds a name once (the official library's DynamicRecord is a dict): SELECT * over a join
    whose sides share serialNumber gives a frame with serialNumber once, the last copy's value."""
    spark = glue.spark_session
    spark.createDataFrame([(1, "step-s")], "t int, serialNumber string").createOrReplaceTempView("steps")
    spark.createDataFrame([(1, "phone-s", "u")], "ts int, serialNumber string, user string").createOrReplaceTempView(
        "phones"
    )
    df = spark.sql("SELECT * FROM steps s JOIN phones p ON s.t = p.ts")
    assert df.columns == ["t", "serialNumber", "ts", "serialNumber", "user"]
    out = DynamicFrame.fromDF(df, glue, "sql")
    assert out.toDF().columns == ["t", "serialNumber", "ts", "user"]
    assert rows(out) == [(1, "phone-s", 1, "u")]


def test_paths_nested_and_backticked(glue):
    """DropFields/SelectFields/RenameField take full paths (Glue docs, DropFields class: "A list of full paths
    to the nodes to drop"); a backticked part is one name."""
    f = frame(glue, [(1, ("x", "y"), "d")], "id int, a struct<b:string,c:string>, `x.y` string")
    assert DropFields.apply(frame=f, paths=["a.b", "missing.z"]).toDF().dtypes == [
        ("id", "int"),
        ("a", "struct<c:string>"),
        ("x.y", "string"),
    ]
    assert SelectFields.apply(frame=f, paths=["a.c", "`x.y`", "nope"]).toDF().dtypes == [
        ("a", "struct<c:string>"),
        ("x.y", "string"),
    ]
    renamed = RenameField.apply(frame=f, old_name="a.b", new_name="a.bee")
    assert renamed.toDF().dtypes[1] == ("a", "struct<c:string,bee:string>")
    assert RenameField.apply(frame=f, old_name="`x.y`", new_name="xy").toDF().columns == ["id", "a", "xy"]


def test_apply_mapping_casts_renames_nests_and_keeps_glue_studio_complex_types(glue):
    """Glue docs ApplyMapping class: mappings of (source column, source type, target column, target type);
    Glue Studio emits "array"/"struct" types for complex fields; the official applyMapping accepts tuples of
    2, 3 or 4 and refuses others."""
    f = frame(glue, [(1, "2", ["p"], ("q",))], "a int, b string, arr array<string>, s struct<z:string>")
    mapped = ApplyMapping.apply(
        frame=f,
        mappings=[
            ("B", "string", "bee", "int"),
            ("a", "int", "out.a", "long"),
            ("arr", "array", "arr", "array"),
            ("s.z", "string", "zed", "string"),
            ("missing", "string", "m", "string"),
        ],
    )
    assert mapped.toDF().dtypes == [
        ("bee", "int"),
        ("out", "struct<a:bigint>"),
        ("arr", "array<string>"),
        ("zed", "string"),
    ]
    with pytest.raises(ValueError, match="Mapping tuple must be of length 2, 3, or 4Got tuple of length 1"):
        ApplyMapping.apply(frame=f, mappings=[("a",)])
    with pytest.raises(TypeError):
        ApplyMapping.apply(frame=f, mappings=[["a", "int", "a", "int"]])


# -- collections and the rest --------------------------------------------------------------------------------


def test_custom_code_node_with_collection_and_select_from_collection(glue):
    """Glue Studio's custom transform node: def MyTransform(glueContext, dfc) -> DynamicFrameCollection, then
    SelectFromCollection.apply(dfc=..., key=list(dfc.keys())[0]). select of an absent key is an empty frame
    (awsglue/dynamicframe.py DynamicFrameCollection.select)."""

    def MyTransform(glueContext, dfc) -> DynamicFrameCollection:
        df = dfc.select(list(dfc.keys())[0]).toDF()
        return DynamicFrameCollection(
            {"adults": DynamicFrame.fromDF(df.where("age >= 18"), glueContext, "a")}, glueContext
        )

    people = frame(glue, [("a", 30), ("b", 3)], "name string, age int")
    out = MyTransform(glue, DynamicFrameCollection({"people": people}, glue))
    selected = SelectFromCollection.apply(dfc=out, key=list(out.keys())[0], transformation_ctx="s")
    assert rows(selected) == [("a", 30)]
    assert out.select("nope").count() == 0 and out.select("nope").name == "nope"


def test_union_method_and_the_official_union_transforms_failure(glue):
    """DynamicFrame.union keeps all records; the official Union transform (5.1.0) calls an undefined name."""
    a = frame(glue, [(1, "x")], "id int, v string")
    b = frame(glue, [(2,)], "id int")
    assert rows(a.union(b)) == [(1, "x"), (2, None)]
    with pytest.raises(NameError, match="name 'mappings' is not defined"):
        Union.apply(frame1=a, frame2=b)


def test_drop_null_fields_uses_glue_types(glue):
    """Glue docs DropNullFields class: drops fields whose type is NullType (null or missing in every record);
    awsglue/gluetypes.py types (StructType, Field, StringType...) are what schema() returns."""
    f = frame(glue, [(1, None, (None, "k"))], "a int, b string, s struct<n:string,k:string>")
    schema = f.schema()
    assert isinstance(schema, gluetypes.StructType)
    assert schema == gluetypes.StructType(
        [
            gluetypes.Field("a", gluetypes.IntegerType()),
            gluetypes.Field("b", gluetypes.NullType()),
            gluetypes.Field(
                "s",
                gluetypes.StructType(
                    [gluetypes.Field("n", gluetypes.NullType()), gluetypes.Field("k", gluetypes.StringType())]
                ),
            ),
        ]
    )
    assert gluetypes.IntegerType.typeName() == "int" and gluetypes.StringType().jsonValue() == {
        "dataType": "string",
        "properties": {},
    }
    assert DropNullFields.apply(frame=f).toDF().dtypes == [("a", "int"), ("s", "struct<k:string>")]


def test_studios_drop_nulls_helper_runs_on_the_runtime_with_its_own_semantics(glue):
    """The `drop_nulls` helper Glue Studio writes for a Drop Null Fields node (stedi.visual.render), run as the
    script runs it (after `from awsglue.transforms import *` and `from awsglue.gluetypes import *`): a field goes
    when it is NullType, or when its distinct values, strings stripped, are all in its type's set; None counts
    as a value, so a field holding null and "" stays; "NULL" is not "null"; `{}` (a dict) is an empty set."""
    from stedi.visual.render import DROP_NULLS_HELPER

    namespace: dict = {}
    exec("from awsglue.transforms import *\nfrom awsglue.gluetypes import *\nfrom awsglue import DynamicFrame\n"
         + DROP_NULLS_HELPER, namespace)  # fmt: skip
    drop_nulls = namespace["drop_nulls"]
    f = frame(
        glue,
        [
            ("a", "", " null", -1, None, "", "NULL", -1.0, ("", 1)),
            ("b", " ", "null", -1, None, None, "NULL", -1.0, ("", 2)),
        ],
        "id string, empty string, word string, neg bigint, nothing string, mixed string, upper string, neg_d double, "
        "s struct<e:string,n:int>",
    )  # fmt: skip
    every = drop_nulls(glue, frame=f, nullStringSet={"", "null"}, nullIntegerSet={-1}, transformation_ctx="d")
    assert every.toDF().dtypes == [("id", "string"), ("mixed", "string"), ("upper", "string"), ("s", "struct<n:int>")]
    assert rows(every) == [("a", "", "NULL", (1,)), ("b", None, "NULL", (2,))]
    only_nulls = drop_nulls(glue, frame=f, nullStringSet={}, nullIntegerSet={}, transformation_ctx="d")
    assert [name for name, _ in only_nulls.toDF().dtypes] == [
        "id", "empty", "word", "neg", "mixed", "upper", "neg_d", "s",
    ]  # fmt: skip


def test_split_fields_as_in_the_glue_docs_example(glue):
    """Glue docs, SplitFields class example: paths `data.strawberry`, `data.pineapple` (backticked: the names
    hold dots) split off into frame "a", the rest in "b"; awsglue/dynamicframe.py split_fields (5.1.0) collects
    them as {name1: ..., name2: ...}, so Studio's `list(dfc.keys())[0]` is the split-off frame."""
    fruit = frame(
        glue,
        [("TX_WAREHOUSE", 220, 560, 350), ("CA_WAREHOUSE", 34, 123, 42), ("CO_WAREHOUSE", 340, 180, 2)],
        "warehouse_loc string, `data.strawberry` int, `data.pineapple` int, `data.mango` int",
    )
    split = SplitFields.apply(frame=fruit, paths=["`data.strawberry`", "`data.pineapple`"], name1="a", name2="b")
    assert list(split.keys()) == ["a", "b"]
    a, b = SelectFromCollection.apply(split, "a"), SelectFromCollection.apply(split, "b")
    assert (a.name, b.name) == ("a", "b")
    assert a.toDF().columns == ["data.strawberry", "data.pineapple"]
    assert rows(a) == [(34, 123), (220, 560), (340, 180)]
    assert b.toDF().columns == ["warehouse_loc", "data.mango"]
    assert rows(b) == [("CA_WAREHOUSE", 42), ("CO_WAREHOUSE", 2), ("TX_WAREHOUSE", 350)]


def test_split_fields_default_names_nested_and_absent_paths(glue):
    """awsglue/transforms/field_transforms.py SplitFields (5.1.0): unnamed frames are the source frame's name (or
    "frame") + "1" / "2". A nested path splits the struct; a path the frame lacks is ignored."""
    f = frame(glue, [(1, ("x", "y"))], "id int, s struct<k:string,v:string>", name="readings")
    split = SplitFields.apply(frame=f, paths=["s.k", "missing"])
    assert list(split.keys()) == ["readings1", "readings2"]
    assert split["readings1"].toDF().dtypes == [("s", "struct<k:string>")]
    assert split["readings2"].toDF().dtypes == [("id", "int"), ("s", "struct<v:string>")]
    assert rows(split["readings2"]) == [(1, ("y",))]
    unnamed = DynamicFrame.fromDF(f.toDF(), glue, "")
    assert list(SplitFields.apply(unnamed, ["id"]).keys()) == ["frame1", "frame2"]


def test_resolve_choice_argument_checks_and_cast(glue):
    """awsglue/dynamicframe.py resolveChoice: specs and choice are exclusive, one is required."""
    f = frame(glue, [("1",)], "a string")
    with pytest.raises(Exception, match="Parameter specs and option are both missing, add one."):
        ResolveChoice.apply(frame=f)
    with pytest.raises(Exception, match="Parameter specs and option are both specified, choose one."):
        ResolveChoice.apply(frame=f, specs=[("a", "cast:int")], choice="make_cols")
    assert ResolveChoice.apply(frame=f, specs=[("a", "cast:long")]).toDF().dtypes == [("a", "bigint")]
    assert ResolveChoice.apply(frame=f, choice="make_struct").toDF().dtypes == [("a", "string")]


def test_spigot_writes_topk_sample_and_returns_the_frame(glue, tmp_path):
    """Glue docs DynamicFrame.spigot: writes sample records (options topk, default 100; prob) to path."""
    f = frame(glue, [(i,) for i in range(5)], "id int")
    out = Spigot.apply(f, "s3://bucket/spigot/", {"topk": 2})
    assert out is f
    written = glue.spark_session.read.json(str(glue._local_path("s3://bucket/spigot/")))
    assert written.count() == 2

"""``DynamicFrame``: here a thin wrapper over a Spark DataFrame, plus the frame's error records."""

from __future__ import annotations

import json
import random

from pyspark.sql import Column, DataFrame, Row
from pyspark.sql import functions as F
from pyspark.sql.types import AtomicType, StringType, StructField, StructType

from awsglue import gluetypes
from awsglue.gluetypes import _create_dynamic_record, _revert_to_dict

ERROR_SCHEMA = StructType(
    [
        StructField("source_file", StringType()),
        StructField("reason", StringType()),
        StructField("record", StringType()),
    ]
)


def _split_path(path: str) -> list[str]:
    """Glue's path syntax: ``a.b`` is field ``b`` of struct ``a``; a backticked part (`` `.email` ``) is one name."""
    parts, current, quoted, i = [], "", False, 0
    while i < len(path):
        char = path[i]
        if char == "`":
            quoted = not quoted
        elif char == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
        i += 1
    parts.append(current)
    return parts


def _quote(parts: list[str]) -> str:
    """Spark's column syntax for a path (each part backticked)."""
    return ".".join("`" + p.replace("`", "``") + "`" for p in parts)


def _field_at(schema: StructType, parts: list[str]):
    """The Spark field at ``parts`` in ``schema`` (through structs only), or None if there is none."""
    field = None
    for part in parts:
        if not isinstance(schema, StructType) or part not in schema.names:
            return None
        field = schema[part]
        schema = field.dataType
    return field


def _one_column_per_name(df: DataFrame) -> DataFrame:
    """``df`` with each top-level name once: the value of its last column, at its first column's position."""
    names = df.columns
    if len(set(names)) == len(names):
        return df
    last = {name: i for i, name in enumerate(names)}
    positional = df.toDF(*[f"_{i}" for i in range(len(names))])  # distinct names, so each column can be selected
    firsts = [i for i, name in enumerate(names) if names.index(name) == i]
    return positional.select([F.col(f"_{last[names[i]]}").alias(names[i]) for i in firsts])


def _resolve_path(schema: StructType, parts: list[str], case_sensitive: bool = False) -> list[str] | None:
    """The actual names of path ``parts`` in ``schema`` (through structs), or None if absent. A name that is there
    as written wins; otherwise, unless ``case_sensitive``, the first field of that name in another case."""
    actual = []
    for part in parts:
        if not isinstance(schema, StructType):
            return None
        if part in schema.names:
            name = part
        elif case_sensitive:
            return None
        else:
            name = next((n for n in schema.names if n.lower() == part.lower()), None)
            if name is None:
                return None
        actual.append(name)
        schema = schema[name].dataType
    return actual


class ResolveOption:
    """ResolveOption is used for resolve ChoiceType while converting DynamicRecord to DataFrame."""

    def __init__(self, path, action, target=None):
        self.path = path
        self.action = action
        self.target = target


class DynamicFrame:
    def __init__(self, df: DataFrame | None, glue_ctx, name: str = "", errors: DataFrame | None = None):
        self._data = df
        self.glue_ctx = glue_ctx
        self.name = name
        self._errors = errors
        # The errors of the step that made this frame (a read's unreadable records, a filter's or map's failures).
        self._stage_errors = errors
        # A frame of a few rows computed in the driver (e.g. data quality outcomes) keeps them as Python dicts:
        # counting or filtering it runs no Spark job and starts no Python worker. See ``_from_rows``.
        self._rows: list[dict] | None = None
        self._row_schema: StructType | None = None
        self._schema: gluetypes.StructType | None = None
        # The top-level columns that are choice types; each is a struct with one field per type (see resolveChoice).
        self._choices: frozenset[str] = frozenset()
        # The dotted paths null in every record, when the reader already counted them (else schema() counts).
        self._null_paths: frozenset[str] | None = None
        # The number of records, when the reader already counted them (a run's summary counts every landing table
        # its jobs read).
        self._count: int | None = None

    @classmethod
    def _from_rows(cls, rows: list[dict], schema: StructType, glue_ctx, name: str) -> DynamicFrame:
        """A frame of ``rows`` (dicts keyed by ``schema``'s field names) held in the driver; local-runtime only."""
        frame = cls(None, glue_ctx, name)
        frame._rows = [{f: row.get(f) for f in schema.names} for row in rows]
        frame._row_schema = schema
        return frame

    @property
    def _df(self) -> DataFrame:
        if self._data is None:
            names = self._row_schema.names
            data = [tuple(row[f] for f in names) for row in self._rows]
            self._data = self.glue_ctx.spark_session.createDataFrame(data, self._row_schema)
        return self._data

    # -- conversion ---------------------------------------------------------------------------------------
    @classmethod
    def fromDF(cls, dataframe: DataFrame, glue_ctx, name: str = "") -> DynamicFrame:
        """Convert a DataFrame to a DynamicFrame.

        :param dataframe: a Spark SQL DataFrame
        :param glue_ctx: the GlueContext
        :param name: name of the resulting DynamicFrame

        A DynamicRecord holds one value per field name (the official library's ``DynamicRecord`` is a dict), so a
        DataFrame that carries a name twice (``SELECT DISTINCT(c.email), c.*``, ``SELECT *`` over a join whose
        sides share a column) becomes records with that name once: the last copy's value, at the first copy's
        place. Which copy survives is inferred from a Glue run's count (see ``awsglue.local``).
        """
        return cls(_one_column_per_name(dataframe), glue_ctx, name)

    def toDF(self, options=None) -> DataFrame:
        """The records as a Spark DataFrame; ``options`` (ResolveOptions) are checked as Glue does.

        A choice column is a struct with one field per type, named after it (``x: struct<double, boolean>``): the
        Glue Scala docs, DynamicFrame.toDF: "Because DataFrames don't support ChoiceTypes, this method
        automatically converts ChoiceType columns into StructTypes". ResolveOptions are not applied locally.
        """
        for option in options or []:
            if option.action != "KeepAsStruct" and option.target is None:
                raise Exception(f"Missing target type for resolve action {option.action}.")
        return self._df

    # -- inspection ---------------------------------------------------------------------------------------
    def count(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        if self._count is not None:
            return self._count
        return self._df.count()

    def schema(self) -> gluetypes.StructType:
        """The frame's schema in Glue's types; a field null (or absent) in every record is ``NullType``, as on Glue."""
        if self._schema is None:
            schema = self._df.schema
            null_paths = self._null_paths
            if null_paths is None:
                leaves = leaf_paths(schema)
                counts = self._df.select([F.count(F.col(_quote(p))) for p in leaves]).first()
                null_paths = frozenset(".".join(p) for i, p in enumerate(leaves) if counts is None or counts[i] == 0)
            glue_schema = gluetypes.from_spark(schema, null_paths)
            for field in glue_schema:
                if field.name in self._choices:
                    field.dataType = gluetypes.ChoiceType([member.dataType for member in field.dataType])
            self._schema = glue_schema
        return self._schema

    def printSchema(self) -> None:
        self._df.printSchema()

    def show(self, num_rows: int = 20) -> None:
        self._df.show(num_rows, truncate=False)

    # -- error records ------------------------------------------------------------------------------------
    def _error_df(self) -> DataFrame:
        if self._errors is None:
            return self.glue_ctx.spark_session.createDataFrame([], ERROR_SCHEMA)
        return self._errors

    def errorsAsDynamicFrame(self) -> DynamicFrame:
        """The records that could not be read or transformed: ``source_file``, ``reason``, ``record``."""
        return DynamicFrame(self._error_df(), self.glue_ctx, self.name + "_errors")

    def errorsCount(self) -> int:
        return self._error_df().count()

    def stageErrorsCount(self) -> int:
        """The errors of the transformation that made this frame only (Glue docs, DynamicFrame.stageErrorsCount)."""
        return 0 if self._stage_errors is None else self._stage_errors.count()

    def _derived(
        self, df: DataFrame, name: str | None = None, errors: DataFrame | None = None, stage: DataFrame | None = None
    ) -> DynamicFrame:
        # Transforms carry the error records forward, as Glue's errorsCount counts all errors upstream.
        carried = self._errors if errors is None else errors
        frame = DynamicFrame(df, self.glue_ctx, self.name if name is None else name, carried)
        frame._stage_errors = stage
        kept = {f.name for f in df.schema if isinstance(f.dataType, StructType)}
        frame._choices = frozenset(c for c in self._choices if c in kept)
        return frame

    # -- transforms ---------------------------------------------------------------------------------------
    def select_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Keep only the fields at ``paths`` (``a``, ``a.b``, `` `x.y` ``); absent paths are ignored, as on Glue."""
        if isinstance(paths, str):
            paths = [paths]
        wanted: dict = {}
        for path in paths:
            parts = _split_path(path)
            if _field_at(self._df.schema, parts) is None:
                continue
            node = wanted
            for part in parts[:-1]:
                node = node.setdefault(part, {})
                if node is True:
                    break
            else:
                node[parts[-1]] = True

        def pick(struct: StructType, tree: dict, prefix: list[str]) -> list[Column]:
            columns = []
            for field in struct.fields:
                sub = tree.get(field.name)
                if sub is True:
                    columns.append(F.col(_quote([*prefix, field.name])).alias(field.name))
                elif sub:
                    inner = pick(field.dataType, sub, [*prefix, field.name])
                    columns.append(F.struct(*inner).alias(field.name))
            return columns

        return self._derived(self._df.select(*pick(self._df.schema, wanted, [])))

    def drop_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Drop the fields at ``paths`` (``a``, ``a.b``, `` `.email` ``); paths not present are ignored.

        A path matches a field in another case when none matches as written: Glue Studio writes the paths of a
        catalog source's fields in the catalog's lower case (`` `.serialnumber` `` after a Join of frames whose
        field is ``serialNumber``), and such jobs drop that copy on Glue (inferred, see ``awsglue.local``).
        """
        if isinstance(paths, str):
            paths = [paths]
        df = self._df
        for path in paths:
            parts = _resolve_path(df.schema, _split_path(path))
            if parts is None:
                continue
            if len(parts) == 1:
                df = df.drop(F.col(_quote(parts)))
            else:
                df = df.withColumn(parts[0], F.col(_quote(parts[:1])).dropFields(_quote(parts[1:])))
        return self._derived(df)

    def split_fields(self, paths, name1, name2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Two frames, as the official library collects them: ``name1`` holds the fields at ``paths`` (as
        ``select_fields`` keeps them), ``name2`` the others; absent paths are ignored."""
        if isinstance(paths, str):
            paths = [paths]
        # Only the paths present as written, so that the two frames split the fields between them exactly.
        present = [path for path in paths if _field_at(self._df.schema, _split_path(path)) is not None]
        first = self.select_fields(present, transformation_ctx, info, stageThreshold, totalThreshold)
        second = self.drop_fields(present, transformation_ctx, info, stageThreshold, totalThreshold)
        first.name, second.name = name1, name2
        return DynamicFrameCollection({name1: first, name2: second}, self.glue_ctx)

    def rename_field(self, oldName, newName, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Rename the field at path ``oldName`` to path ``newName``; an absent ``oldName`` changes nothing."""
        old, new = _split_path(oldName), _split_path(newName)
        df = self._df
        if _field_at(df.schema, old) is None:
            return self._derived(df)
        if len(old) == 1 and len(new) == 1:
            return self._derived(df.withColumnRenamed(old[0], new[0]))
        moved = "__renamed__"
        df = df.withColumn(moved, F.col(_quote(old)))
        df = (
            df.drop(F.col(_quote(old)))
            if len(old) == 1
            else df.withColumn(old[0], F.col(_quote(old[:1])).dropFields(_quote(old[1:])))
        )
        if len(new) == 1:
            df = df.withColumn(new[0], F.col(moved))
        else:
            df = df.withColumn(new[0], F.col(_quote(new[:1])).withField(_quote(new[1:]), F.col(moved)))
        return self._derived(df.drop(moved))

    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Keep the records for which ``f(record)`` is true (``record["f"]`` or ``record.f``).

        As in the official library's ``DynamicFrame.filter``: a record whose function raises KeyError, ValueError
        or TypeError is dropped (it does not match); any other exception makes the record an error record,
        carrying the exception's message.
        """
        if self._rows is not None:
            return self._filter_rows(f, transformation_ctx or info)
        schema = self._df.schema
        flagged = StructType(schema.fields + [StructField("__error", StringType())])

        def keep(row: Row):
            record = _create_dynamic_record({k: v for k, v in row.asDict(recursive=True).items() if v is not None})
            try:
                return (True, None) if f(record) else (False, None)
            except (KeyError, ValueError, TypeError):
                return False, None
            except Exception as exc:  # noqa: BLE001 - Glue turns any other failure into an error record
                return True, f"{type(exc).__name__}: {exc}"

        def apply(rows):
            for row in rows:
                keep_it, error = keep(row)
                if keep_it:
                    yield tuple(row) + (error,)

        spark = self.glue_ctx.spark_session
        result = spark.createDataFrame(self._df.rdd.mapPartitions(apply), flagged)
        good = result.where(F.col("__error").isNull()).drop("__error")
        bad = result.where(F.col("__error").isNotNull()).select(
            F.lit(None).cast("string").alias("source_file"),
            F.concat(F.lit(f"Filter {transformation_ctx or info}: "), F.col("__error")).alias("reason"),
            F.to_json(F.struct(*[F.col(f"`{c}`") for c in schema.names])).alias("record"),
        )
        errors = bad if self._errors is None else self._errors.unionByName(bad)
        return self._derived(good, errors=errors, stage=bad)

    def _filter_rows(self, f, label: str) -> DynamicFrame:
        """``filter`` of a driver-held frame, with the same record and error semantics, run in the driver."""
        kept, failures = [], []
        for row in self._rows:
            record = _create_dynamic_record({k: v for k, v in row.items() if v is not None})
            try:
                if f(record):
                    kept.append(row)
            except (KeyError, ValueError, TypeError):
                pass
            except Exception as exc:  # noqa: BLE001 - Glue turns any other failure into an error record
                present = {k: v for k, v in row.items() if v is not None}
                reason = f"Filter {label}: {type(exc).__name__}: {exc}"
                failures.append((None, reason, json.dumps(present, default=str)))
        errors, bad = self._errors, None
        if failures:
            bad = self.glue_ctx.spark_session.createDataFrame(failures, ERROR_SCHEMA)
            errors = bad if errors is None else errors.unionByName(bad)
        result = DynamicFrame._from_rows(kept, self._row_schema, self.glue_ctx, self.name)
        result._errors, result._stage_errors = errors, bad
        return result

    def map(self, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Replace each record by ``f(record)``, as the official library's ``DynamicFrame.map``.

        Any exception in ``f``, or ``f`` returning None, makes the record an error record (nothing is dropped).
        The result's fields are the union of the returned records' keys; a key the input has keeps its type.
        """
        label = transformation_ctx or info
        source = self._df

        def apply(rows):
            for row in rows:
                record = _create_dynamic_record({k: v for k, v in row.asDict(recursive=True).items() if v is not None})
                original = json.dumps(_revert_to_dict(record), default=str)
                try:
                    result = _revert_to_dict(f(record))
                except Exception as exc:  # noqa: BLE001 - Glue turns every failure of f into an error record
                    yield None, f"Map {label}: {type(exc).__name__}: {exc}", original
                    continue
                if result:
                    yield json.dumps(result, default=str), None, None
                else:
                    yield None, f"Map {label}: User-specified function returned None instead of DynamicRecord", original

        spark = self.glue_ctx.spark_session
        out = spark.createDataFrame(source.rdd.mapPartitions(apply), "json string, reason string, record string")
        out = self.glue_ctx._keep(out)
        json_lines = out.where(F.col("json").isNotNull()).select("json")
        inferred = spark.read.json(json_lines.rdd.map(lambda r: r.json)).schema if json_lines.take(1) else StructType()
        types = {f.name: f.dataType for f in source.schema.fields}
        fields = [
            StructField(f.name, types[f.name] if isinstance(types.get(f.name), AtomicType) else f.dataType)
            for f in inferred.fields
        ]
        good = json_lines.select(F.from_json("json", StructType(fields)).alias("r")).select("r.*")
        bad = out.where(F.col("reason").isNotNull()).select(
            F.lit(None).cast("string").alias("source_file"), "reason", "record"
        )
        errors = bad if self._errors is None else self._errors.unionByName(bad)
        return self._derived(good, errors=errors, stage=bad)

    def join(self, paths1, paths2, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Inner equality join on ``paths1`` (this frame) = ``paths2`` (frame2); null keys never match.

        Every field of both frames is kept, the key fields of both sides included. A field name present in both
        frames (compared case-insensitively, as Glue resolves names here) is kept twice, this frame's (frame1's)
        copy renamed with a leading dot (``.serialNumber``): real Glue Studio exports drop it with ``DropFields``
        path `` `.serialNumber` `` after such a join, and a Glue run printed in awslabs/aws-glue-libs issue #76
        shows the dotted copies holding frame1's values. Keys are found case-insensitively, so the lower-case names
        the catalog gives (``keys1=["serialnumber"]``) find a field ``serialNumber``.
        """
        if isinstance(paths1, str):
            paths1 = [paths1]
        if isinstance(paths2, str):
            paths2 = [paths2]
        if len(paths1) != len(paths2):
            raise ValueError(f"join needs as many keys on each side, got {paths1} and {paths2}")
        left, right = self._df, frame2.toDF()
        keys1 = [self._resolve(_split_path(p), case_sensitive=False) for p in paths1]
        keys2 = [frame2._resolve(_split_path(p), case_sensitive=False) for p in paths2]
        for frame, paths, keys in ((self, paths1, keys1), (frame2, paths2, keys2)):
            missing = [p for p, k in zip(paths, keys, strict=True) if k is None]
            if missing:
                raise ValueError(f"join: no field {missing} in frame '{frame.name}' (fields {frame.toDF().columns})")
        clashes = {c.lower() for c in left.columns} & {c.lower() for c in right.columns}
        left = left.select(*[F.col(_quote([c])).alias("." + c if c.lower() in clashes else c) for c in left.columns])
        keys1 = [["." + k[0], *k[1:]] if k[0].lower() in clashes else k for k in keys1]
        condition = [left[_quote(a)] == right[_quote(b)] for a, b in zip(keys1, keys2, strict=True)]
        errors = [e for e in (self._errors, frame2._errors) if e is not None]
        joined_errors = errors[0].unionByName(errors[1]) if len(errors) == 2 else (errors[0] if errors else None)
        joined = DynamicFrame(
            left.join(right, condition, "inner"), self.glue_ctx, self.name + frame2.name, joined_errors
        )
        joined._stage_errors = None
        return joined

    def apply_mapping(
        self,
        mappings,
        case_sensitive=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        """Select, rename and cast: each mapping is ``(source, source_type, target, target_type)``.

        The official library accepts tuples of 2, 3 or 4 and refuses others (its messages); what Glue's Scala
        side makes of 2 and 3 is not documented: here ``(source, target)`` and ``(source, target, target_type)``
        (unverified). Paths may be nested (``a.b``) or backticked. Fields not named in ``mappings``
        are dropped; a source field that is absent yields no field. Glue Studio's ``array``/``struct``/``map``
        target types keep the value as it is.
        """

        def spec(mapping):
            if not isinstance(mapping, tuple):
                raise TypeError("Mapping must be specified as a tuple. Got " + mapping)
            if len(mapping) == 2:
                return mapping[0], mapping[1], None
            if len(mapping) == 3:
                return mapping[0], mapping[1], mapping[2]
            if len(mapping) == 4:
                return mapping[0], mapping[2], mapping[3]
            raise ValueError("Mapping tuple must be of length 2, 3, or 4Got tuple of length " + str(len(mapping)))

        if isinstance(mappings, tuple):
            mappings = [mappings]
        specs = [spec(m) for m in mappings]
        tree: dict = {}
        for source, target, target_type in specs:
            parts = self._resolve(_split_path(source), case_sensitive)
            if parts is None:
                continue
            column = F.col(_quote(parts))
            if target_type and target_type.lower() not in ("array", "struct", "map", "choice"):
                column = column.cast(target_type)
            node = tree
            target_parts = _split_path(target)
            for part in target_parts[:-1]:
                node = node.setdefault(part, {})
            node[target_parts[-1]] = column

        def build(node: dict) -> list[Column]:
            return [
                (value if isinstance(value, Column) else F.struct(*build(value))).alias(name)
                for name, value in node.items()
            ]

        return self._derived(self._df.select(*build(tree)))

    def _resolve(self, parts: list[str], case_sensitive: bool) -> list[str] | None:
        """The actual names of path ``parts`` in this frame (case-insensitive unless asked), or None if absent."""
        return _resolve_path(self._df.schema, parts, case_sensitive)

    def applyMapping(self, *args, **kwargs):
        if args and isinstance(args[0], DynamicFrame):
            return self.apply_mapping(*args[1:], **kwargs)
        return self.apply_mapping(*args, **kwargs)

    def union(self, other_frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """All records of both frames; a field missing on one side is null there."""
        df = self._df.unionByName(other_frame.toDF(), allowMissingColumns=True)
        errors = [e for e in (self._errors, other_frame._errors) if e is not None]
        merged = errors[0].unionByName(errors[1]) if len(errors) == 2 else (errors[0] if errors else None)
        frame = DynamicFrame(df, self.glue_ctx, self.name, merged)
        frame._stage_errors = None
        return frame

    def spigot(self, path, options=None, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Write a sample of the records as JSON under ``path`` and return the frame unchanged.

        Options as the Glue docs (DynamicFrame.spigot): ``topk`` records (default 100), each kept with
        probability ``prob`` (default 1).
        """
        options = options or {}
        topk, prob = int(options.get("topk", 100)), float(options.get("prob", 1.0))
        sample = self._df if prob >= 1 else self._df.sample(fraction=prob, seed=random.randrange(2**31))
        sample.limit(topk).write.mode("overwrite").json(str(self.glue_ctx._local_path(path)))
        return self

    def resolveChoice(
        self,
        specs=None,
        choice="",
        database=None,
        table_name=None,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
        catalog_id=None,
    ):
        """Resolve choice types (Glue's ResolveChoice docs). A choice column (a struct with a field per type, see
        ``toDF``) is resolved by ``cast:T`` (each value cast to T; one that does not cast, an object or an array, is
        null), ``project:T`` (the values of type T only), ``make_cols`` (a column ``<name>_<type>`` per type, in the
        column's place), ``make_struct`` (the struct, no longer a choice) or ``match_catalog`` (cast to the catalog
        column's type). ``choice`` is the action for every choice column. On a column that is no choice,
        ``cast``/``project``/``match_catalog`` cast it and the other actions change nothing."""
        if specs is None and not choice:
            raise Exception("Parameter specs and option are both missing, add one.")
        if specs is not None and choice:
            raise Exception("Parameter specs and option are both specified, choose one.")
        if isinstance(specs, tuple):
            specs = [specs]
        df = self._df
        actions = dict(specs or [])
        if choice:
            actions.update(dict.fromkeys(self._choices, choice))
        types = {}
        if "match_catalog" in actions.values() or choice == "match_catalog":
            if not database or not table_name:
                raise ValueError("resolveChoice match_catalog needs database and table_name")
            table = self.glue_ctx.catalog.get_table(database, table_name)
            types = {c["Name"].lower(): c["Type"] for c in table["StorageDescriptor"]["Columns"]}
            if choice == "match_catalog":  # every column, choice or not, gets the catalog's type
                actions.update({c: choice for c in df.columns if c.lower() in types})
        choices = set(self._choices)
        for path, action in actions.items():
            kind, _, target = action.partition(":")
            parts = _split_path(path)
            if kind == "match_catalog":
                if parts[-1].lower() not in types:
                    continue
                kind, target = "cast", types[parts[-1].lower()]
            if len(parts) == 1 and parts[0] in choices:
                df = _resolve_choice(df, parts[0], kind, target)
                choices.discard(parts[0])
            elif kind in ("cast", "project") and _field_at(df.schema, parts) is not None:
                column = F.col(_quote(parts)).cast(target)
                if len(parts) == 1:
                    df = df.withColumn(parts[0], column)
                else:
                    df = df.withColumn(parts[0], F.col(_quote(parts[:1])).withField(_quote(parts[1:]), column))
        frame = self._derived(df)
        frame._choices = frozenset(choices & set(df.columns))
        return frame

    def getNumPartitions(self):
        return self._df.rdd.getNumPartitions()

    def write(self, connection_type, connection_options=None, format=None, format_options=None, accumulator_size=0):
        return self.glue_ctx.write_from_options(
            frame_or_dfc=self,
            connection_type=connection_type,
            connection_options=connection_options or {},
            format=format,
            format_options=format_options or {},
            accumulator_size=accumulator_size,
        )

    def repartition(self, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derived(self._df.repartition(num_partitions))

    def coalesce(
        self,
        num_partitions,
        shuffle=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        return self._derived(self._df.coalesce(num_partitions))


def _resolve_choice(df: DataFrame, name: str, kind: str, target: str) -> DataFrame:
    """``df`` with the choice column ``name`` resolved by one of resolveChoice's actions (see there)."""
    members = df.schema[name].dataType.fields
    value = {m.name: F.col(_quote([name, m.name])) for m in members}
    if kind == "make_struct":
        return df
    if kind == "make_cols":
        split = [value[m.name].alias(f"{name}_{m.name}") for m in members]
        return df.select(*[column for c in df.columns for column in (split if c == name else [F.col(_quote([c]))])])
    if kind == "project":
        wanted = gluetypes.from_spark(_parse_type(target)).typeName()
        return df.withColumn(name, value[wanted].cast(target) if wanted in value else F.lit(None).cast(target))
    if kind == "cast":
        castable = [value[m.name].cast(target) for m in members if isinstance(m.dataType, AtomicType)]
        return df.withColumn(name, F.coalesce(*castable) if castable else F.lit(None).cast(target))
    raise ValueError(f"resolveChoice: unknown action '{kind}' for {name} (cast, project, make_cols, make_struct, "
                     "match_catalog)")  # fmt: skip


def _parse_type(name: str):
    """A Spark type from a type name as resolveChoice takes it (``long``, ``int``, ``double``, ``string``...)."""
    from pyspark.sql.types import _parse_datatype_string

    return _parse_datatype_string(name)


def leaf_paths(struct: StructType, prefix: tuple = ()) -> list[list[str]]:
    """Every field's path in ``struct``, nested struct fields included, parents first."""
    paths = []
    for field in struct.fields:
        paths.append([*prefix, field.name])
        if isinstance(field.dataType, StructType):
            paths += leaf_paths(field.dataType, (*prefix, field.name))
    return paths


class DynamicFrameCollection:
    def __init__(self, dynamic_frames, glue_ctx):
        self._glue_ctx = glue_ctx
        if isinstance(dynamic_frames, list):
            self._df_dict = {df.name: df for df in dynamic_frames}
        elif isinstance(dynamic_frames, dict):
            self._df_dict = dynamic_frames
        else:
            raise TypeError("dynamic_frames must be list or dict.")

    def __getitem__(self, key):
        return self._df_dict[key]

    def __len__(self):
        return len(self._df_dict)

    def keys(self):
        return self._df_dict.keys()

    def values(self):
        return self._df_dict.values()

    def select(self, key, transformation_ctx=""):
        """The frame named ``key``; as on Glue, an empty frame named ``key`` if the collection has none."""
        if key in self._df_dict:
            return self._df_dict[key]
        empty = self._glue_ctx.spark_session.createDataFrame([], StructType([]))
        return DynamicFrame(empty, self._glue_ctx, key)

    def map(self, callable, transformation_ctx=""):
        result = {}
        for key, frame in self._df_dict.items():
            out = callable(frame, transformation_ctx + ":" + key)
            if not isinstance(out, DynamicFrame):
                raise TypeError(f"callable must return a DynamicFrame. Got {str(type(out))}")
            result[key] = out
        return DynamicFrameCollection(result, self._glue_ctx)

    def flatmap(self, f, transformation_ctx=""):
        result = {}
        for frame in self._df_dict.values():
            out = f(frame, transformation_ctx + ":" + frame.name)
            if isinstance(out, DynamicFrame):
                result[out.name] = out
            elif isinstance(out, DynamicFrameCollection):
                result.update(out._df_dict)
            else:
                raise TypeError(
                    "Function argument to flatmap must return DynamicFrame or DynamicFrameCollection."
                    f" Got {str(type(out))}"
                )
        return DynamicFrameCollection(result, self._glue_ctx)


def _one_database(database, kwargs: dict) -> str:
    """The official readers' and writers' checks of ``database`` / ``name_space``, with their messages."""
    if database is not None and "name_space" in kwargs:
        raise Exception("Parameter name_space and database are both specified, choose one.")
    if database is None and "name_space" not in kwargs:
        raise Exception("Parameter name_space or database is missing.")
    return kwargs.pop("name_space") if "name_space" in kwargs else database


class DynamicFrameReader:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(
        self,
        connection_type,
        connection_options=None,
        format=None,
        format_options=None,
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type, connection_options or {}, format, format_options or {}, transformation_ctx,
            push_down_predicate, **kwargs,
        )  # fmt: skip

    def from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options=None,
        catalog_id=None,
        **kwargs,
    ):
        db = _one_database(database, kwargs)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        return self._glue_context.create_dynamic_frame_from_catalog(
            db, table_name, redshift_tmp_dir, transformation_ctx, push_down_predicate, additional_options or {},
            catalog_id, **kwargs,
        )  # fmt: skip


class DynamicFrameWriter:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(
        self, frame, connection_type, connection_options=None, format=None, format_options=None, transformation_ctx=""
    ):
        return self._glue_context.write_dynamic_frame_from_options(
            frame, connection_type, connection_options or {}, format, format_options or {}, transformation_ctx
        )

    def from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options=None,
        catalog_id=None,
        **kwargs,
    ):
        db = _one_database(database, kwargs)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        return self._glue_context.write_dynamic_frame_from_catalog(
            frame, db, table_name, redshift_tmp_dir, transformation_ctx, additional_options or {}, catalog_id
        )

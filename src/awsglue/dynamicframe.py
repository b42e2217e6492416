"""``DynamicFrame``: here a thin wrapper over a Spark DataFrame, plus the frame's error records."""

from __future__ import annotations

import json

from pyspark.sql import DataFrame, Row
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

ERROR_SCHEMA = StructType(
    [
        StructField("source_file", StringType()),
        StructField("reason", StringType()),
        StructField("record", StringType()),
    ]
)


class DynamicRecord(dict):
    """What ``filter``/``map`` functions receive: a dict of the record's fields (missing key -> KeyError)."""


class DynamicFrame:
    def __init__(self, df: DataFrame | None, glue_ctx, name: str = "", errors: DataFrame | None = None):
        self._data = df
        self.glue_ctx = glue_ctx
        self.name = name
        self._errors = errors
        # A frame of a few rows computed in the driver (e.g. data quality outcomes) keeps them as Python dicts:
        # counting or filtering it runs no Spark job and starts no Python worker. See ``_from_rows``.
        self._rows: list[dict] | None = None
        self._row_schema: StructType | None = None

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
    def fromDF(cls, dataframe: DataFrame, glue_ctx, name: str) -> DynamicFrame:
        """Convert a DataFrame to a DynamicFrame.

        :param dataframe: a Spark SQL DataFrame
        :param glue_ctx: the GlueContext
        :param name: name of the resulting DynamicFrame
        """
        return cls(dataframe, glue_ctx, name)

    def toDF(self, options=None) -> DataFrame:
        return self._df

    # -- inspection ---------------------------------------------------------------------------------------
    def count(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        return self._df.count()

    def schema(self) -> StructType:
        return self._df.schema

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
        return self.errorsCount()

    def _derived(self, df: DataFrame, name: str | None = None, errors: DataFrame | None = None) -> DynamicFrame:
        # Transforms carry the error records forward, as Glue's errorsCount counts all errors upstream.
        carried = self._errors if errors is None else errors
        return DynamicFrame(df, self.glue_ctx, self.name if name is None else name, carried)

    # -- transforms ---------------------------------------------------------------------------------------
    def select_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Keep only the named top-level fields; names not present are ignored, as on Glue."""
        if isinstance(paths, str):
            paths = [paths]
        present = [p for p in paths if p in self._df.columns]
        return self._derived(self._df.select(*[F.col(f"`{p}`") for p in present]))

    def drop_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Drop the named top-level fields; names not present are ignored."""
        if isinstance(paths, str):
            paths = [paths]
        return self._derived(self._df.drop(*paths))

    def rename_field(self, oldName, newName, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derived(self._df.withColumnRenamed(oldName, newName))

    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Keep the records for which ``f(record)`` is true.

        As on Glue, a record whose function raises KeyError, ValueError or TypeError is dropped (it does not
        match); any other exception turns the record into an error record carrying the exception's message.
        """
        if self._rows is not None:
            return self._filter_rows(f, transformation_ctx or info)
        schema = self._df.schema
        flagged = StructType(schema.fields + [StructField("__error", StringType())])

        def keep(row: Row):
            record = DynamicRecord((k, v) for k, v in row.asDict(recursive=True).items() if v is not None)
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
        return self._derived(good, errors=errors)

    def _filter_rows(self, f, label: str) -> DynamicFrame:
        """``filter`` of a driver-held frame, with the same record and error semantics, run in the driver."""
        kept, failures = [], []
        for row in self._rows:
            record = DynamicRecord((k, v) for k, v in row.items() if v is not None)
            try:
                if f(record):
                    kept.append(row)
            except (KeyError, ValueError, TypeError):
                pass
            except Exception as exc:  # noqa: BLE001 - Glue turns any other failure into an error record
                present = {k: v for k, v in row.items() if v is not None}
                reason = f"Filter {label}: {type(exc).__name__}: {exc}"
                failures.append((None, reason, json.dumps(present, default=str)))
        errors = self._errors
        if failures:
            bad = self.glue_ctx.spark_session.createDataFrame(failures, ERROR_SCHEMA)
            errors = bad if errors is None else errors.unionByName(bad)
        result = DynamicFrame._from_rows(kept, self._row_schema, self.glue_ctx, self.name)
        result._errors = errors
        return result

    def join(self, paths1, paths2, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Inner equality join on ``paths1`` (this frame) = ``paths2`` (frame2); null keys never match.

        Every field of both frames is kept, the key fields of both sides included. A field name present on
        both sides is refused with an error naming it: Glue Studio renames the right side's keys first (its
        "Renamed keys for Join" ApplyMapping node), and so must a caller here.
        """
        if isinstance(paths1, str):
            paths1 = [paths1]
        if isinstance(paths2, str):
            paths2 = [paths2]
        if len(paths1) != len(paths2):
            raise ValueError(f"join needs as many keys on each side, got {paths1} and {paths2}")
        left, right = self._df, frame2.toDF()
        clashes = set(left.columns) & set(right.columns)
        if clashes:
            raise ValueError(
                f"join of '{self.name}' and '{frame2.name}': field(s) {sorted(clashes)} exist on both sides; "
                "rename them on one side first (ApplyMapping or RenameField)"
            )
        condition = [left[f"`{a}`"] == right[f"`{b}`"] for a, b in zip(paths1, paths2, strict=True)]
        return DynamicFrame(left.join(right, condition, "inner"), self.glue_ctx, self.name + frame2.name)

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

        Fields not named in ``mappings`` are dropped; a source field that is absent yields no column.
        """
        if isinstance(mappings, tuple):
            mappings = [mappings]
        lookup = {c if case_sensitive else c.lower(): c for c in self._df.columns}
        columns = []
        for source, _source_type, target, target_type in mappings:
            actual = lookup.get(source if case_sensitive else source.lower())
            if actual is not None:
                columns.append(F.col(f"`{actual}`").cast(target_type).alias(target))
        return self._derived(self._df.select(*columns))

    def applyMapping(self, *args, **kwargs):
        return self.apply_mapping(*args, **kwargs)

    def drop_null_fields(self, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        """Drop the fields that are null in every record."""
        if not self._df.columns:
            return self
        counts = self._df.select([F.count(F.col(f"`{c}`")).alias(c) for c in self._df.columns]).first()
        empty = [c for c in self._df.columns if counts[c] == 0]
        return self._derived(self._df.drop(*empty))

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
        if key not in self._df_dict:
            raise KeyError(f"no frame named '{key}' in this collection (has {sorted(self._df_dict)})")
        return self._df_dict[key]

"""``EvaluateDataQuality``: evaluates DQDL rulesets locally, returning what Glue returns.

``EvaluateDataQuality().process_rows(frame=..., ruleset=..., publishing_options=..., additional_options=...,
additional_data_sources=...)`` returns a ``DynamicFrameCollection`` with ``ruleOutcomes`` (Rule, Outcome,
FailureReason, EvaluatedMetrics), ``rowLevelOutcomes`` (the frame plus DataQualityRulesPass, DataQualityRulesFail,
DataQualityRulesSkip and DataQualityEvaluationResult) and ``originalData`` (the frame unchanged), as the scripts
Glue Studio generates read them with ``SelectFromCollection``. ``EvaluateDataQuality.apply`` returns the rule
outcomes frame.

The ruleset is parsed by ``awsgluedq.dqdl`` (Glue's grammar and validation messages); the Rule column shows each
rule as Glue's ``DQRule.toString`` prints it (``(a) AND (b)``, ``in ["x","y"]``). Evaluated rule types:
RowCount, ColumnCount, Completeness, IsComplete, ColumnExists, ColumnNamesMatchPattern, ColumnLength,
ColumnDataType, ColumnValues, DistinctValuesCount, Uniqueness, IsUnique, IsPrimaryKey, UniqueValueRatio, Entropy,
Mean, Sum, StandardDeviation, Variance, ColumnCorrelation, CustomSql (with a condition), and, against
``additional_data_sources``, RowCountMatch and ReferentialIntegrity; composite ``and``/``or`` rules, ``where``
clauses, ``with threshold``, the NULL/EMPTY/WHITESPACES_ONLY keywords. Null semantics (DQDL reference,
ColumnValues "Null behavior"): a null fails every ColumnValues comparison except ``!=`` and ``not in``, which it
passes unless NULL is named (``!= NULL``, ``not in [..., NULL]``).

Differences from Glue (not verified against a Glue run; the docs do not say):
- A rule type the grammar accepts but this runtime does not evaluate (DatasetMatch, SchemaMatch, AggregateMatch,
  DataFreshness, DetectAnomalies, File*, row-level CustomSql without a condition), and dynamic thresholds
  (``avg(last(10))``, ``now()``), raise ``UnsupportedRule`` naming it: never a silent pass.
- Metric names follow Deequ's (``Dataset.*.RowCount``, ``Column.<c>.Completeness``, ``Column.<c>.Uniqueness``,
  ``Multicolumn.<a>,<b>.Uniqueness`` ...) as the docs' examples show for the common ones; the rest are unverified.
  Uniqueness is Deequ's: the share of rows whose value occurs exactly once.
- Rules with no row-level meaning (RowCount, Mean, ...) are listed in DataQualityRulesSkip for every row; rows
  outside a rule's ``where`` clause pass it. FailureReason texts other than the documented
  ``Value: NULL does not meet the constraint requirement!`` family are this runtime's own.
- ``Analyzers`` are parsed and validated, and publish nothing; nothing is published (CloudWatch, results S3).
- ``ruleOutcomes`` has no ``EvaluatedRule`` column (the GetDataQualityResult API has one; the PySpark class
  doc's schema has the four columns above).
- The evaluated frame is cached until ``Job.commit`` (``GlueContext._keep``) whatever
  ``performanceTuning.caching`` says, so the sink that writes it does not compute it a second time.
"""

from __future__ import annotations

import logging
import math
import re

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection
from awsgluedq.dqdl import (
    Composite,
    Condition,
    InvalidDataQualityRulesetException,
    Keyword,
    Rule,
    Unsupported,
    parse,
)

__all__ = ["EvaluateDataQuality", "InvalidDataQualityRulesetException", "UnsupportedRule", "parse_ruleset"]

OUTCOME_SCHEMA = StructType(
    [
        StructField("Rule", StringType()),
        StructField("Outcome", StringType()),
        StructField("FailureReason", StringType()),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType())),
    ]
)
EVALUATED = (
    "RowCount ColumnCount Completeness IsComplete ColumnExists ColumnNamesMatchPattern ColumnLength ColumnDataType "
    "ColumnValues DistinctValuesCount Uniqueness IsUnique IsPrimaryKey UniqueValueRatio Entropy Mean Sum "
    "StandardDeviation Variance ColumnCorrelation CustomSql RowCountMatch ReferentialIntegrity"
).split()


# The outcomes of each evaluation, as a log record with ``dq_context`` and ``dq_outcomes`` (the ruleOutcomes rows as
# dicts): what Glue shows on the job's Data quality tab, for a local tool to print (``stedi dev``).
_log = logging.getLogger("awsgluedq")


class UnsupportedRule(NotImplementedError):
    """A rule Glue accepts and this runtime does not evaluate."""


def parse_ruleset(ruleset: str) -> list:
    """The ruleset's rules (``Rule``/``Composite``), refusing what the local runtime cannot evaluate."""
    rules = parse(ruleset).rules
    for rule in rules:
        _check_supported(rule)
    return rules


def _check_supported(rule) -> None:
    if isinstance(rule, Composite):
        for part in rule.rules:
            _check_supported(part)
        return
    if rule.kind not in EVALUATED:
        raise UnsupportedRule(
            f"DQDL rule '{rule.text}': rule type '{rule.kind}' is not implemented by the local runtime "
            f"(it evaluates {', '.join(EVALUATED)})"
        )
    for cond in (rule.condition, rule.threshold):
        if cond is not None and any(isinstance(v, Unsupported) for v in cond.values):
            raise UnsupportedRule(
                f"DQDL rule '{rule.text}': '{cond.text}' (dynamic rules, now() and expressions) "
                "is not implemented by the local runtime"
            )
    if cond_kind(rule) == "DATE" and rule.kind != "ColumnValues":
        raise UnsupportedRule(f"DQDL rule '{rule.text}': date conditions are not implemented locally")
    if rule.kind == "CustomSql" and rule.condition is None:
        raise UnsupportedRule(f"DQDL rule '{rule.text}': row-level CustomSql is not implemented locally")


def cond_kind(rule: Rule) -> str | None:
    return rule.condition.kind if rule.condition is not None else None


# -- column conditions --------------------------------------------------------------------------------------


def _matches_value(col: Column, value) -> Column:
    if value is None:
        return col.isNull()
    if isinstance(value, Keyword):
        text = col.cast("string")
        if value == "EMPTY":
            return text == F.lit("")
        return (F.length(text) > 0) & (F.trim(text) == F.lit(""))  # WHITESPACES_ONLY
    return col == F.lit(value)


def column_check(cond: Condition, col: Column) -> Column:
    """A boolean column, never null: whether each row's value meets ``cond`` (DQDL null behaviour)."""
    values, op = cond.values, cond.op
    if op in ("in", "not in"):
        found = F.lit(False)
        for value in values:
            found = found | F.coalesce(_matches_value(col, value), F.lit(False))
        if op == "in":
            return found
        names_null = any(v is None for v in values)
        return ~found if names_null else (col.isNull() | ~found)
    if op in ("=", "!="):
        (value,) = values
        equal = F.coalesce(_matches_value(col, value), F.lit(False))
        if op == "=":
            return equal
        return ~equal if value is None else (col.isNull() | ~equal)
    if op in ("matches", "not matches"):
        found = F.coalesce(col.cast("string").rlike(f"^(?:{values[0]})$"), F.lit(False))
        return found if op == "matches" else (col.isNotNull() & ~found)
    if any(v is None for v in values):
        return F.lit(False)
    if op in ("between", "not between"):
        inside = (col > F.lit(values[0])) & (col < F.lit(values[1]))
        return F.coalesce(inside if op == "between" else ~inside, F.lit(False))
    compare = {
        ">": col > F.lit(values[0]),
        ">=": col >= F.lit(values[0]),
        "<": col < F.lit(values[0]),
        "<=": col <= F.lit(values[0]),
    }[op]
    return F.coalesce(compare, F.lit(False))


# -- evaluation ---------------------------------------------------------------------------------------------

_SPARK_TYPES = {
    "BOOLEAN": (T.BooleanType,),
    "DATE": (T.DateType,),
    "TIMESTAMP": (T.TimestampType, T.TimestampNTZType),
    "INTEGER": (T.IntegerType, T.ShortType, T.ByteType),
    "LONG": (T.LongType,),
    "DOUBLE": (T.DoubleType,),
    "FLOAT": (T.FloatType,),
    "DECIMAL": (T.DecimalType,),
    "STRING": (T.StringType,),
}
_CASTS = {"BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp", "INTEGER": "int", "LONG": "bigint"}
_CASTS |= {"DOUBLE": "double", "FLOAT": "float", "DECIMAL": "decimal(38,18)", "STRING": "string"}


class _Outcome:
    def __init__(self, ok: bool, reason: str | None, metrics: dict, row_check: Column | None = None):
        self.ok, self.reason, self.metrics, self.row_check = ok, reason, metrics, row_check


def _constraint_reason(value) -> str:
    shown = "NULL" if value is None else value
    return f"Value: {shown} does not meet the constraint requirement!"


def _col(name: str) -> Column:
    return F.col(f"`{name}`")


class _Evaluator:
    def __init__(self, df: DataFrame, sources: dict[str, DataFrame], spark):
        self.df, self.sources, self.spark = df, sources, spark
        self._known: dict = {}

    def prefetch(self, rules: list) -> None:
        """One scan for the row count and the per-column counts of the common rules (IsComplete, IsUnique ...)."""
        wanted = {("rows",): F.count(F.lit(1))}
        todo = list(rules)
        while todo:
            rule = todo.pop()
            if isinstance(rule, Composite):
                todo.extend(rule.rules)
                continue
            if rule.where is not None or any(c not in self.df.columns for c in rule.params):
                continue
            if rule.kind in ("IsComplete", "Completeness", "IsPrimaryKey", "IsUnique", "Uniqueness"):
                for c in rule.params:
                    wanted[("count", c)] = F.count(_col(c))
            if rule.kind in ("IsPrimaryKey", "IsUnique", "Uniqueness") and len(rule.params) == 1:
                wanted[("distinct", rule.params[0])] = F.count_distinct(_col(rule.params[0]))
        keys = list(wanted)
        row = self.df.agg(*[wanted[k].alias(f"m{i}") for i, k in enumerate(keys)]).first()
        self._known = {k: row[f"m{i}"] for i, k in enumerate(keys)}

    def known(self, df: DataFrame, key: tuple, compute):
        if df is self.df:
            if key not in self._known:
                self._known[key] = compute()
            return self._known[key]
        return compute()

    def rows(self, df: DataFrame) -> int:
        return self.known(df, ("rows",), df.count)

    def evaluate(self, rule) -> _Outcome:
        if isinstance(rule, Composite):
            parts = [self.evaluate(r) for r in rule.rules]
            ok = all(p.ok for p in parts) if rule.op == "and" else any(p.ok for p in parts)
            metrics = {k: v for p in parts for k, v in p.metrics.items()}
            reasons = [p.reason for p in parts if not p.ok and p.reason]
            checks = [p.row_check for p in parts]
            row_check = None
            if all(c is not None for c in checks):
                row_check = checks[0]
                for c in checks[1:]:
                    row_check = (row_check & c) if rule.op == "and" else (row_check | c)
            return _Outcome(ok, None if ok else "; ".join(reasons) or None, metrics, row_check)
        return self.simple(rule)

    def simple(self, rule: Rule) -> _Outcome:
        df = self.df
        if rule.where is not None:
            df = df.where(F.expr(rule.where))
        kind, cond = rule.kind, rule.condition
        column_params = kind not in ("RowCount", "ColumnCount", "CustomSql", "ColumnNamesMatchPattern")
        column_params = column_params and kind not in ("RowCountMatch", "ReferentialIntegrity", "ColumnExists")
        if column_params:
            missing = [c for c in rule.params if c not in df.columns]
            if missing:
                return _Outcome(False, f"Column {missing[0]} does not exist", {})
        number = getattr(self, f"metric_{kind}", None)
        if number is not None:
            name, value, row_check = number(rule, df)
            ok = cond.holds(value)
            return self.scoped(rule, _Outcome(ok, None if ok else _constraint_reason(value), {name: value}, row_check))
        return self.scoped(rule, getattr(self, f"rule_{kind}")(rule, df))

    def scoped(self, rule: Rule, outcome: _Outcome) -> _Outcome:
        """Rows outside a rule's ``where`` clause are not judged by it: they pass it."""
        if rule.where is not None and outcome.row_check is not None:
            outcome.row_check = ~F.coalesce(F.expr(rule.where), F.lit(False)) | outcome.row_check
        metrics = {k: float(v) for k, v in outcome.metrics.items() if v is not None and not math.isnan(v)}
        outcome.metrics = metrics
        return outcome

    # number-valued rule types: (metric name, value, row-level check or None)
    def metric_RowCount(self, rule, df):
        return "Dataset.*.RowCount", self.rows(df), None

    def metric_ColumnCount(self, rule, df):
        return "Dataset.*.ColumnCount", len(df.columns), None

    def metric_Completeness(self, rule, df):
        (c,) = rule.params
        return f"Column.{c}.Completeness", self.completeness(df, c), _col(c).isNotNull()

    def _aggregate(self, df, expression):
        return df.agg(expression.alias("v")).first()["v"]

    def metric_Mean(self, rule, df):
        return f"Column.{rule.params[0]}.Mean", self._aggregate(df, F.avg(_col(rule.params[0]))), None

    def metric_Sum(self, rule, df):
        return f"Column.{rule.params[0]}.Sum", self._aggregate(df, F.sum(_col(rule.params[0]))), None

    def metric_StandardDeviation(self, rule, df):
        value = self._aggregate(df, F.stddev_pop(_col(rule.params[0])))
        return f"Column.{rule.params[0]}.StandardDeviation", value, None

    def metric_Variance(self, rule, df):
        return f"Column.{rule.params[0]}.Variance", self._aggregate(df, F.var_pop(_col(rule.params[0]))), None

    def metric_DistinctValuesCount(self, rule, df):
        value = self._aggregate(df, F.count_distinct(_col(rule.params[0])))
        return f"Column.{rule.params[0]}.DistinctValuesCount", value, None

    def metric_ColumnCorrelation(self, rule, df):
        a, b = rule.params
        return f"Multicolumn.{a},{b}.ColumnCorrelation", self._aggregate(df, F.corr(_col(a), _col(b))), None

    def metric_Uniqueness(self, rule, df):
        return self.entity(rule.params, "Uniqueness"), self.uniqueness(df, rule.params), self.unique_row(rule.params)

    def metric_UniqueValueRatio(self, rule, df):
        counts = self.frequencies(df, rule.params)
        once, distinct = counts.agg(F.sum(F.when(F.col("__dq_n") == 1, 1).otherwise(0)), F.count(F.lit(1))).first()
        value = (once or 0) / distinct if distinct else 0.0
        return self.entity(rule.params, "UniqueValueRatio"), value, None

    def metric_Entropy(self, rule, df):
        rows = self.rows(df)
        counts = self.frequencies(df, rule.params)
        p = F.col("__dq_n") / F.lit(rows)
        value = counts.agg(F.sum(-p * F.log(p))).first()[0] if rows else 0.0
        return self.entity(rule.params, "Entropy"), value or 0.0, None

    def metric_CustomSql(self, rule, df):
        df.createOrReplaceTempView("primary")
        for alias, source in self.sources.items():
            source.createOrReplaceTempView(alias)
        result = self.spark.sql(rule.params[0]).collect()
        if len(result) != 1 or len(result[0]) != 1:
            raise ValueError(f"DQDL rule '{rule.text}': the SQL must return one value, got {len(result)} rows")
        value = result[0][0]
        return "Dataset.*.CustomSQL", float(value) if value is not None else None, None

    def metric_RowCountMatch(self, rule, df):
        (alias,) = rule.params
        reference = self.source(rule, alias)
        ref_rows = reference.count()
        value = self.rows(df) / ref_rows if ref_rows else 0.0
        return f"Dataset.{alias}.RowCountMatch", value, None

    def metric_ReferentialIntegrity(self, rule, df):
        primary_cols = [c.strip() for c in rule.params[0].split(",")]
        alias, _, rest = rule.params[1].partition(".")
        ref_cols = [c.strip() for c in rest.strip("{}").split(",")]
        if len(ref_cols) != len(primary_cols):
            raise ValueError(f"DQDL rule '{rule.text}': {len(primary_cols)} columns against {len(ref_cols)}")
        reference = self.source(rule, alias).select(*[_col(c).alias(f"_ref{i}") for i, c in enumerate(ref_cols)])
        keys = [_col(c) == F.col(f"_ref{i}") for i, c in enumerate(primary_cols)]
        rows = self.rows(df)
        matched = df.join(reference.distinct(), keys, "left_semi").count()
        value = matched / rows if rows else 1.0
        return f"Column.{alias}.ReferentialIntegrity", value, None

    # other rule types: _Outcome
    def rule_IsComplete(self, rule, df):
        (c,) = rule.params
        value = self.completeness(df, c)
        ok = value == 1.0
        return _Outcome(
            ok, None if ok else _constraint_reason(value), {f"Column.{c}.Completeness": value}, _col(c).isNotNull()
        )

    def rule_ColumnExists(self, rule, df):
        (c,) = rule.params
        ok = c in df.columns
        return _Outcome(ok, None if ok else f"Column {c} does not exist", {})

    def rule_ColumnNamesMatchPattern(self, rule, df):
        pattern = re.compile(rule.params[0])
        bad = [c for c in df.columns if not pattern.fullmatch(c)]
        return _Outcome(not bad, f"Columns that do not match the pattern: {', '.join(bad)}" if bad else None, {})

    def rule_IsUnique(self, rule, df):
        value = self.uniqueness(df, rule.params)
        ok = value == 1.0
        name = self.entity(rule.params, "Uniqueness")
        return _Outcome(ok, None if ok else _constraint_reason(value), {name: value}, self.unique_row(rule.params))

    def rule_IsPrimaryKey(self, rule, df):
        metrics = {f"Column.{c}.Completeness": self.completeness(df, c) for c in rule.params}
        uniqueness = self.uniqueness(df, rule.params)
        metrics[self.entity(rule.params, "Uniqueness")] = uniqueness
        ok = all(v == 1.0 for v in metrics.values())
        complete = [_col(c).isNotNull() for c in rule.params]
        row_check = self.unique_row(rule.params)
        for check in complete:
            row_check = row_check & check
        reason = None if ok else _constraint_reason(min(metrics.values()))
        return _Outcome(ok, reason, metrics, row_check)

    def rule_ColumnValues(self, rule, df):
        (c,) = rule.params
        return self.compliance(rule, df, column_check(rule.condition, _col(c)), f"Column.{c}.ColumnValues.Compliance")

    def rule_ColumnLength(self, rule, df):
        (c,) = rule.params
        check = column_check(rule.condition, F.length(_col(c).cast("string")))
        if rule.condition.op not in ("!=", "not in"):
            check = check & _col(c).isNotNull()
        outcome = self.compliance(rule, df, check, None)
        lengths = df.agg(F.max(F.length(_col(c).cast("string"))), F.min(F.length(_col(c).cast("string")))).first()
        outcome.metrics = {f"Column.{c}.MaximumLength": lengths[0], f"Column.{c}.MinimumLength": lengths[1]}
        return outcome

    def rule_ColumnDataType(self, rule, df):
        (c,) = rule.params
        wanted = [str(v).upper() for v in rule.condition.values if v is not None]
        unknown = [w for w in wanted if w not in _SPARK_TYPES]
        if unknown:
            raise ValueError(
                f"DQDL rule '{rule.text}': unknown data type '{unknown[0]}' (Glue supports "
                f"{', '.join(t.title() for t in _SPARK_TYPES)})"
            )
        actual = df.schema[c].dataType
        if isinstance(actual, T.StringType):
            fits = F.lit(False)
            for w in wanted:
                fits = fits | F.expr(f"try_cast(`{c}` AS {_CASTS[w]})").isNotNull()
            fits = _col(c).isNull() | fits
        else:
            fits = F.lit(any(isinstance(actual, _SPARK_TYPES[w]) for w in wanted))
        if rule.condition.op in ("!=", "not in"):
            fits = ~fits
        return self.compliance(rule, df, fits, f"Column.{c}.ColumnDataType.Compliance")

    # shared measures
    def compliance(self, rule: Rule, df: DataFrame, check: Column, metric: str | None) -> _Outcome:
        """A row-level rule: all rows must pass, or the share that passes must meet ``with threshold``."""
        rows = self.rows(df)
        failing = df.agg(F.count(F.when(~check, F.lit(1))).alias("v")).first()["v"] if rows else 0
        share = (rows - failing) / rows if rows else 1.0
        ok = rule.threshold.holds(share) if rule.threshold is not None else failing == 0
        if ok:
            reason = None
        elif rule.threshold is not None:
            reason = _constraint_reason(share)
        else:
            reason = f"{failing} values do not meet the constraint"
        return _Outcome(ok, reason, {metric: share} if metric else {}, check)

    def completeness(self, df: DataFrame, c: str) -> float:
        rows = self.rows(df)
        present = self.known(df, ("count", c), lambda: self._aggregate(df, F.count(_col(c))))
        return present / rows if rows else 1.0

    def frequencies(self, df: DataFrame, cols) -> DataFrame:
        """Deequ's frequencies: rows with at least one non-null grouping column, counted per value."""
        any_present = F.lit(False)
        for c in cols:
            any_present = any_present | _col(c).isNotNull()
        return df.where(any_present).groupBy(*[_col(c) for c in cols]).agg(F.count(F.lit(1)).alias("__dq_n"))

    def uniqueness(self, df: DataFrame, cols) -> float:
        rows = self.rows(df)
        if not rows:
            return 1.0
        if len(cols) == 1:  # the counts answer the common case: all values present and distinct
            c = cols[0]
            present = self.known(df, ("count", c), lambda: self._aggregate(df, F.count(_col(c))))
            distinct = self.known(df, ("distinct", c), lambda: self._aggregate(df, F.count_distinct(_col(c))))
            if distinct == present == rows:
                return 1.0
        once = self.frequencies(df, cols).where(F.col("__dq_n") == 1).count()
        return once / rows

    def unique_row(self, cols) -> Column:
        """Lazy: only computed if the row-level outcomes are read."""
        window = Window.partitionBy(*[_col(c) for c in cols])
        present = F.lit(False)
        for c in cols:
            present = present | _col(c).isNotNull()
        return present & (F.count(F.lit(1)).over(window) == 1)

    def entity(self, cols, metric: str) -> str:
        return f"Column.{cols[0]}.{metric}" if len(cols) == 1 else f"Multicolumn.{','.join(cols)}.{metric}"

    def source(self, rule: Rule, alias: str) -> DataFrame:
        if alias not in self.sources:
            raise ValueError(
                f"DQDL rule '{rule.text}': no data source '{alias}' in additional_data_sources "
                f"(has {sorted(self.sources)})"
            )
        return self.sources[alias]


class EvaluateDataQuality:
    """Glue's Data Quality transform: ``apply`` returns rule outcomes; ``process_rows`` returns the collection."""

    DATA_QUALITY_RULE_OUTCOMES_KEY = "ruleOutcomes"
    DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY = "rowLevelOutcomes"
    DATA_QUALITY_ORIGINAL_DATA_KEY = "originalData"

    @classmethod
    def apply(cls, frame, ruleset, publishing_options=None, transformation_ctx="") -> DynamicFrame:
        """Evaluate ``ruleset`` on ``frame``; returns the rule outcomes frame (EvaluateDataQuality class doc)."""
        return cls().process_rows(frame, ruleset, publishing_options)[cls.DATA_QUALITY_RULE_OUTCOMES_KEY]

    def process_rows(
        self,
        frame: DynamicFrame,
        ruleset: str,
        publishing_options: dict | None = None,
        additional_options: dict | None = None,
        additional_data_sources: dict | None = None,
    ) -> DynamicFrameCollection:
        """Evaluate ``ruleset`` (DQDL) on ``frame``; rules may name the frames of ``additional_data_sources``.

        :return: DynamicFrameCollection with ``ruleOutcomes``, ``rowLevelOutcomes`` and ``originalData``
        """
        if not isinstance(frame, DynamicFrame):
            raise TypeError(f"EvaluateDataQuality: frame must be a DynamicFrame, got {type(frame).__name__}")
        rules = parse_ruleset(ruleset)
        glue_ctx = frame.glue_ctx
        # The frame is evaluated here and then, when the rules pass, written by the job's sink: keep it so that
        # the sink does not compute it (its sources, joins) a second time. Job.commit releases it.
        df = glue_ctx._keep(frame.toDF())
        sources = {alias: f.toDF() for alias, f in (additional_data_sources or {}).items()}
        evaluator = _Evaluator(df, sources, glue_ctx.spark_session)
        evaluator.prefetch(rules)
        outcomes, passes, fails, skips = [], [], [], []
        for rule in rules:
            result = evaluator.evaluate(rule)
            outcomes.append(
                {
                    "Rule": rule.text,
                    "Outcome": "Passed" if result.ok else "Failed",
                    "FailureReason": result.reason,
                    "EvaluatedMetrics": result.metrics,
                }
            )
            text = F.lit(rule.text)
            if result.row_check is None:
                skips.append(text)
            else:
                passes.append(F.when(result.row_check, text))
                fails.append(F.when(~result.row_check, text))
        context = (publishing_options or {}).get("dataQualityEvaluationContext", frame.name)
        _log.info(
            "Data Quality %s: %d of %d rules passed",
            context,
            sum(o["Outcome"] == "Passed" for o in outcomes),
            len(outcomes),
            extra={"dq_context": context, "dq_outcomes": outcomes},
        )
        # A handful of rows computed here, in the driver: a local frame (no Spark job to filter or count it).
        outcome_frame = DynamicFrame._from_rows(outcomes, OUTCOME_SCHEMA, glue_ctx, "ruleOutcomes")

        def listed(items: list) -> Column:
            if not items:
                return F.array().cast("array<string>")
            return F.filter(F.array(*items), lambda x: x.isNotNull())

        rows = (
            df.withColumn("DataQualityRulesPass", listed(passes))
            .withColumn("DataQualityRulesFail", listed(fails))
            .withColumn("DataQualityRulesSkip", F.array(*skips).cast("array<string>"))
            .withColumn(
                "DataQualityEvaluationResult",
                F.when(F.size("DataQualityRulesFail") == 0, "Passed").otherwise("Failed"),
            )
        )
        return DynamicFrameCollection(
            {
                self.DATA_QUALITY_RULE_OUTCOMES_KEY: outcome_frame,
                self.DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY: DynamicFrame(rows, glue_ctx, "rowLevelOutcomes"),
                self.DATA_QUALITY_ORIGINAL_DATA_KEY: DynamicFrame(df, glue_ctx, "originalData"),
            },
            glue_ctx,
        )

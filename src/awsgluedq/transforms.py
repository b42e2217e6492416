"""``EvaluateDataQuality``: evaluates DQDL rulesets locally.

Implemented rule types: RowCount, ColumnCount, IsComplete, IsUnique, ColumnValues, with the comparisons
``= != > >= < <=``, ``between A and B``, ``in [...]`` and ``not in [...]``. Anything else (other rule types,
composite ``and``/``or`` rules, ``with threshold``, ``where`` clauses) raises ``UnsupportedRule`` naming the
rule: a rule the runtime cannot evaluate must never pass silently. Nothing is published locally.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

SUPPORTED = ("RowCount", "ColumnCount", "IsComplete", "IsUnique", "ColumnValues")
OUTCOME_SCHEMA = StructType(
    [
        StructField("Rule", StringType()),
        StructField("Outcome", StringType()),
        StructField("FailureReason", StringType()),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType())),
    ]
)


class UnsupportedRule(NotImplementedError):
    pass


_COMPARISONS = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True)
class Condition:
    op: str
    values: tuple

    def holds(self, value):
        """Whether ``value`` meets the condition.

        One definition for both uses: a Python number (RowCount, ColumnCount) gives a bool; a Spark column
        (ColumnValues) gives a boolean column, false where the value is null (a null does not satisfy it).
        """
        v = self.values
        is_column = isinstance(value, Column)
        if self.op == "between":
            result = (value > v[0]) & (value < v[1])
        elif self.op in ("in", "not in"):
            found = value.isin(list(v)) if is_column else value in v
            result = found if self.op == "in" else (~found if is_column else not found)
        else:
            result = _COMPARISONS[self.op](value, v[0])
        return F.coalesce(result, F.lit(False)) if is_column else result


@dataclass(frozen=True)
class Rule:
    text: str
    kind: str
    column: str | None
    condition: Condition | None


_VALUE = r'"[^"]*"|-?\d+(?:\.\d+)?'
_CONDITION = re.compile(
    rf"^(?:(?P<op>=|!=|>=|<=|>|<)\s*(?P<v>{_VALUE})"
    rf"|between\s+(?P<lo>{_VALUE})\s+and\s+(?P<hi>{_VALUE})"
    rf"|(?P<neg>not\s+)?in\s*\[(?P<list>[^\]]*)\])$",
    re.I,
)
_RULE = re.compile(r'^(?P<kind>[A-Za-z]+)\s*(?:"(?P<column>[^"]+)")?\s*(?P<rest>.*)$', re.S)


def _value(token: str):
    token = token.strip()
    if token.startswith('"'):
        return token[1:-1]
    return float(token) if "." in token else int(token)


def _split_rules(body: str) -> list[str]:
    rules, depth, quoted, current = [], 0, False, []
    for ch in body:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "[(":
            depth += 1
        elif not quoted and ch in "])":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            rules.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    rules.append("".join(current).strip())
    return [r for r in rules if r]


def parse_ruleset(ruleset: str) -> list[Rule]:
    """Parse ``Rules = [ ... ]`` into rules, refusing what this runtime does not evaluate."""
    match = re.search(r"Rules\s*=\s*\[(?P<body>.*)\]", ruleset, re.S)
    if not match:
        raise ValueError(f"DQDL ruleset has no 'Rules = [ ... ]' block: {ruleset.strip()[:80]!r}")
    rules = []
    for text in _split_rules(match["body"]):
        parsed = _RULE.match(text)
        kind = parsed["kind"] if parsed else text.split()[0]
        if text.startswith("(") or not parsed or kind not in SUPPORTED:
            raise UnsupportedRule(
                f"DQDL rule '{text}': rule type '{kind}' is not implemented by the local runtime "
                f"(it evaluates {', '.join(SUPPORTED)})"
            )
        rest = parsed["rest"].strip()
        if re.search(r"\b(with|where)\b", rest, re.I):
            raise UnsupportedRule(f"DQDL rule '{text}': 'with'/'where' clauses are not implemented locally")
        needs_column = kind in ("IsComplete", "IsUnique", "ColumnValues")
        if needs_column != bool(parsed["column"]):
            raise ValueError(f"DQDL rule '{text}': {kind} {'needs' if needs_column else 'takes no'} column name")
        condition = None
        if kind in ("RowCount", "ColumnCount", "ColumnValues"):
            cond = _CONDITION.match(rest)
            if not cond:
                raise UnsupportedRule(f"DQDL rule '{text}': comparison '{rest}' is not implemented locally")
            if cond["op"]:
                condition = Condition(cond["op"], (_value(cond["v"]),))
            elif cond["lo"] is not None:
                condition = Condition("between", (_value(cond["lo"]), _value(cond["hi"])))
            else:
                items = tuple(_value(t) for t in re.findall(_VALUE, cond["list"]))
                condition = Condition("not in" if cond["neg"] else "in", items)
        elif rest:
            raise ValueError(f"DQDL rule '{text}': unexpected '{rest}' after the column name")
        rules.append(Rule(text, kind, parsed["column"], condition))
    return rules


def _metric_columns(df: DataFrame, rules: list[Rule]) -> list:
    """One aggregate per rule that needs the data: all of a ruleset's metrics come from a single scan."""
    columns = [F.count(F.lit(1)).alias("rows")]
    for number, rule in enumerate(rules):
        if rule.column is None or rule.column not in df.columns:
            continue
        col = F.col(f"`{rule.column}`")
        if rule.kind == "IsComplete":
            columns.append(F.count(col).alias(f"rule{number}"))
        elif rule.kind == "IsUnique":
            columns.append(F.count_distinct(col).alias(f"rule{number}"))
        elif rule.kind == "ColumnValues":
            columns.append(F.count(F.when(~rule.condition.holds(col), F.lit(1))).alias(f"rule{number}"))
    return columns


def _evaluate(df: DataFrame, rule: Rule, row_count: int, measured) -> tuple[bool, str | None, dict, object]:
    """Returns (passed, failure reason, metrics, row-level column or None).

    ``measured`` is the rule's aggregate from ``_metric_columns``: non-null values (IsComplete), distinct
    non-null values (IsUnique) or failing values (ColumnValues).
    """
    if rule.column is not None and rule.column not in df.columns:
        return False, f"Column {rule.column} does not exist", {}, None
    if rule.kind == "RowCount":
        ok = rule.condition.holds(row_count)
        return (
            ok,
            None if ok else f"Value: {row_count} does not meet the constraint",
            {"Dataset.*.RowCount": float(row_count)},
            None,
        )
    if rule.kind == "ColumnCount":
        n = len(df.columns)
        ok = rule.condition.holds(n)
        return (
            ok,
            None if ok else f"Value: {n} does not meet the constraint",
            {"Dataset.*.ColumnCount": float(n)},
            None,
        )
    col = F.col(f"`{rule.column}`")
    if rule.kind == "IsComplete":
        completeness = measured / row_count if row_count else 1.0
        ok = completeness == 1.0
        return (
            ok,
            None if ok else f"Value: {completeness} does not meet the constraint requirement!",
            {f"Column.{rule.column}.Completeness": completeness},
            col.isNotNull(),
        )
    if rule.kind == "IsUnique":
        uniqueness = measured / row_count if row_count else 1.0
        ok = uniqueness == 1.0
        return (
            ok,
            None if ok else f"Value: {uniqueness} does not meet the constraint requirement!",
            {f"Column.{rule.column}.Uniqueness": uniqueness},
            None,
        )
    passing = rule.condition.holds(col)
    failing = measured
    ok = failing == 0
    return (
        ok,
        None if ok else f"{failing} values do not meet the constraint",
        {f"Column.{rule.column}.ColumnValues.Compliance": (row_count - failing) / row_count if row_count else 1.0},
        passing,
    )


class EvaluateDataQuality:
    """Glue's Data Quality transform: ``apply`` returns rule outcomes; ``process_rows`` returns both outcomes."""

    DATA_QUALITY_RULE_OUTCOMES_KEY = "ruleOutcomes"
    DATA_QUALITY_ROW_LEVEL_OUTCOMES_KEY = "rowLevelOutcomes"

    @classmethod
    def apply(cls, frame, ruleset, publishing_options=None, transformation_ctx="", **kwargs) -> DynamicFrame:
        return cls().process_rows(frame, ruleset, publishing_options)["ruleOutcomes"]

    def process_rows(self, frame, ruleset, publishing_options=None, additional_options=None):
        """Evaluate ``ruleset`` (DQDL) on ``frame``.

        :return: DynamicFrameCollection with ``ruleOutcomes`` (Rule, Outcome, FailureReason, EvaluatedMetrics)
            and ``rowLevelOutcomes`` (the frame plus DataQualityRulesPass/Fail and DataQualityEvaluationResult)
        """
        rules = parse_ruleset(ruleset)
        glue_ctx = frame.glue_ctx
        # The frame is evaluated here and then, when the rules pass, written by the job's sink: keep it so that
        # the sink does not compute it (its sources, joins) a second time. Job.commit releases it.
        df = glue_ctx._keep(frame.toDF())
        measured = df.agg(*_metric_columns(df, rules)).first().asDict()
        row_count = measured["rows"]
        outcomes, row_checks = [], []
        for number, rule in enumerate(rules):
            ok, reason, metrics, row_level = _evaluate(df, rule, row_count, measured.get(f"rule{number}"))
            outcomes.append(
                {
                    "Rule": rule.text,
                    "Outcome": "Passed" if ok else "Failed",
                    "FailureReason": reason,
                    "EvaluatedMetrics": metrics,
                }
            )
            if row_level is not None:
                row_checks.append((rule.text, row_level))
        # A handful of rows computed here, in the driver: a local frame (no Spark job to filter or count it).
        outcome_frame = DynamicFrame._from_rows(outcomes, OUTCOME_SCHEMA, glue_ctx, "ruleOutcomes")
        passed = (
            F.filter(F.array(*[F.when(check, F.lit(text)) for text, check in row_checks]), lambda x: x.isNotNull())
            if row_checks
            else F.array().cast("array<string>")
        )
        failed = (
            F.filter(F.array(*[F.when(~check, F.lit(text)) for text, check in row_checks]), lambda x: x.isNotNull())
            if row_checks
            else F.array().cast("array<string>")
        )
        rows = (
            df.withColumn("DataQualityRulesPass", passed)
            .withColumn("DataQualityRulesFail", failed)
            .withColumn(
                "DataQualityEvaluationResult",
                F.when(F.size("DataQualityRulesFail") == 0, "Passed").otherwise("Failed"),
            )
        )
        return DynamicFrameCollection(
            {
                "ruleOutcomes": outcome_frame,
                "rowLevelOutcomes": DynamicFrame(rows, glue_ctx, "rowLevelOutcomes"),
            },
            glue_ctx,
        )

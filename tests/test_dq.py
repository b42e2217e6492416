"""Data quality (``awsgluedq``) as AWS Glue evaluates it and as Glue Studio's generated scripts read it.

References:
- DQDL grammar and validation: github.com/awslabs/dqdl, ``configuration/dqdl/DataQualityDefinitionLanguage.g4``,
  ``CommonLexerRules.g4``, ``configuration/dqdl/rules-config.json``, ``DQDLParserListener.java``, ``DQDLParser.java``.
- "Data Quality Definition Language (DQDL) reference" and its rule type pages (AWS Glue developer guide):
  https://docs.aws.amazon.com/glue/latest/dg/dqdl.html
- "EvaluateDataQuality class" (PySpark API): https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html
"""

from __future__ import annotations

import pytest

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection
from awsglue.transforms import SelectFromCollection
from awsgluedq.dqdl import InvalidDataQualityRulesetException, parse
from awsgluedq.transforms import EvaluateDataQuality, UnsupportedRule, parse_ruleset
from stedi.spark import local_spark


@pytest.fixture(scope="module")
def glue(tmp_path_factory) -> GlueContext:
    spark = local_spark(tmp_path_factory.mktemp("dq") / "lake")
    return GlueContext(spark.sparkContext)


def frame(glue, rows, schema, name="f") -> DynamicFrame:
    return DynamicFrame.fromDF(glue.spark_session.createDataFrame(rows, schema), glue, name)


def outcomes(glue_frame, ruleset, **kwargs) -> dict:
    result = EvaluateDataQuality().process_rows(frame=glue_frame, ruleset=ruleset, **kwargs)
    rows = result["ruleOutcomes"].toDF().collect()
    return {r.Rule: (r.Outcome, r.FailureReason, dict(r.EvaluatedMetrics)) for r in rows}


def outcome(glue_frame, rule: str) -> str:
    ((result, _reason, _metrics),) = outcomes(glue_frame, f"Rules = [ {rule} ]").values()
    return result


PEOPLE_SCHEMA = "email string, age int, kind string"
PEOPLE = [("a@x", 20, "a"), ("a@x", 17, "b"), (None, 30, "c")]


# -- the collection Glue returns -----------------------------------------------------------------------------


def test_process_rows_returns_the_collection_glue_studio_reads(glue):
    """Glue Studio scripts read ``ruleOutcomes``, ``rowLevelOutcomes`` and ``originalData`` from process_rows'
    result with ``SelectFromCollection.apply(dfc=..., key=...)`` (public Glue Studio exports; Evaluate Data Quality
    node), and the DQ assert reads ``dfc[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY]``."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    dfc = EvaluateDataQuality().process_rows(
        frame=people,
        ruleset='Rules = [ IsComplete "email", RowCount = 3 ]',
        publishing_options={"dataQualityEvaluationContext": "node", "enableDataQualityResultsPublishing": True},
        additional_options={"observations.scope": "ALL", "performanceTuning.caching": "CACHE_NOTHING"},
    )
    assert isinstance(dfc, DynamicFrameCollection)
    assert sorted(dfc.keys()) == ["originalData", "rowLevelOutcomes", "ruleOutcomes"]
    rule_outcomes = SelectFromCollection.apply(dfc=dfc, key="ruleOutcomes", transformation_ctx="ruleOutcomes")
    assert rule_outcomes is dfc[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY]
    assert rule_outcomes.filter(lambda x: x["Outcome"] == "Failed").count() == 1
    original = SelectFromCollection.apply(dfc=dfc, key="originalData")
    assert original.toDF().columns == ["email", "age", "kind"]
    assert sorted((tuple(r) for r in original.toDF().collect()), key=str) == sorted(PEOPLE, key=str)


def test_rule_outcomes_have_the_documented_schema(glue):
    """EvaluateDataQuality class doc: ``Rule: string, Outcome: string, FailureReason: string, EvaluatedMetrics:
    map<string, double>``; ``ColumnExists "id"`` passes with ``{}`` metrics and a null FailureReason."""
    result = EvaluateDataQuality.apply(
        frame=frame(glue, [(1,)], "id int"), ruleset='Rules = [ColumnExists "id", IsComplete "id"]'
    )
    assert result.toDF().schema.simpleString() == (
        "struct<Rule:string,Outcome:string,FailureReason:string,EvaluatedMetrics:map<string,double>>"
    )
    assert [tuple(r) for r in result.toDF().collect()] == [
        ('ColumnExists "id"', "Passed", None, {}),
        ('IsComplete "id"', "Passed", None, {"Column.id.Completeness": 1.0}),
    ]


def test_row_level_outcomes_add_glues_four_columns(glue):
    """Row-level results: DataQualityRulesPass / Fail / Skip (arrays of rules) and DataQualityEvaluationResult
    ("Passed"/"Failed"), which Glue Studio's Conditional Router matches with ``re.match("Failed", ...)``."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    ruleset = 'Rules = [ IsComplete "email", ColumnValues "age" >= 18, RowCount = 3 ]'
    rows = EvaluateDataQuality().process_rows(frame=people, ruleset=ruleset)["rowLevelOutcomes"].toDF()
    assert rows.columns == [
        "email",
        "age",
        "kind",
        "DataQualityRulesPass",
        "DataQualityRulesFail",
        "DataQualityRulesSkip",
        "DataQualityEvaluationResult",
    ]
    got = {r.kind: (r.DataQualityRulesPass, r.DataQualityRulesFail, r.DataQualityRulesSkip,
                    r.DataQualityEvaluationResult) for r in rows.collect()}  # fmt: skip
    assert got == {
        "a": (['IsComplete "email"', 'ColumnValues "age" >= 18'], [], ["RowCount = 3"], "Passed"),
        "b": (['IsComplete "email"'], ['ColumnValues "age" >= 18'], ["RowCount = 3"], "Failed"),
        "c": (['ColumnValues "age" >= 18'], ['IsComplete "email"'], ["RowCount = 3"], "Failed"),
    }


def test_apply_returns_the_rule_outcomes(glue):
    """EvaluateDataQuality.apply(frame, ruleset, publishing_options) returns the outcomes frame (class doc)."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    result = EvaluateDataQuality.apply(
        frame=people, ruleset="Rules = [ RowCount > 5 ]", publishing_options={"dataQualityEvaluationContext": "c"}
    )
    assert [tuple(r) for r in result.toDF().collect()] == [
        ("RowCount > 5", "Failed", "Value: 3 does not meet the constraint requirement!", {"Dataset.*.RowCount": 3.0})
    ]


def test_the_evaluated_frame_is_cached_until_job_commit(glue):
    """Local runtime (awsglue.local): the frame a DQ node evaluates is what the job's sink writes next; it is
    kept so the sink does not compute it again, and released by Job.commit."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    EvaluateDataQuality().process_rows(frame=people, ruleset='Rules = [ IsComplete "email" ]')
    assert people.toDF().is_cached
    glue._release()
    assert not people.toDF().is_cached


# -- rule types ----------------------------------------------------------------------------------------------


def test_the_common_rules_report_glues_metrics(glue):
    """Metric names as the DQDL docs' examples show them (``Dataset.*.RowCount``, ``Column.<c>.Completeness``);
    IsUnique is Deequ's uniqueness: the share of rows whose value occurs exactly once (nulls are not unique)."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    ruleset = """
        Rules = [
            RowCount = 3,
            ColumnCount between 1 and 5,
            IsComplete "email",
            IsUnique "email",
            IsUnique "kind",
            ColumnValues "age" >= 18,
            ColumnValues "kind" in ["a", "b"]
        ]
    """
    assert outcomes(people, ruleset) == {
        "RowCount = 3": ("Passed", None, {"Dataset.*.RowCount": 3.0}),
        "ColumnCount between 1 and 5": ("Passed", None, {"Dataset.*.ColumnCount": 3.0}),
        'IsComplete "email"': (
            "Failed",
            "Value: 0.6666666666666666 does not meet the constraint requirement!",
            {"Column.email.Completeness": 0.6666666666666666},
        ),
        'IsUnique "email"': (
            "Failed",
            "Value: 0.0 does not meet the constraint requirement!",
            {"Column.email.Uniqueness": 0.0},
        ),
        'IsUnique "kind"': ("Passed", None, {"Column.kind.Uniqueness": 1.0}),
        'ColumnValues "age" >= 18': (
            "Failed",
            "1 values do not meet the constraint",
            {"Column.age.ColumnValues.Compliance": 0.6666666666666666},
        ),
        'ColumnValues "kind" in ["a","b"]': (
            "Failed",
            "1 values do not meet the constraint",
            {"Column.kind.ColumnValues.Compliance": 0.6666666666666666},
        ),
    }


NUMBERS = [(1, 10.0, "x", "1"), (2, 20.0, "yy", "2"), (2, 30.0, "zzz", "three"), (4, None, None, None)]
NUMBERS_SCHEMA = "n int, v double, s string, t string"


@pytest.mark.parametrize(
    ("rule", "result", "metrics"),
    [
        ('Completeness "v" > 0.7', "Passed", {"Column.v.Completeness": 0.75}),
        ('Completeness "v" >= 0.8', "Failed", {"Column.v.Completeness": 0.75}),
        ('Uniqueness "n" = 0.5', "Passed", {"Column.n.Uniqueness": 0.5}),
        ('Uniqueness "n" "s" = 1.0', "Passed", {"Multicolumn.n,s.Uniqueness": 1.0}),
        ('DistinctValuesCount "n" = 3', "Passed", {"Column.n.DistinctValuesCount": 3.0}),
        ('UniqueValueRatio "n" between 0.6 and 0.7', "Passed", {"Column.n.UniqueValueRatio": 2 / 3}),
        ('Mean "v" = 20', "Passed", {"Column.v.Mean": 20.0}),
        ('Sum "v" = 60', "Passed", {"Column.v.Sum": 60.0}),
        ('StandardDeviation "v" between 8.1 and 8.2', "Passed", {"Column.v.StandardDeviation": 8.16496580927726}),
        ('Entropy "n" > 1', "Passed", {"Column.n.Entropy": 1.0397207708399179}),
        ('ColumnLength "s" <= 2', "Failed", {"Column.s.MaximumLength": 3.0, "Column.s.MinimumLength": 1.0}),
        ('ColumnLength "s" between 0 and 4', "Failed", {"Column.s.MaximumLength": 3.0, "Column.s.MinimumLength": 1.0}),
        ('IsPrimaryKey "n"', "Failed", {"Column.n.Completeness": 1.0, "Column.n.Uniqueness": 0.5}),
        ('IsPrimaryKey "n" "v"', "Failed",
         {"Column.n.Completeness": 1.0, "Column.v.Completeness": 0.75, "Multicolumn.n,v.Uniqueness": 1.0}),
        ('IsPrimaryKey "s" "t"', "Failed",
         {"Column.s.Completeness": 0.75, "Column.t.Completeness": 0.75, "Multicolumn.s,t.Uniqueness": 0.75}),
        ('ColumnExists "v"', "Passed", {}),
        ('ColumnExists "w"', "Failed", {}),
        ('ColumnDataType "v" = "DOUBLE"', "Passed", {"Column.v.ColumnDataType.Compliance": 1.0}),
        ('ColumnDataType "t" = "INTEGER"', "Failed", {"Column.t.ColumnDataType.Compliance": 0.75}),
        ('ColumnDataType "t" = "INTEGER" with threshold > 0.7', "Passed", {"Column.t.ColumnDataType.Compliance": 0.75}),
        ('CustomSql "select count(*) from primary where n = 2" = 2', "Passed", {"Dataset.*.CustomSQL": 2.0}),
        ('CustomSql "select max(v) from primary" < 25', "Failed", {"Dataset.*.CustomSQL": 30.0}),
        ('ColumnCorrelation "n" "v" > 0.8', "Passed", {"Multicolumn.n,v.ColumnCorrelation": 0.8660254037844387}),
        ('ColumnNamesMatchPattern "[a-z]"', "Passed", {}),
        ('RowCount = 2 where "n = 2"', "Passed", {"Dataset.*.RowCount": 2.0}),
        ('IsComplete "v" where "n < 4"', "Passed", {"Column.v.Completeness": 1.0}),
    ],
)  # fmt: skip
def test_rule_types_that_need_only_the_frame(glue, rule, result, metrics):
    """Rule types of the DQDL rule type reference (Completeness, Uniqueness, DistinctValuesCount, UniqueValueRatio,
    Mean, Sum, StandardDeviation, Entropy, ColumnLength, IsPrimaryKey, ColumnExists, ColumnDataType, CustomSql
    ``"select count(*) from primary"``, ColumnCorrelation, ColumnNamesMatchPattern, ``where`` clauses).
    StandardDeviation and Entropy are Deequ's (population deviation; natural log over all rows)."""
    numbers = frame(glue, NUMBERS, NUMBERS_SCHEMA)
    ((got_result, _reason, got_metrics),) = outcomes(numbers, f"Rules = [ {rule} ]").values()
    assert (got_result, got_metrics) == (result, pytest.approx(metrics))


def test_a_missing_column_fails_the_rule(glue):
    numbers = frame(glue, NUMBERS, NUMBERS_SCHEMA)
    assert outcomes(numbers, 'Rules = [ IsComplete "nope" ]') == {
        'IsComplete "nope"': ("Failed", "Column nope does not exist", {})
    }


def test_composite_rules_combine_outcomes_and_row_checks(glue):
    """DQDL "Composite rules": ``and``/``or`` of parenthesised rules, nested; and binds tighter than or
    (DataQualityDefinitionLanguage.g4's left-recursive topLevelRule). The Rule column shows the rule as Glue's
    DQRule.toString prints it: ``(a) AND (b)``, a condition as ``getFormattedCondition`` does: ``in ["a","b"]``."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    ruleset = """Rules = [
        (IsComplete "email") and (ColumnValues "age" > 10),
        (IsComplete "email") or (ColumnValues "age" > 10),
        (RowCount = 1) or (RowCount = 2) and (IsComplete "kind"),
        ((IsComplete "kind") and ((RowCount = 3) or (RowCount = 4)))
    ]"""
    got = {k: v[0] for k, v in outcomes(people, ruleset).items()}
    assert got == {
        '(IsComplete "email") AND (ColumnValues "age" > 10)': "Failed",
        '(IsComplete "email") OR (ColumnValues "age" > 10)': "Passed",
        '(RowCount = 1) OR ((RowCount = 2) AND (IsComplete "kind"))': "Failed",
        '(IsComplete "kind") AND ((RowCount = 3) OR (RowCount = 4))': "Passed",
    }
    rows = EvaluateDataQuality().process_rows(frame=people, ruleset=ruleset)["rowLevelOutcomes"].toDF().collect()
    by_kind = {r.kind: r.DataQualityRulesFail for r in rows}
    assert by_kind["c"] == ['(IsComplete "email") AND (ColumnValues "age" > 10)']


def test_with_threshold_judges_the_share_of_passing_rows(glue):
    """DQDL ColumnValues: ``with threshold > 0.5`` passes when more than half of the rows meet the expression."""
    people = frame(glue, PEOPLE, PEOPLE_SCHEMA)
    assert outcome(people, 'ColumnValues "age" >= 18 with threshold > 0.6') == "Passed"
    assert outcome(people, 'ColumnValues "age" >= 18 with threshold > 0.7') == "Failed"


# -- multi-frame rules (EvaluateDataQualityMultiFrame) -------------------------------------------------------


def test_rules_against_additional_data_sources(glue):
    """Glue Studio's Evaluate Data Quality (multiframe) node emits ``process_rows(frame=...,
    additional_data_sources={"reference": frame}, ...)``; ReferentialIntegrity ``"email" "reference.email"`` and
    RowCountMatch ``"reference"`` compare against the alias (DQDL rule type reference)."""
    orders = frame(glue, [("a@x",), ("b@x",), ("c@x",), ("a@x",)], "email string")
    customers = frame(glue, [("a@x",), ("b@x",)], "email string")
    ruleset = """Rules = [
        ReferentialIntegrity "email" "reference.email" = 1.0,
        ReferentialIntegrity "email" "reference.{email}" >= 0.75,
        RowCountMatch "reference" = 2.0
    ]"""
    dfc = EvaluateDataQuality().process_rows(
        frame=orders,
        additional_data_sources={"reference": customers},
        ruleset=ruleset,
        publishing_options={"dataQualityEvaluationContext": "multi"},
        additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
    )
    got = {r.Rule: (r.Outcome, dict(r.EvaluatedMetrics)) for r in dfc["ruleOutcomes"].toDF().collect()}
    assert got == {
        'ReferentialIntegrity "email" "reference.email" = 1.0': (
            "Failed",
            {"Column.reference.ReferentialIntegrity": 0.75},
        ),
        'ReferentialIntegrity "email" "reference.{email}" >= 0.75': (
            "Passed",
            {"Column.reference.ReferentialIntegrity": 0.75},
        ),
        'RowCountMatch "reference" = 2.0': ("Passed", {"Dataset.reference.RowCountMatch": 2.0}),
    }


def test_an_unknown_alias_is_an_error_naming_it(glue):
    orders = frame(glue, [("a@x",)], "email string")
    with pytest.raises(ValueError, match=r"no data source 'ref' in additional_data_sources \(has \[\]\)"):
        EvaluateDataQuality().process_rows(frame=orders, ruleset='Rules = [ RowCountMatch "ref" = 1.0 ]')


# -- null semantics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('ColumnValues "age" > 21', [True, False, False]),
        ('ColumnValues "age" = 25', [True, False, False]),
        ('ColumnValues "age" != 21', [True, False, True]),
        ('ColumnValues "age" not in [21, 22, 23]', [True, False, True]),
        ('ColumnValues "age" not in [21, 22, 23, NULL]', [True, False, False]),
        ('ColumnValues "age" != NULL', [True, True, False]),
        ('ColumnValues "age" = NULL', [False, False, True]),
        ('ColumnValues "age" in [21, NULL]', [False, True, True]),
        ('(ColumnValues "age" > 21) OR (ColumnValues "age" = NULL)', [True, False, True]),
        ('(ColumnValues "age" != 21) AND (ColumnValues "age" != NULL)', [True, False, False]),
        ('ColumnValues "age" between 20 and 40', [True, True, False]),
        ('ColumnValues "age" not between 20 and 40', [False, False, False]),
    ],
)
def test_null_behaviour_of_column_values(glue, rule, expected):
    """DQDL ColumnValues "Null behavior": NULL rows fail every ColumnValues rule other than ``!=`` and
    ``NOT IN``, which NULL rows pass; ``!= NULL`` and ``not in [..., NULL]`` fail them explicitly;
    ``= NULL`` allows them."""
    ages = frame(glue, [(25, "a"), (21, "b"), (None, "c")], "age int, kind string")
    rows = EvaluateDataQuality().process_rows(frame=ages, ruleset=f"Rules = [ {rule} ]")["rowLevelOutcomes"]
    got = {r.kind: r.DataQualityEvaluationResult == "Passed" for r in rows.toDF().collect()}
    assert [got[k] for k in "abc"] == expected


def test_a_null_failure_names_null(glue):
    """DQDL ColumnValues: a failure caused by nulls reads ``Value: NULL does not meet the constraint
    requirement!`` (here for a metric that is null: the mean of no values)."""
    empty = frame(glue, [(None,)], "v double")
    assert outcomes(empty, 'Rules = [ Mean "v" > 1 ]') == {
        'Mean "v" > 1': ("Failed", "Value: NULL does not meet the constraint requirement!", {})
    }


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('ColumnValues "c" in ["US", NULL, EMPTY, WHITESPACES_ONLY]', [True, True, True, True, False]),
        ('ColumnValues "c" in ["US", EMPTY]', [True, False, True, False, False]),
        ('ColumnValues "c" not in [EMPTY, WHITESPACES_ONLY]', [True, True, False, False, True]),
        ('ColumnValues "c" = EMPTY', [False, False, True, False, False]),
        ('ColumnValues "c" != WHITESPACES_ONLY', [True, True, True, False, True]),
        ('ColumnValues "c" matches "[A-Z]+"', [True, False, False, False, True]),
        ('ColumnValues "c" not matches "[A-Z]+"', [False, False, True, True, False]),
    ],
)
def test_null_empty_and_whitespaces_only_keywords(glue, rule, expected):
    """DQDL "Keywords for NULL, EMPTY and WHITESPACES_ONLY": ``ColumnValues "Country" in [ "US", "CA", "UK",
    NULL, EMPTY, WHITESPACES_ONLY ]`` allows nulls, empty strings and strings of only whitespace."""
    countries = frame(glue, [("US", 1), (None, 2), ("", 3), ("  ", 4), ("UK", 5)], "c string, i int")
    rows = EvaluateDataQuality().process_rows(frame=countries, ruleset=f"Rules = [ {rule} ]")["rowLevelOutcomes"]
    got = {r.i: r.DataQualityEvaluationResult == "Passed" for r in rows.toDF().collect()}
    assert [got[i] for i in range(1, 6)] == expected


@pytest.mark.parametrize(
    ("comparison", "expected"),
    [
        ("= 2", [False, True, False]),
        ("!= 2", [True, False, True]),
        ("> 2", [False, False, True]),
        (">= 2", [False, True, True]),
        ("< 2", [True, False, False]),
        ("<= 2", [True, True, False]),
        ("between 1 and 3", [False, True, False]),
        ("not between 1 and 3", [True, False, True]),
        ("in [1, 3]", [True, False, True]),
        ("not in [1, 3]", [False, True, False]),
    ],
)
def test_a_comparison_means_the_same_on_metrics_and_on_column_values(glue, comparison, expected):
    """A metric (RowCount ...) is tested in Python, ColumnValues in Spark: one condition, the same answers."""
    (rule,) = parse_ruleset(f'Rules = [ ColumnValues "n" {comparison} ]')
    assert [rule.condition.holds(n) for n in (1, 2, 3)] == expected
    rows = EvaluateDataQuality().process_rows(
        frame=frame(glue, [(1,), (2,), (3,)], "n int"), ruleset=f'Rules = [ ColumnValues "n" {comparison} ]'
    )["rowLevelOutcomes"]
    assert [r.DataQualityEvaluationResult == "Passed" for r in rows.toDF().orderBy("n").collect()] == expected


# -- the parser ----------------------------------------------------------------------------------------------


def test_the_parser_accepts_what_glues_grammar_accepts():
    """DataQualityDefinitionLanguage.g4: ``#`` comments, Metadata/DataSources, variables, an Analyzers section,
    multi-column IsUnique/IsPrimaryKey/Uniqueness (var-arg in rules-config.json), ``not between``, ``!=``,
    ``where``, ``with threshold``, labels (``with key = "value"``), nested composites."""
    ruleset = parse(
        """
        # a comment on its own line
        Metadata = { "Version": "1.0" }
        DataSources = { "Primary": "orders", "AdditionalDataSources": ["reference"] }
        allowed = ["a", "b"]
        Rules = [
            IsUnique "a" "b",                         # a comment after a rule
            IsPrimaryKey "a" "b" "c",
            Uniqueness "a" "b" > 0.9,
            ColumnValues "x" not between 1 and 5,
            ColumnValues "x" != 3,
            ColumnValues "x" in $allowed,
            ColumnValues "x" in ["a", NULL] where "y > 2",
            ColumnValues "x" > -1.5 with threshold >= 0.9,
            IsComplete "x" with team = "data",
            ((IsComplete "a") and (IsComplete "b")) or (RowCount between 1 and 10),
            CustomSql "select count(*) from primary" > 0
        ]
        Analyzers = [ RowCount, Completeness "a" ]
        """
    )
    assert [r.text for r in ruleset.rules][:3] == [
        'IsUnique "a" "b"',
        'IsPrimaryKey "a" "b" "c"',
        'Uniqueness "a" "b" > 0.9',
    ]
    assert ruleset.rules[0].params == ("a", "b")
    assert ruleset.rules[5].condition.values == ("a", "b")
    assert ruleset.rules[7].condition.values == (-1.5,) and ruleset.rules[7].threshold.text == ">= 0.9"
    assert ruleset.rules[8].tags == (("team", "data"),)
    assert [a.text for a in ruleset.analyzers] == ["RowCount", 'Completeness "a"']
    assert ruleset.metadata == {"Version": "1.0"}
    assert ruleset.data_sources == {"Primary": "orders", "AdditionalDataSources": ["reference"]}


@pytest.mark.parametrize(
    ("ruleset", "message"),
    [
        ('Rules = [ Foo "a" ]', "Parsing Error: Rule Type: Foo is not valid"),
        ("Rules = [ IsComplete ]", "Parsing Error: Unexpected number of parameters: IsComplete"),
        ("Rules = [ IsUnique ]", "Parsing Error: VarArgs needs at least one parameter: IsUnique"),
        (
            'Rules = [ IsComplete "a" > 3 ]',
            "Parsing Error: Unexpected condition for rule of type IsComplete with boolean return type",
        ),
        (
            "Rules = [ RowCount ]",
            "Parsing Error: Unexpected condition for rule of type RowCount with number return type",
        ),
        (
            'Rules = [ ColumnValues "a" ]',
            "Parsing Error: Unexpected condition for rule of type ColumnValues with string return type",
        ),
        (
            'Rules = [ ColumnCount = 3 where "x > 1" ]',
            "Parsing Error: Where clause is not supported for rule type: ColumnCount",
        ),
        ('Rules = [ RowCount > 1 where "" ]', "Parsing Error: Empty where condition provided for rule type: RowCount"),
        (
            'Rules = [ IsComplete "a" with threshold > 0.9 ]',
            "Parsing Error: Threshold condition not supported for rule type: IsComplete",
        ),
        (
            'Rules = [ AllStatistics "a" ]',
            "Parsing Error: Analyzer Type: AllStatistics is not supported in rules section",
        ),
        ('Analyzers = [ IsComplete "a" ]', "Parsing Error: Analyzer Type: IsComplete is not supported"),
        ("Rules = [ ]", "Parsing Error: No rules or analyzers provided."),
        ('Rules = [ IsComplete "a", ]', "Parsing Error: line 1:26 mismatched input ']' expecting a rule type"),
        (
            'Rules = [ RowCount = 3\n    IsComplete "a" ]',
            "Parsing Error: line 2:4 mismatched input 'IsComplete' expecting {',', ']'}",
        ),
        (
            'IsComplete "a"',
            "Parsing Error: line 1:0 mismatched input 'IsComplete' expecting {'Rules', 'Analyzers'}",
        ),
        ("Rules [ RowCount = 3 ]", "Parsing Error: line 1:6 mismatched input '[' expecting '='"),
        ("Rules = [ RowCount = 3 ] extra", "Parsing Error: line 1:25 extraneous input 'extra' expecting <EOF>"),
        ('Rules = [ ColumnValues "a" = ~ ]', "Parsing Error: line 1:29 token recognition error at: '~'"),
    ],
)
def test_the_parser_rejects_what_glue_rejects(ruleset, message):
    """DQDLParserListener.java's messages, prefixed ``Parsing Error:`` (DQDLParser.java); syntax errors carry the
    position as ``line L:C`` (DQDLErrorListener.java; ANTLR's own wording of the rest is approximated)."""
    with pytest.raises(InvalidDataQualityRulesetException) as error:
        parse(ruleset)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "rule",
    [
        'DatasetMatch "reference" "id->id" >= 0.9',
        'SchemaMatch "reference" = 1.0',
        'AggregateMatch "sum(primary.x)" "sum(reference.x)" = 1.0',
        'DataFreshness "d" <= 24 hours',
        "RowCount > avg(last(10))",
        'ColumnValues "d" > (now() - 3 days)',
        'CustomSql "select id from primary where age > 18"',
        '(IsComplete "a") and (DetectAnomalies "RowCount")',
    ],
)
def test_a_rule_the_runtime_does_not_evaluate_is_an_error_naming_it(glue, rule):
    """A rule type Glue accepts and this runtime does not implement must never pass silently."""
    with pytest.raises(UnsupportedRule, match="not implemented by the local runtime|not implemented locally"):
        EvaluateDataQuality.apply(frame(glue, [("a@x",)], "a string"), f"Rules = [ {rule} ]")


def test_unsupported_rule_names_the_rule_type(glue):
    with pytest.raises(UnsupportedRule, match=r"rule 'SchemaMatch \"r\" = 1.0': rule type 'SchemaMatch' is not"):
        parse_ruleset('Rules = [ SchemaMatch "r" = 1.0 ]')

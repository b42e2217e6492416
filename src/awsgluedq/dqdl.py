"""A DQDL parser following Glue's grammar (github.com/awslabs/dqdl, ``DataQualityDefinitionLanguage.g4``).

It accepts what that grammar and its listener accept (``#`` comments, ``Metadata``/``DataSources`` sections,
variable declarations, ``Rules`` and ``Analyzers`` sections, composite ``and``/``or`` rules with any nesting of
parentheses, ``not between``, ``!=``, ``not in``, ``matches``, ``where "..."`` and ``with threshold``) and rejects
what they reject, with the listener's messages (``Rule Type: X is not valid``, ``Unexpected number of
parameters: X``, ``Where clause is not supported for rule type: X`` ...) prefixed ``Parsing Error:`` as in
``DQDLParser.java``. Syntax errors name the position as ANTLR does: ``line L:C`` (column from 0).
Rule types and their parameters, return types, ``where``/threshold support: ``configuration/dqdl/rules-config.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class InvalidDataQualityRulesetException(ValueError):
    """Glue's ``InvalidDataQualityRulesetException``: the ruleset does not parse or validate."""


@dataclass(frozen=True)
class RuleType:
    returns: tuple[str, ...]  # BOOLEAN, NUMBER, STRING, DATE, DURATION, SIZE (the *_ARRAY forms mapped here)
    params: tuple[int, ...]  # accepted parameter counts; (1, -1) = one or more (var-arg)
    where: bool = False
    threshold: bool = False
    analyzer_only: bool = False

    def accepts(self, count: int) -> str | None:
        if self.params == (1, -1):
            return None if count >= 1 else "VarArgs needs at least one parameter"
        return None if count in self.params else "Unexpected number of parameters"


_N, _B, _S = ("NUMBER",), ("BOOLEAN",), ("STRING",)
#: Every rule type of rules-config.json (awslabs/dqdl), with what the listener checks.
RULE_TYPES: dict[str, RuleType] = {
    "RowCount": RuleType(_N, (0,), where=True),
    "RowCountMatch": RuleType(_N, (1,)),
    "ColumnCount": RuleType(_N, (0,)),
    "Completeness": RuleType(_N, (1,), where=True),
    "IsComplete": RuleType(_B, (1,), where=True),
    "ColumnDataType": RuleType(_S, (1,), where=True, threshold=True),
    "ColumnNamesMatchPattern": RuleType(_B, (1,)),
    "ColumnExists": RuleType(_B, (1,)),
    "ColumnCorrelation": RuleType(_N, (2,), where=True),
    "Uniqueness": RuleType(_N, (1, -1), where=True),
    "IsUnique": RuleType(_B, (1, -1), where=True),
    "Mean": RuleType(_N, (1,), where=True),
    "Sum": RuleType(_N, (1,), where=True),
    "StandardDeviation": RuleType(_N, (1,), where=True),
    "Variance": RuleType(_N, (1,), where=True),
    "Range": RuleType(_N, (1,), where=True),
    "Entropy": RuleType(_N, (1,), where=True),
    "DistinctValuesCount": RuleType(_N, (1,), where=True),
    "UniqueValueRatio": RuleType(_N, (1,), where=True),
    "ColumnLength": RuleType(_N, (1,), where=True),
    "IsPrimaryKey": RuleType(_B, (1, -1), where=True),
    "ColumnValues": RuleType(("STRING", "NUMBER", "DATE"), (1,), where=True, threshold=True),
    "DataFreshness": RuleType(("DURATION",), (1,), where=True),
    "CustomSql": RuleType(("NUMBER", "BOOLEAN"), (1,), threshold=True),
    "ReferentialIntegrity": RuleType(_N, (2,)),
    "DatasetMatch": RuleType(_N, (2, 3)),
    "SchemaMatch": RuleType(_N, (1,)),
    "AggregateMatch": RuleType(_N, (2,)),
    "DetectAnomalies": RuleType(_B, (1, -1)),
    "AllStatistics": RuleType(_N, (1,), analyzer_only=True),
    "FileMatch": RuleType(("BOOLEAN", "STRING"), (0, 1, 2)),
    "FileUniqueness": RuleType(_N, (0, 1)),
    "FileFreshness": RuleType(("DATE",), (0, 1), threshold=True),
    "FileSize": RuleType(("SIZE",), (0, 1), threshold=True),
}


class Keyword(str):
    """``NULL``, ``EMPTY`` or ``WHITESPACES_ONLY`` in a condition (not a quoted string)."""


@dataclass(frozen=True)
class Unsupported:
    """An operand the grammar accepts and this runtime does not evaluate (``now()``, ``avg(last(10))`` ...)."""

    text: str


@dataclass(frozen=True)
class Condition:
    op: str  # = != > >= < <= between, not between, in, not in, matches, not matches
    values: tuple
    kind: str  # NUMBER, STRING or DATE: which grammar rule matched
    text: str

    def holds(self, value) -> bool:
        """Whether the number ``value`` (a metric) meets the condition; a null meets none."""
        if value is None or any(v is None or isinstance(v, Unsupported) for v in self.values):
            return False
        v = self.values
        if self.op in ("between", "not between"):
            # Exclusive of its bounds: NumberBasedCondition.evaluate (awslabs/dqdl) tests low < metric < high.
            inside = v[0] < value < v[1]
            return inside if self.op == "between" else not inside
        if self.op in ("in", "not in"):
            return (value in v) == (self.op == "in")
        return {
            "=": value == v[0],
            "!=": value != v[0],
            ">": value > v[0],
            ">=": value >= v[0],
            "<": value < v[0],
            "<=": value <= v[0],
        }[self.op]


@dataclass(frozen=True)
class Rule:
    text: str
    kind: str
    params: tuple[str, ...]
    condition: Condition | None = None
    where: str | None = None
    threshold: Condition | None = None
    tags: tuple = ()


@dataclass(frozen=True)
class Composite:
    text: str
    op: str  # "and" / "or"
    rules: tuple  # of Rule | Composite


@dataclass
class Ruleset:
    rules: list = field(default_factory=list)
    analyzers: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    data_sources: dict = field(default_factory=dict)


# -- lexer -------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)|(?P<comment>\#[^\n]*)|(?P<string>"(?:\\["\\]|[^"])*?")|(?P<now>now\(\))"""
    r"""|(?P<word>[A-Za-z0-9_.]+)|(?P<op>>=|<=|[=><!\[\](),{}:$+\-*/])"""
)
_DATE = re.compile(r'"\d{4}-\d{2}-\d{2}"')
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_KEYWORDS = {"NULL", "null", "EMPTY", "empty", "WHITESPACES_ONLY", "whitespaces_only"}
_RESERVED = {"and", "AND", "or", "OR", "of", "OF", "between", "in", "not", "with", "where", "matches"} | _KEYWORDS


@dataclass(frozen=True)
class Token:
    kind: str  # string, date, number, word, op, eof
    text: str
    line: int
    col: int
    start: int
    end: int


def _tokens(source: str) -> list[Token]:
    out, pos, line, line_start = [], 0, 1, 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if not m:
            raise InvalidDataQualityRulesetException(
                f"Parsing Error: line {line}:{pos - line_start} token recognition error at: '{source[pos]}'"
            )
        kind, text = m.lastgroup, m.group()
        if kind not in ("ws", "comment"):
            if kind == "string" and _DATE.fullmatch(text):
                kind = "date"
            elif kind == "word" and _NUMBER.fullmatch(text):
                kind = "number"
            elif kind == "now":
                kind = "word"
            out.append(Token(kind, text, line, pos - line_start, pos, m.end()))
        for i, ch in enumerate(text):
            if ch == "\n":
                line, line_start = line + 1, pos + i + 1
        pos = m.end()
    out.append(Token("eof", "<EOF>", line, pos - line_start, pos, pos))
    return out


def _unquote(text: str) -> str:
    return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")


# -- parser ------------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.toks = _tokens(source)
        self.i = 0
        self.variables: dict[str, object] = {}

    # helpers
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, n: int = 1) -> Token:
        return self.toks[min(self.i + n, len(self.toks) - 1)]

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "word") and self.tok.text in texts

    def syntax(self, message: str, tok: Token | None = None):
        tok = tok or self.tok
        return InvalidDataQualityRulesetException(f"Parsing Error: line {tok.line}:{tok.col} {message}")

    def mismatch(self, expecting: str):
        return self.syntax(f"mismatched input '{self.tok.text}' expecting {expecting}")

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.mismatch(f"'{text}'")
        tok = self.tok
        self.i += 1
        return tok

    # document: metadata? dataSources? variableDeclarations? (rules | analyzers | rules analyzers)
    def document(self) -> Ruleset:
        rs = Ruleset()
        if self.at("Metadata"):
            self.i += 1
            self.expect("=")
            rs.metadata = self.dictionary()
        if self.at("DataSources"):
            self.i += 1
            self.expect("=")
            rs.data_sources = self.dictionary()
        while self.tok.kind == "word" and self.tok.text not in ("Rules", "Analyzers") and self.peek().text == "=":
            name = self.tok.text
            self.i += 2
            self.variables[name] = self.variable_value()
        if not self.at("Rules", "Analyzers"):
            raise self.mismatch("{'Rules', 'Analyzers'}")
        if self.at("Rules"):
            self.i += 1
            rs.rules = self.section(self.top_level_rule)
        if self.at("Analyzers"):
            self.i += 1
            rs.analyzers = self.section(self.analyzer)
        if self.tok.kind != "eof":
            raise self.syntax(f"extraneous input '{self.tok.text}' expecting <EOF>")
        if not rs.rules and not rs.analyzers:
            raise InvalidDataQualityRulesetException("Parsing Error: No rules or analyzers provided.")
        return rs

    def section(self, item) -> list:
        self.expect("=")
        self.expect("[")
        items = []
        if not self.at("]"):
            items.append(item())
            while self.at(","):
                self.i += 1
                items.append(item())
        if not self.at("]"):
            raise self.mismatch("{',', ']'}")
        self.i += 1
        return items

    def dictionary(self) -> dict:
        self.expect("{")
        out = {}
        while True:
            if self.tok.kind != "string":
                raise self.mismatch("QUOTED_STRING")
            key = _unquote(self.tok.text)
            self.i += 1
            self.expect(":")
            if self.tok.kind == "string":
                out[key] = _unquote(self.tok.text)
                self.i += 1
            else:
                self.expect("[")
                values = []
                while self.tok.kind == "string":
                    values.append(_unquote(self.tok.text))
                    self.i += 1
                    if not self.at(","):
                        break
                    self.i += 1
                self.expect("]")
                out[key] = values
            if not self.at(","):
                break
            self.i += 1
        self.expect("}")
        return out

    def variable_value(self):
        if self.at("["):
            self.i += 1
            values = [self.string_value()]
            while self.at(","):
                self.i += 1
                values.append(self.string_value())
            self.expect("]")
            return values
        return self.string_value()

    # topLevelRule: '(' topLevelRule ')' | topLevelRule AND topLevelRule | topLevelRule OR topLevelRule | dqRule
    # (ANTLR gives the AND alternative precedence over OR, as listed)
    def top_level_rule(self):
        return self.composite("or", lambda: self.composite("and", self.primary_rule))

    def composite(self, op: str, operand):
        result = operand()
        while self.at(op, op.upper()):
            self.i += 1
            right = operand()
            result = Composite(f"({result.text}) {op.upper()} ({right.text})", op, (result, right))
        return result

    def primary_rule(self):
        if self.at("("):
            self.i += 1
            inner = self.top_level_rule()
            self.expect(")")
            return inner
        return self.dq_rule()

    def text(self, start: Token) -> str:
        return self.source[start.start : self.toks[self.i - 1].end]

    def parameters(self) -> list[str]:
        params = []
        while True:
            tok, nxt = self.tok, self.peek()
            if tok.kind == "word" and tok.text in ("of", "OF", "and", "AND") and _is_parameter(nxt):
                self.i += 1  # connectorWord: "IsUnique of ...", "ReferentialIntegrity ... and ..."
                continue
            if _is_parameter(tok):
                params.append(_unquote(tok.text) if tok.kind in ("string", "date") else tok.text)
                self.i += 1
                continue
            return params

    def dq_rule(self) -> Rule:
        start = self.tok
        if start.kind != "word" or start.text in _RESERVED:
            raise self.mismatch("a rule type")
        kind = start.text
        self.i += 1
        params = self.parameters()
        condition = self.condition()
        where = None
        if self.at("where"):
            self.i += 1
            if self.tok.kind not in ("string", "date"):
                raise self.mismatch("QUOTED_STRING")
            where = _unquote(self.tok.text)
            self.i += 1
        tags = []
        while self.at("with"):
            self.i += 1
            if self.tok.kind != "word":
                raise self.mismatch("IDENTIFIER")
            tag = self.tok.text
            self.i += 1
            tag_condition = self.condition()
            if tag_condition is None:
                raise self.mismatch("a condition")
            tags.append((tag, tag_condition))
        return self.validate(Rule(self.text(start), kind, tuple(params), condition, where), tags)

    def analyzer(self) -> Rule:
        start = self.tok
        kind = start.text
        self.i += 1
        params = self.parameters()
        rule_type = RULE_TYPES.get(kind)
        if rule_type is None:
            raise InvalidDataQualityRulesetException(f"Parsing Error: Analyzer Type: {kind} is not valid")
        if rule_type.returns == _B:
            raise InvalidDataQualityRulesetException(f"Parsing Error: Analyzer Type: {kind} is not supported")
        problem = rule_type.accepts(len(params))
        if problem:
            raise InvalidDataQualityRulesetException(f"Parsing Error: {problem}: {kind}")
        return Rule(self.text(start), kind, tuple(params))

    def validate(self, rule: Rule, tags: list) -> Rule:
        def fail(message: str):
            return InvalidDataQualityRulesetException(f"Parsing Error: {message}")

        rule_type = RULE_TYPES.get(rule.kind)
        if rule_type is None:
            raise fail(f"Rule Type: {rule.kind} is not valid")
        if rule_type.analyzer_only:
            raise fail(f"Analyzer Type: {rule.kind} is not supported in rules section")
        problem = rule_type.accepts(len(rule.params))
        if problem:
            raise fail(f"{problem}: {rule.kind}")
        cond = rule.condition
        if not any(
            (cond is None) if r == "BOOLEAN" else (cond is not None and cond.kind in (r, "ANY"))
            for r in rule_type.returns
        ):
            family = rule_type.returns[0].lower()
            raise fail(f"Unexpected condition for rule of type {rule.kind} with {family} return type")
        if rule.where is not None:
            if not rule_type.where:
                raise fail(f"Where clause is not supported for rule type: {rule.kind}")
            if not rule.where:
                raise fail(f"Empty where condition provided for rule type: {rule.kind}")
        threshold, labels = None, []
        for name, tag_condition in tags:
            if tag_condition.kind == "NUMBER" and name == "threshold":
                if not rule_type.threshold:
                    raise fail(f"Threshold condition not supported for rule type: {rule.kind}")
                if threshold is not None:
                    raise fail("Only one threshold condition at a time is supported.")
                threshold = tag_condition
            elif tag_condition.kind == "STRING" and tag_condition.op == "=":
                labels.append((name, tag_condition.values[0]))
            else:
                raise fail(f"Invalid tag provided for rule type: {rule.kind}")
        text = " ".join([rule.kind, *(f'"{p}"' for p in rule.params)])
        if cond is not None:
            text += f" {format_condition(cond)}"
        if threshold is not None:
            text += f" with threshold {format_condition(threshold)}"
        if rule.where:
            text += f' where "{rule.where}"'
        return Rule(text, rule.kind, rule.params, cond, rule.where, threshold, tuple(labels))

    # conditions -----------------------------------------------------------------------------------------
    def condition(self) -> Condition | None:
        start = self.tok
        negated = False
        if self.at("not"):
            negated = True
            self.i += 1
        if self.at("between"):
            self.i += 1
            low = self.operand()
            self.expect("and") if self.at("and") else self.expect("AND")
            high = self.operand()
            op = "not between" if negated else "between"
            return self.classify(op, (low, high), start)
        if self.at("in"):
            self.i += 1
            if self.at("$"):
                values = self.variable()
                values = [("string", v) for v in (values if isinstance(values, list) else [values])]
            else:
                self.expect("[")
                values = [self.operand()]
                while self.at(","):
                    self.i += 1
                    values.append(self.operand())
                self.expect("]")
            return self.classify("not in" if negated else "in", tuple(values), start)
        if self.at("matches"):
            self.i += 1
            if self.tok.kind not in ("string", "date"):
                raise self.mismatch("QUOTED_STRING")
            pattern = _unquote(self.tok.text)
            self.i += 1
            return Condition("not matches" if negated else "matches", (pattern,), "STRING", self.text(start))
        if negated:
            raise self.mismatch("{'between', 'in', 'matches'}")
        if self.at("!"):
            self.i += 1
            self.expect("=")
            return self.classify("!=", (self.operand(),), start)
        if self.at("=", ">", ">=", "<", "<="):
            op = self.tok.text
            self.i += 1
            return self.classify(op, (self.operand(),), start)
        return None

    def variable(self):
        self.expect("$")
        name = self.tok.text
        if name not in self.variables:
            raise InvalidDataQualityRulesetException(f"Parsing Error: Variable {name} is not defined")
        self.i += 1
        return self.variables[name]

    def string_value(self):
        tok = self.tok
        if tok.kind in ("string", "date"):
            self.i += 1
            return _unquote(tok.text)
        if tok.kind == "word" and tok.text in _KEYWORDS:
            self.i += 1
            return Keyword(tok.text.upper())
        if self.at("$"):
            return self.variable()
        raise self.mismatch("a string value")

    def operand(self):
        """One operand: a number, a quoted string or date, a keyword, a variable, or an expression."""
        tok = self.tok
        if self.at("-") and self.peek().kind == "number":
            self.i += 2
            value = -_number(self.toks[self.i - 1].text)
        elif tok.kind == "number":
            self.i += 1
            value = _number(tok.text)
        elif tok.kind == "date":
            self.i += 1
            return ("date", _unquote(tok.text))
        elif tok.kind == "string" or (tok.kind == "word" and tok.text in _KEYWORDS) or self.at("$"):
            return ("string", self.string_value())
        elif tok.text == "now()" or self.at("("):
            return ("date", self.expression(tok))
        elif tok.kind == "word" and self.peek().text == "(":
            return ("number", self.expression(tok))
        else:
            raise self.mismatch("a value")
        unit = self.tok.text if self.tok.kind == "word" else ""
        if unit in ("days", "hours", "minutes", "B", "KB", "MB", "GB", "TB"):  # a duration or a size
            self.i += 1
            return ("duration" if unit in ("days", "hours", "minutes") else "size", Unsupported(self.text(tok)))
        if self.at("+", "-", "*", "/"):  # number op number: a dynamic or computed threshold
            return ("number", self.expression(tok))
        return ("number", value)

    def expression(self, start: Token) -> Unsupported:
        """Skip a function call, ``now()`` arithmetic or number arithmetic; kept as text, evaluated by nobody."""
        depth = 0
        while self.tok.kind != "eof":
            if self.at("("):
                depth += 1
            elif self.at(")"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (self.at(",", "]", "and", "AND", "or", "OR", "where", "with")):
                break
            self.i += 1
        return Unsupported(self.text(start))

    def classify(self, op: str, operands: tuple, start: Token) -> Condition:
        """Which of the grammar's conditions the operands form: number-, string- or date-based."""
        kinds = {k for k, v in operands if not (isinstance(v, Keyword) and v == "NULL")}
        values = tuple(None if isinstance(v, Keyword) and v == "NULL" and k == "string" else v for k, v in operands)
        text = self.text(start)
        if not kinds:  # only NULL (``= NULL``): fits every kind of condition; the rule type decides
            return Condition(op, values, "ANY", text)
        if kinds == {"number"}:
            return Condition(op, values, "NUMBER", text)
        if kinds in ({"duration"}, {"size"}) and op not in ("matches", "not matches"):
            return Condition(op, values, kinds.pop().upper(), text)
        if kinds == {"date"} and op not in ("matches", "not matches"):
            return Condition(op, values, "DATE", text)
        if kinds <= {"string", "date"} and op in ("=", "!=", "in", "not in"):
            return Condition(op, values, "STRING", text)
        raise self.syntax(f"mismatched input '{text}' for a {'/'.join(sorted(kinds))} condition", start)


def _format_value(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, Keyword):
        return str(value)
    if isinstance(value, Unsupported):
        return value.text
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def format_condition(cond: Condition) -> str:
    """A condition as Glue prints it in a rule (``getFormattedCondition``: ``in ["a","b"]``, ``between 1 and 5``)."""
    values = [_format_value(v) for v in cond.values]
    if cond.op in ("between", "not between"):
        return f"{cond.op} {values[0]} and {values[1]}"
    if cond.op in ("in", "not in"):
        return f"{cond.op} [{','.join(values)}]"
    return f"{cond.op} {values[0]}"


def _is_parameter(tok: Token) -> bool:
    if tok.kind in ("string", "date", "number"):
        return True
    return tok.kind == "word" and tok.text not in _RESERVED and tok.text != "now()"


def _number(text: str):
    return float(text) if "." in text else int(text)


def parse(ruleset: str) -> Ruleset:
    """Parse a DQDL document; raises InvalidDataQualityRulesetException (``Parsing Error: ...``)."""
    return _Parser(ruleset).document()

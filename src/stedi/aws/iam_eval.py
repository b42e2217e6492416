"""A small evaluator of IAM identity policies: does this policy allow this call?

Why our own: moto's evaluator (moto.iam.access_control) turns an Allow whose condition fails into an explicit Deny
and knows no NotResource, and the PyPI tools found (policyuniverse, parliament, cloudsplaining, policy-sentry) parse,
lint or expand policies but do not decide a request.

What it models, from the IAM User Guide:
- Policy evaluation logic (reference_policies_evaluation-logic.html), for identity policies of one account: an
  explicit Deny in any matching statement wins; else an Allow in any matching statement; else the implicit deny.
  Not modelled: SCPs/RCPs, permissions boundaries, session policies, resource-based policies.
- Action / NotAction (reference_policies_elements_action.html): case-insensitive, `*` and `?` wildcards.
- Resource / NotResource (reference_policies_elements_resource.html): case-sensitive; an ARN is matched segment by
  segment on its first five colon-delimited parts, the sixth (the resource, which may hold colons) as a whole, with
  `*` and `?` in any of them, as ArnLike does (reference_policies_elements_condition_operators.html#Conditions_ARN).
- Condition (reference_policies_elements_condition_operators.html): operators String(Not)Equals, String(Not)Like,
  Arn(Not)Equals, Arn(Not)Like, Bool, Numeric*, with the ...IfExists suffix and the ForAnyValue:/ForAllValues:
  set prefixes (reference_policies_condition-single-vs-multi-valued-context-keys.html). Several values for one key
  are ORed, several keys and several operators ANDed. Condition key names are case-insensitive, values are not.
  A key missing from the request: false, except for ...IfExists and for the negated operators (true), and for
  ForAllValues (true: the empty set is within any set).
An operator outside this list is an error naming it, never a silent match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

ContextValue = str | bool | int | float | Sequence[str]


class Decision(Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


class PolicyError(ValueError):
    """The policy uses something this evaluator does not model (it says what and where)."""


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: Mapping[str, ContextValue] | None = None


@lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(f"^{regex}$", re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's wildcard match: `*` any run of characters (including none), `?` exactly one."""
    return _glob(pattern, ignore_case).match(value) is not None


def arn_match(pattern: str, arn: str) -> bool:
    """ArnLike: each of the six colon-delimited ARN parts is matched on its own; `*` alone matches every ARN."""
    if pattern == "*":
        return True
    pattern_parts, arn_parts = pattern.split(":", 5), arn.split(":", 5)
    if len(pattern_parts) != 6 or len(arn_parts) != 6:
        # not two ARNs: a plain wildcard match, except that a short pattern never matches a whole ARN
        return len(arn_parts) != 6 and glob_match(pattern, arn)
    return all(glob_match(p, a) for p, a in zip(pattern_parts, arn_parts, strict=True))


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _matches_any(patterns: Any, value: str, match) -> bool:
    return any(match(p, value) for p in _as_list(patterns))


def _string_equals(policy_value: str, value: str) -> bool:
    return policy_value == value


def _bool_equals(policy_value: Any, value: Any) -> bool:
    return str(policy_value).lower() == str(value).lower()


def _numeric(compare):
    return lambda policy_value, value: compare(float(value), float(policy_value))


# operator -> (value test, negated)
_OPERATORS = {
    "StringEquals": (_string_equals, False),
    "StringNotEquals": (_string_equals, True),
    "StringLike": (glob_match, False),
    "StringNotLike": (glob_match, True),
    "ArnEquals": (arn_match, False),
    "ArnLike": (arn_match, False),
    "ArnNotEquals": (arn_match, True),
    "ArnNotLike": (arn_match, True),
    "Bool": (_bool_equals, False),
    "NumericEquals": (_numeric(lambda v, p: v == p), False),
    "NumericNotEquals": (_numeric(lambda v, p: v == p), True),
    "NumericLessThan": (_numeric(lambda v, p: v < p), False),
    "NumericLessThanEquals": (_numeric(lambda v, p: v <= p), False),
    "NumericGreaterThan": (_numeric(lambda v, p: v > p), False),
    "NumericGreaterThanEquals": (_numeric(lambda v, p: v >= p), False),
}


def _condition_holds(operator: str, key: str, policy_values: Any, context: Mapping[str, ContextValue]) -> bool:
    set_prefix, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    if base not in _OPERATORS or set_prefix not in ("", "ForAnyValue", "ForAllValues"):
        raise PolicyError(f"condition operator {operator!r} is not modelled by stedi.aws.iam_eval")
    test, negated = _OPERATORS[base]
    lowered = {k.lower(): v for k, v in context.items()}
    if key.lower() not in lowered:
        if set_prefix == "ForAllValues":
            return True
        if set_prefix == "ForAnyValue":
            return False
        return if_exists or negated
    values = _as_list(lowered[key.lower()])
    policy_values = _as_list(policy_values)

    def one(value: Any) -> bool:
        hit = any(test(p, value) for p in policy_values)
        return not hit if negated else hit

    if set_prefix == "ForAllValues":
        return all(one(v) for v in values)
    if set_prefix == "ForAnyValue":
        return any(one(v) for v in values)
    if len(values) != 1:
        raise PolicyError(f"context key {key!r} has {len(values)} values: use ForAnyValue/ForAllValues for it")
    return one(values[0])


def _statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    def action_match(p: str, a: str) -> bool:
        return glob_match(p, a, ignore_case=True)

    if "Action" in statement:
        if not _matches_any(statement["Action"], request.action, action_match):
            return False
    elif "NotAction" in statement:
        if _matches_any(statement["NotAction"], request.action, action_match):
            return False
    else:
        raise PolicyError(f"statement {statement.get('Sid', '?')!r} has neither Action nor NotAction")
    if "Resource" in statement:
        if not _matches_any(statement["Resource"], request.resource, arn_match):
            return False
    elif "NotResource" in statement:
        if _matches_any(statement["NotResource"], request.resource, arn_match):
            return False
    else:
        raise PolicyError(f"statement {statement.get('Sid', '?')!r} has neither Resource nor NotResource")
    context = request.context or {}
    return all(
        _condition_holds(operator, key, values, context)
        for operator, keys in statement.get("Condition", {}).items()
        for key, values in keys.items()
    )


def statements(policies: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The statements of the given policy documents (Statement may be one object or a list)."""
    return [s for policy in policies for s in _as_list(policy["Statement"])]


def evaluate(policies: Iterable[Mapping[str, Any]], request: Request) -> Decision:
    """The decision of identity policies (of one principal, one account) on one request."""
    allowed = False
    for statement in statements(policies):
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyError(f"statement {statement.get('Sid', '?')!r} has Effect {effect!r}: Allow or Deny")
        if _statement_applies(statement, request):
            if effect == "Deny":
                return Decision.EXPLICIT_DENY
            allowed = True
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY


def is_allowed(
    policy: Mapping[str, Any], action: str, resource: str, context: Mapping[str, ContextValue] | None = None
) -> bool:
    return evaluate([policy], Request(action, resource, context)) is Decision.ALLOW

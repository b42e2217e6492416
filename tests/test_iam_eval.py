"""stedi.aws.iam_eval against the rules of the IAM User Guide.

- Evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- Action / Resource: reference_policies_elements_action.html, reference_policies_elements_resource.html,
  reference_policies_elements_notaction.html, reference_policies_elements_notresource.html
- Conditions: reference_policies_elements_condition_operators.html,
  reference_policies_condition-single-vs-multi-valued-context-keys.html
"""

import pytest

from stedi.aws.iam_eval import Decision, PolicyError, Request, arn_match, evaluate, glob_match, is_allowed

BUCKET = "arn:aws:s3:::lake"


def policy(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource, **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_no_statement_matching_is_the_implicit_deny():
    assert evaluate([policy(allow("s3:GetObject", f"{BUCKET}/a"))], Request("s3:GetObject", f"{BUCKET}/b")) is (
        Decision.IMPLICIT_DENY
    )


def test_an_explicit_deny_wins_over_any_allow_in_any_order():
    deny = {"Effect": "Deny", "Action": "s3:PutObject", "Resource": f"{BUCKET}/scripts/*"}
    grant = allow("s3:*", f"{BUCKET}/*")
    for statements in ([deny, grant], [grant, deny]):
        request = Request("s3:PutObject", f"{BUCKET}/scripts/job.py")
        assert evaluate([policy(*statements)], request) is Decision.EXPLICIT_DENY
    assert evaluate([policy(deny), policy(grant)], Request("s3:PutObject", f"{BUCKET}/x")) is Decision.ALLOW


def test_actions_match_case_insensitively_with_wildcards():
    p = policy(allow(["glue:Get*", "s3:?utObject"], "*"))
    assert is_allowed(p, "GLUE:gettable", "arn:aws:glue:us-east-1:1:table/db/t")
    assert is_allowed(p, "s3:PutObject", f"{BUCKET}/k")
    assert not is_allowed(p, "glue:UpdateTable", "*")
    assert not is_allowed(p, "s3:PPutObject", f"{BUCKET}/k")  # ? is exactly one character


def test_not_action_and_not_resource_match_everything_else():
    p = policy({"Effect": "Allow", "NotAction": "s3:Delete*", "NotResource": f"{BUCKET}/scripts/*"})
    assert is_allowed(p, "s3:PutObject", f"{BUCKET}/tmp/x")
    assert not is_allowed(p, "s3:DeleteObject", f"{BUCKET}/tmp/x")
    assert not is_allowed(p, "s3:PutObject", f"{BUCKET}/scripts/job.py")


def test_resources_are_case_sensitive_and_star_spans_slashes_within_the_resource_part():
    p = policy(allow("s3:GetObject", f"{BUCKET}/*/landing/*"))
    assert is_allowed(p, "s3:GetObject", f"{BUCKET}/customer/landing/a/b.json")
    assert not is_allowed(p, "s3:GetObject", f"{BUCKET}/customer/Landing/a.json")
    assert not is_allowed(p, "s3:GetObject", f"{BUCKET}/customer/trusted/a.json")


def test_arn_segments_are_matched_one_by_one():
    assert arn_match(
        "arn:aws:logs:*:*:log-group:/aws-glue/*", "arn:aws:logs:eu-west-1:1:log-group:/aws-glue/x:log-stream:y"
    )
    # a wildcard in the region segment does not reach into the account segment
    assert not arn_match("arn:aws:glue:us-*:catalog", "arn:aws:glue:us-east-1:123:catalog")
    assert not arn_match("arn:aws:s3:::lake", "arn:aws:s3:::lake2")
    assert glob_match("a*c", "abbbc") and not glob_match("a*c", "abbbd")


def test_a_failing_condition_makes_an_allow_not_apply_and_a_deny_not_apply():
    """An Allow whose condition fails is no Allow (implicit deny), not an explicit deny."""
    metrics = allow("cloudwatch:PutMetricData", "*", Condition={"StringEquals": {"cloudwatch:namespace": "Glue"}})
    assert evaluate([policy(metrics)], Request("cloudwatch:PutMetricData", "*", {"cloudwatch:namespace": "X"})) is (
        Decision.IMPLICIT_DENY
    )
    assert is_allowed(policy(metrics), "cloudwatch:PutMetricData", "*", {"cloudwatch:namespace": "Glue"})
    deny_http = {
        "Effect": "Deny",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    p = policy(allow("s3:GetObject", "*"), deny_http)
    assert is_allowed(p, "s3:GetObject", f"{BUCKET}/k", {"aws:SecureTransport": True})
    assert not is_allowed(p, "s3:GetObject", f"{BUCKET}/k", {"aws:SecureTransport": False})


def test_condition_values_are_ored_keys_and_operators_anded_key_names_case_insensitive():
    p = policy(
        allow(
            "s3:ListBucket",
            BUCKET,
            Condition={
                "StringLike": {"s3:prefix": ["customer/*", "tmp/*"]},
                "NumericLessThan": {"s3:max-keys": "1001"},
            },
        )
    )
    assert is_allowed(p, "s3:ListBucket", BUCKET, {"S3:Prefix": "tmp/a", "s3:max-keys": 1000})
    assert not is_allowed(p, "s3:ListBucket", BUCKET, {"s3:prefix": "scripts/", "s3:max-keys": 1000})
    assert not is_allowed(p, "s3:ListBucket", BUCKET, {"s3:prefix": "tmp/a", "s3:max-keys": 1001})


def test_a_missing_key_fails_a_condition_except_if_exists_and_negated_operators():
    def allowed_with(operator: str) -> bool:
        return is_allowed(
            policy(allow("s3:GetObject", "*", Condition={operator: {"aws:SourceVpce": "vpce-1"}})),
            "s3:GetObject",
            "*",
            {},
        )

    assert not allowed_with("StringEquals")
    assert allowed_with("StringEqualsIfExists")
    assert allowed_with("StringNotEquals")


def test_arn_like_condition():
    p = policy(allow("sts:AssumeRole", "*", Condition={"ArnLike": {"aws:SourceArn": "arn:aws:glue:*:123:job/*"}}))
    assert is_allowed(p, "sts:AssumeRole", "*", {"aws:SourceArn": "arn:aws:glue:us-east-1:123:job/x"})
    assert not is_allowed(p, "sts:AssumeRole", "*", {"aws:SourceArn": "arn:aws:glue:us-east-1:999:job/x"})


def test_set_operators_for_multivalued_keys():
    tags = {"aws:TagKeys": ["aws-glue-service-resource"]}
    all_values = policy(allow("ec2:CreateTags", "*", Condition={"ForAllValues:StringEquals": tags}))
    any_value = policy(allow("ec2:CreateTags", "*", Condition={"ForAnyValue:StringEquals": tags}))
    assert is_allowed(all_values, "ec2:CreateTags", "*", {"aws:TagKeys": ["aws-glue-service-resource"]})
    assert not is_allowed(all_values, "ec2:CreateTags", "*", {"aws:TagKeys": ["aws-glue-service-resource", "Name"]})
    assert is_allowed(any_value, "ec2:CreateTags", "*", {"aws:TagKeys": ["aws-glue-service-resource", "Name"]})
    assert not is_allowed(any_value, "ec2:CreateTags", "*", {"aws:TagKeys": ["Name"]})
    # the documented pitfall: ForAllValues holds when the key is absent
    assert is_allowed(all_values, "ec2:CreateTags", "*", {})
    assert not is_allowed(any_value, "ec2:CreateTags", "*", {})


def test_unknown_operator_and_multivalued_key_without_set_operator_are_errors():
    unknown = policy(allow("s3:GetObject", "*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    with pytest.raises(PolicyError, match="'IpAddress' is not modelled"):
        is_allowed(unknown, "s3:GetObject", "*", {"aws:SourceIp": "10.0.0.1"})
    single = policy(allow("ec2:CreateTags", "*", Condition={"StringEquals": {"aws:TagKeys": "a"}}))
    with pytest.raises(PolicyError, match="'aws:TagKeys' has 2 values"):
        is_allowed(single, "ec2:CreateTags", "*", {"aws:TagKeys": ["a", "b"]})


def test_statement_without_action_or_resource_is_an_error_naming_it():
    with pytest.raises(PolicyError, match="'NoAction' has neither Action nor NotAction"):
        is_allowed(policy({"Sid": "NoAction", "Effect": "Allow", "Resource": "*"}), "s3:GetObject", "*")
    with pytest.raises(PolicyError, match="'NoResource' has neither Resource nor NotResource"):
        is_allowed(policy({"Sid": "NoResource", "Effect": "Allow", "Action": "*"}), "s3:GetObject", "*")

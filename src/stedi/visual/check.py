"""``stedi visual check``: what Glue would refuse in a graph, found before deploying it.

First botocore's own client-side validation of a CreateJob request carrying the graph (unknown node types and
fields, missing required fields, wrong types, list minimums), then what botocore does not check but Glue or
the graph's meaning needs: one type per node, inputs that exist, the input count of each node type (the
model's ``OneInput``/``TwoInputs``/``ManyInputs`` bounds), enum values, no cycle, SQL aliases and join columns
that name the node's own inputs, ASCII-only DQDL, distinct generated variable names, a custom code node that
defines its ``ClassName``, and node types the renderer supports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from stedi.visual.render import GraphError, _Renderer, load_graph, node_type, topological_order, variable_name

#: A syntactically complete CreateJob around the graph: only the graph is under test.
_JOB_SHELL = {
    "Name": "graph-check",
    "Role": "arn:aws:iam::123456789012:role/AWSGlueServiceRole-check",
    "Command": {"Name": "glueetl", "ScriptLocation": "s3://bucket/scripts/graph-check.py"},
}


@cache
def _glue_model():
    import botocore.session

    return botocore.session.get_session().get_service_model("glue")


def botocore_errors(graph: Mapping) -> list[str]:
    """botocore's ParamValidator on CreateJob's input shape, one message per problem."""
    from botocore.validate import ParamValidator

    shape = _glue_model().operation_model("CreateJob").input_shape
    report = ParamValidator().validate({**_JOB_SHELL, "CodeGenConfigurationNodes": graph}, shape)
    if not report.has_errors():
        return []
    # One line per error; an unknown node type lists every type there is: keep the message, not the list.
    lines = report.generate_report().splitlines()
    return [
        re.sub(r", must be one of: AthenaConnectorSource, .*", ", not a CodeGenConfigurationNode type", x)
        for x in lines
    ]


def _enum_errors(value, shape, where: str) -> list[str]:
    errors = []
    if shape.type_name == "string" and shape.enum and isinstance(value, str) and value not in shape.enum:
        errors.append(f"{where}: '{value}' is not one of {', '.join(shape.enum)}")
    elif shape.type_name == "structure" and isinstance(value, Mapping):
        for key, member in shape.members.items():
            if key in value:
                errors += _enum_errors(value[key], member, f"{where}.{key}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            errors += _enum_errors(item, shape.member, f"{where}[{i}]")
    elif shape.type_name == "map" and isinstance(value, Mapping):
        for key, item in value.items():
            errors += _enum_errors(item, shape.value, f"{where}.{key}")
    return errors


def graph_errors(graph: Mapping) -> list[str]:
    """Every problem in ``graph``, each naming the node and the field; empty when the graph is good."""
    errors = [f"botocore: {message}" for message in botocore_errors(graph)]
    node_shape = _glue_model().shape_for("CodeGenConfigurationNode")
    typed = {}
    for node_id, node in graph.items():
        if not isinstance(node, Mapping) or len(node) != 1:
            kinds = sorted(node) if isinstance(node, Mapping) else []
            errors.append(f"node {node_id}: expected exactly one node type, found {', '.join(kinds) or 'none'}")
            continue
        kind, fields = node_type(node_id, node)
        if kind not in node_shape.members or not isinstance(fields, Mapping):
            continue  # botocore reported it
        typed[node_id] = (kind, fields)
    variables: dict[str, str] = {}
    for node_id, (kind, fields) in typed.items():
        label = f"node {node_id} ({fields.get('Name', '?')}): {kind}"
        shape = node_shape.members[kind]
        inputs = fields.get("Inputs", [])
        for missing in [i for i in inputs if i not in graph]:
            errors.append(f"{label}.Inputs: node {missing} does not exist")
        if "Inputs" in shape.members:
            bounds = shape.members["Inputs"].metadata
            low, high = bounds.get("min", 0), bounds.get("max")
            if len(inputs) < low or (high is not None and len(inputs) > high):
                wanted = f"exactly {low}" if low == high else f"at least {low}"
                errors.append(f"{label}.Inputs: {kind} takes {wanted} input(s), got {len(inputs)}")
        errors += _enum_errors(fields, shape, label)
        if kind == "SparkSQL":
            for i, alias in enumerate(fields.get("SqlAliases", [])):
                if alias.get("From") not in inputs:
                    errors.append(f"{label}.SqlAliases[{i}].From: {alias.get('From')} is not one of the node's Inputs")
        if kind == "Join":
            for i, column in enumerate(fields.get("Columns", [])):
                if column.get("From") not in inputs:
                    errors.append(f"{label}.Columns[{i}].From: {column.get('From')} is not one of the node's Inputs")
        if kind == "EvaluateDataQualityMultiFrame":
            for alias, source in (fields.get("AdditionalDataSources") or {}).items():
                if source not in inputs:
                    errors.append(f"{label}.AdditionalDataSources.{alias}: {source} is not one of the node's Inputs")
        if kind in ("EvaluateDataQuality", "EvaluateDataQualityMultiFrame"):
            ruleset = fields.get("Ruleset", "")
            bad = sorted({c for c in ruleset if ord(c) > 127})
            if bad:
                errors.append(f"{label}.Ruleset: DQDL must be ASCII, found {' '.join(repr(c) for c in bad)}")
        if kind == "SelectFromCollection":
            parent = typed.get(inputs[0]) if inputs else None
            if parent and parent[0] != "CustomCode":
                errors.append(f"{label}.Inputs: {inputs[0]} is a {parent[0]}, not a collection (CustomCode)")
        if kind == "CustomCode":
            name = fields.get("ClassName", "")
            if not name.isidentifier():
                errors.append(f"{label}.ClassName: '{name}' is not a Python identifier")
            code = fields.get("Code", "")
            if code.lstrip().startswith("def ") and not re.match(
                rf"\s*def {re.escape(name)}\(glueContext, dfc\)", code
            ):
                errors.append(f"{label}.Code: must define def {name}(glueContext, dfc)")
        if not hasattr(_Renderer, f"_{kind}"):
            errors.append(f"{label}: node type not supported by stedi visual render")
        var = variable_name(node_id, fields.get("Name", ""))
        if not var.isidentifier():
            errors.append(f"{label}.Name: generated variable '{var}' is not a Python identifier")
        if var in variables:
            errors.append(f"{label}.Name: generated variable {var} is also node {variables[var]}'s")
        variables.setdefault(var, node_id)
    try:
        topological_order({node_id: graph[node_id] for node_id in typed} if len(typed) == len(graph) else {})
    except GraphError as exc:
        if "cycle" in str(exc):
            errors.append(str(exc))
    return errors


def check_files(paths: list[Path]) -> dict[Path, list[str]]:
    """Each graph file's problems (a file that cannot be read is one problem)."""
    found = {}
    for path in paths:
        try:
            found[path] = graph_errors(load_graph(path))
        except GraphError as exc:
            found[path] = [str(exc)]
    return found

"""The Terraform configuration agrees with the files it deploys: scripts, their arguments, DDL, job order.

Static checks (python-hcl2 and ast), no Terraform binary: a script added without a job, an argument a job does
not pass, a DDL column the catalog would not get, or a job ordered before the job producing its input fails
here, before any plan.
"""

import ast
import re
from pathlib import Path

import hcl2
import pytest

from stedi.tf_offline import REPO
from stedi.visual.render import load_graph, node_type

TERRAFORM = REPO / "terraform"
SCRIPTS = sorted((REPO / "glue_scripts").glob("*.py"))
DDL_FILES = sorted((REPO / "athena_ddl").glob("*.sql"))
GLUE_SUPPLIED = {"JOB_NAME"}  # Glue passes --JOB_NAME to every run itself


def unquote(value):
    """python-hcl2 8 keeps the quotes of string literals and block labels ('"stedi"'); drop them."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def unwrap(value):
    """Plain Python values from a python-hcl2 parse: unquoted labels and strings, one-element lists unwrapped."""
    if isinstance(value, dict):
        return {unquote(k): unwrap(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        if len(value) == 1 and not isinstance(value[0], dict):
            return unwrap(value[0])
        return [unwrap(v) for v in value]
    return unquote(value)


def load_hcl(path: Path) -> dict:
    with path.open() as f:
        return unwrap(hcl2.load(f))


def block(parsed: dict, kind: str, name: str) -> dict:
    """The body of `<kind> "<name>"` (variable, module, ...) in a python-hcl2 parse."""
    for entry in parsed.get(kind, []):
        if name in entry:
            return entry[name]
    raise KeyError(f"no {kind} {name!r}")


def resource(parsed: dict, rtype: str, name: str) -> dict:
    for entry in parsed.get("resource", []):
        if rtype in entry and name in entry[rtype]:
            return entry[rtype][name]
    raise KeyError(f"no resource {rtype}.{name}")


def job_order() -> list[str]:
    return block(load_hcl(TERRAFORM / "variables.tf"), "variable", "job_order")["default"]


def script_calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text(), filename=str(path))) if isinstance(node, ast.Call)]


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def requested_options(path: Path) -> set[str]:
    """The names a script asks getResolvedOptions for (its job arguments, without the leading --): the script's
    own call and those of its custom code nodes."""
    calls = [ast.literal_eval(c.args[1]) for c in script_calls(path) if call_name(c) == "getResolvedOptions"]
    assert calls, f"{path.name} never calls getResolvedOptions"
    return {name for names in calls for name in names}


def catalog_io(path: Path) -> tuple[set[str], set[str]]:
    """(tables a job reads from the catalog, tables it writes to the catalog), from its graph: the catalog
    sources, and the table each Publish node (custom code whose first line is ``table_name = ...``: PublishTable,
    and step_trainer_trusted's PublishOwners) names."""
    reads, writes = set(), set()
    for node_id, node in load_graph(path.with_suffix(".json")).items():
        kind, fields = node_type(node_id, node)
        if kind == "CatalogSource":
            reads.add(fields["Table"])
        elif kind == "CustomCode" and fields["Name"].startswith("Publish "):
            first = ast.parse(fields["Code"]).body[0].body[0]
            assert first.targets[0].id == "table_name", f"{path.name}: {fields['Name']} names no table_name first"
            writes.add(first.value.value)
        elif kind in ("S3GlueParquetTarget", "S3DirectTarget") and fields.get("SchemaChangePolicy", {}).get(
            "EnableUpdateCatalog"
        ):
            writes.add(fields["SchemaChangePolicy"]["Table"])
    return reads, writes


def ddl_columns(sql: str) -> list[tuple[str, str]]:
    """Columns of a CREATE TABLE, read the plain way: the lines between the column list's parentheses."""
    create = sql[sql.index("CREATE EXTERNAL TABLE") :]
    body = create.split("(", 1)[1].split("\n)", 1)[0]
    columns = []
    for line in body.strip().splitlines():
        name, col_type = line.strip().rstrip(",").split(None, 1)
        columns.append((name.strip("`"), col_type.strip()))
    return columns


def hcl_string_after(text: str, function: str) -> str:
    """The first string literal passed to `function(` in HCL source, unescaped."""
    match = re.search(re.escape(function) + r'\("((?:[^"\\]|\\.)*)"', text)
    assert match, f'no {function}("...") in the catalog module'
    return match.group(1).replace("\\\\", "\\")


def test_there_are_five_scripts_and_three_ddl_files() -> None:
    assert len(SCRIPTS) == 5, [p.name for p in SCRIPTS]
    # Each script is the rendering of its graph (tests/test_visual_render.py): none without one.
    assert [p.name for p in SCRIPTS if not p.with_suffix(".json").is_file()] == []
    assert len(DDL_FILES) == 3, [p.name for p in DDL_FILES]


def test_every_script_has_exactly_one_job_and_every_job_a_script() -> None:
    etl = load_hcl(TERRAFORM / "modules" / "etl_jobs" / "main.tf")
    # One job and one uploaded object per glue_scripts/*.py, keyed by the script's name ...
    scripts_local = etl["locals"][0]["scripts"]
    assert 'fileset(var.scripts_dir,"*.py")' in scripts_local.replace(" ", "")
    assert resource(etl, "aws_glue_job", "this")["for_each"] == "${local.scripts}"
    assert resource(etl, "aws_s3_object", "script")["for_each"] == "${local.scripts}"
    # ... and the chain names every script exactly once (the module's precondition enforces it at plan too).
    order = job_order()
    assert len(order) == len(set(order))
    assert sorted(order) == [p.stem for p in SCRIPTS]
    root = load_hcl(TERRAFORM / "main.tf")
    assert block(root, "module", "etl_jobs")["scripts_dir"] == "${local.glue_scripts_dir}"


def test_jobs_are_named_like_their_scripts() -> None:
    job = resource(load_hcl(TERRAFORM / "modules" / "etl_jobs" / "main.tf"), "aws_glue_job", "this")
    assert job["name"] == "${var.job_name_prefix}${each.key}"
    prefix = block(load_hcl(TERRAFORM / "variables.tf"), "variable", "job_name_prefix")["default"]
    assert prefix == ""


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_argument_a_script_requests_is_supplied_by_its_job(script: Path) -> None:
    etl = load_hcl(TERRAFORM / "modules" / "etl_jobs" / "main.tf")
    assert resource(etl, "aws_glue_job", "this")["default_arguments"] == "${local.default_arguments}"
    arguments = etl["locals"][0]["default_arguments"]
    supplied = {key.lstrip("-") for key in re.findall(r"""['"](--[A-Za-z_-]+)['"]""", arguments)}
    missing = requested_options(script) - supplied - GLUE_SUPPLIED
    assert not missing, f"{script.name} requests {sorted(missing)}, which its job does not pass"


def test_the_job_arguments_are_wired_from_the_root() -> None:
    etl = block(load_hcl(TERRAFORM / "main.tf"), "module", "etl_jobs")
    assert etl["database_name"] == "${module.catalog.database_name}"
    assert etl["bucket_name"] == "${module.storage.bucket_name}"
    assert etl["profile"] == "${var.profile}"


@pytest.mark.parametrize("ddl", DDL_FILES, ids=lambda p: p.stem)
def test_catalog_landing_table_equals_the_ddl_column_for_column(ddl: Path) -> None:
    """The catalog module builds each table by parsing its DDL; its parse must read the DDL as written."""
    catalog_tf = (TERRAFORM / "modules" / "catalog" / "main.tf").read_text()
    column_pattern = hcl_string_after(catalog_tf, "regexall")
    sql = ddl.read_text()
    as_terraform_reads_it = re.findall(column_pattern, sql)
    assert as_terraform_reads_it == ddl_columns(sql)
    assert len(as_terraform_reads_it) >= 3
    assert re.search(r"CREATE EXTERNAL TABLE IF NOT EXISTS `\$\{DATABASE\}`\.`" + ddl.stem + "`", sql), (
        f"{ddl.name} must create the table it is named after (the catalog names the table by the file)"
    )
    assert "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'" in sql
    zone = ddl.stem.removesuffix("_landing")
    assert f"LOCATION 's3://${{LAKE_BUCKET}}/{zone}/landing/'" in sql


def test_catalog_tables_are_created_from_every_ddl_file() -> None:
    catalog = load_hcl(TERRAFORM / "modules" / "catalog" / "main.tf")
    assert 'fileset(var.ddl_dir,"*.sql")' in catalog["locals"][0]["ddl_files"].replace(" ", "")
    assert resource(catalog, "aws_glue_catalog_table", "landing")["for_each"] == "${local.parsed}"
    assert resource(catalog, "aws_glue_crawler", "landing")["for_each"] == "${aws_glue_catalog_table.landing}"


def test_trigger_chain_follows_the_jobs_catalog_inputs_and_outputs() -> None:
    order = job_order()
    io = {p.stem: catalog_io(p) for p in SCRIPTS}
    producer: dict[str, str] = {}
    for job, (_, writes) in io.items():
        assert writes, f"{job} writes no catalog table"
        for table in writes:
            assert table not in producer, f"{table} is written by both {producer.get(table)} and {job}"
            producer[table] = job
    assert io["step_trainer_trusted"][1] == {"step_trainer_trusted", "step_reading_owners_trusted"}
    landing = {p.stem for p in DDL_FILES}
    for position, job in enumerate(order):
        reads, _ = io[job]
        assert reads, f"{job} reads no catalog table"
        for table in reads:
            if table in landing:
                continue
            assert table in producer, f"{job} reads {table}, which no job writes and no DDL defines"
            assert order.index(producer[table]) < position, (
                f"{job} reads {table} but runs before {producer[table]}, which writes it"
            )


def test_triggers_wire_each_job_to_its_predecessor_in_job_order() -> None:
    etl = load_hcl(TERRAFORM / "modules" / "etl_jobs" / "main.tf")
    predecessor = etl["locals"][0]["predecessor"].replace(" ", "")
    assert predecessor == "${{fori,jobinvar.job_order:job=>var.job_order[i-1]ifi>0}}"
    start = resource(etl, "aws_glue_trigger", "start")
    assert start["type"] == "ON_DEMAND"
    assert start["actions"][0]["job_name"] == "${aws_glue_job.this[var.job_order[0]].name}"
    after = resource(etl, "aws_glue_trigger", "after")
    assert after["for_each"] == "${local.predecessor}"
    assert after["type"] == "CONDITIONAL"
    (condition,) = after["predicate"][0]["conditions"]
    assert condition["job_name"] == "${aws_glue_job.this[each.value].name}"
    assert condition["state"] == "SUCCEEDED"
    assert after["actions"][0]["job_name"] == "${aws_glue_job.this[each.key].name}"


def test_job_order_is_the_readme_job_order() -> None:
    readme = (REPO / "README.md").read_text()
    documented = re.findall(r"^\d+\. `(\w+)`:", readme, flags=re.MULTILINE)
    assert documented == job_order()

"""``stedi visual render|check|schemas|diagram|publish|pull|diff`` (also ``python -m stedi.visual ...``).

Without ``--job``, pull and diff take the job names from the graph files (``glue_scripts/<job>.json``), which
holds with Terraform's default ``job_name_prefix = ""``; with a prefix, name the job (``--job``): the files are
then written under the job's full name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DIR = Path("glue_scripts")


def _jobs(args) -> list[str]:
    from stedi.visual.render import graph_files

    return [args.job] if args.job else [path.stem for path in graph_files(args.dir)]


def _render(args) -> int:
    from stedi.visual.render import graph_files, load_graph, render_script

    if args.graph:
        script = render_script(load_graph(args.graph))
        if args.output:
            args.output.write_text(script, encoding="utf-8")
            print(f"{args.output}  (from {args.graph})")
        else:
            sys.stdout.write(script)
        return 0
    if args.output:
        raise ValueError("-o/--output needs a GRAPH.json to render")
    graphs = graph_files(args.dir)
    if not graphs:
        print(f"no graphs (*.json) in {args.dir}/: nothing rendered")
    for graph in graphs:
        script = graph.with_suffix(".py")
        script.write_text(render_script(load_graph(graph)), encoding="utf-8")
        print(f"{script}  (from {graph})")
    return 0


def _check(args) -> int:
    from stedi.visual.check import check_files
    from stedi.visual.render import graph_files

    paths = args.graphs or graph_files(args.dir)
    if not paths:
        print(f"no graphs (*.json) in {args.dir}/: nothing checked")
        return 0
    failed = 0
    for path, errors in check_files(paths).items():
        print(f"{path}: {'ok' if not errors else f'{len(errors)} problem(s)'}")
        for error in errors:
            print(f"  {error}")
        failed += bool(errors)
        # Glue accepts a graph without schemas (they are optional in CreateJob): a note, not a problem.
        for note in _missing_schemas(path):
            print(f"  note: {note} (`stedi visual schemas` writes it)")
    return 1 if failed else 0


def _missing_schemas(path: Path) -> list[str]:
    from stedi.visual.render import GraphError, load_graph
    from stedi.visual.schemas import missing_schemas

    try:
        return missing_schemas(load_graph(path))
    except GraphError:
        return []  # reported by the check itself


def _schemas(args) -> int:
    import tempfile

    from stedi.visual.schemas import compute_schemas, write_schemas

    with tempfile.TemporaryDirectory(prefix="stedi-schemas-") as scratch:
        lake = args.lake or Path(scratch) / "lake"
        found = compute_schemas(args.dir, lake, progress=lambda line: print(line, file=sys.stderr))
    changed = write_schemas(args.dir, found)
    for job in sorted(found):
        path = args.dir / f"{job}.json"
        print(f"{path}: {'OutputSchemas written' if path in changed else 'unchanged'} ({len(found[job])} nodes)")
    return 0


def _diagram(args) -> int:
    from stedi.visual.diagram import diagrams_markdown
    from stedi.visual.render import graph_files

    paths = args.graphs or graph_files(args.dir)
    if not paths:
        print(f"no graphs (*.json) in {args.dir}/: nothing drawn")
        return 0
    sys.stdout.write(diagrams_markdown(paths))
    return 0


def _aws_errors_reported(command):
    """An AWS error (no such job, no credentials, ...) is one line on stderr and exit 1, not a traceback."""

    def run(args) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return command(args)
        except (BotoCoreError, ClientError) as exc:
            print(f"stedi: error: {exc}", file=sys.stderr)
            return 1

    return run


def _clients(args):
    import boto3

    session = boto3.session.Session(region_name=args.region) if args.region else boto3.session.Session()
    return session.client("glue"), session.client("s3")


@_aws_errors_reported
def _publish(args) -> int:
    from stedi.visual.publish import publish
    from stedi.visual.render import load_graph

    values = {name: v for name, v in (("DATABASE", args.database), ("LAKE_BUCKET", args.bucket)) if v}
    glue, _s3 = _clients(args)
    update = publish(glue, args.job, load_graph(args.graph), values)
    print(f"{args.job}: published {args.graph} ({len(update['CodeGenConfigurationNodes'])} nodes, JobMode VISUAL)")
    return 0


@_aws_errors_reported
def _pull(args) -> int:
    from stedi.visual.pull import pull

    jobs = _jobs(args)
    if not jobs:
        print(f"no graphs (*.json) in {args.dir}/ and no --job: nothing pulled")
    glue, s3 = _clients(args)
    for job in jobs:
        for path in pull(glue, s3, job, args.dir, warn=lambda message: print(message, file=sys.stderr)):
            print(path)
    return 0


@_aws_errors_reported
def _diff(args) -> int:
    from stedi.visual.pull import PullRefused, diff

    glue, s3 = _clients(args)
    different = 0
    for job in _jobs(args):
        try:
            text = diff(glue, s3, job, args.dir)
        except PullRefused as exc:
            print(f"stedi: {exc}", file=sys.stderr)
            different += 1
            continue
        sys.stdout.write(text)
        different += bool(text)
    return 1 if different else 0


def add_visual_parser(sub) -> None:
    """The ``stedi visual`` subcommand (added to the CLI's subparsers)."""
    visual = sub.add_parser("visual", help="Glue Studio graphs: render, check, diagram, publish, pull, diff")
    _add_commands(visual)


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="visual_command", required=True)

    def folder(p):
        p.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="graphs and scripts (default: glue_scripts)")

    def aws(p):
        p.add_argument("--region", help="AWS region (default: the AWS CLI configuration)")

    render = commands.add_parser("render", help="graph -> the script Glue Studio generates (no GRAPH: glue_scripts/)")
    render.add_argument(
        "graph", type=Path, nargs="?", help="a CodeGenConfigurationNodes JSON or a Git-integration job JSON"
    )
    render.add_argument("-o", "--output", type=Path, help="write the script here (default: stdout)")
    folder(render)
    render.set_defaults(func=_render)

    check = commands.add_parser("check", help="validate graphs (botocore CreateJob + graph rules); exit 1 on a problem")
    check.add_argument("graphs", type=Path, nargs="*", help="graph files (default: glue_scripts/*.json)")
    folder(check)
    check.set_defaults(func=_check)

    schemas = commands.add_parser(
        "schemas", help="run the jobs on sample data; write each node's OutputSchemas into its graph"
    )
    schemas.add_argument("--lake", type=Path, help="where to run (default: a temporary folder)")
    folder(schemas)
    schemas.set_defaults(func=_schemas)

    diagram = commands.add_parser("diagram", help="each graph as a Mermaid flowchart (Markdown, as in the README)")
    diagram.add_argument("graphs", type=Path, nargs="*", help="graph files (default: glue_scripts/*.json)")
    folder(diagram)
    diagram.set_defaults(func=_diagram)

    publish = commands.add_parser("publish", help="UpdateJob: the graph onto a deployed job, every other field kept")
    publish.add_argument("--job", required=True, help="Glue job name")
    publish.add_argument("--graph", type=Path, required=True, help="the job's graph file")
    publish.add_argument("--database", help="value of ${DATABASE} (default: the job's --DATABASE argument)")
    publish.add_argument("--bucket", help="value of ${LAKE_BUCKET} (default: the job's --LAKE_BUCKET argument)")
    aws(publish)
    publish.set_defaults(func=_publish)

    for name, func, text in (
        ("pull", _pull, "write a deployed job's graph and script into glue_scripts/"),
        ("diff", _diff, "deployed vs repository; writes nothing; exit 1 on a difference"),
    ):
        p = commands.add_parser(name, help=text)
        p.add_argument("--job", help="Glue job name (default: every glue_scripts/<job>.json)")
        folder(p)
        aws(p)
        p.set_defaults(func=func)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stedi.visual", description=__doc__)
    _add_commands(parser)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError) as exc:
        print(f"stedi: error: {exc}", file=sys.stderr)
        return 1

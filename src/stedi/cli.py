"""``stedi``: run the Glue scripts locally, query the local lake, check it, screenshot it, generate sample data."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from stedi.pipeline import DEFAULT_BUCKET, DEFAULT_DATABASE, PROFILES, PipelineError

DEFAULT_LAKE = Path("lake")
#: The Glue version `run` and `glue-run` use without --glue-version (else Terraform's default glue_version).
GLUE_VERSION_ENV = "STEDI_GLUE_VERSION"
_REEXEC_ENV = "STEDI_ENGINE_REEXEC"


def _pipeline(args, progress=print) -> dict:
    """Run the pipeline on the arguments' lake, landing, profile, database and bucket; print and return the counts."""
    from stedi.pipeline import format_summary, run_pipeline

    summary = run_pipeline(
        lake=args.lake,
        landing=args.landing,
        profile=args.profile,
        database=args.database,
        bucket=args.bucket,
        progress=progress,
        verbose=getattr(args, "verbose", False),
    )
    print(format_summary(summary))
    return summary


def _run(args) -> int:
    from stedi.pipeline import write_summary

    summary = _pipeline(args, progress=lambda message: print(message, flush=True))
    if args.summary_json:
        write_summary(summary, args.summary_json)
    return 0


def _glue_run(args) -> int:
    """Run one Glue script against the lake; tables it reads come from ``--ddl`` files or an earlier registration.

    The project's landing tables are not registered here (``stedi run`` does that in its own database): a table
    the user registered is never replaced, except by a ``--ddl`` file given in this very call.
    """
    from awsglue.catalog import LocalCatalog
    from stedi.pipeline import lake_lock, run_glue_script
    from stedi.spark import configure_local_spark

    if not args.script.is_file():  # before anything starts
        raise PipelineError(f"Glue script not found: {args.script}")
    args.lake.mkdir(parents=True, exist_ok=True)
    with lake_lock(args.lake):  # a script writes into the lake: never beside a running `stedi run`
        for ddl in args.ddl:
            LocalCatalog(args.lake).add_ddl(ddl, args.database, on_skip=print)
        configure_local_spark(args.lake, verbose=args.verbose)
        run_glue_script(args.script, args.job_args)
    return 0


def _catalog(args) -> int:
    """``stedi catalog add FILE...|list|drop TABLE...``: the local Data Catalog from the user's Athena DDL."""
    from awsglue.catalog import LocalCatalog

    catalog = LocalCatalog(args.lake)
    if args.action == "add":
        if not args.items:
            raise PipelineError("stedi catalog add needs one or more DDL files")
        for path in args.items:
            for table in catalog.add_ddl(Path(path), args.database, on_skip=print):
                print(f"{table['DatabaseName']}.{table['Name']}  {table['StorageDescriptor']['Location']}")
    elif args.action == "list":
        for database in [args.database] if args.database else catalog.databases():
            for table in catalog.list_tables(database):
                kind = table.get("Parameters", {}).get("classification", "")
                print(f"{database}.{table['Name']}  {kind}  {table['StorageDescriptor']['Location']}")
    else:
        if not args.items:
            raise PipelineError("stedi catalog drop needs one or more table names ([DATABASE.]TABLE)")
        for item in args.items:
            database, _, name = item.rpartition(".")
            database = database or args.database
            if not database:
                raise PipelineError(f"table {item}: give its database (DATABASE.{item}) or --database")
            catalog.drop_table(database, name)
            print(f"dropped {database}.{name}")
    return 0


def _query(args) -> int:
    from stedi.query import query

    df = query(args.lake, args.sql, database=args.database)
    df.show(args.limit, truncate=False)
    return 0


def _generate(args) -> int:
    import json

    from stedi.generate import generate

    manifest = generate(args.out, scale=args.scale, seed=args.seed, serial_defect=args.serial_defect)
    print(json.dumps(manifest["landing"], indent=2))
    return 0


def _athena_client(args):
    import boto3

    return boto3.client("athena", region_name=args.region) if args.region else boto3.client("athena")


def _check(args) -> int:
    """Run every check query; print the pass/fail table; exit 1 when any check fails (the table names it)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from stedi.aws.athena import AthenaQueryError
    from stedi.checks import CheckError, LocalEngine, format_results, load_checks, run_athena, run_local

    checks = [c for c in load_checks() if not (args.skip_counts and c.rule == "rows")]
    try:
        if args.athena:
            results = run_athena(_athena_client(args), args.profile, args.database, args.workgroup, checks=checks)
            engine = f"Amazon Athena, workgroup {args.workgroup}, database {args.database}"
        else:
            local = LocalEngine(args.lake, args.database)
            results = run_local(args.lake, args.profile, args.database, checks=checks, engine=local)
            engine = local.engine
    except (CheckError, AthenaQueryError, BotoCoreError, ClientError) as exc:
        print(f"stedi: error: {exc}", file=sys.stderr)
        return 1
    print(format_results(results, args.profile, engine))
    return 0 if all(r.passed for r in results) else 1


def _screenshots(args) -> int:
    """Render screenshots/*.png from real query results: the local lake (after `stedi run`) or Athena."""
    from botocore.exceptions import BotoCoreError, ClientError

    from stedi.aws.athena import AthenaQueryError
    from stedi.checks import CheckError
    from stedi.render import captures_athena, captures_local, write_screenshots

    try:
        if args.athena:
            captures = captures_athena(_athena_client(args), args.profile, args.database, args.workgroup)
        else:
            if args.landing:
                _pipeline(args)
            captures = captures_local(args.lake, args.profile, args.database)
    except (CheckError, AthenaQueryError, BotoCoreError, ClientError) as exc:
        print(f"stedi: error: {exc}", file=sys.stderr)
        return 1
    for path, capture in zip(write_screenshots(captures, args.out), captures, strict=True):
        print(f"{path}  ({capture.total_rows} rows, {capture.engine})")
    checks = captures[-1]
    failed = [row[0] for row, status in zip(checks.rows, checks.status, strict=True) if status == "FAIL"]
    if failed:
        print(
            f"stedi: warning: checks failed ({', '.join(failed)}); the committed screenshots show the strict run of "
            "the real starter data: `stedi screenshots --landing ../shared/data/stedi --lake DIR`",
            file=sys.stderr,
        )
    return 0


def _use_engine(version: str | None, argv: list[str]) -> None:
    """Return when this interpreter's PySpark is Glue ``version``'s engine; otherwise re-run ``argv`` in that
    version's locked environment (made on first use), replacing this process.

    ``version``: ``--glue-version``, else ``$STEDI_GLUE_VERSION``, else Terraform's default ``glue_version``.
    """
    from importlib.metadata import version as installed

    from awsglue.versions import for_spark
    from stedi import engines

    version = version or os.environ.get(GLUE_VERSION_ENV) or engines.default_glue_version()
    engines.check_version(version)
    pyspark = installed("pyspark")
    try:
        if for_spark(pyspark).version == version:
            return
    except ValueError:
        pass  # a PySpark that is no Glue version's engine: run in the locked one
    if os.environ.get(_REEXEC_ENV) == version:  # the environment made for it did not give it: never loop
        raise engines.EngineError(f"{sys.prefix} has PySpark {pyspark}, not Glue {version}'s; remove it and retry")
    glue = engines.GLUE_VERSIONS[version]
    print(
        f"stedi: Glue {version} runs PySpark {glue.spark} on Python {glue.python}, this environment has PySpark "
        f"{pyspark}: running in {engines.venv_dir(version)}",
        file=sys.stderr,
        flush=True,
    )
    python = str(engines.ensure_engine(version) / "bin" / "python")
    os.environ[_REEXEC_ENV] = version
    os.execv(python, [python, "-m", "stedi.cli", *argv])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stedi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def glue_version_option(p):
        p.add_argument(
            "--glue-version",
            metavar="V",
            help=f"run on Glue V's engine, its PySpark and Python (default: ${GLUE_VERSION_ENV}, else terraform/"
            "variables.tf's glue_version); another version's locked environment is made on first use",
        )

    def lake_options(p):
        p.add_argument("--lake", type=Path, default=DEFAULT_LAKE, help="local lake folder (default: ./lake)")
        p.add_argument("--database", default=DEFAULT_DATABASE, help="catalog database (default: stedi)")
        p.add_argument("--bucket", default=DEFAULT_BUCKET, help="lake bucket name passed to the jobs")

    run = sub.add_parser("run", help="run the five Glue scripts locally, in order, and print row counts")
    lake_options(run)
    run.add_argument(
        "--landing",
        type=Path,
        help="folder with {customer,accelerometer,step_trainer}/landing/; default: generated sample data",
    )
    run.add_argument("--profile", choices=PROFILES, default="strict", help="privacy profile (default: strict)")
    run.add_argument("--summary-json", type=Path, help="also write the counts as JSON to this file")
    run.add_argument("--verbose", action="store_true", help="show Spark's own WARN/INFO log lines")
    glue_version_option(run)
    run.set_defaults(func=_run)

    cat = sub.add_parser("catalog", help="register, list or drop tables of the local Data Catalog (Athena DDL)")
    cat.add_argument("action", choices=("add", "list", "drop"))
    cat.add_argument("items", nargs="*", help="add: DDL files; drop: [DATABASE.]TABLE names")
    cat.add_argument("--lake", type=Path, default=DEFAULT_LAKE, help="local lake folder (default: ./lake)")
    cat.add_argument("--database", help="database of tables whose DDL or name gives none (list: only this one)")
    cat.set_defaults(func=_catalog)

    glue_run = sub.add_parser("glue-run", help="run any Glue script against the local lake")
    lake_options(glue_run)
    glue_run.add_argument(
        "--ddl",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="register the tables of this Athena DDL file first (repeatable); tables without a database get --database",
    )
    glue_run.add_argument("--verbose", action="store_true", help="show Spark's own WARN/INFO log lines")
    glue_version_option(glue_run)
    glue_run.add_argument("script", type=Path)
    glue_run.add_argument("job_args", nargs="*", help="after --: the job arguments, --JOB_NAME x --KEY value ...")
    glue_run.set_defaults(func=_glue_run)

    q = sub.add_parser("query", help="run SQL over the local catalog tables (the local stand-in for Athena)")
    lake_options(q)
    q.add_argument("sql")
    q.add_argument("--limit", type=int, default=20, help="rows to show (default: 20)")
    q.set_defaults(func=_query)

    gen = sub.add_parser("generate", help="write realistic landing data")
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--scale", type=float, default=1.0, help="1 = the real data's row counts")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument(
        "--serial-defect",
        type=int,
        default=None,
        metavar="N",
        help="customer records carry serials drawn from N reused values (the course's website defect); "
        "default: every customer's own serial",
    )
    gen.set_defaults(func=_generate)

    def athena_options(p):
        p.add_argument("--profile", choices=PROFILES, default="strict", help="profile the lake was built with")
        p.add_argument("--athena", action="store_true", help="query Athena (boto3) instead of the local lake")
        p.add_argument("--workgroup", help="Athena workgroup (with --athena; Terraform output athena_workgroup)")
        p.add_argument("--region", help="AWS region (with --athena; default: the AWS CLI configuration)")

    check = sub.add_parser("check", help="run athena_ddl/checks/*.sql; print pass/fail; exit 1 if any fails")
    lake_options(check)
    athena_options(check)
    check.add_argument(
        "--skip-counts",
        action="store_true",
        help="skip the row-count checks (they expect the course's counts on its starter data, e.g. not `make run`'s)",
    )
    check.set_defaults(func=_check)

    shots = sub.add_parser("screenshots", help="render screenshots/*.png from real query results")
    lake_options(shots)
    athena_options(shots)
    shots.add_argument("--landing", type=Path, help="run the pipeline on this landing data into --lake first")
    shots.add_argument("--out", type=Path, default=Path("screenshots"), help="folder (default: ./screenshots)")
    shots.set_defaults(func=_screenshots)
    from stedi.bench import add_bench_parser

    add_bench_parser(sub)
    from stedi.dev import add_dev_parser

    add_dev_parser(sub)
    from stedi.visual.cli import add_visual_parser

    add_visual_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Everything after "--" belongs to the Glue job, wherever stedi's own options stand.
    job_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = build_parser()
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    if getattr(args, "athena", False) and not args.workgroup:
        parser.error(f"{args.command} --athena needs --workgroup")
    if args.command == "glue-run":
        args.job_args = args.job_args + job_args
    from stedi.engines import EngineError

    try:
        if args.command in ("run", "glue-run"):
            _use_engine(args.glue_version, argv)
        return args.func(args)
    except (PipelineError, FileNotFoundError, LookupError, ValueError, EngineError) as exc:
        print(f"stedi: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

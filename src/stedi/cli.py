"""``stedi``: run the Glue scripts locally, query the local lake, generate sample data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stedi.pipeline import DEFAULT_BUCKET, DEFAULT_DATABASE, PROFILES, PipelineError

DEFAULT_LAKE = Path("lake")


def _run(args) -> int:
    from stedi.pipeline import format_summary, run_pipeline, write_summary

    summary = run_pipeline(
        lake=args.lake,
        landing=args.landing,
        profile=args.profile,
        database=args.database,
        bucket=args.bucket,
        progress=lambda message: print(message, flush=True),
    )
    print(format_summary(summary))
    if args.summary_json:
        write_summary(summary, args.summary_json)
    return 0


def _glue_run(args) -> int:
    from stedi.catalog import LocalCatalog
    from stedi.pipeline import run_glue_script
    from stedi.spark import local_spark

    local_spark(args.lake)
    LocalCatalog(args.lake).register_landing_tables(args.database, args.bucket)
    try:
        run_glue_script(args.script, args.job_args)
    except PipelineError:
        raise
    except Exception as exc:
        raise PipelineError(f"{args.script} failed: {type(exc).__name__}: {exc}") from exc
    return 0


def _query(args) -> int:
    from stedi.query import query

    df = query(args.lake, args.sql, database=args.database)
    df.show(args.limit, truncate=False)
    return 0


def _generate(args) -> int:
    import json

    from stedi.generate import generate

    manifest = generate(args.out, scale=args.scale, seed=args.seed)
    print(json.dumps(manifest["landing"], indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stedi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

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
    run.set_defaults(func=_run)

    glue_run = sub.add_parser("glue-run", help="run any Glue script against the local lake")
    lake_options(glue_run)
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
    gen.set_defaults(func=_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Everything after "--" belongs to the Glue job, wherever stedi's own options stand.
    job_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = build_parser().parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    if args.command == "glue-run":
        args.job_args = args.job_args + job_args
    try:
        return args.func(args)
    except (PipelineError, FileNotFoundError, LookupError, ValueError) as exc:
        print(f"stedi: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""``stedi dev``: a warm edit-to-counts loop over the Glue jobs, in one Spark session that stays up.

It runs the pipeline once, then watches ``glue_scripts/`` and the landing folder (their files' modification times,
polled):

- a saved graph (``<job>.json``) is rendered to its script (``stedi visual render``), and says so;
- a saved script (``<job>.py``), or a rendered one, runs that job and the jobs downstream of it: the later jobs
  (``stedi.pipeline.JOBS`` order) that read a table it writes, and so on; a downstream job whose tables have the
  same rows as when it last ran is skipped, and says so (an edit of a comment, a DQ rule, a node's name or a
  rewrite that gives the same rows does not re-run the jobs after it);
- a changed landing file runs every job.

After each run it prints the row counts, the Data Quality outcomes and the quarantine counts, as ``stedi run``
does; only the tables the run wrote (and the landing tables when the landing changed) are counted again, the
others keep the count they had, since the loop holds the lake's lock and nothing else writes them. A failing job
prints its error with the script's line, the jobs downstream of it are not run, and the loop goes on. Spark keeps
its optimising compiler here (``long_lived``), which a single short run does without. A re-run leaves the lake as
a fresh ``stedi run`` would (tests/test_dev.py; a skipped job's tables are what it would write again): the scripts
replace their tables and quarantines themselves, and what a job cached is cleared after it, as in ``stedi run``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from stedi.catalog import LANDING_TABLES
from stedi.layout import DEFAULT_BUCKET, DEFAULT_DATABASE, ENTITIES, JOBS, SCRIPTS_DIR, TABLES
from stedi.pipeline import PipelineError, format_summary, lake_lock, prepare_lake, run_jobs, summarize

POLL_SECONDS = 0.5
# The generated code of a catalog source node (stedi.visual.render): the tables a job reads.
_CATALOG_READ = re.compile(r'create_dynamic_frame\.from_catalog\([^)]*?table_name="([^"]+)"')


def catalog_reads(script: Path) -> set[str]:
    """The catalog tables a rendered script reads (lower case, as the catalog names them)."""
    return {name.lower() for name in _CATALOG_READ.findall(script.read_text(encoding="utf-8"))}


class _Outcomes(logging.Handler):
    """Collects the Data Quality outcomes the runtime logs (logger ``awsgluedq``, see ``EvaluateDataQuality``)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[tuple[str, list[dict]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        outcomes = getattr(record, "dq_outcomes", None)
        if outcomes is not None:
            self.records.append((getattr(record, "dq_context", ""), outcomes))


class DevLoop:
    """The loop's state: the lake, what each job wrote, the files' last seen modification times."""

    def __init__(
        self,
        lake: Path,
        landing: Path | None = None,
        profile: str = "strict",
        database: str = DEFAULT_DATABASE,
        bucket: str = DEFAULT_BUCKET,
        scripts_dir: Path = SCRIPTS_DIR,
        out: Callable[[str], None] = print,
        verbose: bool = False,
    ):
        self.lake, self.landing, self.profile = Path(lake).resolve(), landing, profile
        self.database, self.bucket, self.scripts_dir = database, bucket, Path(scripts_dir)
        self.out, self.verbose = out, verbose
        # The catalog tables each job wrote when it last ran (seen in the catalog), for its downstream jobs.
        self.writes: dict[str, set[str]] = {}
        self.seen: dict[Path, int] = {}
        self.summary: dict | None = None
        self.failed: str | None = None
        # Tables written since the last summary (or whose writer failed part-way): counted again, the others not.
        self.stale: set[str] = set(TABLES)
        # Each catalog table's rows when a job last wrote it (see fingerprints); absent: not known.
        self.fingerprints: dict[str, tuple] = {}

    # -- what to watch --------------------------------------------------------------------------------------
    def _watched(self) -> dict[Path, int]:
        files = [p for p in self.scripts_dir.glob("*") if p.suffix in (".py", ".json")]
        for entity in ENTITIES:
            folder = self.lake / self.bucket / entity / "landing"
            files += [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
        stamps = {}
        for path in files:
            try:
                stamps[path] = path.stat().st_mtime_ns
            except FileNotFoundError:  # removed while listed (an editor's save by rename)
                pass
        return stamps

    def _settled(self) -> dict[Path, int]:
        """The watched files once two looks a moment apart agree: an editor's save can take several writes."""
        stamps = self._watched()
        while True:
            time.sleep(0.05)
            again = self._watched()
            if again == stamps:
                return stamps
            stamps = again

    # -- which jobs -----------------------------------------------------------------------------------------
    def downstream(self, edited: Iterable[str]) -> list[str]:
        """``edited`` and the later jobs that read a table one of the jobs to run writes, in ``JOBS`` order."""
        edited, run, dirty, unknown = set(edited), [], set(), False
        for job in JOBS:
            script = self.scripts_dir / f"{job}.py"
            reads = catalog_reads(script) if script.is_file() else set()
            if job in edited or reads & dirty or (unknown and reads):
                run.append(job)
                if job in self.writes:
                    dirty |= self.writes[job]
                else:  # never ran to the end: what it writes is not known, so whatever reads a table may depend on it
                    unknown = True
        return run

    def _catalog_stamps(self) -> dict[str, int]:
        folder = self.lake / "_catalog" / self.database.lower()
        return {p.stem: p.stat().st_mtime_ns for p in folder.glob("*.json")} if folder.is_dir() else {}

    # -- running --------------------------------------------------------------------------------------------
    def start(self) -> dict | None:
        """Prepare the lake and run every job (Spark starts with the first one)."""
        prepare_lake(self.lake, self.landing, self.database, self.bucket, self.out, self.verbose, long_lived=True)
        self.seen = self._watched()
        return self.run(JOBS, "start")

    def run(self, jobs: list[str], why: str, edited: Iterable[str] | None = None) -> dict | None:
        """Run ``jobs`` in order, but a job not ``edited`` (default: all are) whose tables have the same rows as when
        it last ran; print the counts, the Data Quality outcomes and the quarantine counts.

        :return: the summary, or None when a job failed (its error printed); ``self.ran``: the jobs run or tried
        """
        started = time.perf_counter()
        edited = set(jobs) if edited is None else set(edited)
        self.out(f"{why}: running {', '.join(jobs)}")
        handler = _Outcomes()
        logger = logging.getLogger("awsgluedq")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        self.failed, self.ran = None, []
        changed: set[str] = set()  # the tables whose rows this run changed (or may have)
        try:
            for number, job in enumerate(jobs, start=1):
                if job not in edited and job in self.writes and not self._reads(job) & changed:
                    self.out(f"[{number}/{len(jobs)}] {job} skipped: the tables it reads have the same rows")
                    continue
                self.ran.append(job)
                before = self._catalog_stamps()
                try:
                    progress = _numbered(self.out, number, len(jobs))
                    run_jobs([job], self.lake, self.profile, self.database, self.bucket, progress, self.scripts_dir)
                except PipelineError as exc:
                    self.failed = job
                    self.writes.pop(job, None)
                    self.stale |= set(TABLES) - set(LANDING_TABLES)  # it may have published before it failed
                    after = self._catalog_stamps()  # what it published: its rows are no longer known
                    for table in (t for t in after if before.get(t) != after[t]):
                        self.fingerprints.pop(table, None)
                    self.out(f"error: {exc}")
                    rest = jobs[number:]
                    self.ran += rest
                    if rest:
                        self.out(f"not run (downstream of {job}): {', '.join(rest)}")
                    return None
                after = self._catalog_stamps()
                self.writes[job] = {t for t, stamp in after.items() if before.get(t) != stamp}
                self.stale |= self.writes[job]
                later_reads = set().union(*[self._reads(j) for j in jobs[number:]])
                changed |= self._changed(self.writes[job], needed=self.writes[job] & later_reads)
        finally:
            logger.removeHandler(handler)
            for context, outcomes in handler.records:
                passed = sum(o["Outcome"] == "Passed" for o in outcomes)
                self.out(f"Data Quality {context}: {passed} of {len(outcomes)} rules passed")
                for o in outcomes:
                    if o["Outcome"] != "Passed":
                        self.out(f"  {o['Outcome']}: {o['Rule']}: {o['FailureReason']}")
        known = {t: n for t, n in (self.summary or {}).get("tables", {}).items() if t not in self.stale}
        self.summary = summarize(self.lake, self.profile, self.database, self.bucket, lambda _message: None, known)
        self.stale = set()
        self.out(format_summary(self.summary))
        self.out(f"done in {time.perf_counter() - started:.1f}s")
        return self.summary

    def _reads(self, job: str) -> set[str]:
        script = self.scripts_dir / f"{job}.py"
        return catalog_reads(script) if script.is_file() else set()

    def _changed(self, written: set[str], needed: set[str]) -> set[str]:
        """Of the tables just ``written``, those whose rows differ from when they were last written (or are not
        known). Only the ``needed`` ones (a later job of this run reads them) are fingerprinted; the others'
        fingerprints are forgotten, so their next comparison counts them as changed."""
        from pyspark.sql import SparkSession

        for table in written - needed:
            self.fingerprints.pop(table, None)
        if not needed:
            return set()
        now = fingerprints(SparkSession.builder.getOrCreate(), self.lake, self.database, needed)
        changed = {t for t in needed if self.fingerprints.get(t) != now[t]}
        self.fingerprints.update(now)
        return changed

    def poll(self) -> list[str] | None:
        """Look once for saved files and act on them; return the jobs run (None: nothing changed)."""
        stamps = self._watched()
        if stamps == self.seen:
            return None
        stamps = self._settled()
        changed = {p for p in stamps.keys() | self.seen.keys() if stamps.get(p) != self.seen.get(p)}
        self.seen = stamps
        edited: set[str] = set()
        for graph in sorted(p for p in changed if p.parent == self.scripts_dir and p.suffix == ".json"):
            if graph.is_file():
                edited |= self._render(graph)
        for script in sorted(p for p in changed if p.parent == self.scripts_dir and p.suffix == ".py"):
            if script.stem in JOBS and script.is_file():
                edited.add(script.stem)
        landing = sorted(p for p in changed if p.parent != self.scripts_dir)
        if landing:
            self.out(f"landing changed ({len(landing)} file(s), e.g. {landing[0]})")
            edited |= set(JOBS)
            self.stale |= set(LANDING_TABLES)
        if not edited:
            return None
        jobs = self.downstream(edited)
        self.run(jobs, f"saved: {', '.join(sorted(edited))}", edited)
        return self.ran

    def _render(self, graph: Path) -> set[str]:
        """Render a saved graph to its script; the job to run when the script changed."""
        from stedi.visual.render import load_graph, render_script

        script = graph.with_suffix(".py")
        try:
            text = render_script(load_graph(graph))
        except Exception as exc:  # a half-edited graph: say why, keep the old script, go on watching
            self.out(f"{graph.name}: not rendered: {type(exc).__name__}: {exc}")
            return set()
        if script.is_file() and script.read_text(encoding="utf-8") == text:
            self.out(f"{graph.name} saved: {script.name} unchanged")
            return set()
        script.write_text(text, encoding="utf-8")
        self.seen[script] = script.stat().st_mtime_ns
        self.out(f"{graph.name} saved: re-rendered {script.name}")
        return {script.stem} if script.stem in JOBS else set()

    def forever(self, interval: float = POLL_SECONDS) -> None:
        self.out(f"watching {self.scripts_dir} and the landing folder (Ctrl-C to stop)")
        while True:
            if self.poll() is not None:
                self.out("watching ...")
            time.sleep(interval)


def fingerprints(spark, lake: Path, database: str, tables: Iterable[str]) -> dict[str, tuple]:
    """Per table: its columns with their types, its row count, and the sum of a 64-bit hash of each row's JSON
    (order-free; JSON names each non-null field, so moving a value to another column changes it). Equal
    fingerprints mean the same rows but for a hash collision (chance ~2^-64 per comparison). One Spark job."""
    from functools import reduce

    from pyspark.sql import functions as F

    from stedi.query import catalog_frames

    frames = catalog_frames(spark, lake, database, sorted(tables))
    hashed = [
        frame.select(F.lit(t).alias("t"), F.xxhash64(F.to_json(F.struct(*map(F.col, frame.columns)))).alias("h"))
        for t, frame in frames.items()
    ]
    # Summed as decimals: a long sum of hashes would overflow (an error under ANSI SQL, Glue 6's default).
    rows = (
        reduce(lambda a, b: a.union(b), hashed)
        .groupBy("t")
        .agg(F.count("*").alias("n"), F.sum(F.col("h").cast("decimal(38,0)")).alias("s"))
    )
    found = {r["t"]: (r["n"], r["s"]) for r in rows.collect()}
    return {t: (frame.schema.simpleString(), *found.get(t, (0, None))) for t, frame in frames.items()}


def _numbered(out, number: int, total: int):
    """``run_jobs`` counts the one job it is given as [1/1]: show its place in this run instead."""
    return lambda message: out(message.replace("[1/1]", f"[{number}/{total}]", 1))


def run_dev(lake: Path, landing: Path | None, profile: str, database: str, bucket: str, verbose: bool,
            interval: float = POLL_SECONDS) -> None:  # fmt: skip
    lake = Path(lake).resolve()
    lake.mkdir(parents=True, exist_ok=True)
    with lake_lock(lake):
        loop = DevLoop(lake, landing, profile, database, bucket, verbose=verbose)
        loop.start()
        try:
            loop.forever(interval)
        except KeyboardInterrupt:
            loop.out("stopped")


def add_dev_parser(sub) -> None:
    """The ``stedi dev`` subcommand (added to the CLI's subparsers)."""
    from stedi.layout import PROFILES

    dev = sub.add_parser("dev", help="run the pipeline, then re-run each job you save (graph or script), warm")
    dev.add_argument("--lake", type=Path, default=Path("lake"), help="local lake folder (default: ./lake)")
    dev.add_argument("--database", default=DEFAULT_DATABASE, help="catalog database (default: stedi)")
    dev.add_argument("--bucket", default=DEFAULT_BUCKET, help="lake bucket name passed to the jobs")
    dev.add_argument("--landing", type=Path, help="landing folder; default: generated sample data")
    dev.add_argument("--profile", choices=PROFILES, default="strict", help="privacy profile (default: strict)")
    dev.add_argument("--interval", type=float, default=POLL_SECONDS, help="seconds between looks (default: 0.5)")
    dev.add_argument("--verbose", action="store_true", help="show Spark's own WARN/INFO log lines")
    dev.set_defaults(
        func=lambda a: run_dev(a.lake, a.landing, a.profile, a.database, a.bucket, a.verbose, a.interval) or 0
    )

"""Screenshots of query results: each PNG shows the SQL, the engine that ran it, the total row count and the first
rows as a grid, rendered from a real query result (locally or on Athena), never edited by hand.

Rendering is deterministic: matplotlib's Agg backend, the DejaVu Sans Mono font shipped inside matplotlib, sizes
from character counts, no timestamps, and no "Software" tag. Each PNG carries tEXt metadata (``stedi:*`` keys):
the SQL's sha256, the total row count, a sha256 of the rows shown, the profile and the engine, so a test can tell
when a committed screenshot no longer matches a fresh run.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stedi.checks import Check, CheckResult, load_checks
from stedi.pipeline import DEFAULT_DATABASE

ROWS_SHOWN = 12
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "screenshots"
CHECKS_SCREENSHOT = "checks"

#: A query runner: SQL in, (column names, typed rows) out. Locally ``LocalEngine.query``; on Athena ``run_query``.
QueryRunner = Callable[[str], tuple[list[str], list[tuple]]]


@dataclass(frozen=True)
class Shot:
    """One table's screenshot: a COUNT(*) for the total and a deterministic ORDER BY for the rows shown."""

    table: str
    order_by: str
    note: str = ""

    @property
    def count_sql(self) -> str:
        return f"SELECT COUNT(*) AS total_rows\nFROM {self.table}"

    @property
    def rows_sql(self) -> str:
        return f"SELECT *\nFROM {self.table}\nORDER BY {self.order_by}\nLIMIT {ROWS_SHOWN}"


SHOTS: tuple[Shot, ...] = (
    Shot(
        "customer_landing",
        "email",
        "Empty shareWithResearchAsOfDate (NULL): the customer did not consent to research; such rows never "
        "reach customer_trusted.",
    ),
    Shot("accelerometer_landing", "user, timestamp, x, y, z"),
    Shot("step_trainer_landing", "serialNumber, sensorReadingTime"),
    Shot("customer_trusted", "email", "Only customers with a shareWithResearchAsOfDate."),
    Shot("accelerometer_trusted", "user, timestamp, x, y, z"),
    Shot("customer_curated", "email", "Consenting customers with accelerometer readings, one row each."),
    Shot("step_trainer_trusted", "serialNumber, sensorReadingTime"),
    Shot(
        "machine_learning_curated",
        "serialNumber, sensorReadingTime, x, y, z",
        "The seven sensor columns only: no name, email, phone or birthday.",
    ),
)


@dataclass(frozen=True)
class Capture:
    """Everything one screenshot shows; its metadata is what the staleness test compares."""

    name: str
    title: str
    engine: str
    profile: str
    sql: str
    total_rows: int
    columns: list[str]
    rows: list[tuple]
    note: str = ""
    status: list[str | None] = field(default_factory=list)  # per row: "PASS"/"FAIL" colours the row, None: plain
    shown_sql: str = ""  # what the image prints when shorter than ``sql`` (the hash always covers ``sql``)

    def metadata(self) -> dict[str, str]:
        return {
            "Title": self.title,
            "stedi:name": self.name,
            "stedi:engine": self.engine,
            "stedi:profile": self.profile,
            "stedi:sql-sha256": sha256(self.sql),
            "stedi:total-rows": str(self.total_rows),
            "stedi:result-sha256": result_hash(self.columns, self.rows),
        }


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cell_text(value: Any) -> str:
    """A value as Athena's console shows it: NULL as an empty cell, booleans in lowercase."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def result_hash(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """sha256 of the rows shown, engine-neutral: column names lowercased (Athena lowercases them), values as text."""
    payload = {"columns": [c.lower() for c in columns], "rows": [[cell_text(v) for v in row] for row in rows]}
    return sha256(json.dumps(payload, separators=(",", ":")))


def capture_table(run: QueryRunner, shot: Shot, profile: str, engine: str) -> Capture:
    """Run the shot's two queries and keep what the image shows."""
    _, count_rows = run(shot.count_sql)
    columns, rows = run(shot.rows_sql)
    return Capture(
        name=shot.table,
        title=shot.table,
        engine=engine,
        profile=profile,
        sql=f"{shot.count_sql};\n\n{shot.rows_sql};",
        total_rows=int(count_rows[0][0]),
        columns=list(columns),
        rows=[tuple(r) for r in rows],
        note=shot.note,
    )


def capture_checks(
    checks: list[Check], results: list[CheckResult], profile: str, database: str, engine: str
) -> Capture:
    """The check table: one row per check query, coloured by its verdict."""
    example = next((c for c in checks if c.name == "consent_customer_trusted"), checks[0])
    shown_sql = (
        f"-- {len(checks)} queries, one per file athena_ddl/checks/<check>.sql, ${{PROFILE}} = '{profile}'.\n"
        f"-- Each returns one row: check_name, observed, expected, passed. For example {example.name}.sql:\n"
        + "\n".join(line for line in example.render(profile, database).splitlines() if not line.startswith("--"))
    )
    all_sql = "\n".join(c.render(profile, database) for c in checks)
    return Capture(
        name=CHECKS_SCREENSHOT,
        title="stedi check: privacy and row-count checks",
        engine=engine,
        profile=profile,
        sql=all_sql,
        total_rows=len(results),
        columns=["check_name", "observed", "expected", "passed"],
        rows=[(r.name, r.observed, "not enforced" if r.expected is None else r.expected, r.passed) for r in results],
        note="expected 'not enforced': this profile does not apply the rule; the observed count is shown anyway.",
        status=[r.status for r in results],
        shown_sql=shown_sql,
    )


# --- rendering ----------------------------------------------------------------------------------------------------

FONT_SIZE = 10.0  # points
DPI = 100
CHAR_WIDTH = 0.6021 * FONT_SIZE * DPI / 72  # DejaVu Sans Mono advance width, 1233/2048 em, in pixels
LINE_HEIGHT = round(1.55 * FONT_SIZE * DPI / 72)
PAD = 24
CELL_PAD = 1  # characters either side of a cell's text
MAX_CELL = 40  # characters; longer values end in an ellipsis
COLOURS = {
    "title": "#232f3e",  # the AWS console's dark header
    "sql_bg": "#f4f6f8",
    "grid_header": "#e9ecef",
    "grid_line": "#c9ced4",
    "stripe": "#fafbfc",
    "null": "#fff4ce",
    "PASS": "#e3f4e1",
    "FAIL": "#fbdcdc",
    "muted": "#5f6b7a",
}


def _fonts():
    from matplotlib import font_manager, get_data_path

    ttf = Path(get_data_path()) / "fonts" / "ttf"
    regular = font_manager.FontProperties(fname=str(ttf / "DejaVuSansMono.ttf"), size=FONT_SIZE)
    bold = font_manager.FontProperties(fname=str(ttf / "DejaVuSansMono-Bold.ttf"), size=FONT_SIZE)
    title = font_manager.FontProperties(fname=str(ttf / "DejaVuSansMono-Bold.ttf"), size=FONT_SIZE * 1.6)
    return regular, bold, title


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render(capture: Capture, path: Path) -> Path:
    """Draw ``capture`` into the PNG ``path`` with its metadata."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    regular, bold, title_font = _fonts()
    header = [_clip(c) for c in capture.columns]
    cells = [[_clip(cell_text(v)) for v in row] for row in capture.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) + 2 * CELL_PAD for i, h in enumerate(header)]
    sql_lines = (capture.shown_sql or capture.sql).splitlines()
    if capture.status:
        failed = capture.status.count("FAIL")
        counts = f"Checks: {capture.total_rows}    Passed: {capture.total_rows - failed}    Failed: {failed}"
    else:
        counts = f"Total rows: {capture.total_rows:,}    Shown: the first {len(cells)}"
    info = [f"Engine: {capture.engine}", f"Profile: {capture.profile}    {counts}"]
    note_lines = [capture.note] if capture.note else []
    if any(v is None for row in capture.rows for v in row):
        note_lines.append("Highlighted empty cell: NULL (the Athena console shows it empty too).")
    text_chars = max([len(line) for line in sql_lines + info + note_lines] + [sum(widths)])
    width = math.ceil(2 * PAD + text_chars * CHAR_WIDTH)
    title_h = 2 * LINE_HEIGHT
    height = (
        PAD
        + title_h
        + LINE_HEIGHT * len(info)
        + LINE_HEIGHT // 2
        + LINE_HEIGHT * (len(sql_lines) + 1)
        + LINE_HEIGHT
        + LINE_HEIGHT * (len(cells) + 1)
        + LINE_HEIGHT * (len(note_lines) + 1)
        + PAD
    )

    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")

    def text(x: float, y: float, s: str, font=regular, colour: str = "black") -> None:
        ax.text(x, y + LINE_HEIGHT / 2, s, fontproperties=font, color=colour, va="center", ha="left")

    y = PAD
    ax.add_patch(Rectangle((0, 0), width, PAD + title_h - LINE_HEIGHT // 4, color=COLOURS["title"]))
    ax.text(PAD, (PAD + title_h) / 2, capture.title, fontproperties=title_font, color="white", va="center")
    y += title_h
    for line in info:
        text(PAD, y, line, bold if line.startswith("Engine") else regular)
        y += LINE_HEIGHT
    y += LINE_HEIGHT // 2
    sql_h = LINE_HEIGHT * (len(sql_lines) + 1)
    ax.add_patch(Rectangle((PAD / 2, y), width - PAD, sql_h, color=COLOURS["sql_bg"]))
    y += LINE_HEIGHT // 2
    for line in sql_lines:
        text(PAD, y, line, regular, COLOURS["muted"] if line.startswith("--") else "#0b3d91")
        y += LINE_HEIGHT
    y += LINE_HEIGHT // 2 + LINE_HEIGHT

    # the results grid
    xs = [PAD + sum(widths[:i]) * CHAR_WIDTH for i in range(len(widths) + 1)]
    grid_top = y
    ax.add_patch(Rectangle((xs[0], y), xs[-1] - xs[0], LINE_HEIGHT, color=COLOURS["grid_header"]))
    for i, h in enumerate(header):
        text(xs[i] + CELL_PAD * CHAR_WIDTH, y, h, bold)
    y += LINE_HEIGHT
    for r, row in enumerate(cells):
        status = capture.status[r] if r < len(capture.status) else None
        if status:
            ax.add_patch(Rectangle((xs[0], y), xs[-1] - xs[0], LINE_HEIGHT, color=COLOURS[status]))
        elif r % 2:
            ax.add_patch(Rectangle((xs[0], y), xs[-1] - xs[0], LINE_HEIGHT, color=COLOURS["stripe"]))
        for i, value in enumerate(row):
            if capture.rows[r][i] is None:
                ax.add_patch(Rectangle((xs[i], y), xs[i + 1] - xs[i], LINE_HEIGHT, color=COLOURS["null"]))
            # numbers right-aligned, text left-aligned, as a results grid does
            raw = capture.rows[r][i]
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                text(xs[i + 1] - (CELL_PAD + len(value)) * CHAR_WIDTH, y, value)
            else:
                text(xs[i] + CELL_PAD * CHAR_WIDTH, y, value)
        y += LINE_HEIGHT
    for x in xs:
        ax.plot([x, x], [grid_top, y], color=COLOURS["grid_line"], linewidth=0.8)
    for k in range(len(cells) + 2):
        yy = grid_top + k * LINE_HEIGHT
        ax.plot([xs[0], xs[-1]], [yy, yy], color=COLOURS["grid_line"], linewidth=0.8)
    y += LINE_HEIGHT // 2
    for line in note_lines:
        text(PAD, y, line, regular, COLOURS["muted"])
        y += LINE_HEIGHT

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, metadata={"Software": None, **capture.metadata()})
    return path


def read_metadata(path: Path) -> dict[str, str]:
    """The ``stedi:*`` (and Title) tEXt entries of a PNG written by ``render``."""
    from PIL import Image

    with Image.open(path) as image:
        return {k: v for k, v in image.text.items() if k.startswith("stedi:") or k == "Title"}


# --- the whole set ------------------------------------------------------------------------------------------------


def capture_all(run: QueryRunner, checks_results: list[CheckResult], profile: str, database: str, engine: str):
    """The eight table screenshots and the check table, from one engine."""
    captures = [capture_table(run, shot, profile, engine) for shot in SHOTS]
    captures.append(capture_checks(load_checks(), checks_results, profile, database, engine))
    return captures


def captures_local(lake: Path, profile: str, database: str = DEFAULT_DATABASE) -> list[Capture]:
    """Every screenshot's content from the local lake (run ``stedi run`` on the real data with ``profile`` first)."""
    from stedi.checks import LocalEngine, run_local

    engine = LocalEngine(lake, database)
    results = run_local(lake, profile, database, engine=engine)
    return capture_all(engine.query, results, profile, database, engine.engine)


def captures_athena(client, profile: str, database: str, workgroup: str, poll_seconds: float = 1.0) -> list[Capture]:
    """Every screenshot's content from Athena (the deployed lake after the Glue workflow ran)."""
    from stedi.aws.athena import run_query
    from stedi.checks import run_athena

    def run(sql: str) -> tuple[list[str], list[tuple]]:
        result = run_query(client, sql, database, workgroup, poll_seconds=poll_seconds)
        return result.columns, result.rows

    results = run_athena(client, profile, database, workgroup, poll_seconds=poll_seconds)
    version = run_query(client, "SELECT 1", database, workgroup, poll_seconds=poll_seconds).engine
    engine = f"{version}, workgroup {workgroup}, database {database}"
    return capture_all(run, results, profile, database, engine)


def write_screenshots(captures: list[Capture], out_dir: Path = SCREENSHOTS_DIR) -> list[Path]:
    return [render(capture, Path(out_dir) / f"{capture.name}.png") for capture in captures]

"""screenshots/*.png: rendered from real query results, current (their embedded metadata matches a fresh run of the
real data), deterministic; `stedi screenshots --athena` renders the same set from Athena's answers (moto)."""

from __future__ import annotations

from pathlib import Path

import pytest
from athena_support import canned_check_results

from stedi.cli import main as stedi_main
from stedi.render import (
    CHECKS_SCREENSHOT,
    ROWS_SHOWN,
    SHOTS,
    Capture,
    captures_local,
    read_metadata,
    render,
    result_hash,
)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
NAMES = [shot.table for shot in SHOTS] + [CHECKS_SCREENSHOT]
REGENERATE = "stedi screenshots --landing ../shared/data/stedi --lake /tmp/stedi-screenshots --profile strict"


@pytest.fixture(scope="module")
def fresh(real_lake) -> dict[str, Capture]:
    """What every screenshot shows, queried now from a fresh strict run of the real data."""
    lake, _summary = real_lake("strict")
    return {capture.name: capture for capture in captures_local(lake, "strict")}


def test_the_committed_screenshots_are_the_eight_tables_and_the_check_table():
    assert sorted(p.stem for p in SCREENSHOTS.glob("*.png")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_screenshot_says_what_it_shows_and_where_it_ran(name):
    meta = read_metadata(SCREENSHOTS / f"{name}.png")
    assert meta["stedi:name"] == name
    assert meta["stedi:profile"] == "strict"
    assert meta["stedi:engine"].startswith("local Spark")
    assert len(meta["stedi:sql-sha256"]) == 64 and len(meta["stedi:result-sha256"]) == 64
    assert int(meta["stedi:total-rows"]) > 0


@pytest.mark.spark
@pytest.mark.parametrize("name", NAMES)
def test_a_committed_screenshot_matches_a_fresh_run_of_the_real_data(name, fresh):
    committed = read_metadata(SCREENSHOTS / f"{name}.png")
    assert committed == fresh[name].metadata(), f"screenshots/{name}.png is stale; regenerate: {REGENERATE}"


@pytest.mark.spark
def test_customer_landing_shows_customers_with_and_without_a_research_consent_date(fresh):
    capture = fresh["customer_landing"]
    column = capture.columns.index("shareWithResearchAsOfDate")
    consent = [row[column] for row in capture.rows]
    assert len(consent) == ROWS_SHOWN
    assert None in consent and any(value is not None for value in consent)
    assert capture.total_rows == 956


@pytest.mark.spark
def test_the_check_table_shows_every_check_passing_on_the_strict_real_data(fresh):
    capture = fresh[CHECKS_SCREENSHOT]
    assert capture.total_rows == 25 and capture.status == ["PASS"] * 25


def _capture(**changes) -> Capture:
    fields = dict(
        name="customer_landing",
        title="customer_landing",
        engine="local Spark 3.5.4 SQL (stand-in for Athena)",
        profile="strict",
        sql="SELECT *\nFROM customer_landing\nORDER BY email\nLIMIT 12;",
        total_rows=2,
        columns=["email", "shareWithResearchAsOfDate", "x", "ok"],
        rows=[("a@test.com", None, 0.5, True), ("b@test.com", 1655564403947, -1.0, False)],
    )
    fields.update(changes)
    return Capture(**fields)


def test_rendering_is_byte_for_byte_deterministic_and_carries_the_metadata(tmp_path):
    first = render(_capture(), tmp_path / "a.png").read_bytes()
    second = render(_capture(), tmp_path / "b.png").read_bytes()
    assert first == second
    meta = read_metadata(tmp_path / "a.png")
    assert meta == _capture().metadata()


def test_the_png_has_no_software_version_or_time_in_it(tmp_path):
    from PIL import Image

    with Image.open(render(_capture(), tmp_path / "a.png")) as image:
        keys = set(image.text)
    assert not keys & {"Software", "Creation Time", "date:create", "date:modify"}


def test_the_result_hash_is_the_same_for_athenas_lowercased_names_and_changes_with_a_value():
    local = result_hash(["shareWithResearchAsOfDate", "x"], [(None, 0.5)])
    assert local == result_hash(["sharewithresearchasofdate", "x"], [(None, 0.5)])
    assert local != result_hash(["shareWithResearchAsOfDate", "x"], [(None, 0.25)])


def _canned_table_results(rows_per_table: int = 2):
    """For each table shot: the COUNT(*) answer, then the rows (strings, as Athena returns them)."""
    results = []
    for _shot in SHOTS:
        results.append(([("total_rows", "bigint")], [["1234"]]))
        results.append(([("serialnumber", "varchar"), ("distance", "bigint")], [["s-1", None]] * rows_per_table))
    return results


def test_stedi_screenshots_athena_renders_the_set_from_athenas_answers(athena, tmp_path, capsys):
    _client, queue = athena
    queue(canned_check_results())  # the checks run first,
    queue([([("_col0", "integer")], [["1"]])])  # then SELECT 1 (the engine version),
    queue(_canned_table_results())  # then, per table, COUNT(*) and the rows
    argv = ["screenshots", "--athena", "--workgroup", "stedi-workgroup", "--region", "us-east-1"]
    assert stedi_main([*argv, "--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(NAMES)
    meta = read_metadata(tmp_path / "customer_landing.png")
    assert meta["stedi:engine"] == "Amazon Athena, workgroup stedi-workgroup, database stedi"
    assert meta["stedi:total-rows"] == "1234"
    assert read_metadata(tmp_path / "checks.png")["stedi:total-rows"] == "25"
    assert "customer_landing.png  (1234 rows, Amazon Athena" in capsys.readouterr().out


def test_stedi_screenshots_warns_when_the_checks_fail_on_the_lake_it_shows(athena, tmp_path, capsys):
    _client, queue = athena
    queue(canned_check_results(failing="rows_customer_landing"))
    queue([([("_col0", "integer")], [["1"]])])
    queue(_canned_table_results())
    argv = ["screenshots", "--athena", "--workgroup", "stedi-workgroup", "--region", "us-east-1"]
    assert stedi_main([*argv, "--out", str(tmp_path)]) == 0
    assert "stedi: warning: checks failed (rows_customer_landing)" in capsys.readouterr().err

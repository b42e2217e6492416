"""Each kind of bad landing record is quarantined by the jobs' own graphs, with its reason, and nothing of it
reaches a trusted table (issue 18 item 4; README "Bad input").

Glue reads JSON per record: a value of another JSON type than its column's makes the column a choice type, and
toDF() gives it as a struct with a field per type (AWS Glue docs: ResolveChoice, DynamicFrame.toDF). The graphs'
Check Records node says what is wrong with a record from that, so the same record takes the same path on Glue
and here. One landing set holds every kind, beside a few good records whose counts are exact.
"""

from __future__ import annotations

import json

import pytest
from pipeline_support import rows, run, write_landing

GOOD_CUSTOMERS = [
    {"customerName": "Ann", "email": "ann@x", "phone": "1", "birthDay": "1980-01-01", "serialNumber": "S-A",
     "registrationDate": 100, "lastUpdateDate": 100, "shareWithResearchAsOfDate": 1000},
    {"customerName": "Ben", "email": "ben@x", "phone": "2", "birthDay": "1981-01-01", "serialNumber": "S-B",
     "registrationDate": 100, "lastUpdateDate": 100, "shareWithResearchAsOfDate": 1000},
]  # fmt: skip
CONSENTING = {"registrationDate": 100, "lastUpdateDate": 100, "shareWithResearchAsOfDate": 1000}
BAD_CUSTOMERS = [
    # an object where a string is expected: Spark's reader would take it as the text {"address":"cy@x"}
    json.dumps({"customerName": "Cy", "email": {"address": "cy@x"}, "serialNumber": "S-C", **CONSENTING}),
    # a date as text where the column is a bigint
    json.dumps(
        {
            "customerName": "Dee",
            "email": "dee@x",
            "serialNumber": "S-D",
            "registrationDate": 100,
            "lastUpdateDate": 100,
            "shareWithResearchAsOfDate": "2022-01-01",
        }
    ),  # fmt: skip
    # bytes that are not UTF-8 (latin-1 é): read as U+FFFD
    b'{"customerName": "Ev\xe9", "email": "ev@x", "serialNumber": "S-E", "registrationDate": 100, '
    b'"lastUpdateDate": 100, "shareWithResearchAsOfDate": 1000}',
    "[1, 2]",
]
GOOD_READINGS = [
    {"user": "ann@x", "timestamp": 2000, "x": 1.0, "y": 0.0, "z": -1.0},
    {"user": "ann@x", "timestamp": 3000, "x": 0.0, "y": 1.0, "z": 1.0},
    {"user": "ben@x", "timestamp": 2000, "x": -1.0, "y": 1.0, "z": 0.0},
]
BAD_READINGS = [
    '{"user": "ann@x", "timestamp": 2100, "x": true, "y": 0.0, "z": 0.0}',
    '{"user": "ann@x", "timestamp": 2200.5, "x": 1.0, "y": 0.0, "z": 0.0}',
    '{"user": {"email": "ann@x"}, "timestamp": 2300, "x": 1.0, "y": 0.0, "z": 0.0}',
    '{"user": "ann@x", "timestamp": 2400, "x": 1e400, "y": 0.0, "z": 0.0}',
    b'{"user": "ann@x\xff", "timestamp": 2500, "x": 1.0, "y": 0.0, "z": 0.0}',
    '{"user": "ann@x", "timestamp": 2600, "y": 0.0, "z": 0.0}',
    '{"user": "ann@x", "timestamp": "late", "x": false}',
    '{"user": "ann@x", "timestamp": 2700, "x": NaN, "y": 0.0, "z": 0.0}',
    "[1, 2, 3]",
]
GOOD_STEPS = [
    {"sensorReadingTime": 2000, "serialNumber": "S-A", "distanceFromObject": 100},
    {"sensorReadingTime": 3000, "serialNumber": "S-A", "distanceFromObject": 110},
    {"sensorReadingTime": 2000, "serialNumber": "S-B", "distanceFromObject": 120},
]
BAD_STEPS = [
    '{"sensorReadingTime": 2000, "serialNumber": "S-A", "distanceFromObject": "far"}',
    '{"sensorReadingTime": 3000.5, "serialNumber": "S-A", "distanceFromObject": 130}',
    '{"sensorReadingTime": 3000, "serialNumber": 7, "distanceFromObject": 140}',
    "not json",
]


def write_raw(root, entity: str, lines: list) -> None:
    """Lines as given: text, or bytes for what is not UTF-8."""
    folder = root / entity / "landing"
    folder.mkdir(parents=True, exist_ok=True)
    data = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    (folder / "part-2.json").write_bytes(data)


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    landing = tmp_path_factory.mktemp("bad-landing")
    for entity, good, bad in (
        ("customer", GOOD_CUSTOMERS, BAD_CUSTOMERS),
        ("accelerometer", GOOD_READINGS, BAD_READINGS),
        ("step_trainer", GOOD_STEPS, BAD_STEPS),
    ):
        write_landing(landing, entity, good)
        write_raw(landing, entity, bad)
    lake = tmp_path_factory.mktemp("bad-lake")
    return lake, run(lake, landing, "strict")


def quarantined(lake, entity: str) -> list[dict]:
    parts = sorted((lake / "stedi-lake" / "quarantine" / entity).glob("part-*"))
    return [json.loads(line) for part in parts for line in part.read_text().splitlines() if line.strip()]


def reasons(lake, entity: str) -> list[tuple[str, str]]:
    return sorted((q["reason"], q["source_file"].rsplit("/", 1)[-1]) for q in quarantined(lake, entity))


def test_trusted_tables_hold_the_good_records_only(lake):
    lake, summary = lake
    # A landing table counts every record that is a JSON object: a value of another type is still a record.
    assert summary["tables"] == {
        "customer_landing": 5,
        "accelerometer_landing": 10,
        "step_trainer_landing": 6,
        "customer_trusted": 2,
        "accelerometer_trusted": 3,
        "customer_curated": 2,
        "step_trainer_trusted": 3,
        "step_reading_owners_trusted": 3,
        "machine_learning_curated": 3,
    }
    assert sorted((r["user"], r["timestamp"], r["x"]) for r in rows(lake, "accelerometer_trusted")) == [
        ("ann@x", 2000, 1.0),
        ("ann@x", 3000, 0.0),
        ("ben@x", 2000, -1.0),
    ]
    assert sorted(r["email"] for r in rows(lake, "customer_trusted")) == ["ann@x", "ben@x"]
    assert sorted((r["serialNumber"], r["sensorReadingTime"], r["distanceFromObject"])
                  for r in rows(lake, "step_trainer_trusted")) == [("S-A", 2000, 100), ("S-A", 3000, 110),
                                                                   ("S-B", 2000, 120)]  # fmt: skip
    assert summary["quarantined"] == {"customer": 4, "accelerometer": 9, "step_trainer": 4}


def test_each_bad_customer_record_is_quarantined_with_its_reason(lake):
    lake, _ = lake
    assert reasons(lake, "customer") == [
        ("customerName is not valid UTF-8 text", "part-2.json"),
        ("email is struct, not string", "part-2.json"),
        ("not a valid JSON object", "part-2.json"),
        ("shareWithResearchAsOfDate is string, not bigint", "part-2.json"),
    ]


def test_each_bad_reading_is_quarantined_with_its_reason(lake):
    lake, _ = lake
    assert reasons(lake, "accelerometer") == [
        ("missing required field(s): x", "part-2.json"),
        ("missing required field(s): y, z; timestamp is string, not bigint; x is boolean, not double", "part-2.json"),
        ("not a valid JSON object", "part-2.json"),
        ("not a valid JSON object", "part-2.json"),
        ("timestamp is double, not bigint", "part-2.json"),
        ("user is not valid UTF-8 text", "part-2.json"),
        ("user is struct, not string", "part-2.json"),
        ("x is boolean, not double", "part-2.json"),
        ("x is not a finite number", "part-2.json"),
    ]


def test_a_bad_record_is_kept_as_glue_reads_it(lake):
    """The quarantined record is the record as toDF() gives it: a choice column as a struct with a field per type."""
    lake, _ = lake
    by_reason = {q["reason"]: q["record"] for q in quarantined(lake, "accelerometer")}
    assert json.loads(by_reason["user is struct, not string"]) == {
        "user": {"struct": {"email": "ann@x"}},
        "timestamp": {"long": 2300},
        "x": {"double": 1.0},
        "y": 0.0,
        "z": 0.0,
    }
    assert json.loads(by_reason["x is not a finite number"])["x"] == {"double": "Infinity"}
    assert by_reason["not a valid JSON object"] in (BAD_READINGS[-1], BAD_READINGS[-2])


def test_each_bad_step_reading_is_quarantined_with_its_reason(lake):
    lake, _ = lake
    assert reasons(lake, "step_trainer") == [
        ("distanceFromObject is string, not bigint", "part-2.json"),
        ("not a valid JSON object", "part-2.json"),
        ("sensorReadingTime is double, not bigint", "part-2.json"),
        ("serialNumber is long, not string", "part-2.json"),
    ]

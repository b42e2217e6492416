"""Each job's business rules on a small hand-written landing set, in every profile.

The set has: a customer whose consent keys are absent (bob), a consenting customer without readings (carol),
a customer whose readings all precede consent (dave), two customers sharing a timestamp (alice and erin at
2000, and bob's phone too), a step reading before consent (S-A at 500), and three bad records per entity.
"""

from __future__ import annotations

import json

import pytest
from pipeline_support import rows, run, write_landing

CUSTOMERS = [
    {
        "customerName": "Alice",
        "email": "alice@x",
        "phone": "1",
        "birthDay": "1980-01-01",
        "serialNumber": "S-A",
        "registrationDate": 100,
        "lastUpdateDate": 100,
        "shareWithResearchAsOfDate": 1000,
    },
    {
        "customerName": "Bob",
        "email": "bob@x",
        "phone": "2",
        "birthDay": "971-01-01",
        "serialNumber": "S-B",
        "registrationDate": 100,
        "lastUpdateDate": 100,
        "shareWithPublicAsOfDate": 100,
    },
    {
        "customerName": "Carol",
        "email": "carol@x",
        "phone": "3",
        "birthDay": "1990-01-01",
        "serialNumber": "S-C",
        "registrationDate": 100,
        "lastUpdateDate": 100,
        "shareWithResearchAsOfDate": 1000,
    },
    {
        "customerName": "Dave",
        "email": "dave@x",
        "phone": "4",
        "birthDay": "1970-01-01",
        "serialNumber": "S-D",
        "registrationDate": 100,
        "lastUpdateDate": 100,
        "shareWithResearchAsOfDate": 5000,
    },
    {
        "customerName": "Erin",
        "email": "erin@x",
        "phone": "5",
        "birthDay": "1960-01-01",
        "serialNumber": "S-E",
        "registrationDate": 100,
        "lastUpdateDate": 100,
        "shareWithResearchAsOfDate": 1000,
    },
]
BAD_CUSTOMERS = [
    '{"customerName": "Broken", "email": ',
    {"customerName": "No Email", "serialNumber": "S-X", "shareWithResearchAsOfDate": 1},
    {"customerName": "Typo", "email": "t@x", "serialNumber": "S-T", "registrationDate": "yesterday"},
]
READINGS = [
    {"user": "alice@x", "timestamp": 500, "x": 1.0, "y": 0.0, "z": -1.0},  # before alice's consent
    {"user": "alice@x", "timestamp": 2000, "x": 1.0, "y": 1.0, "z": 1.0},
    {"user": "alice@x", "timestamp": 2000, "x": 0.0, "y": 1.0, "z": 1.0},  # several readings per timestamp
    {"user": "alice@x", "timestamp": 3000, "x": 0.0, "y": 0.0, "z": 1.0},
    {"user": "bob@x", "timestamp": 2000, "x": 1.0, "y": 1.0, "z": 0.0},  # no consent
    {"user": "dave@x", "timestamp": 4000, "x": 1.0, "y": 1.0, "z": 1.0},  # before dave's consent
    {"user": "erin@x", "timestamp": 2000, "x": -1.0, "y": 1.0, "z": 1.0},  # shares 2000 with alice
]
BAD_READINGS = [
    {"user": "alice@x", "timestamp": 2500, "y": 1.0, "z": 1.0},
    "[1, 2, 3]",
    {"user": "alice@x", "timestamp": "soon", "x": 1.0, "y": 1.0, "z": 1.0},
]
STEPS = [
    {"sensorReadingTime": 500, "serialNumber": "S-A", "distanceFromObject": 200},  # before alice's consent
    {"sensorReadingTime": 2000, "serialNumber": "S-A", "distanceFromObject": 210},
    {"sensorReadingTime": 3000, "serialNumber": "S-A", "distanceFromObject": 220},
    {"sensorReadingTime": 2000, "serialNumber": "S-B", "distanceFromObject": 230},
    {"sensorReadingTime": 4000, "serialNumber": "S-D", "distanceFromObject": 240},
    {"sensorReadingTime": 2000, "serialNumber": "S-E", "distanceFromObject": 250},
    {"sensorReadingTime": 9000, "serialNumber": "S-E", "distanceFromObject": 260},  # no reading at 9000
]
BAD_STEPS = [
    {"sensorReadingTime": 2000, "serialNumber": "S-A"},
    {"sensorReadingTime": 2000, "serialNumber": "S-A", "distanceFromObject": "far"},
    "not json at all",
]


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    root = tmp_path_factory.mktemp("landing")
    write_landing(root, "customer", CUSTOMERS[:3] + BAD_CUSTOMERS + CUSTOMERS[3:])
    write_landing(root, "accelerometer", READINGS[:4] + BAD_READINGS)
    write_landing(root, "accelerometer", READINGS[4:], name="part-2.json")
    write_landing(root, "step_trainer", STEPS + BAD_STEPS)
    return root


@pytest.fixture(scope="module")
def lakes(landing, tmp_path_factory):
    result = {}
    for profile in ("rubric", "standout", "strict"):
        lake = tmp_path_factory.mktemp(f"lake-{profile}")
        result[profile] = (lake, run(lake, landing, profile))
    return result


def test_counts_per_profile(lakes):
    # Every line that is a JSON object is a landing record, a value of another type too (Glue: a choice type).
    landing = {"customer_landing": 7, "accelerometer_landing": 9, "step_trainer_landing": 9}
    assert lakes["rubric"][1]["tables"] == dict(
        landing,
        customer_trusted=4,
        accelerometer_trusted=6,
        customer_curated=3,
        step_trainer_trusted=6,
        step_reading_owners_trusted=0,
        machine_learning_curated=9,
    )
    assert lakes["standout"][1]["tables"] == dict(
        landing,
        customer_trusted=4,
        accelerometer_trusted=4,
        customer_curated=2,
        step_trainer_trusted=5,
        step_reading_owners_trusted=0,
        machine_learning_curated=7,
    )
    assert lakes["strict"][1]["tables"] == dict(
        landing,
        customer_trusted=4,
        accelerometer_trusted=4,
        customer_curated=2,
        step_trainer_trusted=4,
        step_reading_owners_trusted=4,  # one owner per kept reading: alice's S-A at 2000, 3000; S-E's at 2000, 9000
        machine_learning_curated=4,
    )


def test_absent_consent_key_keeps_a_customer_out_of_every_trusted_table(lakes):
    for profile, (lake, _) in lakes.items():
        assert "bob@x" not in {r["email"] for r in rows(lake, "customer_trusted")}, profile
        assert "bob@x" not in {r["user"] for r in rows(lake, "accelerometer_trusted")}, profile
        assert "S-B" not in {r["serialNumber"] for r in rows(lake, "step_trainer_trusted")}, profile


def test_customer_without_readings_is_trusted_but_not_curated(lakes):
    for profile, (lake, _) in lakes.items():
        assert "carol@x" in {r["email"] for r in rows(lake, "customer_trusted")}, profile
        assert "carol@x" not in {r["email"] for r in rows(lake, "customer_curated")}, profile


def test_readings_before_consent_are_dropped_except_in_rubric(lakes):
    def alice_times(lake):
        return sorted(r["timestamp"] for r in rows(lake, "accelerometer_trusted") if r["user"] == "alice@x")

    assert alice_times(lakes["rubric"][0]) == [500, 2000, 2000, 3000]
    assert alice_times(lakes["standout"][0]) == [2000, 2000, 3000]
    assert alice_times(lakes["strict"][0]) == [2000, 2000, 3000]
    # dave took every reading before consenting: curated only in rubric
    assert "dave@x" in {r["email"] for r in rows(lakes["rubric"][0], "customer_curated")}
    assert "dave@x" not in {r["email"] for r in rows(lakes["standout"][0], "customer_curated")}
    # step readings before consent: only strict drops them
    steps = {
        p: sorted((r["serialNumber"], r["sensorReadingTime"]) for r in rows(lake, "step_trainer_trusted"))
        for p, (lake, _) in lakes.items()
    }
    assert steps["standout"] == [("S-A", 500), ("S-A", 2000), ("S-A", 3000), ("S-E", 2000), ("S-E", 9000)]
    assert steps["strict"] == [("S-A", 2000), ("S-A", 3000), ("S-E", 2000), ("S-E", 9000)]


def test_shared_timestamp_pairs_only_the_owners_phone_in_strict(lakes):
    def pairs(lake):
        return sorted(
            (r["serialNumber"], r["timestamp"], r["x"])
            for r in rows(lake, "machine_learning_curated")
            if r["sensorReadingTime"] == 2000
        )

    # standout: S-A and S-E at 2000 each pair with alice's two readings and erin's one
    assert pairs(lakes["standout"][0]) == [
        ("S-A", 2000, -1.0),
        ("S-A", 2000, 0.0),
        ("S-A", 2000, 1.0),
        ("S-E", 2000, -1.0),
        ("S-E", 2000, 0.0),
        ("S-E", 2000, 1.0),
    ]
    # strict: S-A only with alice's phone, S-E only with erin's
    assert pairs(lakes["strict"][0]) == [("S-A", 2000, 0.0), ("S-A", 2000, 1.0), ("S-E", 2000, -1.0)]


def test_bad_records_are_quarantined_with_source_file_and_reason(lakes, landing):
    lake, summary = lakes["strict"]
    assert summary["quarantined"] == {"customer": 3, "accelerometer": 3, "step_trainer": 3}
    quarantined = {}
    for entity in ("customer", "accelerometer", "step_trainer"):
        records = []
        for part in sorted((lake / "stedi-lake" / "quarantine" / entity).glob("part-*")):
            records += [json.loads(line) for line in part.read_text().splitlines() if line.strip()]
        quarantined[entity] = sorted((r["reason"], r["source_file"].rsplit("/", 1)[-1]) for r in records)
        assert all(r["record"] for r in records), entity
    assert quarantined["customer"] == [
        ("missing required field(s): email", "part-1.json"),
        ("not a valid JSON object", "part-1.json"),
        ("registrationDate is string, not bigint", "part-1.json"),
    ]
    assert [reason for reason, _ in quarantined["accelerometer"]] == [
        "missing required field(s): x",
        "not a valid JSON object",
        "timestamp is string, not bigint",
    ]
    assert [reason for reason, _ in quarantined["step_trainer"]] == [
        "distanceFromObject is string, not bigint",
        "missing required field(s): distanceFromObject",
        "not a valid JSON object",
    ]


def test_every_landing_line_is_accounted_for(lakes):
    """Nothing is lost: each line is a readable landing record or a quarantined unreadable one."""
    for profile, (_lake, summary) in lakes.items():
        readable = summary["tables"]
        # One unparseable line per entity; the wrong-typed and the incomplete ones are records (Glue types a value
        # of another JSON type as a choice, see test_bad_input), quarantined by Check Records.
        unreadable_per_entity = 1
        assert readable["customer_landing"] + unreadable_per_entity == len(CUSTOMERS) + len(BAD_CUSTOMERS), profile
        assert readable["accelerometer_landing"] + unreadable_per_entity == len(READINGS) + len(BAD_READINGS)
        assert readable["step_trainer_landing"] + unreadable_per_entity == len(STEPS) + len(BAD_STEPS)

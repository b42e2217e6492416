"""The serial-number defect and customer records that change (issue 10), on a small hand-written landing set.

The course brief: the fulfillment website "used the same 30 serial numbers over and over again for millions of
customers", while "the data from the Step Trainer Records has the correct serial numbers". So strict attributes a
step reading (serial S, time t) to customer C when exactly one customer's current record carries S and it is C;
otherwise when exactly one customer (any consent) has a valid phone reading at t and it is C; otherwise to nobody.

The set (consent at 1000 for everyone who consents):
- ann and ben both carry the reused serial R1; cat carries S-C alone;
- T-ANN at 2000: no record carries it, only ann's phone reads at 2000 -> ann;
- R1 at 3000: two carriers, ann's and ben's phones both read at 3000 (the same millisecond) -> unattributed;
- T-X at 3000: no carrier, two phones -> unattributed; T-Z at 9999: no carrier, no phone -> unattributed;
- R1 at 4000: two carriers, only ben's phone at 4000 -> ben;
- S-C at 2000: cat alone carries S-C -> cat (the serial decides; ann's phone at 2000 is not cat's);
- R1 at 500: only ann's phone at 500 -> ann, but before her consent -> dropped in strict;
- dan consented, then a newer record withdrew it; eve has two records with the same lastUpdateDate, one without
  consent (the tie rule: the record without consent wins); fay has two consenting records with the same
  lastUpdateDate and serials S-F1, S-F2 (the tie rule: then the greatest serialNumber, S-F2).
"""

from __future__ import annotations

import pytest
from pipeline_support import rows, run, write_landing

from stedi.pipeline import UNATTRIBUTED_REASONS, unattributed_readings


def customer(name: str, serial: str, updated: int = 100, consent: int | None = 1000) -> dict:
    record = {
        "customerName": name.title(),
        "email": f"{name}@x",
        "phone": "1",
        "birthDay": "1980-01-01",
        "serialNumber": serial,
        "registrationDate": 100,
        "lastUpdateDate": updated,
    }
    if consent is not None:
        record["shareWithResearchAsOfDate"] = consent
    return record


def reading(user: str, t: int, x: float = 1.0) -> dict:
    return {"user": f"{user}@x", "timestamp": t, "x": x, "y": 0.0, "z": -1.0}


def step(serial: str, t: int, distance: int = 250) -> dict:
    return {"sensorReadingTime": t, "serialNumber": serial, "distanceFromObject": distance}


DAN_WITHDRAWS = customer("dan", "S-D", updated=200, consent=None)
CUSTOMERS = [
    customer("ann", "R1"),
    customer("ben", "R1"),
    customer("cat", "S-C"),
    customer("dan", "S-D"),
    DAN_WITHDRAWS,
    customer("eve", "S-E", updated=300),
    customer("eve", "S-E", updated=300, consent=None),
    customer("fay", "S-F1", updated=300),
    customer("fay", "S-F2", updated=300),
]
READINGS = [
    reading("ann", 500),
    reading("ann", 2000),
    reading("ann", 3000),
    reading("ben", 3000, x=0.0),
    reading("ben", 4000),
    reading("cat", 5000),
    reading("dan", 6000),
    reading("eve", 7000),
    reading("fay", 8000),
]
STEPS = [
    step("T-ANN", 2000),
    step("R1", 3000),
    step("T-X", 3000),
    step("T-Z", 9999),
    step("R1", 4000),
    step("S-C", 2000),
    step("R1", 500),
    step("S-D", 6000),
    step("S-E", 7000),
]
SHARED_SERIAL, NO_CUSTOMER = UNATTRIBUTED_REASONS


def _landing(root, customers):
    write_landing(root, "customer", customers)
    write_landing(root, "accelerometer", READINGS)
    write_landing(root, "step_trainer", STEPS)
    return root


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    return _landing(tmp_path_factory.mktemp("landing"), CUSTOMERS)


@pytest.fixture(scope="module")
def lakes(landing, tmp_path_factory):
    result = {}
    for profile in ("rubric", "standout", "strict"):
        lake = tmp_path_factory.mktemp(f"lake-{profile}")
        result[profile] = (lake, run(lake, landing, profile))
    return result


def _steps(lake) -> list[tuple[str, int]]:
    return sorted((r["serialNumber"], r["sensorReadingTime"]) for r in rows(lake, "step_trainer_trusted"))


@pytest.mark.spark
def test_strict_attributes_each_step_reading_by_the_rule(lakes):
    lake, summary = lakes["strict"]
    assert summary["tables"] == {
        "customer_landing": 9,
        "accelerometer_landing": 9,
        "step_trainer_landing": 9,
        "customer_trusted": 4,
        "accelerometer_trusted": 6,
        "customer_curated": 4,
        "step_trainer_trusted": 3,
        "step_reading_owners_trusted": 3,
        "machine_learning_curated": 2,
    }
    # T-ANN: ann's unique phone at 2000; R1 at 4000: ben's unique phone; S-C: cat alone carries it.
    assert _steps(lake) == [("R1", 4000), ("S-C", 2000), ("T-ANN", 2000)]


@pytest.mark.spark
def test_strict_publishes_the_owner_of_each_kept_reading_and_no_one_else(lakes):
    """step_reading_owners_trusted: the kept readings' owners; not ann's R1 at 500 (before her consent), not the
    unattributed readings, not dan (withdrew), not eve (her current record has no consent)."""
    lake, _ = lakes["strict"]
    owners = sorted(
        (r["serialNumber"], r["sensorReadingTime"], r["owner"]) for r in rows(lake, "step_reading_owners_trusted")
    )
    assert owners == [("R1", 4000, "ben@x"), ("S-C", 2000, "cat@x"), ("T-ANN", 2000, "ann@x")]


@pytest.mark.spark
def test_two_customers_sharing_a_serial_and_a_millisecond_leave_the_reading_unattributed(lakes):
    lake, summary = lakes["strict"]
    assert summary["unattributed"] == {SHARED_SERIAL: 1, NO_CUSTOMER: 2}
    unattributed = sorted((r["serialNumber"], r["sensorReadingTime"], r["reason"]) for r in unattributed_readings(lake))
    assert unattributed == [("R1", 3000, SHARED_SERIAL), ("T-X", 3000, NO_CUSTOMER), ("T-Z", 9999, NO_CUSTOMER)]


@pytest.mark.spark
def test_strict_pairs_a_step_reading_only_with_its_owners_phone(lakes):
    lake, _ = lakes["strict"]
    pairs = sorted((r["serialNumber"], r["sensorReadingTime"], r["x"]) for r in rows(lake, "machine_learning_curated"))
    # S-C at 2000 is cat's: ann's phone reading at 2000 is not paired with it, and cat has none at 2000.
    assert pairs == [("R1", 4000, 1.0), ("T-ANN", 2000, 1.0)]


@pytest.mark.spark
def test_rubric_and_standout_keep_the_course_serial_join(lakes):
    for profile in ("rubric", "standout"):
        lake, summary = lakes[profile]
        assert summary["unattributed"] == {SHARED_SERIAL: 0, NO_CUSTOMER: 0}, profile
        # R1 is carried by curated ann and ben: all three R1 readings; S-C is cat's; nothing by phone.
        assert _steps(lake) == [("R1", 500), ("R1", 3000), ("R1", 4000), ("S-C", 2000)], profile
        assert summary["tables"]["step_reading_owners_trusted"] == 0, profile  # no attribution, no owners


@pytest.mark.spark
@pytest.mark.parametrize("profile", ["rubric", "standout", "strict"])
def test_the_latest_record_is_the_customer_and_a_tie_goes_to_the_record_without_consent(lakes, profile):
    lake, _ = lakes[profile]
    trusted = {r["email"]: r["serialNumber"] for r in rows(lake, "customer_trusted")}
    # dan withdrew consent in his newer record; eve's tie on lastUpdateDate goes to her record without consent;
    # fay's tie between two consenting records goes to the greatest serialNumber.
    assert trusted == {"ann@x": "R1", "ben@x": "R1", "cat@x": "S-C", "fay@x": "S-F2"}
    assert {r["email"] for r in rows(lake, "customer_curated")} == {"ann@x", "ben@x", "cat@x", "fay@x"}
    assert {r["user"] for r in rows(lake, "accelerometer_trusted")} == {"ann@x", "ben@x", "cat@x", "fay@x"}
    assert not {"S-D", "S-E"} & {serial for serial, _ in _steps(lake)}


@pytest.mark.spark
def test_a_withdrawn_consent_disappears_on_the_next_run(landing, lakes, tmp_path):
    before = _landing(tmp_path / "before", [c for c in CUSTOMERS if c is not DAN_WITHDRAWS])
    lake = tmp_path / "lake"
    first = run(lake, before, "strict")
    assert "dan@x" in {r["email"] for r in rows(lake, "customer_curated")}
    assert ("S-D", 6000) in _steps(lake)
    assert ("S-D", 6000, "dan@x") in {(r["serialNumber"], r["sensorReadingTime"], r["owner"])
                                      for r in rows(lake, "step_reading_owners_trusted")}  # fmt: skip
    assert first["tables"]["customer_curated"] == 5

    second = run(lake, landing, "strict")  # the website's next export carries dan's withdrawal
    assert second == lakes["strict"][1]
    assert "dan@x" not in {r["email"] for r in rows(lake, "customer_trusted")}
    assert "dan@x" not in {r["user"] for r in rows(lake, "accelerometer_trusted")}
    assert ("S-D", 6000) not in _steps(lake)
    assert "dan@x" not in {r["owner"] for r in rows(lake, "step_reading_owners_trusted")}

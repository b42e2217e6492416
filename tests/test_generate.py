"""The sample-data generator: shape and quirks of the real starter data, determinism, linear scale, and a
manifest whose expected counts match an independent recount of the written files."""

import datetime
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from stedi.generate import generate

TABLES = ("customer", "accelerometer", "step_trainer")
SHARE_KEYS = ("shareWithResearchAsOfDate", "shareWithPublicAsOfDate", "shareWithFriendsAsOfDate")
CUSTOMER_KEYS = (
    "customerName",
    "email",
    "phone",
    "birthDay",
    "serialNumber",
    "registrationDate",
    "lastUpdateDate",
)
REAL_LANDING = {"customer": 956, "accelerometer": 81_273, "step_trainer": 28_680}
TABLE_NAMES = (
    "customer_landing",
    "accelerometer_landing",
    "step_trainer_landing",
    "customer_trusted",
    "accelerometer_trusted",
    "customer_curated",
    "step_trainer_trusted",
    "step_reading_owners_trusted",
    "machine_learning_curated",
)


def landing_files(out: Path, table: str) -> list[Path]:
    return sorted((out / table / "landing").glob("*.json"))


def read_rows(out: Path, table: str) -> list[dict]:
    rows = []
    for path in landing_files(out, table):
        with path.open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f)
    return rows


def all_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}


@pytest.fixture(scope="module")
def scale1(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("scale1")
    return out, generate(out, scale=1, seed=0)


@pytest.fixture(scope="module")
def rows(scale1) -> dict[str, list[dict]]:
    out, _ = scale1
    return {table: read_rows(out, table) for table in TABLES}


def recount(customers: list[dict], accelerometer: list[dict], step_trainer: list[dict]) -> dict:
    """The business rules of each profile, applied naively to the written rows."""
    expected = {}
    for profile in ("rubric", "standout", "strict"):
        consent = {c["email"]: c["shareWithResearchAsOfDate"] for c in customers if "shareWithResearchAsOfDate" in c}
        acc_trusted = [
            a
            for a in accelerometer
            if a["user"] in consent and (profile == "rubric" or a["timestamp"] >= consent[a["user"]])
        ]
        curated_emails = {a["user"] for a in acc_trusted}
        owner = {c["serialNumber"]: c["email"] for c in customers if c["email"] in curated_emails}
        step_trusted = [
            s
            for s in step_trainer
            if s["serialNumber"] in owner
            and (profile != "strict" or s["sensorReadingTime"] >= consent[owner[s["serialNumber"]]])
        ]
        acc_by_time = defaultdict(list)
        for a in acc_trusted:
            acc_by_time[a["timestamp"]].append(a["user"])
        ml = 0
        for s in step_trusted:
            for user in acc_by_time[s["sensorReadingTime"]]:
                if profile != "strict" or user == owner[s["serialNumber"]]:
                    ml += 1
        expected[profile] = {
            "customer_landing": len(customers),
            "accelerometer_landing": len(accelerometer),
            "step_trainer_landing": len(step_trainer),
            "customer_trusted": len(consent),
            "accelerometer_trusted": len(acc_trusted),
            "customer_curated": len(curated_emails),
            "step_trainer_trusted": len(step_trusted),
            # strict only: one owner row per kept reading key
            "step_reading_owners_trusted": (
                len({(s["sensorReadingTime"], s["serialNumber"]) for s in step_trusted}) if profile == "strict" else 0
            ),
            "machine_learning_curated": ml,
        }
    return expected


# --- determinism -----------------------------------------------------------------------------------------


def test_same_seed_writes_identical_bytes_and_another_seed_differs(tmp_path):
    first = generate(tmp_path / "a", scale=0.3, seed=7)
    second = generate(tmp_path / "b", scale=0.3, seed=7)
    generate(tmp_path / "c", scale=0.3, seed=8)

    assert first == second
    assert all_bytes(tmp_path / "a") == all_bytes(tmp_path / "b")
    a, c = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "c")
    for table in TABLES:
        table_a = b"".join(v for k, v in a.items() if k.startswith(table))
        table_c = b"".join(v for k, v in c.items() if k.startswith(table))
        assert table_a != table_c, f"{table} is the same for seeds 7 and 8"


def test_rerun_into_the_same_folder_replaces_the_previous_files(tmp_path):
    generate(tmp_path, scale=2, seed=1)
    manifest = generate(tmp_path, scale=0.5, seed=1)

    for table in TABLES:
        assert len(read_rows(tmp_path, table)) == manifest["landing"][table]


def test_scale_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        generate(tmp_path, scale=0)


# --- shape and size ----------------------------------------------------------------------------------------


def test_scale_1_has_about_the_real_row_counts_split_like_the_real_files(scale1, rows):
    out, manifest = scale1

    assert manifest["landing"] == {table: len(rows[table]) for table in TABLES}
    assert manifest["landing"]["customer"] == REAL_LANDING["customer"]
    for table in ("accelerometer", "step_trainer"):
        assert manifest["landing"][table] == pytest.approx(REAL_LANDING[table], rel=0.04), table
    assert [len(landing_files(out, t)) for t in TABLES] == [1, 9, 3]
    assert all(p.name.startswith(f"{p.parent.parent.name}-") for t in TABLES for p in landing_files(out, t))


def test_every_table_scales_linearly(tmp_path, scale1):
    _, at_1 = scale1
    at_3 = generate(tmp_path, scale=3, seed=0)

    for table in TABLES:
        assert at_3["landing"][table] == pytest.approx(3 * at_1["landing"][table], rel=0.03), table
    assert len(landing_files(tmp_path, "accelerometer")) > 9
    # bigger runs settle cross-customer pairs many times while generating: the counts still add up
    written = {table: read_rows(tmp_path, table) for table in TABLES}
    assert at_3["expected"] == recount(written["customer"], written["accelerometer"], written["step_trainer"])


def test_rows_have_the_real_keys_in_the_real_order_and_types(rows):
    for c in rows["customer"]:
        keys = tuple(c)
        assert keys[:7] == CUSTOMER_KEYS
        assert all(k in SHARE_KEYS for k in keys[7:]) and list(keys[7:]) == [k for k in SHARE_KEYS if k in c]
        assert all(isinstance(c[k], int) for k in ("registrationDate", "lastUpdateDate", *keys[7:]))
        assert isinstance(c["birthDay"], str) and c["phone"] == "8015551212"
    for a in rows["accelerometer"]:
        assert tuple(a) == ("user", "timestamp", "x", "y", "z")
        assert isinstance(a["timestamp"], int)
        assert all(isinstance(a[axis], float) and a[axis] in (-1.0, 0.0, 1.0) for axis in "xyz")
    for s in rows["step_trainer"]:
        assert tuple(s) == ("sensorReadingTime", "serialNumber", "distanceFromObject")
        assert isinstance(s["sensorReadingTime"], int) and isinstance(s["distanceFromObject"], int)
        assert 200 < s["distanceFromObject"] <= 300


def test_floats_are_written_like_the_real_data(scale1):
    out, _ = scale1
    line = landing_files(out, "accelerometer")[0].read_text(encoding="utf-8").splitlines()[0]
    assert line.startswith('{"user":"') and '"x":' in line and ".0," in line

    customer_line = landing_files(out, "customer")[0].read_text(encoding="utf-8").splitlines()[0]
    assert customer_line.startswith('{"customerName": "')


def test_emails_and_serial_numbers_are_unique_and_every_reading_belongs_to_a_customer(rows):
    emails = [c["email"] for c in rows["customer"]]
    serials = [c["serialNumber"] for c in rows["customer"]]
    assert len(set(emails)) == len(emails)
    assert len(set(serials)) == len(serials)
    assert {a["user"] for a in rows["accelerometer"]} <= set(emails)
    assert {s["serialNumber"] for s in rows["step_trainer"]} <= set(serials)


# --- the real data's quirks ---------------------------------------------------------------------------------


def test_share_keys_are_absent_never_null_and_independent(rows):
    customers = rows["customer"]
    assert not any(v is None for c in customers for v in c.values())
    combos = Counter(tuple(k in c for k in SHARE_KEYS) for c in customers)
    assert len(combos) == 8, "every combination of present/absent share keys occurs"
    consenting = sum("shareWithResearchAsOfDate" in c for c in customers)
    assert 0.45 < consenting / len(customers) < 0.55


def test_some_birthdays_are_not_valid_iso_dates(rows):
    def is_iso(text: str) -> bool:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return False
        return True

    birthdays = [c["birthDay"] for c in rows["customer"]]
    assert any(not is_iso(b) for b in birthdays)
    assert sum(is_iso(b) for b in birthdays) > len(birthdays) / 2


def test_step_readings_are_at_the_owners_accelerometer_times(rows):
    email_of = {c["serialNumber"]: c["email"] for c in rows["customer"]}
    acc_times = {(a["user"], a["timestamp"]) for a in rows["accelerometer"]}
    step_times = {(email_of[s["serialNumber"]], s["sensorReadingTime"]) for s in rows["step_trainer"]}
    assert step_times == acc_times
    assert len(step_times) == len(rows["step_trainer"])


def test_several_accelerometer_rows_per_time_and_times_shared_across_customers(rows):
    per_user_time = Counter((a["user"], a["timestamp"]) for a in rows["accelerometer"])
    assert len(rows["accelerometer"]) / len(per_user_time) == pytest.approx(2.83, abs=0.1)
    users_per_time = Counter(t for _, t in per_user_time)
    shared = sum(1 for n in users_per_time.values() if n > 1)
    assert 0.02 < shared / len(users_per_time) < 0.1


def test_readings_before_consent_and_consenting_customers_without_readings(rows):
    consent = {c["email"]: c["shareWithResearchAsOfDate"] for c in rows["customer"] if "shareWithResearchAsOfDate" in c}
    times = defaultdict(list)
    for a in rows["accelerometer"]:
        times[a["user"]].append(a["timestamp"])

    with_readings = [e for e in consent if e in times]
    before = [e for e in with_readings if min(times[e]) < consent[e]]
    only_before = [e for e in with_readings if max(times[e]) < consent[e]]
    assert len(before) > len(with_readings) / 2
    assert 0 < len(only_before) < len(with_readings) / 10
    assert 0 < len(consent) - len(with_readings) < len(consent) / 10

    serial_consent = {c["serialNumber"]: consent.get(c["email"]) for c in rows["customer"]}
    assert any(serial_consent[s["serialNumber"]] is None for s in rows["step_trainer"])
    assert any(
        serial_consent[s["serialNumber"]] is not None and s["sensorReadingTime"] < serial_consent[s["serialNumber"]]
        for s in rows["step_trainer"]
    )


def test_some_readings_are_taken_exactly_at_consent_time(rows):
    consent = {c["email"]: c["shareWithResearchAsOfDate"] for c in rows["customer"] if "shareWithResearchAsOfDate" in c}
    at_consent = [a for a in rows["accelerometer"] if a["user"] in consent and a["timestamp"] == consent[a["user"]]]
    assert at_consent, "boundary readings (kept by the >= consent rule) are present"


def test_rows_of_customers_are_interleaved_in_the_files(rows):
    runs = 1 + sum(
        1 for a, b in zip(rows["accelerometer"], rows["accelerometer"][1:], strict=False) if a["user"] != b["user"]
    )
    assert runs > 3 * len(rows["customer"])


# --- the manifest -----------------------------------------------------------------------------------------


def test_manifest_file_is_what_generate_returns(scale1):
    out, manifest = scale1
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert set(manifest) == {"scale", "seed", "landing", "expected"}
    assert (manifest["scale"], manifest["seed"]) == (1, 0)
    assert set(manifest["expected"]) == {"rubric", "standout", "strict"}
    assert all(tuple(counts) == TABLE_NAMES for counts in manifest["expected"].values())


def test_manifest_expected_counts_equal_a_recount_of_the_written_files(scale1, rows):
    _, manifest = scale1
    assert manifest["expected"] == recount(rows["customer"], rows["accelerometer"], rows["step_trainer"])


@pytest.mark.parametrize("seed", [1, 2])
def test_manifest_recount_holds_for_other_seeds_and_scales(tmp_path, seed):
    manifest = generate(tmp_path, scale=0.4 * seed, seed=seed)
    written = {table: read_rows(tmp_path, table) for table in TABLES}
    assert manifest["expected"] == recount(written["customer"], written["accelerometer"], written["step_trainer"])


def test_recount_sees_a_changed_file(tmp_path):
    """The recount is a real check: dropping one trusted accelerometer row changes the expected counts."""
    generate(tmp_path, scale=0.2, seed=3)
    written = {table: read_rows(tmp_path, table) for table in TABLES}
    before = recount(written["customer"], written["accelerometer"], written["step_trainer"])
    consenting = {c["email"] for c in written["customer"] if "shareWithResearchAsOfDate" in c}
    victim = next(i for i, a in enumerate(written["accelerometer"]) if a["user"] in consenting)
    del written["accelerometer"][victim]
    after = recount(written["customer"], written["accelerometer"], written["step_trainer"])
    assert after["rubric"]["accelerometer_trusted"] == before["rubric"]["accelerometer_trusted"] - 1
    assert after["rubric"]["machine_learning_curated"] < before["rubric"]["machine_learning_curated"]


def test_expected_counts_are_ordered_like_the_real_data(scale1):
    _, manifest = scale1
    rubric, standout, strict = (manifest["expected"][p] for p in ("rubric", "standout", "strict"))

    assert rubric["customer_trusted"] == standout["customer_trusted"] == strict["customer_trusted"]
    assert standout["accelerometer_trusted"] < rubric["accelerometer_trusted"] < rubric["accelerometer_landing"]
    assert strict["accelerometer_trusted"] == standout["accelerometer_trusted"]
    assert standout["customer_curated"] < rubric["customer_curated"] < rubric["customer_trusted"]
    assert strict["customer_curated"] == standout["customer_curated"]
    assert strict["step_trainer_trusted"] < standout["step_trainer_trusted"] < rubric["step_trainer_trusted"]
    ml = [p["machine_learning_curated"] for p in (strict, standout, rubric)]
    assert ml == sorted(set(ml)), "strict < standout < rubric machine_learning_curated"
    # cross-customer pairs: rubric and standout pair more rows than each step row's own readings
    assert rubric["machine_learning_curated"] > rubric["accelerometer_trusted"]
    assert strict["machine_learning_curated"] == strict["accelerometer_trusted"]


def test_scale_1_expected_counts_are_in_the_spirit_of_the_real_data(scale1):
    _, manifest = scale1
    real = {
        "rubric": (482, 40_981, 482, 14_460, 0, 43_681),
        "standout": (482, 32_025, 464, 13_920, 0, 34_437),
        "strict": (482, 32_025, 464, 11_297, 11_297, 32_025),
    }
    for profile, counts in real.items():
        got = tuple(manifest["expected"][profile][t] for t in TABLE_NAMES[3:])
        assert got == pytest.approx(counts, rel=0.1), profile

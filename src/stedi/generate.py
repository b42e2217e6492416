"""Realistic STEDI sample landing data, at any scale, without the real starter data.

`generate(out, scale, seed)` writes JSON-lines files shaped like the course's starter data
(`../shared/data/stedi`) under `out/{customer,accelerometer,step_trainer}/landing/` and a manifest with
the row count every table of the pipeline must have under each profile (`rubric`, `standout`, `strict`).

What the real data looks like, and what is reproduced here (scale 1 ≈ the real row counts):

- customers: ~956, unique email (``First.Last@test.com``) and serialNumber (uuid); phone always
  ``8015551212``; birthDay ``YYYY-01-01`` with years 960-1965, so some are not valid ISO dates
  (``"971-01-01"``); registrationDate within a ~41-minute window; most customers never update, a few update
  about a minute later (or 1 ms later) and then lastUpdateDate moves with them. Each ``share*AsOfDate``
  key is independently present (about half the time, value = lastUpdateDate) or *absent* - never null.
- readings: a customer with readings has ~31 distinct reading times at a regular 2-4 s interval around
  registration; every reading time has one step-trainer row (``sensorReadingTime`` == ``timestamp``) and
  usually 3 (sometimes 2, rarely 1 or 4) accelerometer rows with x, y in {-1.0, 0.0, 1.0}, z in {-1.0, 0.0}.
  Some reading times are borrowed from another recent customer, so timestamps are shared across customers.
  Readings often start before registration, hence before research consent; most late-consenting customers
  have *all* their readings before consent. About 3% of customers (consenting or not) have no readings.
- rows of a few customers are interleaved in each file, ~10 rows at a time, like the real export.

Scale multiplies every table (customers too); the registration window grows with it, so reading density and
hence the share of timestamps shared across customers stay the same. Files hold at most
``_rows_per_file(scale)`` rows (10,000 at scale 1, growing with sqrt(scale), capped at 1,000,000).

With ``serial_defect=N`` (``stedi generate --serial-defect N``) the data shows the course's fulfillment-website
defect: the true serials of the first N customers' step trainers are reused, so every later customer record
carries one of those N values (drawn at random) while each step trainer still reports its own true, unique
serial; only customers who received a trainer (``_P_TRAINER``) have step readings; and some customers appear
again in a newer record (``_P_REPEAT``): withdrawing research consent, giving it, or, sometimes with the same
lastUpdateDate (a tie), withdrawing it. Shared reading times (``_P_BORROWED_TIME``) then put phones and trainers
of different customers at the same millisecond. Without the option the data (and its bytes) are as before.

The expected counts are computed while generating (bookkeeping, not re-reading): see `_Tally`; with the defect,
`_DefectTally` keeps what attribution needs (who carries each serial, whose phones read at each time) in memory
until the end, since a serial's carriers are only known then: meant for small scales (tests, demos).
Generation streams: memory holds one batch of customers and the reading times of the last few minutes.
Same (scale, seed) gives byte-identical files; the real data is never read.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from stedi.layout import UNATTRIBUTED_REASONS

TABLES = ("customer", "accelerometer", "step_trainer")
PROFILES = ("rubric", "standout", "strict")

# Real starter data row counts; scale 1 aims at these.
REAL_CUSTOMERS = 956
REAL_ACCELEROMETER = 81_273
REAL_STEP_TRAINER = 28_680

_FIRST_NAMES = (
    "Aaron Abigail Adam Aisha Alex Amir Ana Ben Carlos Chen Chris Dana David Diego Elena Emma Ethan Fatima "
    "Frank Grace Hana Ian Ivan Jacob Jane Jaya Jerry Kenji Laura Leo Lucia Maria Mei Mohammed Nadia Neeraj "
    "Noah Olga Omar Priya Raj Rosa Sam Santosh Sarah Senthil Sofia Tom Yuki Zoe"
).split()
_LAST_NAMES = (
    "Abbott Anand Baker Brown Clark Cruz Davis Doshi Evans Fischer Garcia Gonzalez Gupta Hansen Harris "
    "Howard Ito Jackson Jefferson Johnson Jones Kim Kowalski Lee Lopez Martin Mitra Moore Nguyen Novak Olson "
    "Patel Perez Phillips Reyes Rossi Sato Schmidt Silva Singh Smith Staples Suzuki Taylor Thomas Walker "
    "White Wilson Wu Young"
).split()

_PHONE = "8015551212"
_REGISTRATION_START_MS = 1_655_562_000_000  # June 2022, like the starter data
_MEAN_REGISTRATION_GAP_MS = 2_565  # 956 customers over ~41 minutes
_EXPORT_MS = 1_691_348_231_400  # the epoch-ms suffix of the first file name of each table
_MAX_ROWS_PER_FILE = 1_000_000

# Research consent is given by exactly half of each batch of customers (see generate); these are coins.
_P_SHARE_PUBLIC = 0.51
_P_SHARE_FRIENDS = 0.53
_P_UPDATE_LATER = 0.04  # lastUpdateDate = registration + ~1 minute (consent given later)
_P_UPDATE_1MS = 0.006  # lastUpdateDate = registration + 1 ms
_P_ALL_READINGS_BEFORE_UPDATE = 0.8  # a late updater used the device before changing their settings
_P_NO_READINGS = 0.03
_P_NO_READINGS_BEFORE_REGISTRATION = 0.2
_P_READING_AT_REGISTRATION = 0.1  # a reading at exactly the consent time: kept, the rules drop only "<"
_P_BORROWED_TIME = 0.11  # a reading time taken from another recent customer in the same time span
# Only with serial_defect (see generate):
_P_TRAINER = 0.85  # a customer received a step trainer
_P_REPEAT = 0.1  # the customer appears again in a newer record
_P_REPEAT_TIE = 0.25  # ... with the same lastUpdateDate: a tie, always a withdrawal
_P_REPEAT_CHANGES_CONSENT = 0.6  # ... newer, and it withdraws (or gives) research consent; else only re-saved
_FLUSH_LAG_MS = 600_000  # no customer's reading is earlier than its registration minus this
_BATCH_CUSTOMERS = 32
_CHUNK_ROWS = 10

# Accelerometer rows per reading time (real: 3 for 84%, 2 for 16%, 1 for 0.3%, more: rare):
# r < _P_ROWS_1 -> 1, r < _P_ROWS_2 -> 2, r < _P_ROWS_3 -> 3, else 4.
_P_ROWS_1, _P_ROWS_2, _P_ROWS_3 = 0.003, 0.163, 0.9998
_AXES = ("-1.0", "0.0", "1.0")
_XYZ = tuple(
    f'"x":{x},"y":{y},"z":{z}}}\n' for x in _AXES for y in _AXES for z in ("-1.0", "0.0")
)  # accelerometer line endings, `{"user":..,"timestamp":..,` is the line start


def _rows_per_file(scale: float) -> int:
    return max(1_000, min(_MAX_ROWS_PER_FILE, round(10_000 * math.sqrt(scale))))


class _LandingWriter:
    """Writes one table's JSON lines into numbered files of at most `rows_per_file` rows."""

    def __init__(self, folder: Path, table: str, rows_per_file: int) -> None:
        self.folder = folder
        self.table = table
        self.rows_per_file = rows_per_file
        self.rows = 0
        self.files: list[Path] = []
        self._file: IO[str] | None = None
        self._room = 0

    def write(self, lines: list[str]) -> None:
        """Write whole lines (each ending in a newline), opening new files as they fill up."""
        self.rows += len(lines)
        while lines:
            if self._room == 0:
                self._next_file()
            part, lines = lines[: self._room], lines[self._room :]
            assert self._file is not None
            self._file.write("".join(part))
            self._room -= len(part)

    def _next_file(self) -> None:
        self.close()
        path = self.folder / f"{self.table}-{_EXPORT_MS + 50 * len(self.files)}.json"
        self.files.append(path)
        self._file = path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self._room = self.rows_per_file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _Tally:
    """Expected row counts per profile, kept while generating.

    Per customer everything is known at once (consent, all of its readings), except the cross-customer
    pairs of `machine_learning_curated` in rubric/standout; for those, per reading time, the number of
    trusted accelerometer rows and of trusted step rows is kept until no later customer can read at that
    time (customers come in registration order and read at most `_FLUSH_LAG_MS` before registering),
    then the products are summed.
    """

    def __init__(self) -> None:
        self.landing = dict.fromkeys(TABLES, 0)
        self.trusted_customers = 0
        self.acc = {"rubric": 0, "standout": 0}
        self.curated = {"rubric": 0, "standout": 0}
        self.step = {"rubric": 0, "standout": 0, "strict": 0}
        # strict's step_reading_owners_trusted: one row per kept reading key. A customer's reading times are
        # distinct and no other customer carries its serial, so each kept reading is a key of its own.
        self.owned = 0
        self.ml = {"rubric": 0, "standout": 0, "strict": 0}
        # time -> [trusted acc rows, trusted acc rows at/after consent, rubric step rows, standout step rows]
        self._by_time: dict[int, list[int]] = {}

    def customer(self, research: int | None, times: list[int], acc_rows: list[int]) -> None:
        """Count one customer: research consent (None: absent), reading times, accelerometer rows per time."""
        self.landing["customer"] += 1
        self.landing["accelerometer"] += sum(acc_rows)
        self.landing["step_trainer"] += len(times)
        if research is None:
            return
        self.trusted_customers += 1
        if not times:
            return
        after = [(t, k) for t, k in zip(times, acc_rows, strict=True) if t >= research]
        rows_after = sum(k for _, k in after)
        self.acc["rubric"] += sum(acc_rows)
        self.acc["standout"] += rows_after
        self.curated["rubric"] += 1
        self.step["rubric"] += len(times)
        standout_curated = rows_after > 0
        if standout_curated:
            self.curated["standout"] += 1
            self.step["standout"] += len(times)
            self.step["strict"] += len(after)
            self.owned += len(after)
            self.ml["strict"] += rows_after
        by_time = self._by_time
        for t, k in zip(times, acc_rows, strict=True):
            counts = by_time.get(t)
            if counts is None:
                counts = by_time[t] = [0, 0, 0, 0]
            counts[0] += k
            counts[2] += 1
            if t >= research:
                counts[1] += k
            if standout_curated:
                counts[3] += 1

    def flush(self, before: int | None = None) -> None:
        """Settle the pairs at reading times earlier than `before` (all of them when None)."""
        done = [t for t in self._by_time if before is None or t < before]
        for t in done:
            acc_all, acc_after, step_rubric, step_standout = self._by_time.pop(t)
            self.ml["rubric"] += step_rubric * acc_all
            self.ml["standout"] += step_standout * acc_after

    def expected(self) -> dict[str, dict[str, int]]:
        self.flush()
        profiles = {}
        for profile in PROFILES:
            acc_rule = "rubric" if profile == "rubric" else "standout"
            profiles[profile] = {
                "customer_landing": self.landing["customer"],
                "accelerometer_landing": self.landing["accelerometer"],
                "step_trainer_landing": self.landing["step_trainer"],
                "customer_trusted": self.trusted_customers,
                "accelerometer_trusted": self.acc[acc_rule],
                "customer_curated": self.curated[acc_rule],
                "step_trainer_trusted": self.step[profile],
                "step_reading_owners_trusted": self.owned if profile == "strict" else 0,
                "machine_learning_curated": self.ml[profile],
            }
        return profiles


class _DefectTally:
    """Expected row counts per profile with the serial defect, and strict's unattributed step readings by reason.

    Attribution needs every customer's current record serial before any step reading can be settled, so this
    keeps, per customer, its current record (email, serial, research consent) and its readings, and applies each
    profile's rules once generation is done (`expected`).
    """

    def __init__(self) -> None:
        self.landing = dict.fromkeys(TABLES, 0)
        self._customers: list[tuple[str, str, int | None, dict[int, int]]] = []  # email, serial, research, rows at t
        self._steps: list[tuple[str, int]] = []  # (the trainer's true serial, time)

    def customer(
        self,
        records: int,
        email: str,
        serial: str,
        research: int | None,
        times: list[int],
        acc_rows: list[int],
        trainer_serial: str | None,
    ) -> None:
        """Count one customer: its records, current record (serial, research consent), readings, trainer (or None)."""
        self.landing["customer"] += records
        self.landing["accelerometer"] += sum(acc_rows)
        self._customers.append((email, serial, research, dict(zip(times, acc_rows, strict=True))))
        if trainer_serial is not None:
            self.landing["step_trainer"] += len(times)
            self._steps.extend((trainer_serial, t) for t in times)

    def flush(self, before: int | None = None) -> None:
        """Nothing to settle early: see the class docstring."""

    def expected(self) -> dict[str, dict[str, int]]:
        trusted = {
            email: (serial, research, by_t) for email, serial, research, by_t in self._customers if research is not None
        }
        acc = {  # per accelerometer rule: email -> {time: trusted rows}
            "rubric": {email: by_t for email, (_, _, by_t) in trusted.items()},
            "standout": {e: {t: k for t, k in by_t.items() if t >= r} for e, (_, r, by_t) in trusted.items()},
        }
        curated = {rule: {email for email, by_t in acc[rule].items() if by_t} for rule in acc}
        rows_at: dict[str, dict[int, int]] = {}
        for rule, per_customer in acc.items():
            rows_at[rule] = {}
            for by_t in per_customer.values():
                for t, k in by_t.items():
                    rows_at[rule][t] = rows_at[rule].get(t, 0) + k
        step = {}
        ml = {}
        for rule in ("rubric", "standout"):  # the course's serial join
            serials = {trusted[email][0] for email in curated[rule]}
            kept = [t for serial, t in self._steps if serial in serials]
            step[rule] = len(kept)
            ml[rule] = sum(rows_at[rule].get(t, 0) for t in kept)

        carriers: dict[str, list[str]] = {}
        phones: dict[int, set[str]] = {}
        for email, serial, _, by_t in self._customers:
            carriers.setdefault(serial, []).append(email)
            for t in by_t:
                phones.setdefault(t, set()).add(email)
        shared, nobody = UNATTRIBUTED_REASONS
        unattributed = dict.fromkeys(UNATTRIBUTED_REASONS, 0)
        step["strict"] = ml["strict"] = 0
        owned = set()  # strict's step_reading_owners_trusted: the kept readings' keys, once each
        for serial, t in self._steps:
            owners = carriers.get(serial, [])
            if len(owners) != 1:
                owners = list(phones.get(t, ()))
            if len(owners) != 1:
                unattributed[shared if len(carriers.get(serial, [])) > 1 else nobody] += 1
                continue
            owner = owners[0]
            if owner in curated["standout"] and t >= trusted[owner][1]:
                step["strict"] += 1
                owned.add((t, serial))
                ml["strict"] += trusted[owner][2].get(t, 0)
        self.unattributed = unattributed

        profiles = {}
        for profile in PROFILES:
            rule = "rubric" if profile == "rubric" else "standout"
            profiles[profile] = {
                "customer_landing": self.landing["customer"],
                "accelerometer_landing": self.landing["accelerometer"],
                "step_trainer_landing": self.landing["step_trainer"],
                "customer_trusted": len(trusted),
                "accelerometer_trusted": sum(sum(by_t.values()) for by_t in acc[rule].values()),
                "customer_curated": len(curated[rule]),
                "step_trainer_trusted": step[profile],
                "step_reading_owners_trusted": len(owned) if profile == "strict" else 0,
                "machine_learning_curated": ml[profile],
            }
        return profiles


def _names(rng: random.Random) -> Iterable[tuple[str, str]]:
    """(customerName, email) forever: every first/last combination once, then again with a number."""
    combos = [(first, last) for first in _FIRST_NAMES for last in _LAST_NAMES]
    rng.shuffle(combos)
    round_ = 0
    while True:
        suffix = str(round_ + 1) if round_ else ""
        for first, last in combos:
            yield f"{first} {last}", f"{first}.{last}{suffix}@test.com"
        round_ += 1


def _customer_line(
    name: str, email: str, birthday: str, serial: str, registered: int, updated: int, shares: list[str]
) -> str:
    line = (
        f'{{"customerName": "{name}", "email": "{email}", "phone": "{_PHONE}", "birthDay": "{birthday}", '
        f'"serialNumber": "{serial}", "registrationDate": {registered}, "lastUpdateDate": {updated}'
    )
    for key in shares:
        line += f', "{key}": {updated}'
    return line + "}\n"


def _interleave(rng: random.Random, per_customer: list[list[str]]) -> list[str]:
    """Lines of a batch of customers, in chunks of ~`_CHUNK_ROWS` per customer, chunks shuffled."""
    chunks = [lines[i : i + _CHUNK_ROWS] for lines in per_customer for i in range(0, len(lines), _CHUNK_ROWS)]
    rng.shuffle(chunks)
    return [line for chunk in chunks for line in chunk]


def generate(out: Path, scale: float = 1.0, seed: int = 0, serial_defect: int | None = None) -> dict:
    """Write landing data under out/{customer,accelerometer,step_trainer}/landing/*.json and
    out/manifest.json; return the manifest.

    `scale` multiplies every table (1 ≈ the real starter data's row counts); `seed` picks the data, the same
    (scale, seed, serial_defect) always writing byte-identical files. `serial_defect` N: customer records carry
    serials drawn from N reused values (see the module docstring); the manifest then also holds
    ``serial_defect`` and ``unattributed`` (strict's unattributed step readings by reason). Earlier
    `<table>-*.json` files in those landing folders are removed first.
    """
    if not isinstance(scale, int | float) or not scale > 0 or math.isinf(scale):
        raise ValueError(f"generate: scale must be a positive number, got {scale!r}")
    if serial_defect is not None and (not isinstance(serial_defect, int) or serial_defect < 1):
        raise ValueError(f"generate: serial_defect must be a positive number of serials, got {serial_defect!r}")
    out = Path(out)
    rng = random.Random(seed)
    n_customers = max(1, round(REAL_CUSTOMERS * scale))
    rows_per_file = _rows_per_file(scale)

    writers = {}
    for table in TABLES:
        folder = out / table / "landing"
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"{table}-*.json"):  # a previous run's files would add to this one's rows
            stale.unlink()
        writers[table] = _LandingWriter(folder, table, rows_per_file)

    tally: _Tally | _DefectTally = _DefectTally() if serial_defect else _Tally()
    reused: list[str] = []  # with serial_defect: the serials the website hands out over and over
    names = iter(_names(rng))
    pool = [0] * 1024  # recent reading times of earlier customers, to borrow from
    pool_size = 0
    pool_next = 0
    registered = _REGISTRATION_START_MS
    last_flush = registered
    try:
        for batch_start in range(0, n_customers, _BATCH_CUSTOMERS):
            customer_lines, acc_lines, step_lines = [], [], []
            batch_size = min(_BATCH_CUSTOMERS, n_customers - batch_start)
            # Research consent: exactly half of each batch (odd batches: a coin decides the extra one), so
            # the trusted share stays ~50% at any scale and seed.
            consenting = batch_size // 2 + (batch_size % 2 and rng.random() < 0.5)
            research_flags = [True] * consenting + [False] * (batch_size - consenting)
            rng.shuffle(research_flags)
            for consents in research_flags:
                registered += 1 + int(rng.expovariate(1 / _MEAN_REGISTRATION_GAP_MS))
                name, email = next(names)
                serial = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                record_serial = serial
                has_trainer = True
                if serial_defect:
                    if len(reused) < serial_defect:
                        reused.append(serial)
                    else:
                        record_serial = rng.choice(reused)
                    has_trainer = rng.random() < _P_TRAINER
                birthday = f"{rng.randint(960, 1965)}-01-01"
                late = rng.random()
                if late < _P_UPDATE_LATER:
                    updated = registered + rng.randint(58_000, 68_300)
                elif late < _P_UPDATE_LATER + _P_UPDATE_1MS:
                    updated = registered + 1
                else:
                    updated = registered
                shares = ["shareWithResearchAsOfDate"] if consents else []
                if rng.random() < _P_SHARE_PUBLIC:
                    shares.append("shareWithPublicAsOfDate")
                if rng.random() < _P_SHARE_FRIENDS:
                    shares.append("shareWithFriendsAsOfDate")
                research = updated if "shareWithResearchAsOfDate" in shares else None
                customer_lines.append(_customer_line(name, email, birthday, record_serial, registered, updated, shares))
                records = 1
                if serial_defect and rng.random() < _P_REPEAT:  # the website exports the customer again
                    records = 2
                    again_shares = list(shares)
                    if rng.random() < _P_REPEAT_TIE:  # same lastUpdateDate, consent withdrawn: the tie rule
                        again = updated
                        if research is not None:
                            again_shares.remove("shareWithResearchAsOfDate")
                    else:
                        again = updated + rng.randint(60_000, 3_600_000)
                        if rng.random() < _P_REPEAT_CHANGES_CONSENT:
                            if research is None:
                                again_shares.insert(0, "shareWithResearchAsOfDate")
                            else:
                                again_shares.remove("shareWithResearchAsOfDate")
                    customer_lines.append(
                        _customer_line(name, email, birthday, record_serial, registered, again, again_shares)
                    )
                    research = again if "shareWithResearchAsOfDate" in again_shares else None

                times: list[int] = []
                acc_rows: list[int] = []
                if rng.random() >= _P_NO_READINGS:
                    n_times = rng.randint(27, 35)
                    interval = rng.randint(2_000, 4_000)
                    span = (n_times - 1) * interval
                    if updated - registered > 1_000 and rng.random() < _P_ALL_READINGS_BEFORE_UPDATE:
                        start = updated - span - rng.randint(1_000, 30_000)
                    elif rng.random() < _P_NO_READINGS_BEFORE_REGISTRATION:
                        start = registered + rng.randint(0, 15_000)
                    else:  # the first 1-13 readings are taken before registering, sometimes one right at it
                        at_registration = rng.random() < _P_READING_AT_REGISTRATION
                        offset = 0 if at_registration else rng.randint(1, interval - 1)
                        start = registered - rng.randint(1, 13) * interval + offset
                    times = [start + i * interval for i in range(n_times)]
                    own = set(times)
                    for i in range(n_times):
                        if pool_size and rng.random() < _P_BORROWED_TIME:
                            borrowed = pool[rng.randrange(pool_size)]
                            if start <= borrowed <= start + span and borrowed not in own:
                                own.discard(times[i])
                                own.add(borrowed)
                                times[i] = borrowed
                    for t in times:
                        pool[pool_next] = t
                        pool_next = (pool_next + 1) % len(pool)
                    pool_size = min(pool_size + n_times, len(pool))

                    acc: list[str] = []
                    steps: list[str] = []
                    endings = rng.choices(_XYZ, k=4 * n_times)
                    distances = rng.choices(range(201, 301), k=n_times)
                    used = 0
                    for t, distance in zip(times, distances, strict=True):
                        r = rng.random()
                        k = (
                            3
                            if _P_ROWS_2 <= r < _P_ROWS_3
                            else 2
                            if _P_ROWS_1 <= r < _P_ROWS_2
                            else 1
                            if r < _P_ROWS_1
                            else 4
                        )
                        start_of_line = f'{{"user":"{email}","timestamp":{t},'
                        acc.extend(start_of_line + ending for ending in endings[used : used + k])
                        used += k
                        acc_rows.append(k)
                        steps.append(
                            f'{{"sensorReadingTime":{t},"serialNumber":"{serial}","distanceFromObject":{distance}}}\n'
                        )
                    acc_lines.append(acc)
                    if has_trainer:
                        step_lines.append(steps)
                if isinstance(tally, _DefectTally):
                    trainer = serial if has_trainer else None
                    tally.customer(records, email, record_serial, research, times, acc_rows, trainer)
                else:
                    tally.customer(research, times, acc_rows)

            rng.shuffle(customer_lines)
            writers["customer"].write(customer_lines)
            writers["accelerometer"].write(_interleave(rng, acc_lines))
            writers["step_trainer"].write(_interleave(rng, step_lines))
            if registered - last_flush > _FLUSH_LAG_MS:
                tally.flush(before=registered - _FLUSH_LAG_MS)
                last_flush = registered
    finally:
        for writer in writers.values():
            writer.close()

    manifest = {
        "scale": scale,
        "seed": seed,
        "landing": {table: writers[table].rows for table in TABLES},
        "expected": tally.expected(),
    }
    if isinstance(tally, _DefectTally):
        manifest["serial_defect"] = serial_defect
        manifest["unattributed"] = tally.unattributed
    assert manifest["landing"] == tally.landing, "writers and tally disagree on landing row counts"
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest

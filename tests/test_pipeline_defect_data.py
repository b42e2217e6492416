"""The five jobs on generated data with the course's serial-number defect (`stedi generate --serial-defect 30`):
every profile gives the generator's counts, and strict's equal an independent formulation in DuckDB.

The course brief: the website "used the same 30 serial numbers over and over again for millions of customers",
while "the data from the Step Trainer Records has the correct serial numbers".
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from pipeline_support import run

from stedi.generate import generate
from stedi.pipeline import UNATTRIBUTED_REASONS

SCALE, SEED, DEFECT = 0.15, 0, 30


@pytest.fixture(scope="module")
def defect_landing(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("defect-landing")
    return out, generate(out, scale=SCALE, seed=SEED, serial_defect=DEFECT)


@pytest.fixture(scope="module")
def defect_lakes(defect_landing, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    landing, _ = defect_landing
    result = {}
    for profile in ("rubric", "standout", "strict"):
        lake = tmp_path_factory.mktemp(f"defect-lake-{profile}")
        result[profile] = (lake, run(lake, landing, profile))
    return result


# The rules, written again from the text as plain SQL over the raw files: no code shared with the scripts,
# Spark or the runtime. The current record: the latest lastUpdateDate; on a tie a record without consent wins,
# else the latest consent, then the greatest serial.
INDEPENDENT_SQL = """
WITH latest AS (
  SELECT email, max(lastUpdateDate) AS updated FROM customer WHERE email IS NOT NULL GROUP BY email
),
cur AS (
  SELECT c.email,
         CASE WHEN bool_or(c.shareWithResearchAsOfDate IS NULL) THEN NULL
              ELSE max(c.shareWithResearchAsOfDate) END AS consent,
         coalesce(max(c.serialNumber) FILTER (WHERE c.shareWithResearchAsOfDate IS NULL),
                  max(c.serialNumber)) AS serial
  FROM customer c JOIN latest l ON c.email = l.email AND c.lastUpdateDate = l.updated
  GROUP BY c.email
),
trusted_acc AS (
  SELECT a.* FROM acc a JOIN cur c ON a.user = c.email WHERE c.consent IS NOT NULL AND a.timestamp >= c.consent
),
curated AS (
  SELECT * FROM cur c WHERE EXISTS (SELECT 1 FROM trusted_acc a WHERE a.user = c.email)
),
owned AS (
  SELECT s.sensorReadingTime AS t, s.serialNumber,
         (SELECT count(*) FROM cur c WHERE c.serial = s.serialNumber) AS carriers,
         coalesce(
           (SELECT min(c.email) FROM cur c WHERE c.serial = s.serialNumber HAVING count(*) = 1),
           (SELECT min(a.user) FROM acc a WHERE a.timestamp = s.sensorReadingTime
              AND a.user IN (SELECT email FROM cur) HAVING count(DISTINCT a.user) = 1)
         ) AS owner
  FROM step s
),
kept AS (
  SELECT o.* FROM owned o JOIN curated c ON o.owner = c.email WHERE o.t >= c.consent
)
SELECT
  (SELECT count(*) FROM cur WHERE consent IS NOT NULL) AS customer_trusted,
  (SELECT count(*) FROM trusted_acc) AS accelerometer_trusted,
  (SELECT count(*) FROM curated) AS customer_curated,
  (SELECT count(*) FROM kept) AS step_trainer_trusted,
  (SELECT count(*) FROM (SELECT DISTINCT t, serialNumber FROM kept)) AS step_reading_owners_trusted,
  (SELECT count(*) FROM kept k JOIN trusted_acc a ON a.user = k.owner AND a.timestamp = k.t)
    AS machine_learning_curated,
  (SELECT count(*) FROM owned WHERE owner IS NULL AND carriers > 1) AS shared_serial,
  (SELECT count(*) FROM owned WHERE owner IS NULL AND carriers <= 1) AS no_customer
"""


def independent_strict_counts(landing: Path) -> dict[str, int]:
    db = duckdb.connect()
    sources = {
        "customer": (
            "customer",
            "{'email': 'VARCHAR', 'serialNumber': 'VARCHAR', 'lastUpdateDate': 'BIGINT', "
            "'shareWithResearchAsOfDate': 'BIGINT'}",
        ),
        "acc": ("accelerometer", "{'user': 'VARCHAR', 'timestamp': 'BIGINT'}"),
        "step": ("step_trainer", "{'sensorReadingTime': 'BIGINT', 'serialNumber': 'VARCHAR'}"),
    }
    for view, (entity, columns) in sources.items():
        files = str(landing / entity / "landing" / "*.json")
        db.execute(
            f"CREATE VIEW {view} AS SELECT * FROM read_json('{files}', format = 'newline_delimited', "
            f"columns = {columns})"
        )
    cursor = db.execute(INDEPENDENT_SQL)
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.mark.spark
@pytest.mark.parametrize("profile", ["rubric", "standout", "strict"])
def test_every_profile_gives_the_generators_counts_on_defect_data(defect_landing, defect_lakes, profile):
    _, manifest = defect_landing
    summary = defect_lakes[profile][1]
    assert summary["tables"] == manifest["expected"][profile]
    assert summary["quarantined"] == {"customer": 0, "accelerometer": 0, "step_trainer": 0}
    unattributed = manifest["unattributed"] if profile == "strict" else dict.fromkeys(UNATTRIBUTED_REASONS, 0)
    assert summary["unattributed"] == unattributed


@pytest.mark.spark
def test_strict_counts_on_defect_data_agree_with_an_independent_formulation(defect_landing, defect_lakes):
    landing, _ = defect_landing
    independent = independent_strict_counts(landing)
    summary = defect_lakes["strict"][1]
    shared, nobody = UNATTRIBUTED_REASONS
    assert independent == {
        **{t: summary["tables"][t] for t in independent if t in summary["tables"]},
        "shared_serial": summary["unattributed"][shared],
        "no_customer": summary["unattributed"][nobody],
    }
    # The numbers themselves (the README's table): the defect is exercised, not empty.
    assert independent == {
        "customer_trusted": 71,
        "accelerometer_trusted": 4281,
        "customer_curated": 63,
        "step_trainer_trusted": 1089,
        "step_reading_owners_trusted": 1089,
        "machine_learning_curated": 3054,
        "shared_serial": 117,
        "no_customer": 321,
    }


def test_defect_data_reuses_serials_repeats_customers_and_leaves_some_without_a_trainer(defect_landing):
    import json

    landing, manifest = defect_landing
    customers = [
        json.loads(line)
        for path in sorted((landing / "customer" / "landing").glob("*.json"))
        for line in path.read_text().splitlines()
    ]
    steps = [
        json.loads(line)
        for path in sorted((landing / "step_trainer" / "landing").glob("*.json"))
        for line in path.read_text().splitlines()
    ]
    emails = {c["email"] for c in customers}
    assert len({c["serialNumber"] for c in customers}) == DEFECT
    assert len(emails) < len(customers)  # some customers appear again
    step_serials = {s["serialNumber"] for s in steps}
    assert len(step_serials) < len(emails)  # not every customer received a trainer
    assert len(step_serials & {c["serialNumber"] for c in customers}) <= DEFECT
    assert manifest["serial_defect"] == DEFECT
    assert set(manifest["unattributed"]) == set(UNATTRIBUTED_REASONS)


def test_serial_defect_must_be_a_positive_count(tmp_path):
    with pytest.raises(ValueError, match="serial_defect must be a positive number of serials, got 0"):
        generate(tmp_path, scale=0.01, serial_defect=0)

"""The pipeline's shape, shared by the runner, the generator, the checks and the benchmark: its profiles, jobs and
tables, the default database and bucket. A module of constants that imports nothing of stedi, so that every
module can use it without an import circle (``tests/test_imports.py``)."""

from __future__ import annotations

from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "glue_scripts"
PROFILES = ("strict", "standout", "rubric")
DEFAULT_DATABASE = "stedi"
DEFAULT_BUCKET = "stedi-lake"
ENTITIES = ("customer", "accelerometer", "step_trainer")
# strict's step readings that no customer owns under the attribution rule (glue_scripts/step_trainer_trusted.py),
# written as JSON lines with a `reason` beside the quarantine; the summary counts them by reason.
UNATTRIBUTED = "step_trainer_unattributed"
UNATTRIBUTED_REASONS = (
    "serial shared by several customers and no unique phone at t",
    "no customer and no unique phone at t",
)
# Dependency order: each job reads only tables written by the jobs before it.
JOBS = (
    "customer_landing_to_trusted",
    "accelerometer_landing_to_trusted",
    "customer_trusted_to_curated",
    "step_trainer_trusted",
    "machine_learning_curated",
)
TABLES = (
    "customer_landing",
    "accelerometer_landing",
    "step_trainer_landing",
    "customer_trusted",
    "accelerometer_trusted",
    "customer_curated",
    "step_trainer_trusted",
    # strict: the owner (an email) of each reading step_trainer_trusted keeps, published by that job beside it for
    # machine_learning_curated; empty in rubric and standout.
    "step_reading_owners_trusted",
    "machine_learning_curated",
)

"""Each Glue version's behaviour, as data (``awsglue.versions``), on whichever engine runs the tests.

The ``engines`` tests assert the behaviour of the running engine's Glue version, looked up in the table: run
under each engine's environment they check each version (CI runs ``-m engines`` on every engine).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awsglue.utils import GlueArgumentError, getResolvedOptions
from awsglue.versions import GLUE_VERSIONS, LOCAL_VERSIONS, for_spark, running

REPO = Path(__file__).resolve().parents[1]
VARIABLES = [REPO / "terraform" / "variables.tf", REPO / "terraform" / "modules" / "etl_jobs" / "variables.tf"]


def _glue_version_block(path: Path) -> str:
    text = path.read_text()
    start = text.index('variable "glue_version" {')
    return text[start : text.index("\n}\n", start)]


def test_terraform_accepts_exactly_the_versions_the_runtime_runs():
    for path in VARIABLES:
        block = _glue_version_block(path)
        listed = re.search(r"contains\(\[([^]]*)\], var\.glue_version\)", block).group(1)
        refused = set(re.findall(r'var\.glue_version != "([^"]+)"', block))
        accepted = [v for v in re.findall(r'"([^"]+)"', listed) if v not in refused]
        assert accepted == list(LOCAL_VERSIONS) == ["5.0", "5.1", "6.0"], path
        assert refused == {v for v, g in GLUE_VERSIONS.items() if g.not_local}, path


def test_terraform_default_is_a_version_the_runtime_runs():
    for path in VARIABLES:
        default = re.search(r'default\s*=\s*"([^"]+)"', _glue_version_block(path)).group(1)
        assert default in LOCAL_VERSIONS, path


def test_each_version_maps_to_its_own_spark_release():
    assert [for_spark(g.spark).version for g in GLUE_VERSIONS.values()] == list(GLUE_VERSIONS)
    with pytest.raises(ValueError, match=r"PySpark 3\.5\.5 is no AWS Glue version's engine; Glue runs 3\.5\.4 \(Glue"):
        for_spark("3.5.5")


def test_spark_4_versions_keep_ansi_sql_on_and_spark_3_versions_off():
    """Spark 4.0 turned spark.sql.ansi.enabled on by default (SPARK-44444); Glue keeps each Spark's default."""
    assert {v: g.spark_conf()["spark.sql.ansi.enabled"] for v, g in GLUE_VERSIONS.items()} == {
        "5.0": "false",
        "5.1": "false",
        "6.0": "true",
        "6.1": "true",
    }


# -- the running engine ----------------------------------------------------------------------------------------


@pytest.mark.engines
def test_the_running_engine_is_a_version_terraform_accepts():
    import pyspark

    assert running().spark == pyspark.__version__ and running().version in LOCAL_VERSIONS


@pytest.mark.engines
def test_get_resolved_options_takes_abbreviated_names_only_before_glue_6():
    args = ["script.py", "--JOB_NAME", "j", "--DATA", "db"]
    if running().abbreviated_arguments:
        assert getResolvedOptions(args, ["JOB_NAME", "DATABASE"])["DATABASE"] == "db"
        with pytest.raises(TypeError, match="unexpected keyword argument 'allow_abbrev'"):
            getResolvedOptions(args, ["JOB_NAME", "DATABASE"], allow_abbrev=True)
    else:
        with pytest.raises(GlueArgumentError, match="^the following arguments are required: --DATABASE$"):
            getResolvedOptions(args, ["JOB_NAME", "DATABASE"])
        assert getResolvedOptions(args, ["JOB_NAME", "DATABASE"], allow_abbrev=True)["DATABASE"] == "db"


@pytest.mark.engines
def test_an_ambiguous_prefix_is_refused_on_every_version():
    """--JOB could be --JOB_NAME, --JOB_ID or --JOB_RUN_ID: refused before 6.0, ignored (so missing) from 6.0."""
    message = (
        "ambiguous option: --JOB could match --JOB_ID, --JOB_RUN_ID, --JOB_NAME"
        if running().abbreviated_arguments
        else "the following arguments are required: --JOB_NAME"
    )
    with pytest.raises(GlueArgumentError, match=f"^{re.escape(message)}$"):
        getResolvedOptions(["script.py", "--JOB", "j"], ["JOB_NAME"])


@pytest.mark.spark
@pytest.mark.engines
def test_the_local_session_has_the_running_versions_ansi_mode(tmp_path):
    from stedi.spark import local_spark

    spark = local_spark(tmp_path / "lake")
    assert spark.conf.get("spark.sql.ansi.enabled") == str(running().ansi_sql).lower()


# Spark 3.5's result with ANSI off, and the error condition (class) Spark 4 raises with it on.
ANSI_CASES = {
    "SELECT CAST('n/a' AS INT) AS v": (None, "NumberFormatException", "CAST_INVALID_INPUT"),
    "SELECT 1 / 0 AS v": (None, "ArithmeticException", "DIVIDE_BY_ZERO"),
    "SELECT 2147483647 + 1 AS v": (-2147483648, "ArithmeticException", "ARITHMETIC_OVERFLOW"),
}


@pytest.mark.spark
@pytest.mark.engines
@pytest.mark.parametrize("query", ANSI_CASES)
def test_invalid_casts_and_arithmetic_give_a_value_before_glue_6_and_an_error_from_glue_6(query, tmp_path):
    from stedi.spark import local_spark

    spark = local_spark(tmp_path / "lake")
    value, exception, condition = ANSI_CASES[query]
    if not running().ansi_sql:
        assert spark.sql(query).collect()[0].v == value
        return
    import pyspark.errors

    with pytest.raises(getattr(pyspark.errors, exception)) as failure:
        spark.sql(query).collect()
    assert failure.value.getCondition() == condition

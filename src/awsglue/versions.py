"""The AWS Glue versions this runtime knows, as data: one runtime for all of them, their differences in this table.

Source: the AWS Glue developer guide, "AWS Glue versions" (release-notes.html) and the migration guides
(migrating-version-51.html, migrating-version-60.html, migrating-version-61.html); the official Python library
of each version (``AWSGlueDataplanePython`` on PyPI, read, never imported). Pure data: importable without
PySpark, so that the application can pick and build an engine before any Spark exists. The code that acts on a
difference reads it from here (``spark_conf``, ``awsglue.utils.getResolvedOptions``); nothing tests a version
number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlueVersion:
    """One AWS Glue version's engine: what a job with Terraform's ``glue_version = version`` runs on."""

    version: str
    spark: str  # Apache Spark on Glue; the local engine runs the PySpark release of the same number
    python: str  # major.minor of the job's Python
    scala: str
    java: str
    # Spark SQL's ANSI mode (spark.sql.ansi.enabled): off by default up to Spark 3.5, on from Spark 4.0
    # (SPARK-44444). Glue keeps Spark's default: an invalid CAST gives NULL on 5.x and fails on 6.x.
    ansi_sql: bool
    # getResolvedOptions accepts an unambiguous prefix of an argument name (``--JOB`` for ``--JOB_NAME``):
    # argparse's default, which the official utils.py keeps up to 5.1.0; 6.0.0 passes allow_abbrev=False.
    abbreviated_arguments: bool
    # The AWSGlueDataplanePython release (PyPI) of this version's awsglue: 5.0.0 and 5.1.0 hold the same
    # awsglue sources; 6.0.0 (Python 3.13) adds getResolvedOptions' allow_abbrev; there is no 6.1 release.
    official_library: str
    # Why the local runtime cannot run this version's engine; None when it can.
    not_local: str | None = None

    def spark_conf(self) -> dict[str, str]:
        """The Spark SQL settings in which this version's engine differs from the others, as Glue sets them."""
        return {"spark.sql.ansi.enabled": str(self.ansi_sql).lower()}


GLUE_VERSIONS: dict[str, GlueVersion] = {
    v.version: v
    for v in (
        GlueVersion(
            "5.0",
            spark="3.5.4",
            python="3.11",
            scala="2.12.18",
            java="17",
            ansi_sql=False,
            abbreviated_arguments=True,
            official_library="5.0.0",
        ),
        GlueVersion(
            "5.1",
            spark="3.5.6",
            python="3.11",
            scala="2.12.18",
            java="17",
            ansi_sql=False,
            abbreviated_arguments=True,
            official_library="5.1.0",
        ),
        GlueVersion(
            "6.0",
            spark="4.1.1",
            python="3.13",
            scala="2.13.17",
            java="17",
            ansi_sql=True,
            abbreviated_arguments=False,
            official_library="6.0.0",
        ),
        GlueVersion(
            "6.1",
            spark="4.1.3",
            python="3.14",
            scala="2.13.17",
            java="17",
            ansi_sql=True,
            abbreviated_arguments=False,
            official_library="6.0.0",
            not_local="its jobs run Python 3.14, which neither PyPI (no CPython interpreters) nor Debian 12 "
            "(Python 3.11) provides, and no AWSGlueDataplanePython release supports Python 3.14",
        ),
    )
}

# The versions whose engine the local runtime runs: what Terraform's glue_version accepts.
LOCAL_VERSIONS: tuple[str, ...] = tuple(v for v, g in GLUE_VERSIONS.items() if g.not_local is None)


def for_spark(spark_version: str) -> GlueVersion:
    """The Glue version whose engine is this Spark release (each Glue version pins its own Spark release).

    :raises ValueError: naming the release and the ones that map to a Glue version
    """
    for glue in GLUE_VERSIONS.values():
        if glue.spark == spark_version:
            return glue
    known = ", ".join(f"{g.spark} (Glue {g.version})" for g in GLUE_VERSIONS.values())
    raise ValueError(f"PySpark {spark_version} is no AWS Glue version's engine; Glue runs {known}")


def running() -> GlueVersion:
    """The Glue version whose engine this process runs: the one of the installed PySpark."""
    import pyspark

    return for_spark(pyspark.__version__)

"""The AWS Glue versions this runtime knows, as data: one runtime for all of them, their differences in this table.

Source: the AWS Glue developer guide, "AWS Glue versions" (release-notes.html) and the migration guides
(migrating-version-51.html, migrating-version-60.html, migrating-version-61.html). Pure data: importable without
PySpark, so that the application can pick and build an engine before any Spark exists.
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


GLUE_VERSIONS: dict[str, GlueVersion] = {
    v.version: v
    for v in (
        GlueVersion("5.0", spark="3.5.4", python="3.11", scala="2.12.18", java="17"),
        GlueVersion("5.1", spark="3.5.6", python="3.11", scala="2.12.18", java="17"),
        GlueVersion("6.0", spark="4.1.1", python="3.13", scala="2.13.17", java="17"),
        GlueVersion("6.1", spark="4.1.3", python="3.14", scala="2.13.17", java="17"),
    )
}


def for_spark(spark_version: str) -> GlueVersion:
    """The Glue version whose engine is this Spark release (each Glue version pins its own Spark release).

    :raises ValueError: naming the release and the ones that map to a Glue version
    """
    for glue in GLUE_VERSIONS.values():
        if glue.spark == spark_version:
            return glue
    known = ", ".join(f"{g.spark} (Glue {g.version})" for g in GLUE_VERSIONS.values())
    raise ValueError(f"PySpark {spark_version} is no AWS Glue version's engine; Glue runs {known}")

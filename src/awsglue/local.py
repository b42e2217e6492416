"""Everything that differs between this local runtime and AWS Glue lives here.

- S3 paths: ``s3://ANY-BUCKET/KEY`` maps to ``LAKE/KEY``, where LAKE is the Spark conf ``stedi.lake`` (set by
  ``stedi.spark.local_spark``). The bucket name is ignored: one local folder is the whole lake.
- Data Catalog: tables live as JSON files shaped like Glue's ``GetTable`` answer under ``LAKE/_catalog/``
  (``stedi.catalog.LocalCatalog``); sinks with ``enableUpdateCatalog`` register their table there.
- Schemas: catalog sources are read with the catalog's column types (Glue infers per record and may produce
  choice types). A JSON record that does not parse, or whose value does not fit its column's type, becomes an
  *error record* (``errorsAsDynamicFrame``, ``errorsCount``) with the columns ``source_file``, ``reason`` and
  ``record`` (the raw line); on Glue, error records carry Glue's own error structure.
- ``input_file_name()`` in SQL returns the local file URI (on Glue it may be empty for DynamicFrame sources).
- ``Job.init``/``Job.commit`` keep no bookmark state: every run is a full run, as our jobs are configured on AWS.
- Data Quality: ``EvaluateDataQuality`` evaluates a subset of DQDL (see ``awsgluedq.transforms``) and publishes
  nothing; an unsupported rule type is an error, never a silent pass.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from pyspark.sql import SparkSession

LAKE_CONF = "stedi.lake"


def lake_root(spark: SparkSession) -> Path:
    lake = spark.conf.get(LAKE_CONF, None)
    if not lake:
        raise RuntimeError(
            f"Spark conf '{LAKE_CONF}' is not set: start Spark with stedi.spark.local_spark(lake) "
            "so that s3:// paths can be mapped to a local folder"
        )
    return Path(lake)


def local_path(spark: SparkSession, uri: str) -> Path:
    """``s3://bucket/key`` -> ``LAKE/key``; a path that is already local is returned as it is."""
    return resolve(lake_root(spark), uri)


def resolve(lake: Path, uri: str) -> Path:
    """``s3://bucket/key`` -> ``lake/key``; a path that is already local is returned as it is."""
    parsed = urlparse(uri)
    if parsed.scheme in ("s3", "s3a", "s3n"):
        return lake / parsed.path.lstrip("/")
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else uri)
    raise ValueError(f"unsupported path '{uri}': the local runtime reads s3:// (mapped to the lake) or local paths")

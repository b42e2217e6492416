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
  nothing; an unsupported rule type is an error, never a silent pass. The evaluated frame is cached until
  ``Job.commit`` so that the sink writing it does not compute it again.
- Crash safety: on AWS Glue each job writes its catalog table to a fresh ``run=<UTC time>-<id>/`` folder under
  the table's root, switches the table's ``Location`` to it with one ``glue.UpdateTable`` (the atomic switch),
  then purges the root's other ``run=`` folders (older runs, runs killed before their switch): a reader sees the
  previous run or the new one; a query that started before the switch may still fail if its files are purged
  under it, and the quarantine JSON is purge-then-write. Locally the scripts do the same, and in addition every
  folder a sink writes is a symbolic link to an immutable version folder (``LAKE/<parent>/.<name>.versions/<id>/``).
  ``writeFrame`` builds the next version beside the live one (the live files, hard-linked, since sinks append,
  plus the new part files) and then switches the link with one atomic rename: a reader sees the old folder or
  the new one, never a half-written one, and a process killed mid-write leaves the live version untouched (the
  orphaned version folder is removed by the next write). A folder written for the first time is linked before
  the write, so a killed first write leaves its files at its path, as on S3 (where the next run's purge of
  stale ``run=`` folders finds them); a folder whose every file is purged is removed, as an S3 prefix without
  objects does not exist. ``purge_s3_path`` on a sink-written folder is applied by the next write into it (or
  by ``Job.commit`` if no write follows), not at once; on Glue it deletes at once. Locally the sink records the
  path it writes as the table's ``Location`` when it registers the table; the scripts do not rely on Glue's sink
  doing so and switch the location themselves.
- boto3: the AWS calls the scripts make themselves (``glue.GetTable``, ``glue.UpdateTable``,
  ``s3.ListObjectsV2``) are answered from the local catalog and the lake folder by ``awsglue.local_aws``, which
  ``stedi.pipeline.run_glue_script`` installs on boto3's default session for the script's run only (dummy
  credentials, region us-east-1; botocore still validates every call against the AWS model). Any other AWS
  operation is an error naming it. The local S3 listing hides the runtime's own files (version folders, Spark's
  ``.crc`` files, ``LAKE/_catalog``).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
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


def resolve(lake: Path, uri: str) -> Path:
    """``s3://bucket/key`` -> ``lake/key``; a path that is already local is returned as it is."""
    parsed = urlparse(uri)
    if parsed.scheme in ("s3", "s3a", "s3n"):
        return lake / parsed.path.lstrip("/")
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else uri)
    raise ValueError(f"unsupported path '{uri}': the local runtime reads s3:// (mapped to the lake) or local paths")


def versions_dir(folder: Path) -> Path:
    """Where the versions of a sink-written ``folder`` live: ``<parent>/.<name>.versions/``."""
    return folder.parent / f".{folder.name}.versions"


def is_versioned(folder: Path) -> bool:
    return folder.is_symlink() and versions_dir(folder).is_dir()


def write_version(
    folder: Path, write: Callable[[Path], None], keep: Callable[[Path], bool] | None = None
) -> Path | None:
    """Publish a new version of ``folder``: the current files that ``keep`` accepts, plus what ``write`` adds.

    ``write(path)`` writes new files into the fresh folder ``path``. The switch is one ``os.replace`` of the
    symbolic link ``folder``; older versions, and versions orphaned by a killed writer, are removed afterwards.
    A ``folder`` that does not exist yet is linked to its first version before the write, as an S3 prefix shows
    a write's objects as they arrive: a killed first write leaves its files at ``folder``, where the next purge
    of that path finds them. A version left with no file removes ``folder`` (an S3 prefix with no object does
    not exist); returns None then.
    """
    versions = versions_dir(folder)
    versions.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    new = versions / f"{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    new.mkdir()
    fresh = not folder.is_dir()
    if fresh:
        _switch(folder, new)
    else:  # carry the live files forward (hard links: nothing is copied), as sinks append
        live = folder.resolve()
        for path in live.rglob("*"):
            if path.is_file() and (keep is None or keep(path)):
                target = new / path.relative_to(live)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target)
    write(new)
    if not any(path.is_file() for path in new.rglob("*")):
        if folder.is_symlink():
            folder.unlink()  # atomic: readers see the old version or no folder
        elif folder.is_dir():
            shutil.rmtree(folder)  # a real folder (see below) whose every file was purged
        shutil.rmtree(versions, ignore_errors=True)
        return None
    if not fresh:
        if not folder.is_symlink():
            # A real folder (a lake written before versions existed): move it aside once; not atomic, only this time.
            os.rename(folder, versions / f"{stamp}-previous-{uuid.uuid4().hex[:8]}")
        _switch(folder, new)
    for old in versions.iterdir():
        if old != new:
            shutil.rmtree(old, ignore_errors=True)
    return new


def _switch(folder: Path, version: Path) -> None:
    """Point the symbolic link ``folder`` at ``version`` with one atomic rename."""
    link = folder.parent / f".{folder.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(version.relative_to(folder.parent), target_is_directory=True)
    os.replace(link, folder)
    for stale in folder.parent.glob(f".{folder.name}.link-*"):
        stale.unlink(missing_ok=True)


# Where our public signatures differ from the official library's (AWSGlueDataplanePython 5.1.0), and why; checked by
# tests/test_signatures.py. A key names a function, method, class or module (covering what is inside it); ``*``
# matches any part of a name.
_JVM = "needs Glue's JVM classes (no local equivalent)"
_NOT_LOCAL = "not implemented locally: a script calling it fails with AttributeError"
SIGNATURE_DIFFERENCES: dict[str, str] = {
    "awsglue.context.register": _JVM,
    "awsglue.context.GlueContext.__init__": "sparkContext is required here (rtcore's Spark-start change aligns it)",
    "awsglue.context.GlueContext.getSource": _NOT_LOCAL + " (sources are read by create_dynamic_frame)",
    "awsglue.context.GlueContext.getStreamingSource": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.get_catalog_schema_as_spark_schema": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_dynamic_frame_from_rdd": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_data_frame_from_catalog": "DataFrame readers (Glue streaming/Iceberg): "
    + _NOT_LOCAL,
    "awsglue.context.GlueContext.create_data_frame_from_options": "DataFrame readers: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.write_data_frame_from_catalog": "DataFrame writers: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.create_sample_dynamic_frame_from_catalog": _NOT_LOCAL,
    "awsglue.context.GlueContext.create_sample_dynamic_frame_from_options": _NOT_LOCAL,
    "awsglue.context.GlueContext.write_dynamic_frame_from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.write_from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.extract_jdbc_conf": "JDBC connections: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.convert_resolve_option": _JVM + "; local frames have no choice types",
    "awsglue.context.GlueContext.purge_table": _NOT_LOCAL + " (purge_s3_path is)",
    "awsglue.context.GlueContext.transition_table": "S3 storage classes: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.transition_s3_path": "S3 storage classes: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.currentTimeMillis": _JVM,
    "awsglue.context.GlueContext.getSampleStreamingDynamicFrame": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.forEachBatch": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.add_ingestion_time_columns": "streaming: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.start_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.commit_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.context.GlueContext.cancel_transaction": "Lake Formation governed tables: " + _NOT_LOCAL,
    "awsglue.data_sink.DataSink.__init__": "built by GlueContext.getSink from the options, not from a JVM sink",
    "awsglue.data_sink.DataSink.writeDataFrame": "DataFrame sinks: " + _NOT_LOCAL,
    "awsglue.data_source": "DataSource wraps a JVM source; local reads go through create_dynamic_frame",
    "awsglue.streaming_data_source": "streaming: " + _NOT_LOCAL,
    "awsglue.dataframe_transforms": "DataFrame transforms (Glue's Scala ApplyMapping on DataFrames): " + _NOT_LOCAL,
    "awsglue.dataframereader": "DataFrame readers: " + _NOT_LOCAL,
    "awsglue.dataframewriter": "DataFrame writers: " + _NOT_LOCAL,
    "awsglue.devutils": "job-management helpers calling the Glue API: not part of a job's runtime",
    "awsglue.functions": "Glue's Scala SQL functions: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.__init__": "wraps a Spark DataFrame (not a JVM DynamicFrame) plus the "
    "frame's error records",
    "awsglue.dynamicframe.DynamicFrame.with_frame_schema": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.mapPartitions": _NOT_LOCAL + " (map and filter are)",
    "awsglue.dynamicframe.DynamicFrame.mapPartitionsWithIndex": _NOT_LOCAL + " (map and filter are)",
    "awsglue.dynamicframe.DynamicFrame.unbox": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.split_fields": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.split_rows": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.unnest": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.relationalize": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.unnest_ddb_json": "DynamoDB: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.simplify_ddb_json": "DynamoDB: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.mergeDynamicFrame": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrame.assertErrorThreshold": "thresholds are not enforced locally: " + _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrameReader.from_rdd": _NOT_LOCAL,
    "awsglue.dynamicframe.DynamicFrameWriter.from_jdbc_conf": "JDBC/Redshift: " + _NOT_LOCAL,
    "awsglue.transforms.SplitFields": _NOT_LOCAL,
    "awsglue.transforms.SplitRows": _NOT_LOCAL,
    "awsglue.transforms.Relationalize": _NOT_LOCAL,
    "awsglue.transforms.Unbox": _NOT_LOCAL,
    "awsglue.transforms.UnnestFrame": _NOT_LOCAL,
    "awsglue.transforms.describe_transform": "Glue console metadata of transforms is not kept locally",
    "awsglue.transforms.*.describe*": "Glue console metadata (describeArgs/Return/Transform/Errors) not kept locally",
    "awsglue.utils.makeOptions": _JVM,
    "awsglue.utils.callsite": _JVM + " (error call sites)",
}

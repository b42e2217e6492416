"""``Job``: Glue's run bookkeeping. Locally there are no bookmarks, so init/commit only track state."""

from __future__ import annotations


class Job:
    @classmethod
    def continuation_options(cls):
        return [
            "--continuation-option",
            "continuation-enabled",
            "continuation-readonly",
            "continuation-ignore",
        ]

    @classmethod
    def job_bookmark_options(cls):
        return ["--job-bookmark-option", "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]

    @classmethod
    def job_bookmark_range_options(cls):
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls):
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    @classmethod
    def encryption_type_options(cls):
        return ["--encryption-type", "sse-s3"]

    @classmethod
    def data_lineage_options(cls):
        return ["--enable-data-lineage"]

    def __init__(self, glue_context_or_spark_session):
        """:param glue_context_or_spark_session: the GlueContext (or, as on Glue, a SparkSession)"""
        from pyspark.sql import SparkSession

        from awsglue.context import GlueContext

        if isinstance(glue_context_or_spark_session, GlueContext):
            self._glue_context = glue_context_or_spark_session
        elif isinstance(glue_context_or_spark_session, SparkSession):
            self._glue_context = None
        else:
            raise Exception(
                "cannot init Job instance given input parameter type: " + str(type(glue_context_or_spark_session))
            )
        self._name = None
        self._committed = False

    def init(self, job_name, args=None):
        """:param job_name: the job's name; :param args: the resolved job arguments"""
        if not job_name:
            raise ValueError("Job.init needs a job name (pass args['JOB_NAME'])")
        self._name = job_name
        self._committed = False

    def isInitialized(self):
        return self._name is not None

    def commit(self):
        if self._name is None:
            raise RuntimeError("Job.commit called before Job.init")
        # Local runtime: release what data quality cached.
        if hasattr(self._glue_context, "_release"):
            self._glue_context._release()
        self._committed = True

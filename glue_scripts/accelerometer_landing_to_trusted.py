import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsgluedq.transforms import EvaluateDataQuality
from awsglue import DynamicFrame
import boto3
import uuid
from datetime import UTC, datetime


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


# Why a fresh folder per run and a catalog switch: on S3, purging a table's folder and then writing into it
# shows readers (Athena, the next job) an empty or partial table for the whole write, and leaves a half-written
# one if the job dies. So the sink writes each run to a new run=<UTC time>-<id>/ folder under the table's root,
# and this function then points the catalog table at it with one UpdateTable (the atomic switch: a reader sees
# the previous run or this one) and only then purges the root's other run= folders: older runs, and runs that
# died before their switch. Safe because a job never runs twice at once (max_concurrent_runs = 1). Files that
# earlier versions of these scripts wrote directly into the root are left there: no reader sees them any more.
def publishTable(glueContext, database, table_name, table_root, run_path) -> None:
    glue = boto3.client("glue")
    table = glue.get_table(DatabaseName=database, Name=table_name)["Table"]
    table_input_keys = (
        "Name", "Description", "Owner", "LastAccessTime", "LastAnalyzedTime", "Retention", "StorageDescriptor",
        "PartitionKeys", "ViewOriginalText", "ViewExpandedText", "TableType", "Parameters", "TargetTable",
    )  # fmt: skip
    table_input = {key: value for key, value in table.items() if key in table_input_keys}
    table_input["StorageDescriptor"] = {**table["StorageDescriptor"], "Location": run_path}
    glue.update_table(DatabaseName=database, TableInput=table_input)
    bucket, root = table_root[len("s3://") :].split("/", 1)
    live = run_path[len(f"s3://{bucket}/") :]
    stale = []
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=root, Delimiter="/")
    for page in pages:
        for folder in page.get("CommonPrefixes", []):
            if folder["Prefix"].startswith(root + "run=") and folder["Prefix"] != live:
                stale.append(folder["Prefix"])
    for folder in stale:
        glueContext.purge_s3_path(f"s3://{bucket}/{folder}", {"retentionPeriod": 0})


args = getResolvedOptions(sys.argv, ["JOB_NAME", "DATABASE", "LAKE_BUCKET", "PROFILE"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)


if args["PROFILE"] not in ("strict", "standout", "rubric"):
    raise ValueError(f"--PROFILE must be strict, standout or rubric, got '{args['PROFILE']}'")
PROFILE = args["PROFILE"]
TRUSTED_PATH = f"s3://{args['LAKE_BUCKET']}/accelerometer/trusted/"
TRUSTED_RUN_PATH = f"{TRUSTED_PATH}run={datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}/"
QUARANTINE_PATH = f"s3://{args['LAKE_BUCKET']}/quarantine/accelerometer/"

# Rules checked on the output before it is written: a failure stops the job, nothing is published.
TRUSTED_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount = 5,
        IsComplete "user",
        IsComplete "timestamp"
    ]
"""

# Script generated for node Accelerometer Landing
AccelerometerLanding_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"],
    table_name="accelerometer_landing",
    transformation_ctx="AccelerometerLanding_node",
)

# Script generated for node Customer Trusted
CustomerTrusted_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node"
)

# Script generated for node Incomplete Records
IncompleteRecords_query = """
-- Readings without the fields a reading needs go to quarantine, with the reason.
SELECT
  input_file_name() AS source_file,
  concat('missing required field(s): ', concat_ws(', ',
    IF(user IS NULL, 'user', NULL),
    IF(timestamp IS NULL, 'timestamp', NULL),
    IF(x IS NULL, 'x', NULL),
    IF(y IS NULL, 'y', NULL),
    IF(z IS NULL, 'z', NULL))) AS reason,
  to_json(struct(*)) AS record
FROM accelerometer_landing
WHERE user IS NULL
   OR timestamp IS NULL
   OR x IS NULL
   OR y IS NULL
   OR z IS NULL
"""
IncompleteRecords_node = sparkSqlQuery(
    glueContext,
    query=IncompleteRecords_query,
    mapping={"accelerometer_landing": AccelerometerLanding_node},
    transformation_ctx="IncompleteRecords_node",
)

# Script generated for node Unreadable Records
UnreadableRecords_node = AccelerometerLanding_node.errorsAsDynamicFrame()

# Script generated for node Consented Readings
ConsentedReadings_query = """
SELECT
  a.user,
  a.timestamp,
  a.x,
  a.y,
  a.z
FROM accelerometer_landing a
-- Privacy: only readings of customers in the trusted zone, i.e. customers who consented to research.
JOIN customer_trusted c
  ON a.user = c.email
WHERE a.timestamp IS NOT NULL
  AND a.x IS NOT NULL
  AND a.y IS NOT NULL
  AND a.z IS NOT NULL
  -- Privacy (standout, strict): a reading taken before the customer's consent date is not research data.
  AND ('{profile}' = 'rubric' OR a.timestamp >= c.shareWithResearchAsOfDate)
"""
ConsentedReadings_node = sparkSqlQuery(
    glueContext,
    query=ConsentedReadings_query.format(profile=PROFILE),
    mapping={"accelerometer_landing": AccelerometerLanding_node, "customer_trusted": CustomerTrusted_node},
    transformation_ctx="ConsentedReadings_node",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
    frame=ConsentedReadings_node,
    ruleset=TRUSTED_DATA_QUALITY_RULESET,
    publishing_options={
        "dataQualityEvaluationContext": "EvaluateDataQuality_node",
        "enableDataQualityResultsPublishing": True,
    },
    additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"},
)
assert (
    EvaluateDataQuality_node[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY]
    .filter(lambda x: x["Outcome"] == "Failed")
    .count()
    == 0
), "The job failed due to failing DQ rules for node: ConsentedReadings_node"

# Script generated for node Accelerometer Quarantine
# A re-run replaces the quarantine: retentionPeriod 0, because Glue's default keeps files younger than 7 days.
glueContext.purge_s3_path(QUARANTINE_PATH, {"retentionPeriod": 0})
AccelerometerQuarantine_node = glueContext.write_dynamic_frame.from_options(
    frame=UnreadableRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="AccelerometerQuarantine_node",
)
AccelerometerQuarantineIncomplete_node = glueContext.write_dynamic_frame.from_options(
    frame=IncompleteRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="AccelerometerQuarantineIncomplete_node",
)

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node = glueContext.getSink(
    path=TRUSTED_RUN_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="AccelerometerTrusted_node",
)
AccelerometerTrusted_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="accelerometer_trusted")
AccelerometerTrusted_node.setFormat("glueparquet", compression="snappy")
AccelerometerTrusted_node.writeFrame(ConsentedReadings_node)
publishTable(glueContext, args["DATABASE"], "accelerometer_trusted", TRUSTED_PATH, TRUSTED_RUN_PATH)
job.commit()

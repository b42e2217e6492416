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

# The privacy rule is the same in every profile (strict, standout, rubric): consent to research is required.
if args["PROFILE"] not in ("strict", "standout", "rubric"):
    raise ValueError(f"--PROFILE must be strict, standout or rubric, got '{args['PROFILE']}'")
TRUSTED_PATH = f"s3://{args['LAKE_BUCKET']}/customer/trusted/"
TRUSTED_RUN_PATH = f"{TRUSTED_PATH}run={datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}/"
QUARANTINE_PATH = f"s3://{args['LAKE_BUCKET']}/quarantine/customer/"

# Rules checked on the output before it is written: a failure stops the job, nothing is published.
TRUSTED_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount = 10,
        IsComplete "email",
        IsUnique "email",
        IsComplete "serialNumber",
        IsComplete "shareWithResearchAsOfDate"
    ]
"""

# Script generated for node Customer Landing
CustomerLanding_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_landing", transformation_ctx="CustomerLanding_node"
)

# Script generated for node Incomplete Records
IncompleteRecords_query = """
-- Records without the fields every downstream join needs go to quarantine, with the reason.
SELECT
  input_file_name() AS source_file,
  concat('missing required field(s): ', concat_ws(', ',
    IF(email IS NULL, 'email', NULL),
    IF(serialNumber IS NULL, 'serialNumber', NULL))) AS reason,
  to_json(struct(*)) AS record
FROM customer_landing
WHERE email IS NULL
   OR serialNumber IS NULL
"""
IncompleteRecords_node = sparkSqlQuery(
    glueContext,
    query=IncompleteRecords_query,
    mapping={"customer_landing": CustomerLanding_node},
    transformation_ctx="IncompleteRecords_node",
)

# Script generated for node Unreadable Records
UnreadableRecords_node = CustomerLanding_node.errorsAsDynamicFrame()

# Script generated for node Share With Research
ShareWithResearch_query = """
-- The website's export repeats: one email can have several records. The customer is the current record:
-- the latest lastUpdateDate; on a tie, the record without research consent (a withdrawal is never undone by a
-- tie), then the latest consent date, then the greatest serialNumber, then the other columns, so that the pick
-- is deterministic. Records without an email cannot be told apart and are quarantined (see Incomplete Records).
WITH ranked AS (
  SELECT
    customerName,
    email,
    phone,
    birthDay,
    serialNumber,
    registrationDate,
    lastUpdateDate,
    shareWithResearchAsOfDate,
    shareWithPublicAsOfDate,
    shareWithFriendsAsOfDate,
    ROW_NUMBER() OVER (
      PARTITION BY email
      ORDER BY
        lastUpdateDate DESC NULLS LAST,
        CASE WHEN shareWithResearchAsOfDate IS NULL THEN 0 ELSE 1 END NULLS LAST,
        shareWithResearchAsOfDate DESC NULLS LAST,
        serialNumber DESC NULLS LAST,
        registrationDate DESC NULLS LAST,
        customerName DESC NULLS LAST,
        phone DESC NULLS LAST,
        birthDay DESC NULLS LAST,
        shareWithPublicAsOfDate DESC NULLS LAST,
        shareWithFriendsAsOfDate DESC NULLS LAST
    ) AS record_rank
  FROM customer_landing
  WHERE email IS NOT NULL
)
SELECT
  customerName,
  email,
  phone,
  birthDay,
  serialNumber,
  registrationDate,
  lastUpdateDate,
  shareWithResearchAsOfDate,
  shareWithPublicAsOfDate,
  shareWithFriendsAsOfDate
FROM ranked
-- Privacy: only the current record counts; a customer whose latest record withdrew consent is out on this run.
WHERE record_rank = 1
  AND serialNumber IS NOT NULL
  -- Privacy: only customers who agreed to share their data for research enter the trusted zone.
  -- The key is absent (read as NULL) for customers who did not consent.
  AND shareWithResearchAsOfDate IS NOT NULL
"""
ShareWithResearch_node = sparkSqlQuery(
    glueContext,
    query=ShareWithResearch_query,
    mapping={"customer_landing": CustomerLanding_node},
    transformation_ctx="ShareWithResearch_node",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
    frame=ShareWithResearch_node,
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
), "The job failed due to failing DQ rules for node: ShareWithResearch_node"

# Script generated for node Customer Quarantine
# A re-run replaces the quarantine: retentionPeriod 0, because Glue's default keeps files younger than 7 days.
glueContext.purge_s3_path(QUARANTINE_PATH, {"retentionPeriod": 0})
CustomerQuarantine_node = glueContext.write_dynamic_frame.from_options(
    frame=UnreadableRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="CustomerQuarantine_node",
)
CustomerQuarantineIncomplete_node = glueContext.write_dynamic_frame.from_options(
    frame=IncompleteRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="CustomerQuarantineIncomplete_node",
)

# Script generated for node Customer Trusted
CustomerTrusted_node = glueContext.getSink(
    path=TRUSTED_RUN_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="CustomerTrusted_node",
)
CustomerTrusted_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_trusted")
CustomerTrusted_node.setFormat("glueparquet", compression="snappy")
CustomerTrusted_node.writeFrame(ShareWithResearch_node)
publishTable(glueContext, args["DATABASE"], "customer_trusted", TRUSTED_PATH, TRUSTED_RUN_PATH)
job.commit()

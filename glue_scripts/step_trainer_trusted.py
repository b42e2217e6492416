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
TRUSTED_PATH = f"s3://{args['LAKE_BUCKET']}/step_trainer/trusted/"
TRUSTED_RUN_PATH = f"{TRUSTED_PATH}run={datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}/"
QUARANTINE_PATH = f"s3://{args['LAKE_BUCKET']}/quarantine/step_trainer/"
UNATTRIBUTED_PATH = f"s3://{args['LAKE_BUCKET']}/quarantine/step_trainer_unattributed/"

# Rules checked on the output before it is written: a failure stops the job, nothing is published.
TRUSTED_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount = 3,
        IsComplete "sensorReadingTime",
        IsComplete "serialNumber",
        IsComplete "distanceFromObject"
    ]
"""

# Script generated for node Step Trainer Landing
StepTrainerLanding_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="step_trainer_landing", transformation_ctx="StepTrainerLanding_node"
)

# Script generated for node Customer Curated
CustomerCurated_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_curated", transformation_ctx="CustomerCurated_node"
)

# Script generated for node Customer Landing
CustomerLanding_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_landing", transformation_ctx="CustomerLanding_node"
)

# Script generated for node Accelerometer Landing
AccelerometerLanding_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"],
    table_name="accelerometer_landing",
    transformation_ctx="AccelerometerLanding_node",
)

# Script generated for node Incomplete Records
IncompleteRecords_query = """
-- Readings without the fields a reading needs go to quarantine, with the reason.
SELECT
  input_file_name() AS source_file,
  concat('missing required field(s): ', concat_ws(', ',
    IF(sensorReadingTime IS NULL, 'sensorReadingTime', NULL),
    IF(serialNumber IS NULL, 'serialNumber', NULL),
    IF(distanceFromObject IS NULL, 'distanceFromObject', NULL))) AS reason,
  to_json(struct(*)) AS record
FROM step_trainer_landing
WHERE sensorReadingTime IS NULL
   OR serialNumber IS NULL
   OR distanceFromObject IS NULL
"""
IncompleteRecords_node = sparkSqlQuery(
    glueContext,
    query=IncompleteRecords_query,
    mapping={"step_trainer_landing": StepTrainerLanding_node},
    transformation_ctx="IncompleteRecords_node",
)

# Script generated for node Unreadable Records
UnreadableRecords_node = StepTrainerLanding_node.errorsAsDynamicFrame()

# Script generated for node Step Reading Owners
# The customer records' serial numbers cannot be trusted on their own: the website reused a few serials for many
# customers, while each step trainer reports its own true serial. So (strict) a step reading (serial S, time t)
# belongs to customer C when exactly one customer's current record carries S and it is C; otherwise when exactly
# one customer (any consent) has a valid phone reading at t and it is C; otherwise to nobody, with the reason.
StepReadingOwners_query = """
WITH ranked AS (
  -- One customer per email: its current record, ranked as in customer_landing_to_trusted.
  SELECT
    email,
    serialNumber,
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
),
current_customer AS (
  SELECT
    email,
    serialNumber
  FROM ranked
  WHERE record_rank = 1
),
serial_carriers AS (
  -- How many customers carry each serial, and who when it is one.
  SELECT
    serialNumber,
    COUNT(*) AS customers,
    MIN(email) AS email
  FROM current_customer
  WHERE serialNumber IS NOT NULL
  GROUP BY serialNumber
),
phones_at AS (
  -- How many customers (any consent) have a valid phone reading at each time, and who when it is one.
  SELECT
    a.timestamp,
    COUNT(DISTINCT a.user) AS customers,
    MIN(a.user) AS email
  FROM accelerometer_landing a
  JOIN current_customer c
    ON c.email = a.user
  WHERE a.timestamp IS NOT NULL
    AND a.x IS NOT NULL
    AND a.y IS NOT NULL
    AND a.z IS NOT NULL
  GROUP BY a.timestamp
),
step_keys AS (
  SELECT DISTINCT
    sensorReadingTime,
    serialNumber
  FROM step_trainer_landing
  WHERE sensorReadingTime IS NOT NULL
    AND serialNumber IS NOT NULL
    AND distanceFromObject IS NOT NULL
)
SELECT
  k.sensorReadingTime,
  k.serialNumber,
  CASE
    WHEN sc.customers = 1 THEN sc.email
    WHEN p.customers = 1 THEN p.email
  END AS owner,
  CASE
    WHEN sc.customers = 1 OR p.customers = 1 THEN NULL
    WHEN sc.customers > 1 THEN 'serial shared by several customers and no unique phone at t'
    ELSE 'no customer and no unique phone at t'
  END AS reason
FROM step_keys k
LEFT JOIN serial_carriers sc
  ON sc.serialNumber = k.serialNumber
LEFT JOIN phones_at p
  ON p.timestamp = k.sensorReadingTime
-- Only strict attributes readings this way; rubric and standout keep the course's serial join.
WHERE '{profile}' = 'strict'
"""
StepReadingOwners_node = sparkSqlQuery(
    glueContext,
    query=StepReadingOwners_query.format(profile=PROFILE),
    mapping={
        "customer_landing": CustomerLanding_node,
        "accelerometer_landing": AccelerometerLanding_node,
        "step_trainer_landing": StepTrainerLanding_node,
    },
    transformation_ctx="StepReadingOwners_node",
)

# Script generated for node Curated Customers' Devices
CuratedDevices_query = """
-- rubric, standout (the course's rule): readings of devices whose serial a curated customer's record carries.
-- EXISTS, not JOIN: a serial number listed twice must not duplicate readings.
SELECT
  s.sensorReadingTime,
  s.serialNumber,
  s.distanceFromObject
FROM step_trainer_landing s
WHERE '{profile}' <> 'strict'
  AND s.distanceFromObject IS NOT NULL
  AND EXISTS (
    SELECT 1
    FROM customer_curated c
    WHERE c.serialNumber = s.serialNumber
  )
UNION ALL
-- strict: readings attributed to a customer (Step Reading Owners) who is curated (consented, with accelerometer
-- data). Privacy: no reading taken before that customer consented to research; unattributed readings never.
SELECT
  s.sensorReadingTime,
  s.serialNumber,
  s.distanceFromObject
FROM step_trainer_landing s
JOIN step_reading_owners o
  ON o.serialNumber = s.serialNumber
  AND o.sensorReadingTime = s.sensorReadingTime
JOIN customer_curated c
  ON c.email = o.owner
WHERE '{profile}' = 'strict'
  AND s.distanceFromObject IS NOT NULL
  AND s.sensorReadingTime >= c.shareWithResearchAsOfDate
"""
CuratedDevices_node = sparkSqlQuery(
    glueContext,
    query=CuratedDevices_query.format(profile=PROFILE),
    mapping={
        "step_trainer_landing": StepTrainerLanding_node,
        "customer_curated": CustomerCurated_node,
        "step_reading_owners": StepReadingOwners_node,
    },
    transformation_ctx="CuratedDevices_node",
)

# Script generated for node Unattributed Readings
UnattributedReadings_query = """
-- strict: the readings no customer owns under the rule, kept aside with the reason so they are counted.
SELECT
  s.sensorReadingTime,
  s.serialNumber,
  s.distanceFromObject,
  o.reason
FROM step_trainer_landing s
JOIN step_reading_owners o
  ON o.serialNumber = s.serialNumber
  AND o.sensorReadingTime = s.sensorReadingTime
WHERE s.distanceFromObject IS NOT NULL
  AND o.owner IS NULL
"""
UnattributedReadings_node = sparkSqlQuery(
    glueContext,
    query=UnattributedReadings_query,
    mapping={"step_trainer_landing": StepTrainerLanding_node, "step_reading_owners": StepReadingOwners_node},
    transformation_ctx="UnattributedReadings_node",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
    frame=CuratedDevices_node,
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
), "The job failed due to failing DQ rules for node: CuratedDevices_node"

# Script generated for node Step Trainer Quarantine
# A re-run replaces the quarantine: retentionPeriod 0, because Glue's default keeps files younger than 7 days.
glueContext.purge_s3_path(QUARANTINE_PATH, {"retentionPeriod": 0})
StepTrainerQuarantine_node = glueContext.write_dynamic_frame.from_options(
    frame=UnreadableRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="StepTrainerQuarantine_node",
)
StepTrainerQuarantineIncomplete_node = glueContext.write_dynamic_frame.from_options(
    frame=IncompleteRecords_node,
    connection_type="s3",
    format="json",
    connection_options={"path": QUARANTINE_PATH, "partitionKeys": []},
    transformation_ctx="StepTrainerQuarantineIncomplete_node",
)

# Script generated for node Step Trainer Unattributed
# Replaced on every run, like the quarantine; empty in rubric and standout, which do not attribute readings.
glueContext.purge_s3_path(UNATTRIBUTED_PATH, {"retentionPeriod": 0})
StepTrainerUnattributed_node = glueContext.write_dynamic_frame.from_options(
    frame=UnattributedReadings_node,
    connection_type="s3",
    format="json",
    connection_options={"path": UNATTRIBUTED_PATH, "partitionKeys": []},
    transformation_ctx="StepTrainerUnattributed_node",
)

# Script generated for node Step Trainer Trusted
StepTrainerTrusted_node = glueContext.getSink(
    path=TRUSTED_RUN_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="StepTrainerTrusted_node",
)
StepTrainerTrusted_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="step_trainer_trusted")
StepTrainerTrusted_node.setFormat("glueparquet", compression="snappy")
StepTrainerTrusted_node.writeFrame(CuratedDevices_node)
publishTable(glueContext, args["DATABASE"], "step_trainer_trusted", TRUSTED_PATH, TRUSTED_RUN_PATH)
job.commit()

import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrameCollection
from awsgluedq.transforms import EvaluateDataQuality
from awsglue.dynamicframe import DynamicFrame
from awsglue import DynamicFrame

# Script generated for node Job Arguments
def JobArguments(glueContext, dfc) -> DynamicFrameCollection:
    # The privacy rule depends on the profile (strict, standout, rubric). SQL nodes read it as '${stedi_profile}'
    # (Spark SQL substitutes ${key} from the session conf); the frames pass through unchanged, so every node that
    # reads them runs after this one.
    profile = getResolvedOptions(sys.argv, ["PROFILE"])["PROFILE"]
    if profile not in ("strict", "standout", "rubric"):
        raise ValueError(f"--PROFILE must be strict, standout or rubric, got '{profile}'")
    glueContext.spark_session.conf.set("stedi_profile", profile)
    return dfc
def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
# Script generated for node Quarantine
def Quarantine(glueContext, dfc) -> DynamicFrameCollection:
    # The accelerometer records that cannot go on, with the reason: the source's unreadable records (its error records)
    # and its incomplete ones (Incomplete Records). A re-run replaces the quarantine: retentionPeriod 0, because
    # Glue's default keeps files younger than 7 days.
    bucket = getResolvedOptions(sys.argv, ["LAKE_BUCKET"])["LAKE_BUCKET"]
    path = f"s3://{bucket}/quarantine/accelerometer/"
    glueContext.purge_s3_path(path, {"retentionPeriod": 0})
    source, incomplete = (dfc.select(key) for key in dfc.keys())
    for records in (source.errorsAsDynamicFrame(), incomplete):
        glueContext.write_dynamic_frame.from_options(
            frame=records, connection_type="s3", format="json", connection_options={"path": path, "partitionKeys": []}
        )
    return dfc
# Script generated for node Publish accelerometer_trusted
def PublishTable(glueContext, dfc) -> DynamicFrameCollection:
    table_name = "accelerometer_trusted"  # the one line that differs between the jobs' Publish nodes
    # Why a fresh folder per run and a catalog switch: on S3, purging a table's folder and then writing into it
    # shows readers (Athena, the next job) an empty or partial table for the whole write, and leaves a half-written
    # one if the job dies. So the sink writes each run to a new run=<UTC time>-<id>/ folder under the table's root
    # (<zone>/<stage>/ for <zone>_<stage>), then one UpdateTable points the catalog table at it (the atomic switch:
    # a reader sees the previous run or this one) and only then the root's other run= folders are purged: older
    # runs, and runs that died before their switch. Safe because a job never runs twice at once
    # (max_concurrent_runs = 1). Files that earlier versions of these jobs wrote directly into the root are left
    # there: no reader sees them any more.
    import uuid
    from datetime import UTC, datetime

    import boto3

    options = getResolvedOptions(sys.argv, ["DATABASE", "LAKE_BUCKET"])
    database, bucket = options["DATABASE"], options["LAKE_BUCKET"]
    root = "/".join(table_name.rsplit("_", 1)) + "/"
    run_path = f"s3://{bucket}/{root}run={datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}/"
    sink = glueContext.getSink(
        path=run_path,
        connection_type="s3",
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=[],
        enableUpdateCatalog=True,
        transformation_ctx=table_name,
    )
    sink.setCatalogInfo(catalogDatabase=database, catalogTableName=table_name)
    sink.setFormat("glueparquet", compression="snappy")
    sink.writeFrame(dfc.select(list(dfc.keys())[0]))
    glue = boto3.client("glue")
    table = glue.get_table(DatabaseName=database, Name=table_name)["Table"]
    table_input_keys = (
        "Name", "Description", "Owner", "LastAccessTime", "LastAnalyzedTime", "Retention", "StorageDescriptor",
        "PartitionKeys", "ViewOriginalText", "ViewExpandedText", "TableType", "Parameters", "TargetTable",
    )  # fmt: skip
    table_input = {key: value for key, value in table.items() if key in table_input_keys}
    table_input["StorageDescriptor"] = {**table["StorageDescriptor"], "Location": run_path}
    glue.update_table(DatabaseName=database, TableInput=table_input)
    live = f"{root}{run_path.rsplit('/', 2)[-2]}/"
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=root, Delimiter="/")
    stale = [
        folder["Prefix"]
        for page in pages
        for folder in page.get("CommonPrefixes", [])
        if folder["Prefix"].startswith(root + "run=") and folder["Prefix"] != live
    ]
    for folder in stale:
        glueContext.purge_s3_path(f"s3://{bucket}/{folder}", {"retentionPeriod": 0})
    return dfc
args = getResolvedOptions(sys.argv, ['JOB_NAME', 'DATABASE'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

# Script generated for node Accelerometer Landing
AccelerometerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="accelerometer_landing", transformation_ctx="AccelerometerLanding_node1")

# Script generated for node Customer Trusted
CustomerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node2")

# Script generated for node Job Arguments
JobArguments_node3 = JobArguments(glueContext, DynamicFrameCollection({"AccelerometerLanding_node1": AccelerometerLanding_node1}, glueContext))

# Script generated for node Accelerometer Records
AccelerometerRecords_node4 = SelectFromCollection.apply(dfc=JobArguments_node3, key=list(JobArguments_node3.keys())[0], transformation_ctx="AccelerometerRecords_node4")

# Script generated for node Incomplete Records
SqlQuery0 = '''
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
'''
IncompleteRecords_node5 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"accelerometer_landing":AccelerometerRecords_node4}, transformation_ctx = "IncompleteRecords_node5")

# Script generated for node Consented Readings
SqlQuery1 = '''
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
  AND ('${stedi_profile}' = 'rubric' OR a.timestamp >= c.shareWithResearchAsOfDate)
'''
ConsentedReadings_node6 = sparkSqlQuery(glueContext, query = SqlQuery1, mapping = {"accelerometer_landing":AccelerometerRecords_node4, "customer_trusted":CustomerTrusted_node2}, transformation_ctx = "ConsentedReadings_node6")

# Script generated for node Quarantine
Quarantine_node8 = Quarantine(glueContext, DynamicFrameCollection({"AccelerometerLanding_node1": AccelerometerLanding_node1, "IncompleteRecords_node5": IncompleteRecords_node5}, glueContext))

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node7_ruleset = """
    Rules = [
        ColumnCount = 5,
        IsComplete "user",
        IsComplete "timestamp"
    ]
"""

EvaluateDataQuality_node7 = EvaluateDataQuality().process_rows(frame=ConsentedReadings_node6, ruleset=EvaluateDataQuality_node7_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node7", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})

assert EvaluateDataQuality_node7[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: ConsentedReadings_node6"

# Script generated for node Publish accelerometer_trusted
Publishaccelerometer_trusted_node9 = PublishTable(glueContext, DynamicFrameCollection({"ConsentedReadings_node6": ConsentedReadings_node6}, glueContext))

job.commit()

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
# Script generated for node Publish customer_curated
def PublishTable(glueContext, dfc) -> DynamicFrameCollection:
    table_name = "customer_curated"  # the one line that differs between the jobs' Publish nodes
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

# Script generated for node Customer Trusted
CustomerTrusted_node1 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node1")

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node2")

# Script generated for node Job Arguments
JobArguments_node3 = JobArguments(glueContext, DynamicFrameCollection({"CustomerTrusted_node1": CustomerTrusted_node1}, glueContext))

# Script generated for node Customer Trusted Records
CustomerTrustedRecords_node4 = SelectFromCollection.apply(dfc=JobArguments_node3, key=list(JobArguments_node3.keys())[0], transformation_ctx="CustomerTrustedRecords_node4")

# Script generated for node Customers With Readings
SqlQuery0 = '''
-- One row per customer: consenting customers who have at least one trusted accelerometer reading.
-- accelerometer_trusted already applies the profile's consent-date rule, so customer_curated follows it.
SELECT
  c.customerName,
  c.email,
  c.phone,
  c.birthDay,
  c.serialNumber,
  c.registrationDate,
  c.lastUpdateDate,
  c.shareWithResearchAsOfDate,
  c.shareWithPublicAsOfDate,
  c.shareWithFriendsAsOfDate
FROM customer_trusted c
WHERE EXISTS (
  SELECT 1
  FROM accelerometer_trusted a
  WHERE a.user = c.email
)
'''
CustomersWithReadings_node5 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"customer_trusted":CustomerTrustedRecords_node4, "accelerometer_trusted":AccelerometerTrusted_node2}, transformation_ctx = "CustomersWithReadings_node5")

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node6_ruleset = """
    Rules = [
        ColumnCount = 10,
        IsComplete "email",
        IsUnique "email",
        IsComplete "shareWithResearchAsOfDate"
    ]
"""

EvaluateDataQuality_node6 = EvaluateDataQuality().process_rows(frame=CustomersWithReadings_node5, ruleset=EvaluateDataQuality_node6_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node6", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})

assert EvaluateDataQuality_node6[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: CustomersWithReadings_node5"

# Script generated for node Publish customer_curated
Publishcustomer_curated_node7 = PublishTable(glueContext, DynamicFrameCollection({"CustomersWithReadings_node5": CustomersWithReadings_node5}, glueContext))

job.commit()

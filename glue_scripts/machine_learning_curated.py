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
# Script generated for node Publish machine_learning_curated
def PublishTable(glueContext, dfc) -> DynamicFrameCollection:
    table_name = "machine_learning_curated"  # the one line that differs between the jobs' Publish nodes
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

# Script generated for node Step Trainer Trusted
StepTrainerTrusted_node1 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="step_trainer_trusted", transformation_ctx="StepTrainerTrusted_node1")

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node2 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="accelerometer_trusted", transformation_ctx="AccelerometerTrusted_node2")

# Script generated for node Step Reading Owners Trusted
StepReadingOwnersTrusted_node3 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="step_reading_owners_trusted", transformation_ctx="StepReadingOwnersTrusted_node3")

# Script generated for node Job Arguments
JobArguments_node6 = JobArguments(glueContext, DynamicFrameCollection({"StepReadingOwnersTrusted_node3": StepReadingOwnersTrusted_node3}, glueContext))

# Script generated for node Step Reading Owners
StepReadingOwners_node7 = SelectFromCollection.apply(dfc=JobArguments_node6, key=list(JobArguments_node6.keys())[0], transformation_ctx="StepReadingOwners_node7")

# Script generated for node Readings At The Same Time
SqlQuery0 = '''
SELECT
  s.sensorReadingTime,
  s.serialNumber,
  s.distanceFromObject,
  a.timestamp,
  a.x,
  a.y,
  a.z
FROM step_trainer_trusted s
JOIN accelerometer_trusted a
  ON a.timestamp = s.sensorReadingTime
-- rubric, standout: any accelerometer reading taken at the same millisecond, as the course defines it.
-- strict: only the phone of the reading's owner (step_reading_owners_trusted, published by step_trainer_trusted
-- for the readings it keeps); the timestamp-only join also pairs a step reading with another customer's phone
-- whenever two customers share a millisecond. accelerometer_trusted (strict) holds only readings taken at or
-- after their customer's consent.
WHERE '${stedi_profile}' <> 'strict'
   OR EXISTS (
     SELECT 1
     FROM step_reading_owners o
     WHERE o.serialNumber = s.serialNumber
       AND o.sensorReadingTime = s.sensorReadingTime
       AND o.owner = a.user
   )
'''
ReadingsAtTheSameTime_node9 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"step_trainer_trusted":StepTrainerTrusted_node1, "accelerometer_trusted":AccelerometerTrusted_node2, "step_reading_owners":StepReadingOwners_node7}, transformation_ctx = "ReadingsAtTheSameTime_node9")

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node10_ruleset = """
    # Exactly the seven sensor columns: no email, name, phone or birthday reaches the training data.
    Rules = [
        ColumnCount = 7,
        IsComplete "sensorReadingTime",
        IsComplete "timestamp"
    ]
"""

EvaluateDataQuality_node10 = EvaluateDataQuality().process_rows(frame=ReadingsAtTheSameTime_node9, ruleset=EvaluateDataQuality_node10_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node10", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})

assert EvaluateDataQuality_node10[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: ReadingsAtTheSameTime_node9"

# Script generated for node Publish machine_learning_curated
Publishmachine_learning_curated_node11 = PublishTable(glueContext, DynamicFrameCollection({"ReadingsAtTheSameTime_node9": ReadingsAtTheSameTime_node9}, glueContext))

job.commit()

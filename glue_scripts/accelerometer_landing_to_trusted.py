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
# Script generated for node Check Records
def CheckRecords(glueContext, dfc) -> DynamicFrameCollection:
    # What is wrong with each landing record, as `reason` (null: nothing), so that a bad record is quarantined with
    # its reason and never reaches a trusted table. Glue types JSON per record, not by the catalog: a column whose
    # values have several JSON types is a choice type, and toDF() gives it as a struct with a field per type (AWS
    # Glue docs: ResolveChoice, DynamicFrame.toDF). So each column is checked against its catalog type here. The
    # reasons: a required field missing, a value of another type, a number that is not finite (1e400 reads as
    # Infinity), text that was not valid UTF-8 (read as U+FFFD). In: one frame per table below, in input order.
    # Out, for each: source_file, the table's columns with their catalog types (a value of another type is null),
    # reason, and record (a bad record as read, in JSON, for its quarantine record; null for a good one).
    required = {"accelerometer_landing": ["user", "timestamp", "x", "y", "z"]}  # the one line that differs
    import boto3
    from awsglue.gluetypes import ChoiceType
    from pyspark.sql import functions as F
    from pyspark.sql.types import IntegralType, NumericType, StructType

    def kind(data_type):
        return "struct" if isinstance(data_type, StructType) else data_type.typeName()

    def fits(data_type, column_type):
        if column_type in ("bigint", "int", "smallint", "tinyint"):
            return isinstance(data_type, IntegralType)
        if column_type in ("double", "float") or column_type.startswith("decimal"):
            return isinstance(data_type, NumericType)
        return kind(data_type) == column_type

    database = getResolvedOptions(sys.argv, ["DATABASE"])["DATABASE"]
    glue = boto3.client("glue")
    checked = {}
    for key, (table, fields) in zip(dfc.keys(), required.items(), strict=True):
        frame = dfc.select(key)
        choices = {f.name for f in frame.schema() if isinstance(f.dataType, ChoiceType)}
        df = frame.toDF()
        names = {c.lower(): c for c in df.columns}
        columns, missing, problems = [], [], []
        for column in glue.get_table(DatabaseName=database, Name=table)["Table"]["StorageDescriptor"]["Columns"]:
            name, column_type = names.get(column["Name"].lower(), column["Name"]), column["Type"]
            members = []  # a column in no record is no field of Glue's frame
            if name in df.columns:
                members = [(F.col(f"`{name}`"), df.schema[name].dataType)]
            if name in choices:
                members = [(F.col(f"`{name}`.`{m.name}`"), m.dataType) for m in df.schema[name].dataType.fields]
            good = [v.cast(column_type) for v, t in members if fits(t, column_type)]
            value = F.coalesce(*good, F.lit(None).cast(column_type))
            other = F.coalesce(*[F.when(v.isNotNull(), kind(t)) for v, t in members if not fits(t, column_type)],
                               F.lit(None).cast("string"))  # fmt: skip
            columns.append(value.alias(name))
            if name.lower() in {f.lower() for f in fields}:
                missing.append(F.when(value.isNull() & other.isNull(), name))
            problems.append(F.concat(F.lit(f"{name} is "), other, F.lit(f", not {column_type}")))
            if column_type in ("double", "float"):
                infinite = F.isnan(value) | (F.abs(value) == float("inf"))
                problems.append(F.when(infinite, f"{name} is not a finite number"))
            if column_type == "string":
                problems.append(F.when(value.contains("\ufffd"), f"{name} is not valid UTF-8 text"))
        absent = F.concat_ws(", ", *missing)
        reason = F.concat_ws("; ", F.when(absent != "", F.concat(F.lit("missing required field(s): "), absent)),
                             *problems)  # fmt: skip
        bad = reason != ""
        result = df.select(
            F.input_file_name().alias("source_file"),
            *columns,
            F.when(bad, reason).alias("reason"),
            # Only a bad record needs its JSON: for every good one it would be most of what is cached.
            F.when(bad, F.to_json(F.struct(*[F.col(f"`{c}`") for c in df.columns]))).alias("record"),
        )
        if not checked:
            # The first table is the job's own: its bad records and its good ones both come from it, so it is
            # cached and read and checked once instead of once per use (on Glue too). The other tables are read
            # once. Gone when the job ends.
            result = result.cache()
        checked[key] = DynamicFrame.fromDF(result, glueContext, key)
    return DynamicFrameCollection(checked, glueContext)
def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)
# Script generated for node Quarantine
def Quarantine(glueContext, dfc) -> DynamicFrameCollection:
    # The accelerometer records that cannot go on, with the reason: the source's unreadable records (its error records)
    # and its bad ones (Bad Records). A re-run replaces the quarantine: retentionPeriod 0, because
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

# Script generated for node Check Records
CheckRecords_node10 = CheckRecords(glueContext, DynamicFrameCollection({"AccelerometerRecords_node4": AccelerometerRecords_node4}, glueContext))

# Script generated for node Checked Readings
CheckedReadings_node11 = SelectFromCollection.apply(dfc=CheckRecords_node10, key=list(CheckRecords_node10.keys())[0], transformation_ctx="CheckedReadings_node11")

# Script generated for node Bad Records
SqlQuery0 = '''
-- Readings that cannot go on go to quarantine, with the reason Check Records gives.
SELECT
  source_file,
  reason,
  record
FROM accelerometer_landing
WHERE reason IS NOT NULL
'''
BadRecords_node5 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"accelerometer_landing":CheckedReadings_node11}, transformation_ctx = "BadRecords_node5")

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
-- Only readings with nothing wrong (Check Records); the others are quarantined.
WHERE a.reason IS NULL
  -- Privacy (standout, strict): a reading taken before the customer's consent date is not research data.
  AND ('${stedi_profile}' = 'rubric' OR a.timestamp >= c.shareWithResearchAsOfDate)
'''
ConsentedReadings_node6 = sparkSqlQuery(glueContext, query = SqlQuery1, mapping = {"accelerometer_landing":CheckedReadings_node11, "customer_trusted":CustomerTrusted_node2}, transformation_ctx = "ConsentedReadings_node6")

# Script generated for node Quarantine
Quarantine_node8 = Quarantine(glueContext, DynamicFrameCollection({"AccelerometerLanding_node1": AccelerometerLanding_node1, "BadRecords_node5": BadRecords_node5}, glueContext))

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

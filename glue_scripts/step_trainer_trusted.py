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
    required = {
        "step_trainer_landing": ["sensorReadingTime", "serialNumber", "distanceFromObject"],
        "customer_landing": ["email", "serialNumber"],
        "accelerometer_landing": ["user", "timestamp", "x", "y", "z"],
    }  # the one line that differs
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
    # The step trainer records that cannot go on, with the reason: the source's unreadable records (its error records)
    # and its bad ones (Bad Records). A re-run replaces the quarantine: retentionPeriod 0, because
    # Glue's default keeps files younger than 7 days.
    bucket = getResolvedOptions(sys.argv, ["LAKE_BUCKET"])["LAKE_BUCKET"]
    path = f"s3://{bucket}/quarantine/step_trainer/"
    glueContext.purge_s3_path(path, {"retentionPeriod": 0})
    source, incomplete = (dfc.select(key) for key in dfc.keys())
    for records in (source.errorsAsDynamicFrame(), incomplete):
        glueContext.write_dynamic_frame.from_options(
            frame=records, connection_type="s3", format="json", connection_options={"path": path, "partitionKeys": []}
        )
    return dfc
# Script generated for node Keep Owners
def KeepOwners(glueContext, dfc) -> DynamicFrameCollection:
    # Step Reading Owners feeds both the curated devices' readings and the unattributed ones; cached, it is computed
    # once instead of once per reader (on Glue too). Gone when the job ends.
    key = list(dfc.keys())[0]
    owners = dfc.select(key).toDF().cache()
    return DynamicFrameCollection({key: DynamicFrame.fromDF(owners, glueContext, key)}, glueContext)
# Script generated for node Publish step_trainer_trusted
def PublishTable(glueContext, dfc) -> DynamicFrameCollection:
    table_name = "step_trainer_trusted"  # the one line that differs between the jobs' Publish nodes
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
# Script generated for node Quarantine Unattributed
def QuarantineUnattributed(glueContext, dfc) -> DynamicFrameCollection:
    # strict: the step readings no customer owns under the attribution rule, with the reason, so they are counted.
    # Replaced on every run, like the quarantine; empty in rubric and standout, which do not attribute readings.
    bucket = getResolvedOptions(sys.argv, ["LAKE_BUCKET"])["LAKE_BUCKET"]
    path = f"s3://{bucket}/quarantine/step_trainer_unattributed/"
    glueContext.purge_s3_path(path, {"retentionPeriod": 0})
    glueContext.write_dynamic_frame.from_options(
        frame=dfc.select(list(dfc.keys())[0]),
        connection_type="s3",
        format="json",
        connection_options={"path": path, "partitionKeys": []},
    )
    return dfc
# Script generated for node Publish step_reading_owners_trusted
def PublishOwners(glueContext, dfc) -> DynamicFrameCollection:
    table_name = "step_reading_owners_trusted"  # the one line that differs between the jobs' Publish nodes
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

# Script generated for node Step Trainer Landing
StepTrainerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="step_trainer_landing", transformation_ctx="StepTrainerLanding_node1")

# Script generated for node Customer Curated
CustomerCurated_node2 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="customer_curated", transformation_ctx="CustomerCurated_node2")

# Script generated for node Customer Landing
CustomerLanding_node3 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="customer_landing", transformation_ctx="CustomerLanding_node3")

# Script generated for node Accelerometer Landing
AccelerometerLanding_node4 = glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="accelerometer_landing", transformation_ctx="AccelerometerLanding_node4")

# Script generated for node Job Arguments
JobArguments_node5 = JobArguments(glueContext, DynamicFrameCollection({"StepTrainerLanding_node1": StepTrainerLanding_node1}, glueContext))

# Script generated for node Step Trainer Records
StepTrainerRecords_node6 = SelectFromCollection.apply(dfc=JobArguments_node5, key=list(JobArguments_node5.keys())[0], transformation_ctx="StepTrainerRecords_node6")

# Script generated for node Check Records
CheckRecords_node15 = CheckRecords(glueContext, DynamicFrameCollection({"StepTrainerRecords_node6": StepTrainerRecords_node6, "CustomerLanding_node3": CustomerLanding_node3, "AccelerometerLanding_node4": AccelerometerLanding_node4}, glueContext))

# Script generated for node Checked Step Trainer Records
CheckedStepTrainerRecords_node16 = SelectFromCollection.apply(dfc=CheckRecords_node15, key=list(CheckRecords_node15.keys())[0], transformation_ctx="CheckedStepTrainerRecords_node16")

# Script generated for node Checked Customer Records
CheckedCustomerRecords_node17 = SelectFromCollection.apply(dfc=CheckRecords_node15, key=list(CheckRecords_node15.keys())[1], transformation_ctx="CheckedCustomerRecords_node17")

# Script generated for node Checked Accelerometer Records
CheckedAccelerometerRecords_node18 = SelectFromCollection.apply(dfc=CheckRecords_node15, key=list(CheckRecords_node15.keys())[2], transformation_ctx="CheckedAccelerometerRecords_node18")

# Script generated for node Bad Records
SqlQuery0 = '''
-- Readings that cannot go on go to quarantine, with the reason Check Records gives.
SELECT
  source_file,
  reason,
  record
FROM step_trainer_landing
WHERE reason IS NOT NULL
'''
BadRecords_node7 = sparkSqlQuery(glueContext, query = SqlQuery0, mapping = {"step_trainer_landing":CheckedStepTrainerRecords_node16}, transformation_ctx = "BadRecords_node7")

# Script generated for node Step Reading Owners
SqlQuery1 = '''
-- The customer records' serial numbers cannot be trusted on their own: the website reused a few serials for many
-- customers, while each step trainer reports its own true serial. So (strict) a step reading (serial S, time t)
-- belongs to customer C when exactly one customer's current record carries S and it is C; otherwise when exactly
-- one customer (any consent) has a valid phone reading at t and it is C; otherwise to nobody, with the reason.
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
  WHERE a.reason IS NULL
  GROUP BY a.timestamp
),
step_keys AS (
  SELECT DISTINCT
    sensorReadingTime,
    serialNumber
  FROM step_trainer_landing
  WHERE reason IS NULL
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
WHERE '${stedi_profile}' = 'strict'
'''
StepReadingOwners_node8 = sparkSqlQuery(glueContext, query = SqlQuery1, mapping = {"customer_landing":CheckedCustomerRecords_node17, "accelerometer_landing":CheckedAccelerometerRecords_node18, "step_trainer_landing":CheckedStepTrainerRecords_node16}, transformation_ctx = "StepReadingOwners_node8")

# Script generated for node Quarantine
Quarantine_node12 = Quarantine(glueContext, DynamicFrameCollection({"StepTrainerLanding_node1": StepTrainerLanding_node1, "BadRecords_node7": BadRecords_node7}, glueContext))

# Script generated for node Keep Owners
KeepOwners_node19 = KeepOwners(glueContext, DynamicFrameCollection({"StepReadingOwners_node8": StepReadingOwners_node8}, glueContext))

# Script generated for node Owners
Owners_node20 = SelectFromCollection.apply(dfc=KeepOwners_node19, key=list(KeepOwners_node19.keys())[0], transformation_ctx="Owners_node20")

# Script generated for node Curated Customers' Devices
SqlQuery2 = '''
-- rubric, standout (the course's rule): readings of devices whose serial a curated customer's record carries.
-- EXISTS, not JOIN: a serial number listed twice must not duplicate readings.
SELECT
  s.sensorReadingTime,
  s.serialNumber,
  s.distanceFromObject
FROM step_trainer_landing s
WHERE '${stedi_profile}' <> 'strict'
  AND s.reason IS NULL
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
WHERE '${stedi_profile}' = 'strict'
  AND s.reason IS NULL
  AND s.sensorReadingTime >= c.shareWithResearchAsOfDate
'''
CuratedCustomersDevices_node9 = sparkSqlQuery(glueContext, query = SqlQuery2, mapping = {"step_trainer_landing":CheckedStepTrainerRecords_node16, "customer_curated":CustomerCurated_node2, "step_reading_owners":Owners_node20}, transformation_ctx = "CuratedCustomersDevices_node9")

# Script generated for node Unattributed Readings
SqlQuery3 = '''
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
WHERE s.reason IS NULL
  AND o.owner IS NULL
'''
UnattributedReadings_node10 = sparkSqlQuery(glueContext, query = SqlQuery3, mapping = {"step_trainer_landing":CheckedStepTrainerRecords_node16, "step_reading_owners":Owners_node20}, transformation_ctx = "UnattributedReadings_node10")

# Script generated for node Owners Of Trusted Readings
SqlQuery4 = '''
-- strict: who owns each reading step_trainer_trusted keeps, published as step_reading_owners_trusted so that
-- machine_learning_curated pairs a reading only with its owner's phone without attributing readings again.
-- Privacy: the rule of Curated Customers' Devices: the owner is a curated customer (consented) and the reading
-- was taken at or after that customer's consent; an unattributed reading never. EXISTS, not JOIN: one row per
-- reading (sensorReadingTime, serialNumber), whatever customer_curated holds.
SELECT
  o.sensorReadingTime,
  o.serialNumber,
  o.owner
FROM step_reading_owners o
WHERE '${stedi_profile}' = 'strict'
  AND EXISTS (
    SELECT 1
    FROM customer_curated c
    WHERE c.email = o.owner
      AND o.sensorReadingTime >= c.shareWithResearchAsOfDate
  )
'''
OwnersOfTrustedReadings_node21 = sparkSqlQuery(glueContext, query = SqlQuery4, mapping = {"step_reading_owners":Owners_node20, "customer_curated":CustomerCurated_node2}, transformation_ctx = "OwnersOfTrustedReadings_node21")

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node11_ruleset = """
    Rules = [
        ColumnCount = 3,
        IsComplete "sensorReadingTime",
        IsComplete "serialNumber",
        IsComplete "distanceFromObject"
    ]
"""

EvaluateDataQuality_node11 = EvaluateDataQuality().process_rows(frame=CuratedCustomersDevices_node9, ruleset=EvaluateDataQuality_node11_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node11", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})

assert EvaluateDataQuality_node11[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: CuratedCustomersDevices_node9"

# Script generated for node Publish step_trainer_trusted
Publishstep_trainer_trusted_node14 = PublishTable(glueContext, DynamicFrameCollection({"CuratedCustomersDevices_node9": CuratedCustomersDevices_node9}, glueContext))

# Script generated for node Quarantine Unattributed
QuarantineUnattributed_node13 = QuarantineUnattributed(glueContext, DynamicFrameCollection({"UnattributedReadings_node10": UnattributedReadings_node10}, glueContext))

# Script generated for node Evaluate Owners' Data Quality
EvaluateOwnersDataQuality_node22_ruleset = """
    # One owner per step reading, and every owner named.
    Rules = [
        ColumnCount = 3,
        IsComplete "sensorReadingTime",
        IsComplete "serialNumber",
        IsComplete "owner",
        IsPrimaryKey "sensorReadingTime" "serialNumber"
    ]
"""

EvaluateOwnersDataQuality_node22 = EvaluateDataQuality().process_rows(frame=OwnersOfTrustedReadings_node21, ruleset=EvaluateOwnersDataQuality_node22_ruleset, publishing_options={"dataQualityEvaluationContext": "EvaluateOwnersDataQuality_node22", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True}, additional_options={"observations.scope":"ALL","performanceTuning.caching":"CACHE_NOTHING"})

assert EvaluateOwnersDataQuality_node22[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: OwnersOfTrustedReadings_node21"

# Script generated for node Publish step_reading_owners_trusted
Publishstep_reading_owners_trusted_node23 = PublishOwners(glueContext, DynamicFrameCollection({"OwnersOfTrustedReadings_node21": OwnersOfTrustedReadings_node21}, glueContext))

job.commit()

import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsgluedq.transforms import EvaluateDataQuality
from awsglue import DynamicFrame


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


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
glueContext.purge_s3_path(TRUSTED_PATH, {"retentionPeriod": 0})
AccelerometerTrusted_node = glueContext.getSink(
    path=TRUSTED_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="AccelerometerTrusted_node",
)
AccelerometerTrusted_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="accelerometer_trusted")
AccelerometerTrusted_node.setFormat("glueparquet", compression="snappy")
AccelerometerTrusted_node.writeFrame(ConsentedReadings_node)
job.commit()

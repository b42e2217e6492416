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
CURATED_PATH = f"s3://{args['LAKE_BUCKET']}/customer/curated/"

# Rules checked on the output before it is written: a failure stops the job, nothing is published.
CURATED_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount = 10,
        IsComplete "email",
        IsUnique "email",
        IsComplete "shareWithResearchAsOfDate"
    ]
"""

# Script generated for node Customer Trusted
CustomerTrusted_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_trusted", transformation_ctx="CustomerTrusted_node"
)

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"],
    table_name="accelerometer_trusted",
    transformation_ctx="AccelerometerTrusted_node",
)

# Script generated for node Customers With Readings
CustomersWithReadings_query = """
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
"""
CustomersWithReadings_node = sparkSqlQuery(
    glueContext,
    query=CustomersWithReadings_query,
    mapping={"customer_trusted": CustomerTrusted_node, "accelerometer_trusted": AccelerometerTrusted_node},
    transformation_ctx="CustomersWithReadings_node",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
    frame=CustomersWithReadings_node,
    ruleset=CURATED_DATA_QUALITY_RULESET,
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
), "The job failed due to failing DQ rules for node: CustomersWithReadings_node"

# Script generated for node Customer Curated
glueContext.purge_s3_path(CURATED_PATH, {"retentionPeriod": 0})
CustomerCurated_node = glueContext.getSink(
    path=CURATED_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="CustomerCurated_node",
)
CustomerCurated_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_curated")
CustomerCurated_node.setFormat("glueparquet", compression="snappy")
CustomerCurated_node.writeFrame(CustomersWithReadings_node)
job.commit()

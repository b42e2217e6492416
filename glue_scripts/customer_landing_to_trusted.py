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

# The privacy rule is the same in every profile (strict, standout, rubric): consent to research is required.
if args["PROFILE"] not in ("strict", "standout", "rubric"):
    raise ValueError(f"--PROFILE must be strict, standout or rubric, got '{args['PROFILE']}'")
TRUSTED_PATH = f"s3://{args['LAKE_BUCKET']}/customer/trusted/"
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
FROM customer_landing
WHERE email IS NOT NULL
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
glueContext.purge_s3_path(TRUSTED_PATH, {"retentionPeriod": 0})
CustomerTrusted_node = glueContext.getSink(
    path=TRUSTED_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="CustomerTrusted_node",
)
CustomerTrusted_node.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_trusted")
CustomerTrusted_node.setFormat("glueparquet", compression="snappy")
CustomerTrusted_node.writeFrame(ShareWithResearch_node)
job.commit()

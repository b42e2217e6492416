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
CURATED_PATH = f"s3://{args['LAKE_BUCKET']}/machine_learning/curated/"

# Rules checked on the output before it is written: a failure stops the job, nothing is published.
# Exactly the seven sensor columns: no email, name, phone or birthday reaches the training data.
CURATED_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount = 7,
        IsComplete "sensorReadingTime",
        IsComplete "timestamp"
    ]
"""

# Script generated for node Step Trainer Trusted
StepTrainerTrusted_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="step_trainer_trusted", transformation_ctx="StepTrainerTrusted_node"
)

# Script generated for node Accelerometer Trusted
AccelerometerTrusted_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"],
    table_name="accelerometer_trusted",
    transformation_ctx="AccelerometerTrusted_node",
)

# Script generated for node Customer Curated
CustomerCurated_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["DATABASE"], table_name="customer_curated", transformation_ctx="CustomerCurated_node"
)

# Script generated for node Readings At The Same Time
SameTime_query = """
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
-- strict: only the phone of the customer who owns this step trainer; the timestamp-only join also pairs a
-- step reading with another customer's phone whenever two customers share a millisecond.
WHERE '{profile}' <> 'strict'
   OR EXISTS (
     SELECT 1
     FROM customer_curated c
     WHERE c.serialNumber = s.serialNumber
       AND c.email = a.user
   )
"""
SameTime_node = sparkSqlQuery(
    glueContext,
    query=SameTime_query.format(profile=PROFILE),
    mapping={
        "step_trainer_trusted": StepTrainerTrusted_node,
        "accelerometer_trusted": AccelerometerTrusted_node,
        "customer_curated": CustomerCurated_node,
    },
    transformation_ctx="SameTime_node",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
    frame=SameTime_node,
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
), "The job failed due to failing DQ rules for node: SameTime_node"

# Script generated for node Machine Learning Curated
glueContext.purge_s3_path(CURATED_PATH, {"retentionPeriod": 0})
MachineLearningCurated_node = glueContext.getSink(
    path=CURATED_PATH,
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=[],
    enableUpdateCatalog=True,
    transformation_ctx="MachineLearningCurated_node",
)
MachineLearningCurated_node.setCatalogInfo(
    catalogDatabase=args["DATABASE"], catalogTableName="machine_learning_curated"
)
MachineLearningCurated_node.setFormat("glueparquet", compression="snappy")
MachineLearningCurated_node.writeFrame(SameTime_node)
job.commit()

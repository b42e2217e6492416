import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsgluedq.transforms import EvaluateDataQuality

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Default ruleset used by all target nodes with data quality enabled
DEFAULT_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount > 0
    ]
"""

# Script generated for node Amazon S3
AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/users/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node Evaluate Data Quality
EvaluateDataQuality_node2_ruleset = """
    Rules = [
        IsComplete "email",
        ColumnValues "age" >= 18
    ]
"""

EvaluateDataQuality_node2 = EvaluateDataQuality().process_rows(
    frame=AmazonS3_node1,
    ruleset=EvaluateDataQuality_node2_ruleset,
    publishing_options={
        "dataQualityEvaluationContext": "EvaluateDataQuality_node2",
        "enableDataQualityCloudWatchMetrics": True,
        "enableDataQualityResultsPublishing": True,
    },
    additional_options={"observations.scope": "ALL", "performanceTuning.caching": "CACHE_NOTHING"},
)

assert EvaluateDataQuality_node2[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: AmazonS3_node1"

# Script generated for node originalData
originalData_node3 = SelectFromCollection.apply(
    dfc=EvaluateDataQuality_node2, key="originalData", transformation_ctx="originalData_node3"
)

# Script generated for node Amazon S3
AmazonS3_node4 = glueContext.write_dynamic_frame.from_options(
    frame=originalData_node3,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/users/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node4",
)

job.commit()

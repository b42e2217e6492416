import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ["JOB_NAME", "TARGET_PATH"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Amazon S3
AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"quoteChar": '"', "withHeader": True, "separator": ";"},
    connection_type="s3",
    format="csv",
    connection_options={"paths": ["s3://raw-bucket/stock/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node Amazon S3
AmazonS3_node2 = glueContext.write_dynamic_frame.from_options(
    frame=AmazonS3_node1,
    connection_type="s3",
    format="csv",
    connection_options={"path": args["TARGET_PATH"], "partitionKeys": []},
    transformation_ctx="AmazonS3_node2",
)

job.commit()

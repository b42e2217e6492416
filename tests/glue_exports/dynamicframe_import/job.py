import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.sql import SparkSession
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue import DynamicFrame

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
spark = SparkSession.builder.getOrCreate()
glueContext = GlueContext(spark)
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Amazon S3
AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/events/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node Drop Duplicates
DropDuplicates_node2 = DynamicFrame.fromDF(
    AmazonS3_node1.toDF().dropDuplicates(["id"]),
    glueContext,
    "DropDuplicates_node2",
)

# Script generated for node Amazon S3
AmazonS3_node3 = glueContext.write_dynamic_frame.from_options(
    frame=DropDuplicates_node2,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/events/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node3",
)

job.commit()

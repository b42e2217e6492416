import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Amazon S3
AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/scores/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node AWS Glue Data Catalog
AWSGlueDataCatalog_node2 = glueContext.write_dynamic_frame.from_catalog(
    frame=AmazonS3_node1,
    database="games",
    table_name="scores",
    transformation_ctx="AWSGlueDataCatalog_node2",
)

job.commit()

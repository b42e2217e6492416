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

# Script generated for node AWS Glue Data Catalog
AWSGlueDataCatalog_node1 = glueContext.create_dynamic_frame.from_catalog(
    database="games", table_name="scores", transformation_ctx="AWSGlueDataCatalog_node1"
)

# Script generated for node Amazon S3
AmazonS3_node2 = glueContext.write_dynamic_frame.from_options(
    frame=AWSGlueDataCatalog_node1,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/scores/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node2",
)

job.commit()

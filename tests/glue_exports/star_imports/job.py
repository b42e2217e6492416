import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

args = getResolvedOptions(sys.argv, ["JOB_NAME", "OUTPUT"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Amazon S3
AmazonS3_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/people/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node Change Schema
ChangeSchema_node2 = ApplyMapping.apply(
    frame=AmazonS3_node1,
    mappings=[("name", "string", "full_name", "string"), ("age", "long", "age", "long")],
    transformation_ctx="ChangeSchema_node2",
)

# Script generated for node Drop Null Fields
DropNullFields_node3 = DropNullFields.apply(frame=ChangeSchema_node2, transformation_ctx="DropNullFields_node3")

# Script generated for node Amazon S3
AmazonS3_node4 = glueContext.write_dynamic_frame.from_options(
    frame=DropNullFields_node3,
    connection_type="s3",
    format="json",
    connection_options={"path": args["OUTPUT"], "partitionKeys": []},
    transformation_ctx="AmazonS3_node4",
)

job.commit()

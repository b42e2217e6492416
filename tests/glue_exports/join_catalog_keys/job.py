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

# Script generated for node Step Trainer Landing
StepTrainerLanding_node1 = glueContext.create_dynamic_frame.from_catalog(
    database="stedi", table_name="step_trainer_landing", transformation_ctx="StepTrainerLanding_node1"
)

# Script generated for node Customer Landing
CustomerLanding_node2 = glueContext.create_dynamic_frame.from_catalog(
    database="stedi", table_name="customer_landing", transformation_ctx="CustomerLanding_node2"
)

# Script generated for node Join
Join_node3 = Join.apply(
    frame1=StepTrainerLanding_node1,
    frame2=CustomerLanding_node2,
    keys1=["serialnumber"],
    keys2=["serialnumber"],
    transformation_ctx="Join_node3",
)

# Script generated for node Drop Fields
DropFields_node4 = DropFields.apply(
    frame=Join_node3,
    paths=["`.serialnumber`", "email"],
    transformation_ctx="DropFields_node4",
)

# Script generated for node Amazon S3
AmazonS3_node5 = glueContext.write_dynamic_frame.from_options(
    frame=DropFields_node4,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/step_trainer_trusted/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node5",
)

job.commit()

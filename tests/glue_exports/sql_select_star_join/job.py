import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue import DynamicFrame


def sparkSqlQuery(glueContext, query, mapping, transformation_ctx) -> DynamicFrame:
    for alias, frame in mapping.items():
        frame.toDF().createOrReplaceTempView(alias)
    result = spark.sql(query)
    return DynamicFrame.fromDF(result, glueContext, transformation_ctx)


args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node Step Trainer
StepTrainer_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/steps/"], "recurse": True},
    transformation_ctx="StepTrainer_node1",
)

# Script generated for node Phone Readings
PhoneReadings_node2 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/phones/"], "recurse": True},
    transformation_ctx="PhoneReadings_node2",
)

# Script generated for node Join Readings
SqlQuery0 = """
select * from step
join phone on step.sensorReadingTime = phone.timestamp
"""
JoinReadings_node3 = sparkSqlQuery(
    glueContext,
    query=SqlQuery0,
    mapping={"step": StepTrainer_node1, "phone": PhoneReadings_node2},
    transformation_ctx="JoinReadings_node3",
)

# Script generated for node Drop Duplicates
DropDuplicates_node4 = DynamicFrame.fromDF(
    JoinReadings_node3.toDF().dropDuplicates(), glueContext, "DropDuplicates_node4"
)

# Script generated for node Amazon S3
AmazonS3_node5 = glueContext.write_dynamic_frame.from_options(
    frame=DropDuplicates_node4,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/ml/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node5",
)

job.commit()

import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.dynamicframe import DynamicFrameCollection
from awsglue.dynamicframe import DynamicFrame


# Script generated for node Custom Transform
def MyTransform(glueContext, dfc) -> DynamicFrameCollection:
    from pyspark.sql import functions as F

    df = dfc.select(list(dfc.keys())[0]).toDF()
    active = df.where(F.col("steps") >= 1000).withColumn("active", F.lit(True))
    return DynamicFrameCollection({"active": DynamicFrame.fromDF(active, glueContext, "active")}, glueContext)


args = getResolvedOptions(sys.argv, ["JOB_NAME"])
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
    connection_options={"paths": ["s3://raw-bucket/steps/"], "recurse": True},
    transformation_ctx="AmazonS3_node1",
)

# Script generated for node Custom Transform
CustomTransform_node2 = MyTransform(
    glueContext, DynamicFrameCollection({"AmazonS3_node1": AmazonS3_node1}, glueContext)
)

# Script generated for node Select From Collection
SelectFromCollection_node3 = SelectFromCollection.apply(
    dfc=CustomTransform_node2,
    key=list(CustomTransform_node2.keys())[0],
    transformation_ctx="SelectFromCollection_node3",
)

# Script generated for node Amazon S3
AmazonS3_node4 = glueContext.write_dynamic_frame.from_options(
    frame=SelectFromCollection_node3,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/active/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node4",
)

job.commit()

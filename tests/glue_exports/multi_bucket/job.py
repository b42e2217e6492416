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
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# Script generated for node EU orders
EUorders_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://sales-eu/2024/orders/"], "recurse": True},
    transformation_ctx="EUorders_node1",
)

# Script generated for node US orders
USorders_node2 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://sales-us/2024/orders/"], "recurse": True},
    transformation_ctx="USorders_node2",
)

# Script generated for node SQL Query
SqlQuery0 = """
select 'eu' as region, id, total from eu
union all
select 'us' as region, id, total from us
"""
SQLQuery_node3 = sparkSqlQuery(
    glueContext,
    query=SqlQuery0,
    mapping={"eu": EUorders_node1, "us": USorders_node2},
    transformation_ctx="SQLQuery_node3",
)

# Script generated for node Amazon S3
AmazonS3_node4 = glueContext.write_dynamic_frame.from_options(
    frame=SQLQuery_node3,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://sales-all/2024/orders/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node4",
)

job.commit()

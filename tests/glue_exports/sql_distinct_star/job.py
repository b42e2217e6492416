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

# Script generated for node Customer Landing
CustomerLanding_node1 = glueContext.create_dynamic_frame.from_options(
    format_options={"multiline": False},
    connection_type="s3",
    format="json",
    connection_options={"paths": ["s3://raw-bucket/customers/"], "recurse": True},
    transformation_ctx="CustomerLanding_node1",
)

# Script generated for node Research Consent
SqlQuery0 = """
select distinct(c.email), c.* from c
where c.shareWithResearchAsOfDate is not null
"""
ResearchConsent_node2 = sparkSqlQuery(
    glueContext,
    query=SqlQuery0,
    mapping={"c": CustomerLanding_node1},
    transformation_ctx="ResearchConsent_node2",
)

# Script generated for node Amazon S3
AmazonS3_node3 = glueContext.write_dynamic_frame.from_options(
    frame=ResearchConsent_node2,
    connection_type="s3",
    format="json",
    connection_options={"path": "s3://out-bucket/customer_trusted/", "partitionKeys": []},
    transformation_ctx="AmazonS3_node3",
)

job.commit()

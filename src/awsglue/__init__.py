"""Local implementation, on PySpark, of the parts of AWS Glue's ``awsglue`` library that Glue Studio exports use.

The scripts in ``glue_scripts/`` import ``awsglue`` exactly as they do on AWS Glue 5.0; on a laptop they get this
package instead. Names and signatures mirror awslabs/aws-glue-libs. Where local behaviour differs from AWS Glue,
``awsglue/local.py`` says so, in one place.
"""

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

__all__ = ["DynamicFrame", "DynamicFrameCollection"]

"""Local implementation of the part of AWS Glue Data Quality (``awsgluedq``) that Glue Studio exports use."""

# The role every Glue job and crawler runs as. Least privilege: the lake bucket only, our database and
# its tables only, the Glue log groups only. No managed policy (AWSGlueServiceRole grants s3 on aws-glue-*
# buckets and EC2 network calls this project does not use).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  glue_arn   = "arn:${local.partition}:glue:${local.region}:${local.account_id}"
  logs_arn   = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws-glue/*"
}

resource "aws_iam_role" "glue" {
  name        = "${var.name}-glue"
  description = "Runs the ${var.name} Glue jobs and crawlers"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "glue.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "glue" {
  name = "${var.name}-glue-least-privilege"
  role = aws_iam_role.glue.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "LakeBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = [var.bucket_arn]
      },
      {
        Sid      = "LakeObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["${var.bucket_arn}/*"]
      },
      {
        Sid      = "LakeKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
        Resource = [var.kms_key_arn]
      },
      {
        Sid    = "CatalogDatabaseAndTables"
        Effect = "Allow"
        Action = [
          "glue:GetDatabase", "glue:GetDatabases",
          "glue:GetTable", "glue:GetTables", "glue:GetTableVersions",
          "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable",
          "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
          "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition",
          "glue:DeletePartition", "glue:BatchDeletePartition",
          "glue:GetUserDefinedFunction", "glue:GetUserDefinedFunctions",
        ]
        Resource = [
          "${local.glue_arn}:catalog",
          "${local.glue_arn}:database/${var.database_name}",
          "${local.glue_arn}:table/${var.database_name}/*",
          "${local.glue_arn}:userDefinedFunction/${var.database_name}/*",
        ]
      },
      {
        # Spark, with the Data Catalog as its metastore, looks up the `default` database when it starts.
        Sid      = "CatalogDefaultDatabaseLookup"
        Effect   = "Allow"
        Action   = ["glue:GetDatabase"]
        Resource = ["${local.glue_arn}:catalog", "${local.glue_arn}:database/default"]
      },
      {
        Sid      = "GlueLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]
        Resource = [local.logs_arn, "${local.logs_arn}:*"]
      },
      {
        # PutMetricData has no resource-level permissions; the condition limits it to Glue's namespace.
        Sid       = "GlueJobMetrics"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = ["*"]
        Condition = { StringEquals = { "cloudwatch:namespace" = "Glue" } }
      },
    ]
  })
}

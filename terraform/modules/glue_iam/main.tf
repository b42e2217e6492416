# The role every Glue job and crawler runs as. Its inline policy is built from job_calls.json, the one list of the
# API calls the jobs and crawlers make (tests/test_iam_policy.py proves the rendered policy allows each of them and
# nothing writes to scripts/ or the landing data). No managed policy: AWSGlueServiceRole grants s3 on aws-glue-*
# buckets, glue:* and EC2 network calls on *.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # Glue Studio passes only roles named AWSGlueServiceRole*: its console policy allows iam:PassRole on that prefix.
  role_name = "AWSGlueServiceRole-${var.name}"

  calls = jsondecode(file("${path.module}/job_calls.json"))
  placeholders = {
    partition   = data.aws_partition.current.partition
    region      = data.aws_region.current.name
    account     = data.aws_caller_identity.current.account_id
    bucket      = element(split(":::", var.bucket_arn), 1)
    database    = var.database_name
    kms_key_arn = var.kms_key_arn
  }
  log_group_arns = var.log_group_arns != null ? var.log_group_arns : [
    "arn:${local.placeholders.partition}:logs:${local.placeholders.region}:${local.placeholders.account}:log-group:/aws-glue/*",
  ]
  log_group_resources = concat(local.log_group_arns, [for arn in local.log_group_arns : "${arn}:*"])
  enabled_when        = { glue_network = var.glue_network }

  statements = [
    for s in local.calls.statements : merge(
      {
        Sid    = s.sid
        Effect = s.effect
        Action = s.actions
        Resource = flatten([
          for r in s.resources : r == "$${log_groups}" ? local.log_group_resources : [templatestring(r, local.placeholders)]
        ])
      },
      { for k, v in s : "Condition" => v if k == "condition" },
    ) if !can(s.when) || try(local.enabled_when[s.when], false)
  ]
}

resource "aws_iam_role" "glue" {
  name        = local.role_name
  description = "Runs the ${var.name} Glue jobs and crawlers"
  # No aws:SourceAccount/SourceArn condition: no Glue document shows Glue sending them on AssumeRole (see README).
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "glue.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "glue" {
  name   = "${var.name}-glue-least-privilege"
  role   = aws_iam_role.glue.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}

# The Glue scripts as S3 objects, one Glue job per script, and a workflow whose triggers run the jobs in
# dependency order: an ON_DEMAND trigger starts the first job, each next job waits for the previous one to
# succeed.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  scripts = { for f in fileset(var.scripts_dir, "*.py") : trimsuffix(f, ".py") => "${var.scripts_dir}/${f}" }

  # job => the job it waits for: each job after the first waits for its predecessor in job_order.
  predecessor = { for i, job in var.job_order : job => var.job_order[i - 1] if i > 0 }

  # Glue 5.0 writes a job's logs to <--custom-logGroup-prefix>/error and /output ("Logging for AWS Glue jobs");
  # with a security configuration that encrypts CloudWatch Logs (ours does), Glue inserts
  # "<security configuration>-role/<role name>" before /error and /output. The second part is not in the AWS
  # docs; it is the naming seen in deployed accounts (see terraform/README.md). Pre-created below, so the
  # groups get retention and the lake key, and destroy removes them.
  log_group_prefix = "/aws-glue/jobs/${var.name}"
  role_name        = regex("^arn:[^:]+:iam::[0-9]{12}:role/(.+)$", var.role_arn)[0]
  log_groups = {
    for stream in ["error", "output"] :
    stream => "${local.log_group_prefix}/${aws_glue_security_configuration.jobs.name}-role/${local.role_name}/${stream}"
  }
  logs_arn_prefix = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:"

  # No --enable-continuous-cloudwatch-log: that is the Glue 4.0-and-earlier switch; Glue 5.0 logs in real
  # time always. Bookmarks off: every job purges its target and rebuilds it from the whole of its inputs. With bookmarks on,
  # a re-run would read only files new since the last run and then replace the table with that fraction.
  default_arguments = merge({
    "--DATABASE"                = var.database_name
    "--LAKE_BUCKET"             = var.bucket_name
    "--PROFILE"                 = var.profile
    "--job-language"            = "python"
    "--job-bookmark-option"     = "job-bookmark-disable"
    "--enable-metrics"          = "true"
    "--enable-glue-datacatalog" = "true"
    "--custom-logGroup-prefix"  = local.log_group_prefix
    "--TempDir"                 = "s3://${var.bucket_name}/tmp/"
  }, var.extra_arguments)
}

resource "aws_s3_object" "script" {
  for_each = local.scripts

  bucket       = var.bucket_name
  key          = "${var.scripts_prefix}${each.key}.py"
  source       = each.value
  source_hash  = filemd5(each.value) # an edited script changes the hash, so it is uploaded again
  content_type = "text/x-python"
  tags         = var.tags
}

resource "aws_cloudwatch_log_group" "jobs" {
  # checkov:skip=CKV_AWS_338:Job logs are debugging output, not an audit trail; retention is the log_retention_days input (default 30 days).
  for_each = local.log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_glue_security_configuration" "jobs" {
  name = "${var.name}-jobs"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = var.kms_key_arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = var.kms_key_arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = var.kms_key_arn
    }
  }
}

resource "aws_glue_job" "this" {
  for_each = local.scripts

  name                   = "${var.job_name_prefix}${each.key}"
  description            = "Runs ${var.scripts_prefix}${each.key}.py"
  role_arn               = var.role_arn
  glue_version           = var.glue_version
  worker_type            = var.worker_type
  number_of_workers      = var.number_of_workers
  execution_class        = "STANDARD"
  timeout                = var.timeout_minutes
  max_retries            = 0
  security_configuration = aws_glue_security_configuration.jobs.name
  default_arguments      = local.default_arguments
  connections            = var.connection_name == null ? [] : [var.connection_name]

  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://${var.bucket_name}/${aws_s3_object.script[each.key].key}"
  }

  execution_property {
    max_concurrent_runs = 1
  }

  tags = var.tags

  # A run must find its log groups (with retention and key) in place.
  depends_on = [aws_cloudwatch_log_group.jobs]
}

resource "aws_glue_workflow" "this" {
  name        = "${var.name}-pipeline"
  description = "Runs ${join(" -> ", var.job_order)}"
  # A second run would purge and rewrite the tables the first one is still writing.
  max_concurrent_runs = 1
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = toset(var.job_order) == toset(keys(local.scripts))
      error_message = "job_order must name every script in ${var.scripts_dir} exactly once; scripts: ${join(", ", sort(keys(local.scripts)))}; job_order: ${join(", ", var.job_order)}."
    }
  }
}

resource "aws_glue_trigger" "start" {
  name          = "${var.name}-start-${var.job_order[0]}"
  description   = "Starts the workflow with ${var.job_order[0]}"
  workflow_name = aws_glue_workflow.this.name
  type          = "ON_DEMAND"
  # For an ON_DEMAND trigger `enabled = true` means "fire on creation": the workflow would run on every apply.
  enabled = false

  actions {
    job_name = aws_glue_job.this[var.job_order[0]].name
  }

  tags = var.tags
}

resource "aws_glue_trigger" "after" {
  for_each = local.predecessor

  name              = "${var.name}-after-${each.value}"
  description       = "Runs ${each.key} when ${each.value} succeeded"
  workflow_name     = aws_glue_workflow.this.name
  type              = "CONDITIONAL"
  start_on_creation = true

  predicate {
    conditions {
      job_name         = aws_glue_job.this[each.value].name
      state            = "SUCCEEDED"
      logical_operator = "EQUALS"
    }
  }

  actions {
    job_name = aws_glue_job.this[each.key].name
  }

  tags = var.tags
}

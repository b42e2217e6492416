# The Glue scripts as S3 objects, one Glue job per script, and a workflow whose triggers run the jobs in
# dependency order: an ON_DEMAND trigger starts the first job, each next job waits for the previous one to
# succeed.

locals {
  scripts = { for f in fileset(var.scripts_dir, "*.py") : trimsuffix(f, ".py") => "${var.scripts_dir}/${f}" }

  # job => the job it waits for: each job after the first waits for its predecessor in job_order.
  predecessor = { for i, job in var.job_order : job => var.job_order[i - 1] if i > 0 }

  # Bookmarks off: every job purges its target and rebuilds it from the whole of its inputs. With bookmarks on,
  # a re-run would read only files new since the last run and then replace the table with that fraction.
  default_arguments = merge({
    "--DATABASE"                         = var.database_name
    "--LAKE_BUCKET"                      = var.bucket_name
    "--PROFILE"                          = var.profile
    "--job-language"                     = "python"
    "--job-bookmark-option"              = "job-bookmark-disable"
    "--enable-metrics"                   = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--enable-continuous-log-filter"     = "true"
    "--enable-glue-datacatalog"          = "true"
    "--TempDir"                          = "s3://${var.bucket_name}/tmp/"
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

  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://${var.bucket_name}/${aws_s3_object.script[each.key].key}"
  }

  execution_property {
    max_concurrent_runs = 1
  }

  tags = var.tags
}

resource "aws_glue_workflow" "this" {
  name        = "${var.name}-pipeline"
  description = "Runs ${join(" -> ", var.job_order)}"
  tags        = var.tags

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

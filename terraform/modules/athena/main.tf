# An Athena workgroup whose settings (result location, SSE-KMS) override the client's, and a named query
# per check query, so every check is one click in the Athena console.

locals {
  check_sql = { for f in fileset(var.checks_dir, "*.sql") : trimsuffix(f, ".sql") => file("${var.checks_dir}/${f}") }

  checks = {
    for name, sql in local.check_sql : name => {
      # The file's first comment line says what the check asserts.
      description = substr(trimspace(trimprefix(split("\n", sql)[0], "--")), 0, 1024)
      # The same placeholders the local tooling fills in.
      query = replace(replace(replace(sql, "$${DATABASE}", var.database_name), "$${LAKE_BUCKET}", var.bucket_name), "$${PROFILE}", var.profile)
    }
  }
}

resource "aws_athena_workgroup" "this" {
  name          = "${var.name}-workgroup"
  description   = "Queries the ${var.name} lake; results encrypted under s3://${var.bucket_name}/${var.results_prefix}"
  force_destroy = true # saved query history must not block destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    result_configuration {
      output_location = "s3://${var.bucket_name}/${var.results_prefix}"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  tags = var.tags
}

resource "aws_athena_named_query" "check" {
  for_each = local.checks

  name        = each.key
  description = each.value.description
  workgroup   = aws_athena_workgroup.this.id
  database    = var.database_name
  query       = each.value.query
}

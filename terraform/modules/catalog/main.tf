# The Glue database, the landing tables, and a schema-drift crawler per landing table.
# athena_ddl/<table>.sql is the single source of truth: the table here is parsed from it (columns and types,
# SerDe and its properties, input/output formats, LOCATION, TBLPROPERTIES), so Athena DDL and catalog cannot
# drift apart.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  role_name         = regex("^arn:[^:]+:iam::[0-9]{12}:role/(.+)$", var.role_arn)[0]
  crawler_log_group = "/aws-glue/crawlers-role/${local.role_name}-${aws_glue_security_configuration.crawler.name}"
  logs_arn_prefix   = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:"

  ddl_files = fileset(var.ddl_dir, "*.sql")

  tables = {
    for f in local.ddl_files : trimsuffix(f, ".sql") => {
      sql = file("${var.ddl_dir}/${f}")
    }
  }

  parsed = {
    for table, t in local.tables : table => {
      columns = [
        for m in regexall("(?m)^\\s*`([A-Za-z0-9_]+)`\\s+([a-z][a-z0-9_]*(?:<[^>]*>|\\([^)]*\\))?)\\s*,?\\s*$", t.sql) :
        { name = m[0], type = m[1] }
      ]
      serde         = regex("ROW FORMAT SERDE\\s+'([^']+)'", t.sql)[0]
      input_format  = regex("INPUTFORMAT\\s+'([^']+)'", t.sql)[0]
      output_format = regex("OUTPUTFORMAT\\s+'([^']+)'", t.sql)[0]
      location      = replace(regex("LOCATION\\s+'([^']+)'", t.sql)[0], "$${LAKE_BUCKET}", var.bucket_name)
      serde_parameters = {
        for kv in regexall("'([^']+)'\\s*=\\s*'([^']*)'", regex("SERDEPROPERTIES\\s*\\(([^)]*)\\)", t.sql)[0]) : kv[0] => kv[1]
      }
      table_properties = {
        for kv in regexall("'([^']+)'\\s*=\\s*'([^']*)'", regex("TBLPROPERTIES\\s*\\(([^)]*)\\)", t.sql)[0]) : kv[0] => kv[1]
      }
    }
  }
}

resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "STEDI lakehouse: landing, trusted and curated tables"
  tags        = var.tags
}

resource "aws_glue_catalog_table" "landing" {
  for_each = local.parsed

  database_name = aws_glue_catalog_database.this.name
  name          = each.key
  description   = "Landing zone, as written by the source (from athena_ddl/${each.key}.sql)"
  table_type    = "EXTERNAL_TABLE"
  parameters    = merge(each.value.table_properties, { EXTERNAL = "TRUE" })

  storage_descriptor {
    location      = each.value.location
    input_format  = each.value.input_format
    output_format = each.value.output_format

    ser_de_info {
      name                  = "${each.key}-json"
      serialization_library = each.value.serde
      parameters            = each.value.serde_parameters
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }

  lifecycle {
    precondition {
      condition     = length(each.value.columns) > 0
      error_message = "No columns parsed from ${var.ddl_dir}/${each.key}.sql: expected one `name` type line per column."
    }
  }
}

resource "aws_glue_security_configuration" "crawler" {
  name = "${var.name}-crawler"

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

# Schema drift detection. The DDL is the schema of the landing tables and the crawlers never touch them: each
# crawler reads its table's landing folder on a schedule and writes what it finds into the separate
# <database>_drift database (table <table>, e.g. stedi_drift.customer_landing). Comparing the two shows a
# source that started sending new, renamed or retyped fields (`stedi check --drift` is not built; the
# README gives the two get-table calls). UPDATE_IN_DATABASE there, so the drift table follows the data;
# deletions are only logged.
resource "aws_glue_catalog_database" "drift" {
  name        = "${var.database_name}_drift"
  description = "Schemas the drift crawlers inferred from the landing data; compare with ${var.database_name}. Never queried by the jobs."
  tags        = var.tags
}

resource "aws_glue_crawler" "landing" {
  for_each = aws_glue_catalog_table.landing

  name                   = "${var.name}-${each.key}"
  description            = "Infers the schema of ${each.value.storage_descriptor[0].location} into ${aws_glue_catalog_database.drift.name}.${each.key} (drift check against ${each.value.database_name}.${each.key})"
  database_name          = aws_glue_catalog_database.drift.name
  role                   = var.role_arn
  security_configuration = aws_glue_security_configuration.crawler.name
  schedule               = var.drift_crawler_schedule

  s3_target {
    path = each.value.storage_descriptor[0].location
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_EVERYTHING"
  }

  # One table per landing folder, named like the DDL table (the folder alone would be named "landing").
  configuration = jsonencode({
    Version  = 1
    Grouping = { TableGroupingPolicy = "CombineCompatibleSchemas" }
  })
  table_prefix = "${trimsuffix(each.key, "_landing")}_"

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.crawlers]
}

# Crawlers with a security configuration that encrypts CloudWatch Logs write to
# /aws-glue/crawlers-role/<role name>-<security configuration> (one stream per crawler), not /aws-glue/crawlers.
resource "aws_cloudwatch_log_group" "crawlers" {
  # checkov:skip=CKV_AWS_338:Crawler logs are debugging output, not an audit trail; retention is the log_retention_days input (default 30 days).
  name              = local.crawler_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_glue_data_catalog_encryption_settings" "this" {
  count = var.encrypt_data_catalog ? 1 : 0

  data_catalog_encryption_settings {
    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = var.kms_key_arn
    }

    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = var.kms_key_arn
    }
  }
}

# The Glue database, the landing tables and a crawler per landing table.
# athena_ddl/<table>.sql is the single source of truth: the table here is parsed from it (columns and types,
# SerDe and its properties, input/output formats, LOCATION, TBLPROPERTIES), so Athena DDL and catalog cannot
# drift apart.

locals {
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

# One crawler per landing table. It crawls the table's own location (catalog target) and only logs schema
# changes: the DDL stays the schema, the crawler registers new data and partitions.
resource "aws_glue_crawler" "landing" {
  for_each = aws_glue_catalog_table.landing

  name                   = "${var.name}-${each.key}"
  description            = "Crawls ${each.value.storage_descriptor[0].location} into ${each.value.database_name}.${each.key}"
  database_name          = aws_glue_catalog_database.this.name
  role                   = var.role_arn
  security_configuration = aws_glue_security_configuration.crawler.name

  catalog_target {
    database_name = each.value.database_name
    tables        = [each.value.name]
  }

  schema_change_policy {
    update_behavior = "LOG"
    delete_behavior = "LOG"
  }

  configuration = jsonencode({
    Version = 1
    CrawlerOutput = {
      Partitions = { AddOrUpdateBehavior = "InheritFromTable" }
    }
  })

  tags = var.tags
}

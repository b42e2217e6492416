variable "name" {
  description = "Name prefix of the crawlers and the crawler security configuration."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "database_name" {
  description = "Name of the Glue database to create."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores."
  }
}

variable "bucket_name" {
  description = "The lake bucket; replaces $${LAKE_BUCKET} in the DDL's LOCATION."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "ddl_dir" {
  description = "Folder of the landing tables' Athena DDL: one <table>.sql per table, whose columns, SerDe, formats, location and table properties become the catalog table."
  type        = string
}

variable "role_arn" {
  description = "Role the crawlers run as."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:iam::[0-9]{12}:role/", var.role_arn))
    error_message = "role_arn must be an IAM role ARN."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the crawlers' security configuration (S3 and CloudWatch Logs encryption)."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "drift_crawler_schedule" {
  description = "When the drift crawlers run (Glue cron, UTC); null runs them on demand only (`aws glue start-crawler`)."
  type        = string
  default     = "cron(0 6 * * ? *)"

  validation {
    condition     = var.drift_crawler_schedule == null || can(regex("^cron\\(.+\\)$", var.drift_crawler_schedule))
    error_message = "drift_crawler_schedule must be null or a Glue cron expression like cron(0 6 * * ? *)."
  }
}

variable "log_retention_days" {
  description = "Days the crawlers' CloudWatch log group keeps its events."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "encrypt_data_catalog" {
  description = "Encrypt the account's whole Glue Data Catalog in this region with the lake key. Account-wide, and destroy does not turn it off (see README)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the database-level resources."
  type        = map(string)
  default     = {}
}

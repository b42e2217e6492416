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

variable "tags" {
  description = "Tags for the database-level resources."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Name prefix of the crawlers and the crawler security configuration."
  type        = string
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
}

variable "ddl_dir" {
  description = "Folder of the landing tables' Athena DDL: one <table>.sql per table, whose columns, SerDe, formats, location and table properties become the catalog table."
  type        = string
}

variable "role_arn" {
  description = "Role the crawlers run as."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for the crawlers' security configuration (S3 and CloudWatch Logs encryption)."
  type        = string
}

variable "tags" {
  description = "Tags for the database-level resources."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Name prefix of the workgroup (<name>-workgroup)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "bucket_name" {
  description = "The lake bucket; query results go under results_prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "results_prefix" {
  description = "Key prefix of the query results."
  type        = string
  default     = "athena-results/"

  validation {
    condition     = endswith(var.results_prefix, "/") && !startswith(var.results_prefix, "/")
    error_message = "results_prefix must end with / and must not start with /."
  }
}

variable "database_name" {
  description = "Database the named queries run against (also replaces $${DATABASE} in their text)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores."
  }
}

variable "profile" {
  description = "Data-quality profile the checks expect counts for (replaces $${PROFILE} in their text)."
  type        = string
  default     = "strict"

  validation {
    condition     = contains(["strict", "standout", "rubric"], var.profile)
    error_message = "profile must be one of strict, standout, rubric."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting the query results."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "checks_dir" {
  description = "Folder of check queries: each <name>.sql becomes a named query <name> (none when the folder is empty or missing)."
  type        = string
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Queries scanning more bytes than this are cancelled (a cost guard); null disables it."
  type        = number
  default     = 10737418240 # 10 GiB

  validation {
    condition     = var.bytes_scanned_cutoff_per_query == null || try(var.bytes_scanned_cutoff_per_query >= 10485760, false)
    error_message = "bytes_scanned_cutoff_per_query must be null or at least 10485760 (10 MiB, Athena's minimum)."
  }
}

variable "tags" {
  description = "Tags for the workgroup."
  type        = map(string)
  default     = {}
}

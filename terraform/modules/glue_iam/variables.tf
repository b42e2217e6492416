variable "name" {
  description = "Project name: the role is AWSGlueServiceRole-<name> (Glue Studio passes only roles with that prefix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter (the role name AWSGlueServiceRole-<name> must stay within IAM's 64 characters)."
  }
}

variable "bucket_arn" {
  description = "ARN of the lake bucket: the only bucket the role may read and write."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9.-]+$", var.bucket_arn))
    error_message = "bucket_arn must be an S3 bucket ARN (arn:aws:s3:::name), not an object ARN or wildcard."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key encrypting the lake, the Glue logs and bookmarks."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "database_name" {
  description = "The Glue database the role may read and write tables of."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores."
  }
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}

variable "glue_network" {
  description = "The jobs run in a VPC through a Glue NETWORK connection: grant the EC2 network-interface calls Glue makes for it."
  type        = bool
  default     = false
}

variable "log_group_arns" {
  description = "ARNs (wildcards allowed) of the log groups the jobs and crawlers write to; each one's streams are included. Null: every /aws-glue/ log group of the account and region."
  type        = list(string)
  default     = null

  validation {
    condition     = alltrue([for arn in(var.log_group_arns == null ? [] : var.log_group_arns) : can(regex("^arn:[a-z-]+:logs:[a-z0-9-]+:[0-9]{12}:log-group:[^:]+$", arn))])
    error_message = "log_group_arns must be log-group ARNs (arn:aws:logs:REGION:ACCOUNT:log-group:NAME), without a :* stream suffix."
  }
}

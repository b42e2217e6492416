variable "project" {
  description = "Name prefix of every resource (bucket, role, workflow, workgroup, ...). Lower case letters, digits and hyphens."
  type        = string
  default     = "stedi"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project))
    error_message = "project must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.region))
    error_message = "region must look like an AWS region name, e.g. us-east-1."
  }
}

variable "bucket_name" {
  description = "Name of the lake bucket. Null derives a globally unique one: <project>-lake-<account id>-<region>."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name (3-63 lower case letters, digits, dots, hyphens)."
  }
}

variable "database_name" {
  description = "Name of the Glue database (passed to every job as --DATABASE). Null uses the project name with hyphens as underscores."
  type        = string
  default     = null

  validation {
    condition     = var.database_name == null || can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores (Athena's rule for database names)."
  }
}

variable "profile" {
  description = "Data-quality profile every job runs with (--PROFILE): strict, standout or rubric."
  type        = string
  default     = "strict"

  validation {
    condition     = contains(["strict", "standout", "rubric"], var.profile)
    error_message = "profile must be one of strict, standout, rubric."
  }
}

variable "worker_type" {
  description = "Glue worker type of every job."
  type        = string
  default     = "G.1X"

  validation {
    condition     = contains(["G.025X", "G.1X", "G.2X", "G.4X", "G.8X"], var.worker_type)
    error_message = "worker_type must be one of G.025X, G.1X, G.2X, G.4X, G.8X."
  }
}

variable "number_of_workers" {
  description = "Number of Glue workers per job (2 is the minimum Glue accepts)."
  type        = number
  default     = 2

  validation {
    condition     = var.number_of_workers >= 2 && var.number_of_workers <= 299 && floor(var.number_of_workers) == var.number_of_workers
    error_message = "number_of_workers must be a whole number between 2 and 299."
  }
}

variable "job_name_prefix" {
  description = "Prefix of the Glue job names. Empty (default) names each job exactly like its script, as the README's job contract does; set it to deploy twice into one account."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]*$", var.job_name_prefix))
    error_message = "job_name_prefix may hold letters, digits, underscores and hyphens only."
  }
}

variable "job_order" {
  description = "The jobs (script file names without .py) in dependency order; the workflow runs them one after the other. Must name every script in glue_scripts/ exactly once."
  type        = list(string)
  default = [
    "customer_landing_to_trusted",
    "accelerometer_landing_to_trusted",
    "customer_trusted_to_curated",
    "step_trainer_trusted",
    "machine_learning_curated",
  ]

  validation {
    condition     = length(var.job_order) > 0 && length(distinct(var.job_order)) == length(var.job_order)
    error_message = "job_order must be a non-empty list without duplicates."
  }
}

variable "glue_scripts_dir" {
  description = "Folder holding the Glue scripts (*.py); null means the repository's glue_scripts/."
  type        = string
  default     = null
}

variable "athena_ddl_dir" {
  description = "Folder holding the landing tables' DDL (*.sql) and the check queries (checks/*.sql); null means the repository's athena_ddl/."
  type        = string
  default     = null
}

variable "vpc_id" {
  description = "VPC whose route tables get the S3 gateway endpoint; null means the account's default VPC."
  type        = string
  default     = null
}

variable "create_s3_gateway_endpoint" {
  description = "Create the S3 gateway endpoint. Set false when the VPC already has one (AWS refuses a second on the same route tables)."
  type        = bool
  default     = true
}

variable "temporary_data_expiration_days" {
  description = "Days after which Glue temporary files (tmp/) and Athena query results (athena-results/) are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.temporary_data_expiration_days >= 1
    error_message = "temporary_data_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the lake bucket with its data. Apply with true before destroying a lake that holds data."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for every resource (Project and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

variable "python" {
  description = "Python with the stedi package, for `python -m stedi.visual publish` (module job_graphs); relative to the repository root. Default: the project's virtualenv."
  type        = string
  default     = ".venv/bin/python"
}

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
  description = "Glue worker type of every job: G.1X, G.2X, G.4X or G.8X (G.025X is for streaming jobs only)."
  type        = string
  default     = "G.1X"

  validation {
    condition     = contains(["G.1X", "G.2X", "G.4X", "G.8X"], var.worker_type)
    error_message = "worker_type must be G.1X, G.2X, G.4X or G.8X: G.025X runs streaming jobs only, and G.12X, G.16X and R.* are refused by the AWS provider 5.x this configuration pins."
  }
}

variable "glue_version" {
  description = "Glue version of every job: 5.0, 5.1 or 6.0, the versions whose engine the local runtime runs (README, Glue versions)."
  type        = string
  default     = "5.1"

  # One list with src/awsglue/versions.py's LOCAL_VERSIONS (tests/test_versions.py checks it).
  validation {
    condition     = var.glue_version != "6.1"
    error_message = "glue_version 6.1 is not accepted: its jobs run Python 3.14, which this project cannot install from its registries (PyPI has no CPython interpreters, Debian 12 ships Python 3.11), so the local runtime cannot run or test its engine. Use 5.0, 5.1 or 6.0."
  }

  validation {
    condition     = contains(["5.0", "5.1", "6.0", "6.1"], var.glue_version)
    error_message = "glue_version must be 5.0, 5.1 or 6.0 (Spark 3.5.4, 3.5.6, 4.1.1): the Glue versions whose engine the local runtime runs. Glue 4.0 and older run Python 3.10 or older, where the scripts' `from datetime import UTC` fails (datetime.UTC is new in Python 3.11)."
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
  description = "VPC of the S3 gateway endpoint. Null: the subnet_id's VPC with glue_network, else the account's default VPC if it has one, else no endpoint (output s3_endpoint_status says why)."
  type        = string
  default     = null
}

variable "route_table_ids" {
  description = "Route tables that get the S3 gateway endpoint. Null: every route table of the VPC. None may already route S3 through a gateway endpoint (CreateVpcEndpoint fails then): list the others, or set create_s3_gateway_endpoint = false."
  type        = list(string)
  default     = null
}

variable "create_s3_gateway_endpoint" {
  description = "Create the S3 gateway endpoint. Set false when the route tables already have one (AWS refuses a second S3 route on a route table)."
  type        = bool
  default     = true
}

variable "glue_network" {
  description = "Run the jobs in subnet_id through a Glue NETWORK connection, so their S3 traffic goes through the endpoint. Needs subnet_id; the subnet needs a NAT gateway or interface endpoints for the Glue, CloudWatch Logs, KMS and STS APIs."
  type        = bool
  default     = false
}

variable "subnet_id" {
  description = "Subnet of the Glue network connection (glue_network = true)."
  type        = string
  default     = null
}

variable "security_group_ids" {
  description = "Security groups of the Glue network connection; empty creates one with the self-referencing all-TCP rule Glue requires."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Days the jobs' and crawlers' CloudWatch log groups keep events (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "drift_crawler_schedule" {
  description = "When the schema-drift crawlers run (Glue cron, UTC); null runs them on demand only."
  type        = string
  default     = "cron(0 6 * * ? *)"
}

variable "encrypt_data_catalog" {
  description = "Encrypt the account's whole Glue Data Catalog (this region) with the lake key. Account-wide, and destroy does not revert it: see terraform/README.md."
  type        = bool
  default     = false
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

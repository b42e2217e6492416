variable "name" {
  description = "Name prefix of the workflow, its triggers and the security configuration."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "job_name_prefix" {
  description = "Prefix of each job's name; the rest is the script's file name without .py."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]*$", var.job_name_prefix))
    error_message = "job_name_prefix may hold letters, digits, underscores and hyphens only."
  }
}

variable "scripts_dir" {
  description = "Folder of the Glue scripts: every *.py becomes an uploaded object and a job."
  type        = string
}

variable "job_order" {
  description = "Script names (without .py) in dependency order; the workflow chains them in this order. Must name every script exactly once."
  type        = list(string)

  validation {
    condition     = length(var.job_order) > 0 && length(distinct(var.job_order)) == length(var.job_order)
    error_message = "job_order must be a non-empty list without duplicates."
  }
}

variable "bucket_name" {
  description = "The lake bucket: scripts go under scripts_prefix, Glue temporary files under tmp/ (and --LAKE_BUCKET)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "scripts_prefix" {
  description = "Key prefix of the uploaded scripts."
  type        = string
  default     = "scripts/"

  validation {
    condition     = endswith(var.scripts_prefix, "/") && !startswith(var.scripts_prefix, "/")
    error_message = "scripts_prefix must end with / and must not start with /."
  }
}

variable "database_name" {
  description = "The Glue database (--DATABASE)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores."
  }
}

variable "role_arn" {
  description = "Role the jobs run as."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:iam::[0-9]{12}:role/", var.role_arn))
    error_message = "role_arn must be an IAM role ARN."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the security configuration: S3 output, CloudWatch logs and job bookmarks."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "profile" {
  description = "Data-quality profile (--PROFILE): strict, standout or rubric."
  type        = string
  default     = "strict"

  validation {
    condition     = contains(["strict", "standout", "rubric"], var.profile)
    error_message = "profile must be one of strict, standout, rubric."
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

variable "worker_type" {
  description = "Glue worker type of every job: one a Spark batch (glueetl) job accepts (G.025X is for streaming jobs only)."
  type        = string
  default     = "G.1X"

  # "AWS Glue worker types" and the Jobs API's WorkerType: G.025X is for streaming jobs only. G.12X, G.16X and
  # the memory-optimized R.1X-R.8X run Glue 5.0 Spark jobs too, but the AWS provider 5.x refuses them
  # (its list: Standard, G.1X, G.2X, G.025X, G.4X, G.8X, Z.2X; Z.2X is Ray), so they are left out here.
  validation {
    condition     = contains(["G.1X", "G.2X", "G.4X", "G.8X"], var.worker_type)
    error_message = "worker_type must be G.1X, G.2X, G.4X or G.8X: G.025X runs streaming jobs only, and G.12X, G.16X and R.* are refused by the AWS provider 5.x this configuration pins."
  }
}

variable "number_of_workers" {
  description = "Number of workers per job."
  type        = number
  default     = 2

  validation {
    condition     = var.number_of_workers >= 2 && floor(var.number_of_workers) == var.number_of_workers
    error_message = "number_of_workers must be a whole number of at least 2."
  }
}

variable "timeout_minutes" {
  description = "Minutes after which a job run is stopped."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout_minutes >= 1 && var.timeout_minutes <= 2880
    error_message = "timeout_minutes must be between 1 and 2880."
  }
}

variable "connection_name" {
  description = "Glue NETWORK connection attached to every job (runs them in its VPC subnet); null runs them in Glue's own network."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Days the jobs' CloudWatch log groups keep their events."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "extra_arguments" {
  description = "Additional default arguments for every job (e.g. {\"--enable-spark-ui\" = \"true\"}); they override the module's."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

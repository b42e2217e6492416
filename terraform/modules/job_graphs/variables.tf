variable "graphs_dir" {
  description = "Folder of the Glue Studio graphs: every <job>.json (a CodeGenConfigurationNodes object) is published onto the job of the same key in var.jobs."
  type        = string
}

variable "jobs" {
  description = "The aws_glue_job resources by key (the script name without .py), e.g. module.etl_jobs.jobs. Their attributes are part of each publication's trigger: a Terraform update of a job resets its graph (UpdateJob replaces the whole definition), so it is followed by a republish."
  type        = any
}

variable "database_name" {
  description = "Value of the graphs' $${DATABASE} placeholder."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower case letters, digits and underscores."
  }
}

variable "bucket_name" {
  description = "Value of the graphs' $${LAKE_BUCKET} placeholder."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "region" {
  description = "AWS region of the jobs (passed to the publish command)."
  type        = string
}

variable "working_dir" {
  description = "Directory the publish command runs in: the repository root (where .venv/ and src/ are)."
  type        = string
}

variable "python" {
  description = "Python interpreter that has the stedi package (runs `python -m stedi.visual publish`); a relative path is relative to working_dir."
  type        = string
  default     = ".venv/bin/python"

  validation {
    condition     = length(var.python) > 0 && !can(regex("[\"$`\\\\]", var.python))
    error_message = "python must be a non-empty path without quotes, $, backticks or backslashes (it is part of a shell command)."
  }
}

variable "name" {
  description = "Name prefix for the KMS key alias."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "bucket_name" {
  description = "Name of the lake bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name (3-63 lower case letters, digits, dots, hyphens)."
  }
}

variable "zone_prefixes" {
  description = "Folder markers created in the bucket so every zone is visible before the first run (keys end with /). None under temporary_prefixes or quarantine/: those are expired or purged."
  type        = list(string)
  default = [
    "customer/landing/", "customer/trusted/", "customer/curated/",
    "accelerometer/landing/", "accelerometer/trusted/",
    "step_trainer/landing/", "step_trainer/trusted/",
    "step_reading_owners/trusted/",
    "machine_learning/curated/",
    "scripts/",
  ]

  validation {
    condition     = alltrue([for p in var.zone_prefixes : endswith(p, "/") && !startswith(p, "/")])
    error_message = "Every zone prefix must end with / and must not start with /."
  }
}

variable "temporary_prefixes" {
  description = "Prefixes holding temporary data, expired after temporary_data_expiration_days."
  type        = list(string)
  default     = ["tmp/", "athena-results/"]
}

variable "temporary_data_expiration_days" {
  description = "Days after which objects under temporary_prefixes are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.temporary_data_expiration_days >= 1
    error_message = "temporary_data_expiration_days must be at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with its objects."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

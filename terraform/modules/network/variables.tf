variable "enabled" {
  description = "Create the endpoint. False creates nothing (the VPC already has an S3 gateway endpoint)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name prefix for the endpoint's Name tag."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC whose route tables get the S3 gateway endpoint; null selects the account's default VPC."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123abcd."
  }
}

variable "tags" {
  description = "Tags for the endpoint."
  type        = map(string)
  default     = {}
}

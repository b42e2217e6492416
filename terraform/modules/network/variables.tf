variable "enabled" {
  description = "Create the endpoint. False creates nothing (the VPC already has an S3 gateway endpoint)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name prefix for the endpoint's Name tag."
  type        = string
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

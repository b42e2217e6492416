variable "enabled" {
  description = "Create the S3 gateway endpoint. False creates none (the VPC already routes S3 through an endpoint)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name prefix of the endpoint, the Glue connection and the security group."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lower case letters, digits and hyphens, starting with a letter."
  }
}

variable "bucket_name" {
  description = "The lake bucket: the endpoint policy allows it (and Glue's own aws-glue-* buckets) only."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "vpc_id" {
  description = "VPC of the S3 gateway endpoint. Null: the account's default VPC if it has one, else no endpoint (see the s3_endpoint_status output)."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123abcd."
  }
}

variable "route_table_ids" {
  description = "Route tables that get the endpoint's S3 route. Null: every route table of the VPC. None of them may already have an S3 gateway endpoint route (AWS refuses CreateVpcEndpoint then)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.route_table_ids == null || alltrue([for id in coalesce(var.route_table_ids, []) : can(regex("^rtb-[0-9a-f]+$", id))])
    error_message = "route_table_ids must be null or a list of ids like rtb-0123abcd."
  }
}

variable "glue_network" {
  description = "Create a Glue NETWORK connection in subnet_id (attach it to the jobs), so they run in the VPC and reach S3 through the endpoint."
  type        = bool
  default     = false
}

variable "subnet_id" {
  description = "Subnet of the Glue network connection (glue_network = true). It needs a route to S3 through the endpoint and to the Glue, CloudWatch Logs, KMS and STS APIs (NAT gateway or interface endpoints)."
  type        = string
  default     = null

  validation {
    condition     = var.subnet_id == null || can(regex("^subnet-[0-9a-f]+$", var.subnet_id))
    error_message = "subnet_id must look like subnet-0123abcd."
  }
}

variable "security_group_ids" {
  description = "Security groups of the Glue network connection. Empty: one is created with the self-referencing all-TCP rule Glue requires."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "security_group_ids must be ids like sg-0123abcd."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

output "vpc_id" {
  description = "The VPC of the endpoint: var.vpc_id, else the default VPC, else null (no default VPC)."
  value       = local.vpc_id
}

output "vpc_endpoint_id" {
  description = "The S3 gateway endpoint's id (null when none was created; s3_endpoint_status says why)."
  value       = one(aws_vpc_endpoint.s3[*].id)
}

output "s3_endpoint_status" {
  description = "Whether the S3 gateway endpoint was created, and if not, why."
  value       = local.s3_endpoint_status
}

output "route_table_ids" {
  description = "The route tables routing S3 traffic through the endpoint (empty when there is none)."
  value       = local.route_table_ids
}

output "glue_connection_name" {
  description = "The Glue NETWORK connection to attach to every job (null when glue_network is false)."
  value       = one(aws_glue_connection.network[*].name)
}

output "security_group_ids" {
  description = "Security groups of the Glue connection (empty when glue_network is false)."
  value       = one(aws_glue_connection.network[*].physical_connection_requirements[0].security_group_id_list)
}

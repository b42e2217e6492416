output "vpc_id" {
  description = "The VPC the endpoint is in (null when disabled)."
  value       = one(data.aws_vpc.selected[*].id)
}

output "vpc_endpoint_id" {
  description = "The S3 gateway endpoint's id (null when disabled)."
  value       = one(aws_vpc_endpoint.s3[*].id)
}

output "route_table_ids" {
  description = "The route tables routing S3 traffic through the endpoint."
  value       = one(aws_vpc_endpoint.s3[*].route_table_ids)
}

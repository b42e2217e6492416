output "workgroup_name" {
  description = "Name of the Athena workgroup."
  value       = aws_athena_workgroup.this.name
}

output "results_location" {
  description = "Where the workgroup writes query results."
  value       = "s3://${var.bucket_name}/${var.results_prefix}"
}

output "named_query_ids" {
  description = "Named query id per check query."
  value       = { for name, q in aws_athena_named_query.check : name => q.id }
}

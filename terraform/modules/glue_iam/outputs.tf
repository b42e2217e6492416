output "role_arn" {
  description = "ARN of the Glue role (jobs and crawlers)."
  value       = aws_iam_role.glue.arn
}

output "role_name" {
  description = "Name of the Glue role."
  value       = aws_iam_role.glue.name
}

output "policy_document" {
  description = "The role's inline policy (JSON), for review."
  value       = aws_iam_role_policy.glue.policy
}

output "job_names" {
  description = "The Glue job names in dependency order."
  value       = [for job in var.job_order : aws_glue_job.this[job].name]
}

output "script_locations" {
  description = "S3 location of each job's script, by job name."
  value       = { for key, job in aws_glue_job.this : job.name => job.command[0].script_location }
}

output "workflow_name" {
  description = "The workflow that runs every job in order."
  value       = aws_glue_workflow.this.name
}

output "trigger_names" {
  description = "The workflow's triggers: the ON_DEMAND start trigger first, then one per chained job."
  value       = concat([aws_glue_trigger.start.name], [for job in slice(var.job_order, 1, length(var.job_order)) : aws_glue_trigger.after[job].name])
}

output "security_configuration_name" {
  description = "The jobs' Glue security configuration."
  value       = aws_glue_security_configuration.jobs.name
}

output "jobs" {
  description = "The aws_glue_job resources by script name (without .py), every attribute as Terraform read it."
  value       = aws_glue_job.this
}

output "log_group_names" {
  description = "The jobs' CloudWatch log groups (error and output), pre-created with retention and the lake key."
  value       = [for stream in ["error", "output"] : aws_cloudwatch_log_group.jobs[stream].name]
}

output "log_group_arns" {
  description = "ARNs of the jobs' log groups (without the :* suffix; the role's log statements append :* / :log-stream:*)."
  value       = [for stream in ["error", "output"] : "${local.logs_arn_prefix}${local.log_groups[stream]}"]
}

output "job_connections" {
  description = "The Glue connections of each job, by job name (empty lists without a network connection)."
  value       = { for key, job in aws_glue_job.this : job.name => job.connections }
}

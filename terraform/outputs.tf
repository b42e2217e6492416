output "bucket_name" {
  description = "The lake bucket (pass to the jobs as --LAKE_BUCKET; upload landing data under <table>/landing/)."
  value       = module.storage.bucket_name
}

output "kms_key_arn" {
  description = "The KMS key encrypting the lake, Glue logs and bookmarks, and Athena results."
  value       = module.storage.kms_key_arn
}

output "database_name" {
  description = "The Glue database holding every table."
  value       = module.catalog.database_name
}

output "landing_tables" {
  description = "The landing tables, created from athena_ddl/*.sql."
  value       = module.catalog.table_names
}

output "crawler_names" {
  description = "The schema-drift crawler per landing table (they write into drift_database_name)."
  value       = module.catalog.crawler_names
}

output "drift_database_name" {
  description = "Where the drift crawlers put the schema they inferred from each landing folder; compare with database_name."
  value       = module.catalog.drift_database_name
}

output "log_group_names" {
  description = "The jobs' CloudWatch log groups (retention log_retention_days, the lake key)."
  value       = module.etl_jobs.log_group_names
}

output "glue_role_arn" {
  description = "The role every Glue job and crawler runs as."
  value       = module.glue_iam.role_arn
}

output "job_names" {
  description = "The Glue jobs in dependency order."
  value       = module.etl_jobs.job_names
}

output "workflow_name" {
  description = "The Glue workflow running every job in order: `aws glue start-workflow-run --name <this>`."
  value       = module.etl_jobs.workflow_name
}

output "athena_workgroup" {
  description = "The Athena workgroup to query the lake with (results location and encryption enforced)."
  value       = module.athena.workgroup_name
}

output "athena_named_queries" {
  description = "Named query id per check query in athena_ddl/checks/."
  value       = module.athena.named_query_ids
}

output "s3_gateway_endpoint_id" {
  description = "The S3 gateway endpoint, or null when none was created (s3_endpoint_status says why)."
  value       = module.network.vpc_endpoint_id
}

output "s3_endpoint_status" {
  description = "Whether the S3 gateway endpoint was created and where, or why not (e.g. no default VPC)."
  value       = module.network.s3_endpoint_status
}

output "glue_connection_name" {
  description = "The Glue NETWORK connection every job uses (null when glue_network is false)."
  value       = module.network.glue_connection_name
}

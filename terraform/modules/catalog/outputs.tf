output "database_name" {
  description = "Name of the Glue database."
  value       = aws_glue_catalog_database.this.name
}

output "database_arn" {
  description = "ARN of the Glue database."
  value       = aws_glue_catalog_database.this.arn
}

output "table_names" {
  description = "The landing tables created from the DDL files."
  value       = sort(keys(aws_glue_catalog_table.landing))
}

output "table_columns" {
  description = "Columns (name and type) per landing table, as parsed from the DDL."
  value       = { for table, t in local.parsed : table => t.columns }
}

output "drift_database_name" {
  description = "The database the drift crawlers write the inferred landing schemas into."
  value       = aws_glue_catalog_database.drift.name
}

output "log_group_arns" {
  description = "ARN of the crawlers' log group (without the :* suffix)."
  value       = ["${local.logs_arn_prefix}${local.crawler_log_group}"]
}

output "crawler_names" {
  description = "Drift crawler name per landing table."
  value       = { for table, c in aws_glue_crawler.landing : table => c.name }
}

output "published_graphs" {
  description = "SHA-256 of each published graph file, by job name."
  value       = { for key, publication in terraform_data.publish : var.jobs[key].name => publication.triggers_replace.graph }
}

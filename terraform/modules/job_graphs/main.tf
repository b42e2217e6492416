# Publishes each Glue Studio graph onto its job. The AWS provider cannot (no code_gen_configuration_nodes or
# job_mode on aws_glue_job, terraform-provider-aws issue #40625), so a project command does it with the Glue
# API: GetJob, then UpdateJob with every field kept, the graph (placeholders filled) and JobMode VISUAL.
# terraform_data stores only its triggers, so a re-plan shows no change until the graph, a placeholder value
# or the job's attributes change; then it is replaced and the command runs again.

locals {
  graphs = { for f in fileset(var.graphs_dir, "*.json") : trimsuffix(f, ".json") => abspath("${var.graphs_dir}/${f}") }

  # The job attributes set in configuration, which a refresh reads back unchanged. Computed-only ones (e.g.
  # max_capacity) may be read back differently after a publish and would replace the publication every plan;
  # null and empty collections are folded together for the same reason.
  job_attributes = { for key, job in var.jobs : key => {
    name                      = job.name
    description               = job.description
    role_arn                  = job.role_arn
    command                   = [for c in job.command : { name = c.name, script_location = c.script_location, python_version = c.python_version }]
    default_arguments         = job.default_arguments == null ? {} : job.default_arguments
    non_overridable_arguments = job.non_overridable_arguments == null ? {} : job.non_overridable_arguments
    connections               = job.connections == null ? [] : job.connections
    glue_version              = job.glue_version
    worker_type               = job.worker_type
    number_of_workers         = job.number_of_workers
    timeout                   = job.timeout
    max_retries               = job.max_retries
    security_configuration    = job.security_configuration
    execution_class           = job.execution_class
    execution_property        = [for p in job.execution_property : p.max_concurrent_runs]
    tags                      = job.tags == null ? {} : job.tags
  } }
}

resource "terraform_data" "publish" {
  for_each = local.graphs

  triggers_replace = {
    graph    = filesha256(each.value)
    job      = sha256(jsonencode(try(local.job_attributes[each.key], null)))
    database = var.database_name
    bucket   = var.bucket_name
  }

  provisioner "local-exec" {
    working_dir = var.working_dir
    command     = "\"${var.python}\" -m stedi.visual publish --job \"${try(var.jobs[each.key].name, each.key)}\" --graph \"${each.value}\" --database \"${var.database_name}\" --bucket \"${var.bucket_name}\" --region \"${var.region}\""
  }

  lifecycle {
    precondition {
      condition     = contains(keys(var.jobs), each.key)
      error_message = "${each.value} has no job: a graph <job>.json needs the script <job>.py beside it (jobs: ${join(", ", sort(keys(var.jobs)))})."
    }
  }
}

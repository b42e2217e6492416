# Publishes each Glue Studio graph onto its job. The AWS provider cannot (no code_gen_configuration_nodes or
# job_mode on aws_glue_job, terraform-provider-aws issue #40625), so a project command does it with the Glue
# API: GetJob, then UpdateJob with every field kept, the graph (placeholders filled) and JobMode VISUAL.
# terraform_data stores only its triggers, so a re-plan shows no change until the graph, a placeholder value
# or the job's attributes change; then it is replaced and the command runs again.

locals {
  graphs = { for f in fileset(var.graphs_dir, "*.json") : trimsuffix(f, ".json") => abspath("${var.graphs_dir}/${f}") }
}

resource "terraform_data" "publish" {
  for_each = local.graphs

  triggers_replace = {
    graph    = filesha256(each.value)
    job      = sha256(jsonencode(try(var.jobs[each.key], null)))
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

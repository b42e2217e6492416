# Plan-level tests of module job_graphs: one publication per graph file, its trigger, and a graph without a job.
# Nothing is applied, so the local-exec publish command never runs here (tests/test_visual_deploy.py applies it
# against moto).

variables {
  graphs_dir    = "./tests/graphs"
  database_name = "stedi"
  bucket_name   = "stedi-lake-test"
  region        = "us-east-1"
  working_dir   = "/repo"
  jobs = { for name in ["customer_landing_to_trusted", "step_trainer_trusted"] : name => {
    name                      = "prefix-${name}"
    description               = "Runs scripts/${name}.py"
    role_arn                  = "arn:aws:iam::123456789012:role/stedi-glue"
    command                   = [{ name = "glueetl", script_location = "s3://stedi-lake-test/scripts/${name}.py", python_version = "3" }]
    default_arguments         = { "--DATABASE" = "stedi" }
    non_overridable_arguments = null
    connections               = null
    glue_version              = "5.0"
    worker_type               = "G.1X"
    number_of_workers         = 2
    timeout                   = 60
    max_retries               = 0
    security_configuration    = "stedi-jobs"
    execution_class           = "STANDARD"
    execution_property        = [{ max_concurrent_runs = 1 }]
    tags                      = { Project = "stedi" }
  } }
}

run "publishes_every_graph_of_the_folder" {
  command = plan

  module {
    source = "./modules/job_graphs"
  }

  assert {
    condition     = toset(keys(terraform_data.publish)) == toset(["customer_landing_to_trusted", "step_trainer_trusted"])
    error_message = "Every graph file must have one publication."
  }

  assert {
    condition     = terraform_data.publish["step_trainer_trusted"].triggers_replace.graph == filesha256("./tests/graphs/step_trainer_trusted.json")
    error_message = "A publication must be triggered by its graph's hash."
  }

  assert {
    condition     = output.published_graphs["prefix-customer_landing_to_trusted"] == filesha256("./tests/graphs/customer_landing_to_trusted.json")
    error_message = "published_graphs must name the job (with its prefix)."
  }
}

run "rejects_a_graph_without_a_job" {
  command = plan

  module {
    source = "./modules/job_graphs"
  }

  variables {
    jobs = {}
  }

  expect_failures = [terraform_data.publish]
}

# Inputs a real deploy would accept but AWS Glue (or the scripts) would not (mocked provider, plan only).

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_vpcs" {
    defaults = { ids = ["vpc-0000000000000000d"] }
  }
  mock_data "aws_route_tables" {
    defaults = { ids = ["rtb-0000000000000000a"] }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi" }
  }
}

variables {
  bucket_name = "stedi-lake-test"
}

run "rejects_glue_4" {
  command = plan

  variables {
    glue_version = "4.0"
  }

  expect_failures = [var.glue_version]
}

run "rejects_a_glue_version_that_is_no_number" {
  command = plan

  variables {
    glue_version = "latest"
  }

  expect_failures = [var.glue_version]
}

# Each Glue version whose engine the local runtime runs (src/awsglue/versions.py LOCAL_VERSIONS) is accepted,
# at the root and by the etl_jobs module, and reaches every job; 6.1 and anything else are refused.
run "accepts_glue_5_1" {
  command = plan

  variables {
    glue_version = "5.1"
  }
}

run "accepts_glue_6_0" {
  command = plan

  variables {
    glue_version = "6.0"
  }
}

run "rejects_glue_6_1_whose_python_cannot_be_installed_here" {
  command = plan

  variables {
    glue_version = "6.1"
  }

  expect_failures = [var.glue_version]
}

run "rejects_a_version_string_with_a_patch_number" {
  command = plan

  variables {
    glue_version = "5.0.0"
  }

  expect_failures = [var.glue_version]
}

run "etl_jobs_module_gives_every_job_glue_5_0" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    glue_version  = "5.0"
  }

  assert {
    condition     = length(aws_glue_job.this) == 5 && alltrue([for j in aws_glue_job.this : j.glue_version == "5.0"])
    error_message = "Every job must run the glue_version given."
  }
}

run "etl_jobs_module_gives_every_job_glue_5_1" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    glue_version  = "5.1"
  }

  assert {
    condition     = length(aws_glue_job.this) == 5 && alltrue([for j in aws_glue_job.this : j.glue_version == "5.1"])
    error_message = "Every job must run the glue_version given."
  }
}

run "etl_jobs_module_gives_every_job_glue_6_0_on_the_large_worker" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    glue_version  = "6.0"
    worker_type   = "G.8X"
  }

  assert {
    condition     = length(aws_glue_job.this) == 5 && alltrue([for j in aws_glue_job.this : j.glue_version == "6.0" && j.worker_type == "G.8X"])
    error_message = "Every job must run the glue_version and worker_type given."
  }
}

run "etl_jobs_module_rejects_glue_6_1_itself" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    glue_version  = "6.1"
  }

  expect_failures = [var.glue_version]
}

run "etl_jobs_module_rejects_glue_4_and_g025x_itself" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    glue_version  = "4.0"
    worker_type   = "G.025X"
  }

  expect_failures = [var.glue_version, var.worker_type]
}

run "rejects_the_streaming_only_worker_type" {
  command = plan

  variables {
    worker_type = "G.025X"
  }

  expect_failures = [var.worker_type]
}

run "rejects_worker_types_the_provider_5_refuses" {
  command = plan

  # R.2X is a Glue 5.0 Spark worker type, but provider 5.100 validates worker_type against
  # Standard, G.1X, G.2X, G.025X, G.4X, G.8X, Z.2X: our validation says so before the provider does.
  variables {
    worker_type = "R.2X"
  }

  expect_failures = [var.worker_type]
}

run "accepts_the_large_batch_worker" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted", "accelerometer_landing_to_trusted", "customer_trusted_to_curated", "step_trainer_trusted", "machine_learning_curated"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    worker_type   = "G.8X"
  }

  assert {
    condition     = length(aws_glue_job.this) == 5 && alltrue([for j in aws_glue_job.this : j.worker_type == "G.8X"])
    error_message = "G.8X is a Glue 5.0 Spark batch worker type the provider accepts."
  }
}

run "rejects_a_retention_cloudwatch_refuses" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "catalog_encryption_is_opt_in_and_uses_the_lake_key" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  variables {
    name                 = "stedi"
    database_name        = "stedi"
    ddl_dir              = "../athena_ddl"
    role_arn             = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn          = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    encrypt_data_catalog = true
  }

  assert {
    condition = (
      one(one(aws_glue_data_catalog_encryption_settings.this[0].data_catalog_encryption_settings).encryption_at_rest).catalog_encryption_mode == "SSE-KMS"
      && one(one(aws_glue_data_catalog_encryption_settings.this[0].data_catalog_encryption_settings).encryption_at_rest).sse_aws_kms_key_id == "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    )
    error_message = "encrypt_data_catalog must encrypt the catalog with the lake key."
  }
}

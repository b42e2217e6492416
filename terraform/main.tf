# The root module only composes: one module per AWS concern, names from var.project, tags from one local.

data "aws_caller_identity" "current" {}

locals {
  tags = merge(var.tags, {
    Project   = var.project
    ManagedBy = "terraform"
  })

  bucket_name      = coalesce(var.bucket_name, "${var.project}-lake-${data.aws_caller_identity.current.account_id}-${var.region}")
  database_name    = coalesce(var.database_name, replace(var.project, "-", "_"))
  glue_scripts_dir = coalesce(var.glue_scripts_dir, "${path.root}/../glue_scripts")
  athena_ddl_dir   = coalesce(var.athena_ddl_dir, "${path.root}/../athena_ddl")
}

module "storage" {
  source = "./modules/storage"

  name                           = var.project
  bucket_name                    = local.bucket_name
  temporary_data_expiration_days = var.temporary_data_expiration_days
  force_destroy                  = var.force_destroy
  tags                           = local.tags
}

module "network" {
  source = "./modules/network"

  enabled            = var.create_s3_gateway_endpoint
  name               = var.project
  bucket_name        = module.storage.bucket_name
  vpc_id             = var.vpc_id
  route_table_ids    = var.route_table_ids
  glue_network       = var.glue_network
  subnet_id          = var.subnet_id
  security_group_ids = var.security_group_ids
  tags               = local.tags
}

module "glue_iam" {
  source = "./modules/glue_iam"

  name           = var.project
  bucket_arn     = module.storage.bucket_arn
  kms_key_arn    = module.storage.kms_key_arn
  database_name  = local.database_name
  glue_network   = var.glue_network
  log_group_arns = concat(module.etl_jobs.log_group_arns, module.catalog.log_group_arns)
  tags           = local.tags
}

module "catalog" {
  source = "./modules/catalog"

  name                   = var.project
  database_name          = local.database_name
  bucket_name            = module.storage.bucket_name
  ddl_dir                = local.athena_ddl_dir
  role_arn               = module.glue_iam.role_arn
  kms_key_arn            = module.storage.kms_key_arn
  drift_crawler_schedule = var.drift_crawler_schedule
  log_retention_days     = var.log_retention_days
  encrypt_data_catalog   = var.encrypt_data_catalog
  tags                   = local.tags
}

module "etl_jobs" {
  source = "./modules/etl_jobs"

  name               = var.project
  job_name_prefix    = var.job_name_prefix
  scripts_dir        = local.glue_scripts_dir
  job_order          = var.job_order
  bucket_name        = module.storage.bucket_name
  database_name      = module.catalog.database_name
  role_arn           = module.glue_iam.role_arn
  kms_key_arn        = module.storage.kms_key_arn
  profile            = var.profile
  worker_type        = var.worker_type
  number_of_workers  = var.number_of_workers
  glue_version       = var.glue_version
  connection_name    = module.network.glue_connection_name
  log_retention_days = var.log_retention_days
  tags               = local.tags
}

module "athena" {
  source = "./modules/athena"

  name          = var.project
  bucket_name   = module.storage.bucket_name
  database_name = module.catalog.database_name
  profile       = var.profile
  kms_key_arn   = module.storage.kms_key_arn
  checks_dir    = "${local.athena_ddl_dir}/checks"
  tags          = local.tags
}

module "job_graphs" {
  source = "./modules/job_graphs"

  graphs_dir    = local.glue_scripts_dir
  jobs          = module.etl_jobs.jobs
  database_name = module.catalog.database_name
  bucket_name   = module.storage.bucket_name
  region        = var.region
  working_dir   = abspath("${path.root}/..")
  python        = var.python
}

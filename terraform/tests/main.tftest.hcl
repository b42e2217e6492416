# Plan-level unit tests with a mocked AWS provider: no credentials, no network.
# Run from terraform/: `terraform test`. override_during = plan makes the mocked ids and ARNs known at plan
# time, so policies and script locations can be compared exactly.

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
    defaults = { ids = ["vpc-0123456789abcdef0"] }
  }
  mock_data "aws_route_tables" {
    defaults = { ids = ["rtb-0000000000000000b", "rtb-0000000000000000a"] }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::stedi-lake-test" }
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

run "root_composes_the_modules" {
  command = plan

  assert {
    condition     = output.bucket_name == "stedi-lake-test" && output.database_name == "stedi"
    error_message = "The root module must pass the bucket and database names through."
  }
  assert {
    condition     = jsonencode(output.job_names) == jsonencode(var.job_order) && toset(output.job_names) == toset([for f in fileset("../glue_scripts", "*.py") : trimsuffix(f, ".py")])
    error_message = "The root module must deploy one job per script, in job_order."
  }
  assert {
    condition     = module.job_graphs.published_graphs == { for f in fileset("../glue_scripts", "*.json") : trimsuffix(f, ".json") => filesha256("../glue_scripts/${f}") } && toset(keys(module.job_graphs.published_graphs)) == toset(output.job_names)
    error_message = "The root module must publish every job's graph (glue_scripts/<job>.json), triggered by its hash."
  }
  assert {
    condition     = output.workflow_name == "stedi-pipeline" && output.athena_workgroup == "stedi-workgroup"
    error_message = "Workflow and workgroup names derive from var.project."
  }
}

run "bucket_is_encrypted_and_private" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    name = "stedi"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.lake.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "The lake bucket must default to SSE-KMS."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.lake.rule).apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_key.lake.arn
    error_message = "The lake bucket must be encrypted with the lake key."
  }
  assert {
    condition     = aws_kms_key.lake.enable_key_rotation
    error_message = "The lake key must rotate."
  }
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.lake.block_public_acls,
      aws_s3_bucket_public_access_block.lake.block_public_policy,
      aws_s3_bucket_public_access_block.lake.ignore_public_acls,
      aws_s3_bucket_public_access_block.lake.restrict_public_buckets,
    ])
    error_message = "Every public access block setting must be on."
  }
  assert {
    condition     = one(aws_s3_bucket_ownership_controls.lake.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }
  assert {
    condition     = one(aws_s3_bucket_versioning.lake.versioning_configuration).status == "Enabled"
    error_message = "The lake bucket must be versioned."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.lake.policy).Statement :
      s.Effect == "Deny" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"] == "false", false)
    ])
    error_message = "The bucket policy must deny every request made without TLS."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.lake.policy).Statement :
      s.Effect == "Deny" && s.Action == "s3:*" && s.Principal == "*"
      && try(s.Condition.NumericLessThan["s3:TlsVersion"] == "1.2", false)
      && toset(s.Resource) == toset(["arn:aws:s3:::stedi-lake-test", "arn:aws:s3:::stedi-lake-test/*"])
    ])
    error_message = "The bucket policy must deny requests over TLS older than 1.2 (s3:TlsVersion < 1.2)."
  }
  assert {
    condition     = aws_kms_key.lake.deletion_window_in_days == 30
    error_message = "The lake key must have the longest deletion window (30 days)."
  }
  assert {
    condition = alltrue([
      for p in ["tmp/", "athena-results/"] : anytrue([
        for r in aws_s3_bucket_lifecycle_configuration.lake.rule :
        try(one(r.filter).prefix == p && one(r.expiration).days == 7, false)
      ])
    ])
    error_message = "Temporary data (tmp/, athena-results/) must expire."
  }
  assert {
    condition = toset(keys(aws_s3_object.zone)) == toset([
      "customer/landing/", "customer/trusted/", "customer/curated/", "accelerometer/landing/",
      "accelerometer/trusted/", "step_trainer/landing/", "step_trainer/trusted/", "step_reading_owners/trusted/",
      "machine_learning/curated/", "scripts/",
    ])
    error_message = "Markers exactly for the zones nothing deletes (none under tmp/, athena-results/, quarantine/)."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.lake.policy).Statement :
      toset(s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]) == toset([
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/jobs/stedi/*",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/crawlers-role/*-stedi-crawler",
      ]) && s.Principal.Service == "logs.us-east-1.amazonaws.com"
      if try(s.Principal.Service, "") != ""
    ])
    error_message = "The key may be used by CloudWatch Logs of the region for our Glue log groups only."
  }
}

run "role_policy_is_scoped_to_the_lake" {
  command = plan

  module {
    source = "./modules/glue_iam"
  }

  variables {
    name          = "stedi"
    bucket_arn    = "arn:aws:s3:::stedi-lake-test"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    database_name = "stedi"
  }

  assert {
    condition     = startswith(aws_iam_role.glue.name, "AWSGlueServiceRole")
    error_message = "Glue Studio passes only roles named AWSGlueServiceRole*."
  }
  assert {
    condition     = jsondecode(aws_iam_role.glue.assume_role_policy).Statement[0].Principal.Service == "glue.amazonaws.com"
    error_message = "Only Glue may assume the role."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : [
        for r in s.Resource : can(regex("^arn:aws:s3:::stedi-lake-test(/.+)?$", r))
      ] if anytrue([for a in s.Action : startswith(a, "s3:")])
    ]))
    error_message = "S3 statements may name the lake bucket and its objects only."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : [
        for a in s.Action : !endswith(a, ":*")
      ]
    ]))
    error_message = "No service-wide wildcard actions (s3:*, glue:*, ...)."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement :
      s.Action == ["cloudwatch:PutMetricData"] if contains(s.Resource, "*")
    ])
    error_message = "Without a Glue network connection only cloudwatch:PutMetricData (no resource level) may use Resource \"*\"."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : [
        for r in s.Resource : can(regex(":(catalog|database/stedi|table/stedi/\\*|database/stedi_drift|table/stedi_drift/\\*|dataQualityRuleset/\\*)$", r))
      ] if anytrue([for a in s.Action : startswith(a, "glue:")]) && !contains(s.Action, "glue:CreateDatabase")
    ]))
    error_message = "Catalog statements may name our database and its tables only (and data-quality results)."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : [
        s.Action == ["glue:GetDatabase", "glue:CreateDatabase"],
        s.Resource == ["arn:aws:glue:us-east-1:123456789012:catalog", "arn:aws:glue:us-east-1:123456789012:database/default"],
      ] if contains(s.Action, "glue:CreateDatabase")
    ]))
    error_message = "The role may create only the default database (Spark does when it is missing)."
  }
  assert {
    condition     = !anytrue([for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : anytrue([for a in s.Action : startswith(a, "ec2:")])])
    error_message = "No EC2 permissions without a Glue network connection."
  }
}

run "role_policy_with_a_glue_network_connection" {
  command = plan

  module {
    source = "./modules/glue_iam"
  }

  variables {
    name           = "stedi"
    bucket_arn     = "arn:aws:s3:::stedi-lake-test"
    kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    database_name  = "stedi"
    glue_network   = true
    log_group_arns = ["arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/stedi/*"]
  }

  assert {
    condition = contains(flatten([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : s.Action
    ]), "ec2:CreateNetworkInterface")
    error_message = "A Glue network connection needs the EC2 network-interface calls."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement :
      s.Condition["ForAllValues:StringEquals"]["aws:TagKeys"] == ["aws-glue-service-resource"] if contains(s.Action, "ec2:CreateTags")
    ])
    error_message = "Glue may tag network interfaces with its own tag key only."
  }
  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.glue.policy).Statement : s.Resource if s.Sid == "GlueLogs"
      ]) == [
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/stedi/*",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/stedi/*:*",
    ]
    error_message = "The logs statement names the given log groups and their streams only."
  }
}

run "rejects_a_log_stream_arn_as_log_group" {
  command = plan

  module {
    source = "./modules/glue_iam"
  }

  variables {
    name           = "stedi"
    bucket_arn     = "arn:aws:s3:::stedi-lake-test"
    kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    database_name  = "stedi"
    log_group_arns = ["arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/stedi:*"]
  }

  expect_failures = [var.log_group_arns]
}

run "one_job_per_script" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = run.root_composes_the_modules.job_names
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = toset([for j in aws_glue_job.this : j.name]) == toset([for f in fileset("../glue_scripts", "*.py") : trimsuffix(f, ".py")])
    error_message = "Every glue_scripts/*.py must have exactly one job, named like the script."
  }
  assert {
    condition = alltrue([
      for k, j in aws_glue_job.this :
      one(j.command).script_location == "s3://stedi-lake-test/scripts/${k}.py"
      && aws_s3_object.script[k].key == "scripts/${k}.py"
      && endswith(aws_s3_object.script[k].source, "glue_scripts/${k}.py")
      && aws_s3_object.script[k].source_hash == filemd5("../glue_scripts/${k}.py")
    ])
    error_message = "Each job must run its own uploaded script, uploaded with its content hash."
  }
  assert {
    condition = alltrue([
      for j in aws_glue_job.this :
      j.glue_version == "5.1" && j.worker_type == "G.1X" && j.number_of_workers == 2 && j.execution_class == "STANDARD"
      && j.default_arguments["--DATABASE"] == "stedi" && j.default_arguments["--LAKE_BUCKET"] == "stedi-lake-test"
      && j.default_arguments["--PROFILE"] == "strict"
      && j.default_arguments["--job-bookmark-option"] == "job-bookmark-disable"
      && j.default_arguments["--enable-metrics"] == "true"
      && j.default_arguments["--custom-logGroup-prefix"] == "/aws-glue/jobs/stedi"
      && !contains(keys(j.default_arguments), "--enable-continuous-cloudwatch-log")
      && j.security_configuration == "stedi-jobs"
      && length(j.connections) == 0
    ])
    error_message = "Every job must be Glue 5.1 (the default) on 2 G.1X workers with the contract's arguments and the security configuration."
  }
  assert {
    condition = (
      one(one(aws_glue_security_configuration.jobs.encryption_configuration).cloudwatch_encryption).cloudwatch_encryption_mode == "SSE-KMS"
      && one(one(aws_glue_security_configuration.jobs.encryption_configuration).job_bookmarks_encryption).job_bookmarks_encryption_mode == "CSE-KMS"
      && one(one(aws_glue_security_configuration.jobs.encryption_configuration).s3_encryption).s3_encryption_mode == "SSE-KMS"
    )
    error_message = "The jobs' security configuration must encrypt S3 output, logs and bookmarks."
  }
  assert {
    condition = {
      for k, g in aws_cloudwatch_log_group.jobs : k => [g.name, g.retention_in_days, g.kms_key_id]
      } == {
      error  = ["/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/error", 30, "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
      output = ["/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/output", 30, "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
    }
    error_message = "Glue 5.0's log groups for prefix /aws-glue/jobs/stedi and the stedi-jobs security configuration must be pre-created with retention and the lake key."
  }
  assert {
    condition = output.log_group_arns == [
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/error",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/jobs/stedi/stedi-jobs-role/AWSGlueServiceRole-stedi/output",
    ]
    error_message = "The log group ARNs handed to the role policy must name the pre-created groups."
  }
  assert {
    condition     = aws_glue_workflow.this.max_concurrent_runs == 1
    error_message = "The workflow must run one at a time (a second run would purge the tables the first is writing)."
  }
}

run "triggers_chain_the_jobs_in_order" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = run.root_composes_the_modules.job_names
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_glue_trigger.start.type == "ON_DEMAND" && one(aws_glue_trigger.start.actions).job_name == "customer_landing_to_trusted"
    error_message = "The workflow must start on demand with customer_landing_to_trusted."
  }
  assert {
    condition     = aws_glue_trigger.start.enabled == false
    error_message = "The ON_DEMAND trigger must not fire on creation."
  }
  assert {
    condition = {
      for t in aws_glue_trigger.after : one(t.actions).job_name => one(one(t.predicate).conditions).job_name
      } == {
      accelerometer_landing_to_trusted = "customer_landing_to_trusted"
      customer_trusted_to_curated      = "accelerometer_landing_to_trusted"
      step_trainer_trusted             = "customer_trusted_to_curated"
      machine_learning_curated         = "step_trainer_trusted"
    }
    error_message = "Each job after the first must wait for its predecessor."
  }
  assert {
    condition = alltrue([
      for t in aws_glue_trigger.after :
      t.type == "CONDITIONAL" && one(one(t.predicate).conditions).state == "SUCCEEDED" && t.workflow_name == "stedi-pipeline"
    ])
    error_message = "Chained triggers must be CONDITIONAL on SUCCEEDED, in the workflow."
  }
}

run "catalog_tables_come_from_the_ddl" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  variables {
    name          = "stedi"
    database_name = "stedi"
    ddl_dir       = "../athena_ddl"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = toset(keys(aws_glue_catalog_table.landing)) == toset(["customer_landing", "accelerometer_landing", "step_trainer_landing"])
    error_message = "The three landing tables must exist."
  }
  assert {
    condition = [for c in one(aws_glue_catalog_table.landing["accelerometer_landing"].storage_descriptor).columns : "${c.name}:${c.type}"] == [
      "user:string", "timestamp:bigint", "x:double", "y:double", "z:double",
    ]
    error_message = "accelerometer_landing must have the DDL's columns in the DDL's order."
  }
  assert {
    condition     = one(aws_glue_catalog_table.landing["customer_landing"].storage_descriptor).location == "s3://stedi-lake-test/customer/landing/"
    error_message = "customer_landing must read customer/landing/ of the lake bucket."
  }
  assert {
    condition     = length(aws_glue_crawler.landing) == 3 && alltrue([for c in aws_glue_crawler.landing : c.security_configuration == "stedi-crawler"])
    error_message = "One crawler per landing table, each with the security configuration."
  }
  assert {
    condition = alltrue([
      for t, c in aws_glue_crawler.landing :
      c.database_name == "stedi_drift" && one(c.s3_target).path == "s3://stedi-lake-test/${trimsuffix(t, "_landing")}/landing/"
      && c.table_prefix == "${trimsuffix(t, "_landing")}_" && length(c.catalog_target) == 0
      && one(c.schema_change_policy).update_behavior == "UPDATE_IN_DATABASE" && c.schedule == "cron(0 6 * * ? *)"
    ])
    error_message = "Each drift crawler reads its landing folder daily into stedi_drift.<table>, never into the DDL-defined tables."
  }
  assert {
    condition     = aws_cloudwatch_log_group.crawlers.name == "/aws-glue/crawlers-role/AWSGlueServiceRole-stedi-stedi-crawler" && aws_cloudwatch_log_group.crawlers.retention_in_days == 30
    error_message = "The crawlers' log group (role name - security configuration) must be pre-created with retention."
  }
  assert {
    condition     = length(aws_glue_data_catalog_encryption_settings.this) == 0
    error_message = "Account-wide Data Catalog encryption must be opt-in."
  }
}

run "workgroup_enforces_encrypted_results" {
  command = plan

  module {
    source = "./modules/athena"
  }

  variables {
    name          = "stedi"
    database_name = "stedi"
    checks_dir    = "../athena_ddl/checks"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).enforce_workgroup_configuration
    error_message = "The workgroup must enforce its configuration."
  }
  assert {
    condition     = one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).encryption_option == "SSE_KMS"
    error_message = "Query results must be encrypted with the lake key."
  }
  assert {
    condition     = length(aws_athena_named_query.check) == length(fileset("../athena_ddl/checks", "*.sql"))
    error_message = "One named query per athena_ddl/checks/*.sql."
  }
  assert {
    condition     = alltrue([for q in aws_athena_named_query.check : !strcontains(q.query, "$${") && q.database == "stedi"])
    error_message = "Every placeholder in a check query must be filled in, and the query must run against our database."
  }
}

run "rejects_unknown_profile" {
  command = plan

  variables {
    profile = "lenient"
  }

  expect_failures = [var.profile]
}

run "rejects_a_job_order_that_misses_a_script" {
  command = plan

  module {
    source = "./modules/etl_jobs"
  }

  variables {
    name          = "stedi"
    scripts_dir   = "../glue_scripts"
    job_order     = ["customer_landing_to_trusted"]
    database_name = "stedi"
    role_arn      = "arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi"
    kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  expect_failures = [aws_glue_workflow.this]
}

# The network module in the account shapes a first deploy meets (mocked provider, plan only):
# a default VPC, no default VPC (Control Tower vended and hardened accounts), an explicit VPC, explicit route
# tables, and the Glue NETWORK connection on and off, attached to every job through the root module.

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
  # The account's default VPC, found by the is-default filter.
  mock_data "aws_vpcs" {
    defaults = { ids = ["vpc-0000000000000000d"] }
  }
  mock_data "aws_route_tables" {
    defaults = { ids = ["rtb-0000000000000000b", "rtb-0000000000000000a"] }
  }
  mock_data "aws_subnet" {
    defaults = { id = "subnet-0000000000000000e", vpc_id = "vpc-0000000000000000e", availability_zone = "us-east-1b" }
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
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0000000000000000f" }
  }
}

variables {
  bucket_name = "stedi-lake-test"
}

run "default_vpc_gets_the_endpoint_on_every_route_table" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name = "stedi"
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_id == "vpc-0000000000000000d" && aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.us-east-1.s3"
    error_message = "Without vpc_id the endpoint must be the region's S3 gateway endpoint in the default VPC."
  }
  assert {
    condition     = one(data.aws_vpcs.default[0].filter).name == "is-default" && one(data.aws_vpcs.default[0].filter).values == toset(["true"])
    error_message = "The default VPC must be found with DescribeVpcs' is-default filter (a list lookup, empty when there is none)."
  }
  assert {
    condition     = aws_vpc_endpoint.s3[0].route_table_ids == toset(["rtb-0000000000000000a", "rtb-0000000000000000b"])
    error_message = "By default the endpoint must be on every route table of the VPC."
  }
  assert {
    condition     = output.s3_endpoint_status == "created in vpc-0000000000000000d on 2 route table(s)"
    error_message = "The status must say where the endpoint is."
  }
  assert {
    condition = jsondecode(aws_vpc_endpoint.s3[0].policy).Statement == [
      {
        Sid      = "LakeBucket", Effect = "Allow", Principal = "*", Action = "s3:*",
        Resource = ["arn:aws:s3:::stedi-lake-test", "arn:aws:s3:::stedi-lake-test/*"]
      },
      {
        Sid      = "GlueOwnBuckets", Effect = "Allow", Principal = "*",
        Action   = ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
        Resource = ["arn:aws:s3:::aws-glue-*", "arn:aws:s3:::aws-glue-*/*"]
      },
    ]
    error_message = "The endpoint policy must allow the lake bucket and Glue's own aws-glue-* buckets only."
  }
  assert {
    condition     = length(aws_glue_connection.network) == 0 && length(aws_security_group.glue) == 0 && output.glue_connection_name == null
    error_message = "glue_network defaults to false: no connection, no security group."
  }
}

run "no_default_vpc_means_no_endpoint_and_says_why" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name = "stedi"
  }

  # DescribeVpcs with is-default=true answers an empty list in an account without a default VPC.
  override_data {
    target = data.aws_vpcs.default[0]
    values = { ids = [] }
  }

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0 && output.vpc_endpoint_id == null && output.vpc_id == null
    error_message = "Without a default VPC and without vpc_id no endpoint may be planned."
  }
  assert {
    condition     = output.s3_endpoint_status == "not created: no vpc_id was given and the account has no default VPC in us-east-1; set vpc_id to deploy the endpoint"
    error_message = "The status must say that the account has no default VPC and what to set."
  }
  assert {
    condition     = length(data.aws_route_tables.vpc) == 0 && length(output.route_table_ids) == 0
    error_message = "No VPC, no route table lookup."
  }
}

run "root_plans_in_an_account_without_a_default_vpc" {
  command = plan

  override_data {
    target = module.network.data.aws_vpcs.default[0]
    values = { ids = [] }
  }

  assert {
    condition     = output.s3_gateway_endpoint_id == null && startswith(output.s3_endpoint_status, "not created: no vpc_id was given and the account has no default VPC")
    error_message = "The whole stack must plan without a default VPC, with the reason in s3_endpoint_status."
  }
}

run "given_vpc_id_is_used_without_looking_for_the_default" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name   = "stedi"
    vpc_id = "vpc-0123456789abcdef0"
  }

  assert {
    condition     = length(data.aws_vpcs.default) == 0 && aws_vpc_endpoint.s3[0].vpc_id == "vpc-0123456789abcdef0"
    error_message = "A given vpc_id must be used as is."
  }
  assert {
    condition     = data.aws_route_tables.vpc[0].vpc_id == "vpc-0123456789abcdef0"
    error_message = "The route tables must be looked up in the given VPC."
  }
}

run "explicit_route_tables_replace_the_lookup" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name            = "stedi"
    vpc_id          = "vpc-0123456789abcdef0"
    route_table_ids = ["rtb-0000000000000000c"]
  }

  assert {
    condition     = length(data.aws_route_tables.vpc) == 0 && aws_vpc_endpoint.s3[0].route_table_ids == toset(["rtb-0000000000000000c"])
    error_message = "route_table_ids must be the endpoint's route tables exactly (e.g. to leave out one that already routes S3)."
  }
}

run "disabled_endpoint_creates_nothing" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name    = "stedi"
    enabled = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0 && length(data.aws_vpcs.default) == 0 && startswith(output.s3_endpoint_status, "not created: create_s3_gateway_endpoint is false")
    error_message = "enabled = false must create no endpoint and say so."
  }
}

run "rejects_a_malformed_route_table_id" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name            = "stedi"
    route_table_ids = ["main"]
  }

  expect_failures = [var.route_table_ids]
}

run "glue_network_creates_the_connection_and_its_security_group" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name         = "stedi"
    glue_network = true
    subnet_id    = "subnet-0000000000000000e"
  }

  assert {
    condition = (
      aws_glue_connection.network[0].connection_type == "NETWORK"
      && one(aws_glue_connection.network[0].physical_connection_requirements).subnet_id == "subnet-0000000000000000e"
      && one(aws_glue_connection.network[0].physical_connection_requirements).availability_zone == "us-east-1b"
      && one(aws_glue_connection.network[0].physical_connection_requirements).security_group_id_list == toset(["sg-0000000000000000f"])
    )
    error_message = "The NETWORK connection must place the jobs in the subnet's AZ with the created security group."
  }
  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_id == "vpc-0000000000000000e" && length(data.aws_vpcs.default) == 0
    error_message = "Without vpc_id the endpoint must go into the subnet's VPC, or the jobs would not use it."
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.glue_self[0].referenced_security_group_id == "sg-0000000000000000f"
      && aws_vpc_security_group_ingress_rule.glue_self[0].ip_protocol == "tcp"
      && aws_vpc_security_group_ingress_rule.glue_self[0].from_port == 0 && aws_vpc_security_group_ingress_rule.glue_self[0].to_port == 65535
    )
    error_message = "Glue requires a self-referencing inbound rule for all TCP ports."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.glue_self[0].referenced_security_group_id == "sg-0000000000000000f" && aws_vpc_security_group_egress_rule.glue_https[0].from_port == 443
    error_message = "The workers must reach each other and the AWS APIs over HTTPS."
  }
}

run "glue_network_uses_given_security_groups" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name               = "stedi"
    glue_network       = true
    subnet_id          = "subnet-0000000000000000e"
    security_group_ids = ["sg-00000000000000001"]
  }

  assert {
    condition     = length(aws_security_group.glue) == 0 && one(aws_glue_connection.network[0].physical_connection_requirements).security_group_id_list == toset(["sg-00000000000000001"])
    error_message = "Given security groups must be used, none created."
  }
}

run "glue_network_rejects_a_subnet_outside_the_vpc" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name         = "stedi"
    glue_network = true
    subnet_id    = "subnet-0000000000000000e"
    vpc_id       = "vpc-0123456789abcdef0"
  }

  expect_failures = [aws_glue_connection.network]
}

run "glue_network_needs_a_subnet" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    name         = "stedi"
    glue_network = true
  }

  expect_failures = [data.aws_subnet.glue]
}

run "root_attaches_the_connection_to_every_job" {
  command = plan

  variables {
    glue_network = true
    subnet_id    = "subnet-0000000000000000e"
  }

  assert {
    condition     = output.glue_connection_name == "stedi-network"
    error_message = "The root module must create the connection when glue_network is true."
  }
  assert {
    condition     = jsonencode(module.etl_jobs.job_connections) == jsonencode({ for f in fileset("../glue_scripts", "*.py") : trimsuffix(f, ".py") => ["stedi-network"] })
    error_message = "Every job must use the Glue network connection."
  }
}

run "root_without_glue_network_attaches_no_connection" {
  command = plan

  assert {
    condition     = output.glue_connection_name == null && jsonencode(module.etl_jobs.job_connections) == jsonencode({ for f in fileset("../glue_scripts", "*.py") : trimsuffix(f, ".py") => [] })
    error_message = "Without glue_network the jobs run in Glue's own network (no connections)."
  }
}

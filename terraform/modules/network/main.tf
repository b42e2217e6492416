# The S3 gateway endpoint on the route tables of one VPC (the seed's
# `aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --service-name com.amazonaws.<region>.s3`), and
# optionally the Glue NETWORK connection that puts the jobs' network interfaces into that VPC, so their S3
# traffic really goes through the endpoint. Without the connection Glue runs the jobs in its own network.
#
# VPC choice: var.vpc_id when given; otherwise the account's default VPC when it has one. The lookup is
# `aws_vpcs` (a list, empty when nothing matches) rather than `aws_vpc { default = true }`, which fails the
# plan in accounts without a default VPC (Control Tower vended, hardened accounts). No VPC -> no endpoint,
# and s3_endpoint_status says why.

data "aws_region" "current" {}
data "aws_partition" "current" {}

data "aws_vpcs" "default" {
  count = var.vpc_id == null && !var.glue_network && var.enabled ? 1 : 0

  # EC2 DescribeVpcs filter (older docs spell it isDefault; both are accepted).
  filter {
    name   = "is-default"
    values = ["true"]
  }
}

locals {
  # With a Glue connection and no vpc_id, the endpoint goes into the subnet's VPC.
  vpc_id = (
    var.vpc_id != null ? var.vpc_id :
    var.glue_network ? data.aws_subnet.glue[0].vpc_id :
    try(one(data.aws_vpcs.default[0].ids), null)
  )

  create_endpoint = var.enabled && local.vpc_id != null
}

data "aws_route_tables" "vpc" {
  count = local.create_endpoint && var.route_table_ids == null ? 1 : 0

  vpc_id = local.vpc_id
}

locals {
  route_table_ids = local.create_endpoint ? sort(coalesce(var.route_table_ids, try(data.aws_route_tables.vpc[0].ids, []))) : []

  s3_endpoint_status = (
    !var.enabled ? "not created: create_s3_gateway_endpoint is false (the VPC already routes S3 through an endpoint)" :
    local.vpc_id == null ? "not created: no vpc_id was given and the account has no default VPC in ${data.aws_region.current.name}; set vpc_id to deploy the endpoint" :
    "created in ${local.vpc_id} on ${length(local.route_table_ids)} route table(s)"
  )

  bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"
}

# The endpoint is the network perimeter, the bucket policy and the role the fine-grained part: every call to
# the lake bucket passes, and Glue's own buckets in the account (aws-glue-*: Glue Studio's script and
# temporary-file defaults, "Step 1: Create an IAM policy for the AWS Glue service"). Anything else from these
# route tables to S3 is refused — pick route_table_ids when other workloads share them.
resource "aws_vpc_endpoint" "s3" {
  count = local.create_endpoint ? 1 : 0

  vpc_id            = local.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = local.route_table_ids
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LakeBucket"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
      },
      {
        Sid       = "GlueOwnBuckets"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"]
        Resource  = ["arn:${data.aws_partition.current.partition}:s3:::aws-glue-*", "arn:${data.aws_partition.current.partition}:s3:::aws-glue-*/*"]
      },
    ]
  })
  tags = merge(var.tags, { Name = "${var.name}-s3" })

  lifecycle {
    precondition {
      condition     = length(local.route_table_ids) > 0
      error_message = "The S3 gateway endpoint needs at least one route table: ${local.vpc_id} has none, or route_table_ids is empty."
    }
  }
}

# --- Glue NETWORK connection (glue_network = true) ---------------------------------------------------------

data "aws_subnet" "glue" {
  count = var.glue_network ? 1 : 0

  id = var.subnet_id

  lifecycle {
    precondition {
      condition     = var.subnet_id != null
      error_message = "glue_network = true needs subnet_id: the subnet the Glue connection places the jobs' network interfaces in."
    }
  }
}

locals {
  create_security_group = var.glue_network && length(var.security_group_ids) == 0
}

# "Setting up network access to data stores": Glue needs a security group with a self-referencing inbound
# rule for all TCP ports (its workers talk to each other), and outbound access (S3 through the endpoint,
# the Glue, CloudWatch Logs and KMS APIs through a NAT gateway or interface endpoints).
resource "aws_security_group" "glue" {
  # checkov:skip=CKV2_AWS_5:Attached to the Glue NETWORK connection (security_group_id_list), which checkov does not follow.
  count = local.create_security_group ? 1 : 0

  name        = "${var.name}-glue"
  description = "Glue job workers of ${var.name}: each other on all TCP ports, AWS APIs over HTTPS"
  vpc_id      = data.aws_subnet.glue[0].vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-glue" })
}

resource "aws_vpc_security_group_ingress_rule" "glue_self" {
  # checkov:skip=CKV_AWS_24:The source is this security group itself (no CIDR): only the job's own Glue workers, which Glue requires on all TCP ports.
  # checkov:skip=CKV_AWS_25:The source is this security group itself (no CIDR): only the job's own Glue workers, which Glue requires on all TCP ports.
  # checkov:skip=CKV_AWS_260:The source is this security group itself (no CIDR): only the job's own Glue workers, which Glue requires on all TCP ports.
  count = local.create_security_group ? 1 : 0

  security_group_id            = aws_security_group.glue[0].id
  description                  = "Glue workers of one job run reach each other (Glue requires all TCP ports)"
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  referenced_security_group_id = aws_security_group.glue[0].id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "glue_self" {
  count = local.create_security_group ? 1 : 0

  security_group_id            = aws_security_group.glue[0].id
  description                  = "Glue workers of one job run reach each other"
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  referenced_security_group_id = aws_security_group.glue[0].id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "glue_https" {
  count = local.create_security_group ? 1 : 0

  security_group_id = aws_security_group.glue[0].id
  description       = "AWS APIs (S3 via the gateway endpoint; Glue, CloudWatch Logs, KMS, STS via NAT or interface endpoints)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_glue_connection" "network" {
  count = var.glue_network ? 1 : 0

  name            = "${var.name}-network"
  description     = "Runs the ${var.name} jobs in ${data.aws_subnet.glue[0].vpc_id}, so S3 traffic uses the gateway endpoint"
  connection_type = "NETWORK"

  physical_connection_requirements {
    availability_zone      = data.aws_subnet.glue[0].availability_zone
    subnet_id              = data.aws_subnet.glue[0].id
    security_group_id_list = local.create_security_group ? [aws_security_group.glue[0].id] : sort(var.security_group_ids)
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = data.aws_subnet.glue[0].vpc_id == local.vpc_id
      error_message = "subnet_id ${var.subnet_id} is in ${data.aws_subnet.glue[0].vpc_id}, but vpc_id is ${local.vpc_id}: the jobs would not use the S3 endpoint. Leave vpc_id null or set it to the subnet's VPC."
    }
  }
}

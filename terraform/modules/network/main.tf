# The S3 gateway endpoint on every route table of one VPC (the seed's
# `aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --service-name com.amazonaws.<region>.s3`),
# so Glue reaches the lake without leaving the AWS network.

data "aws_region" "current" {}

data "aws_vpc" "selected" {
  count = var.enabled ? 1 : 0

  id      = var.vpc_id
  default = var.vpc_id == null ? true : null
}

data "aws_route_tables" "selected" {
  count = var.enabled ? 1 : 0

  vpc_id = data.aws_vpc.selected[0].id
}

resource "aws_vpc_endpoint" "s3" {
  count = var.enabled ? 1 : 0

  vpc_id            = data.aws_vpc.selected[0].id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = sort(data.aws_route_tables.selected[0].ids)
  tags              = merge(var.tags, { Name = "${var.name}-s3" })
}

# The lake bucket and the KMS key that encrypts the lake (and, through the other modules, Glue logs,
# Glue bookmarks and Athena results).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
}

resource "aws_kms_key" "lake" {
  description             = "${var.name}: lake bucket, Glue logs and bookmarks, Athena results"
  enable_key_rotation     = true
  deletion_window_in_days = 30 # the maximum: a key deleted by mistake makes the lake unreadable
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Delegates to IAM: the key is usable by whoever the account's IAM policies allow (the Glue role does).
        Sid       = "AccountAdministersThroughIam"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # The jobs' and crawlers' log groups are encrypted with this key (Terraform creates them with it; Glue's
        # security configurations write to them). Key policy as in the CloudWatch Logs user guide, "Encrypt log
        # data in CloudWatch Logs using AWS KMS": the regional logs principal, limited by the
        # kms:EncryptionContext:aws:logs:arn of our log groups.
        Sid       = "CloudWatchLogsEncryptGlueLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = [
              "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws-glue/jobs/${var.name}/*",
              "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws-glue/crawlers-role/*-${var.name}-crawler",
            ]
          }
        }
      },
    ]
  })
  tags = var.tags
}

resource "aws_kms_alias" "lake" {
  name          = "alias/${var.name}-lake"
  target_key_id = aws_kms_key.lake.key_id
}

resource "aws_s3_bucket" "lake" {
  # checkov:skip=CKV_AWS_18:Server access logs need a second bucket that would itself need logging; S3 data events in CloudTrail are the account-level audit trail.
  # checkov:skip=CKV_AWS_144:Single-region lake: every trusted and curated object is re-derived from landing data by the jobs.
  # checkov:skip=CKV2_AWS_62:No consumer of object events: the workflow is started on demand after an upload.
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "lake" {
  bucket = aws_s3_bucket.lake.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "lake" {
  bucket = aws_s3_bucket.lake.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.lake.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.lake.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  dynamic "rule" {
    for_each = var.temporary_prefixes
    content {
      id     = "expire-${trimsuffix(rule.value, "/")}"
      status = "Enabled"

      filter {
        prefix = rule.value
      }

      expiration {
        days = var.temporary_data_expiration_days
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = 1
      }
    }
  }

  rule {
    id     = "noncurrent-versions-and-incomplete-uploads"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Lifecycle rules on a versioned bucket need versioning in place first.
  depends_on = [aws_s3_bucket_versioning.lake]
}

resource "aws_s3_bucket_policy" "lake" {
  bucket = aws_s3_bucket.lake.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        # "Enforcing a minimum version of TLS" (S3 user guide): the s3:TlsVersion condition key.
        Sid       = "DenyTlsBelow12"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  })

  # A policy and a public access block written at the same time can conflict.
  depends_on = [aws_s3_bucket_public_access_block.lake]
}

locals {
  # Prefixes whose objects disappear on their own: lifecycle expiration, and the jobs' purge_s3_path of
  # quarantine/<zone>/ (retentionPeriod 0) on every run. A marker there would be deleted and re-created by
  # every later plan.
  volatile_prefixes = concat(var.temporary_prefixes, ["quarantine/"])
}

# Zero-byte folder markers, so the layout is visible before the first upload. Only where nothing deletes them.
resource "aws_s3_object" "zone" {
  for_each = toset(var.zone_prefixes)

  bucket  = aws_s3_bucket.lake.id
  key     = each.value
  content = ""
  tags    = var.tags

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.lake]

  lifecycle {
    precondition {
      condition     = !anytrue([for p in local.volatile_prefixes : startswith(each.value, p)])
      error_message = "Zone marker ${each.value} is under ${join(", ", local.volatile_prefixes)}: lifecycle rules or the jobs' purges delete it, and every later plan would re-create it."
    }
  }
}

output "bucket_name" {
  description = "Name of the lake bucket, known once its default encryption and policy are in place: whatever is written through this name (the Glue scripts) is written under the lake key."
  value       = aws_s3_bucket.lake.bucket

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.lake, aws_s3_bucket_policy.lake]
}

output "bucket_arn" {
  description = "ARN of the lake bucket (the only bucket the Glue role may touch)."
  value       = aws_s3_bucket.lake.arn
}

output "kms_key_arn" {
  description = "ARN of the lake's KMS key."
  value       = aws_kms_key.lake.arn
}

output "zone_prefixes" {
  description = "The folder markers created in the bucket."
  value       = sort(keys(aws_s3_object.zone))
}

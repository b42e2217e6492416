"""What the moto-backed Terraform tests share: the provider and storage overrides of a test copy of the
configuration (see tests/test_terraform_apply.py's docstring for why each exists), the deployment handle and
the serial bucket emptying moto needs before destroy."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import boto3

from stedi.tf_offline import terraform

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
TF_VARS = ["-var", f"region={REGION}", "-var", "force_destroy=true"]

PROVIDER_OVERRIDE = """\
provider "aws" {{
  access_key                  = "testing"
  secret_key                  = "testing"
  max_retries                 = 1
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true

  endpoints {{
{endpoints}
  }}
}}
"""
SERVICES = ["athena", "ec2", "glue", "iam", "kms", "logs", "s3", "sts"]

STORAGE_OVERRIDE = """\
resource "aws_s3_bucket_policy" "lake" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "MotoRefusesObjectCallsUnderADenyStatement"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.lake.arn}/*"
    }]
  })
}
"""


@dataclass
class Deployment:
    tf_dir: Path
    env: dict[str, str]
    endpoint: str
    outputs: dict
    repo: Path

    def client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def tf(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return terraform([*args], self.tf_dir, self.env, timeout=timeout)


def write_moto_overrides(tf_dir: Path, endpoint: str) -> None:
    endpoints = "\n".join(f'    {service:<6} = "{endpoint}"' for service in SERVICES)
    (tf_dir / "override.tf").write_text(PROVIDER_OVERRIDE.format(endpoints=endpoints))
    (tf_dir / "modules" / "storage" / "override.tf").write_text(STORAGE_OVERRIDE)


def empty_bucket_serially(s3, bucket: str) -> None:
    """Delete every object version and delete marker one by one (moto answers 500 to the provider's
    batched DeleteObjects when emptying a force_destroy bucket races other deletes)."""
    versions = s3.list_object_versions(Bucket=bucket)
    for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
        s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])

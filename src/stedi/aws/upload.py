"""Upload the landing data (JSON lines files) to the lake bucket, skipping files that are already there.

A file is "already there" when the object at its key carries the same SHA-256 of the content in its
metadata (``x-amz-meta-sha256``, written by this upload). The ETag is not used: for multipart uploads it
is not the MD5 of the content, and with SSE-KMS it never is.

Credentials and region come from the standard AWS chain (environment, profile, instance role);
``AWS_ENDPOINT_URL`` points boto3 at an emulator.

    python scripts/upload_landing.py --landing /path/to/stedi --bucket my-lake-bucket [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

#: Local folder (relative to the landing directory) -> key prefix in the lake bucket (README "Lake layout").
LANDING_PREFIXES: dict[str, str] = {
    "customer/landing": "customer/landing/",
    "accelerometer/landing": "accelerometer/landing/",
    "step_trainer/landing": "step_trainer/landing/",
}

CHECKSUM_METADATA_KEY = "sha256"
_CHUNK = 1024 * 1024


class UploadError(RuntimeError):
    """The upload could not be done; the message names the bucket, folder or file at fault."""


@dataclass
class UploadReport:
    """What ``upload_landing`` did (or, with ``dry_run``, would do), as S3 keys."""

    bucket: str
    dry_run: bool
    uploaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    would_upload: list[str] = field(default_factory=list)
    bytes_uploaded: int = 0

    def summary(self) -> str:
        if self.dry_run:
            return f"dry run, s3://{self.bucket}: {len(self.would_upload)} would upload, {len(self.skipped)} unchanged"
        return (
            f"s3://{self.bucket}: {len(self.uploaded)} uploaded ({self.bytes_uploaded} bytes), "
            f"{len(self.skipped)} unchanged"
        )


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def landing_files(landing_dir: Path, prefix_map: Mapping[str, str] = LANDING_PREFIXES) -> list[tuple[Path, str]]:
    """Every ``*.json`` file of the landing folders with its S3 key, in a stable order.

    Raises ``UploadError`` naming the first landing folder that does not exist.
    """
    landing_dir = Path(landing_dir)
    if not landing_dir.is_dir():
        raise UploadError(f"landing directory not found: {landing_dir}")
    files: list[tuple[Path, str]] = []
    for folder, prefix in prefix_map.items():
        source = landing_dir / folder
        if not source.is_dir():
            raise UploadError(f"landing folder not found: {source} (expected for s3 prefix {prefix})")
        for path in sorted(source.glob("*.json")):
            if path.is_file():
                files.append((path, prefix + path.name))
    return files


def _remote_sha256(s3: Any, bucket: str, key: str) -> str | None:
    """The checksum stored with the object, or None when there is no object (or it has no checksum)."""
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise UploadError(f"cannot read s3://{bucket}/{key}: {error}") from error
    return head.get("Metadata", {}).get(CHECKSUM_METADATA_KEY)


def _check_bucket(s3: Any, bucket: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        reason = {"404": "does not exist", "NoSuchBucket": "does not exist", "403": "access denied"}.get(
            str(code), str(error)
        )
        raise UploadError(f"bucket s3://{bucket}: {reason}") from error


def upload_landing(
    landing_dir: Path,
    bucket: str,
    prefix_map: Mapping[str, str] = LANDING_PREFIXES,
    dry_run: bool = False,
    s3: Any = None,
    out: Callable[[str], None] = print,
) -> UploadReport:
    """Upload ``landing_dir/<folder>/*.json`` to ``s3://bucket/<prefix><file name>`` for each folder/prefix.

    ``prefix_map``: local folder (relative to ``landing_dir``) -> key prefix; default: the README's three
    landing tables. Files whose SHA-256 equals the one stored with the object are skipped. ``dry_run``:
    compare only, upload nothing. ``s3``: a boto3 S3 client (default: one from the standard AWS chain).
    ``out`` receives one line per file and the totals. Never deletes objects. Raises ``UploadError`` naming
    the folder, bucket or file at fault.
    """
    files = landing_files(landing_dir, prefix_map)
    s3 = s3 or boto3.client("s3")
    report = UploadReport(bucket=bucket, dry_run=dry_run)
    try:
        _check_bucket(s3, bucket)
        for path, key in files:
            target = f"s3://{bucket}/{key}"
            checksum = file_sha256(path)
            if _remote_sha256(s3, bucket, key) == checksum:
                report.skipped.append(key)
                out(f"skipped       {target} (unchanged)")
                continue
            size = path.stat().st_size
            if dry_run:
                report.would_upload.append(key)
                out(f"would upload  {target} ({size} bytes) from {path}")
                continue
            try:
                s3.upload_file(
                    str(path),
                    bucket,
                    key,
                    ExtraArgs={
                        "Metadata": {CHECKSUM_METADATA_KEY: checksum},
                        "ContentType": "application/json",
                    },
                )
            except (ClientError, BotoCoreError) as error:
                raise UploadError(f"uploading {path} to {target} failed: {error}") from error
            report.uploaded.append(key)
            report.bytes_uploaded += size
            out(f"uploaded      {target} ({size} bytes)")
    except BotoCoreError as error:  # no credentials, endpoint unreachable, ...
        raise UploadError(f"cannot access bucket s3://{bucket}: {error}") from error
    out(report.summary())
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upload_landing",
        description=(
            "Upload the landing JSON files to the lake bucket (customer/, accelerometer/, step_trainer/ "
            "landing prefixes), skipping files whose SHA-256 matches the object's. Credentials and region "
            "come from the standard AWS chain."
        ),
    )
    parser.add_argument(
        "--landing",
        type=Path,
        required=True,
        help="directory holding customer/landing/, accelerometer/landing/ and step_trainer/landing/",
    )
    parser.add_argument("--bucket", required=True, help="lake bucket name (Terraform output)")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be uploaded")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        upload_landing(args.landing, args.bucket, dry_run=args.dry_run)
    except UploadError as error:
        print(f"upload_landing: error: {error}", file=sys.stderr)
        return 1
    return 0

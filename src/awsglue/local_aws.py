"""The AWS calls a Glue script makes with boto3, answered from the local lake: ``local_aws(lake)``.

Inside ``with local_aws(lake):`` boto3's default session (``boto3.client(...)``) is a session of our own, with a
region and dummy credentials (no AWS configuration is read), whose clients never reach the network. Its
``before-call`` hook answers, after botocore has validated the parameters against the real AWS model
(``BaseClient._make_api_call`` serializes — and so validates — the request before it emits ``before-call``, and a
handler's ``(http_response, parsed)`` answer replaces the HTTP request):

- ``glue.GetTable`` and ``glue.UpdateTable`` from the local catalog (``awsglue.catalog.LocalCatalog``, under
  ``LAKE/_catalog``); a missing table or database is AWS's ``EntityNotFoundException``, raised by botocore as
  the client's ``ClientError`` subclass;
- ``s3.ListObjectsV2`` from the bucket's folder (``s3://BUCKET/KEY`` is ``LAKE/BUCKET/KEY``, see
  ``awsglue.local``), as S3 would list it: only files are keys (an empty folder does not exist), a symbolic link
  to a folder lists that folder's files, and dot-files (Spark's ``.crc`` checksums) are not listed.

Any other operation raises ``UnsupportedLocally`` naming it: never a silent pass. On exit boto3's default
session is restored, so the hooks and the dummy credentials never reach other code in the process (moto tests).
Only ``boto3.client``/``boto3.resource`` use the default session: a script that builds its own ``boto3.Session()``
is not redirected.
"""

from __future__ import annotations

import base64
import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import boto3
import botocore.loaders
import botocore.session
from botocore.awsrequest import AWSResponse

from awsglue.catalog import LocalCatalog

REGION = "us-east-1"
_PARAMS = "stedi_local_aws_params"


class UnsupportedLocally(NotImplementedError):
    pass


@functools.cache
def _loader():
    # Shared by the sessions of successive scripts: each would otherwise parse the service models again.
    return botocore.loaders.create_loader()


def _isolated_session() -> boto3.Session:
    """A boto3 session that reads no AWS configuration: fixed region, dummy credentials."""
    core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})  # AWS_PROFILE is ignored
    for name in ("config_file", "credentials_file"):
        core.set_config_variable(name, os.devnull)
    core.register_component("data_loader", _loader())
    return boto3.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=REGION, botocore_session=core
    )


@contextmanager
def local_aws(lake: Path | Callable[[], Path]) -> Iterator[boto3.Session]:
    """Answer boto3 calls from ``lake`` (a path, or a function giving it on the first call) until exit."""
    answers = _LocalAnswers(lake)
    session = _isolated_session()
    session.events.register("before-parameter-build", _remember_params, unique_id="stedi-local-params")
    session.events.register("before-call", answers.answer, unique_id="stedi-local-answer")
    saved = boto3.DEFAULT_SESSION
    boto3.DEFAULT_SESSION = session
    try:
        yield session
    finally:
        boto3.DEFAULT_SESSION = saved


def _remember_params(params, context, **_kwargs) -> None:
    # The caller's parameters (before serialization) for the before-call answer, which sees only the request.
    context[_PARAMS] = params


def _response(status: int, parsed: dict) -> tuple[AWSResponse, dict]:
    metadata = {"RequestId": "local", "HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}
    return AWSResponse("local://", status, {}, None), {**parsed, "ResponseMetadata": metadata}


def _error(code: str, message: str, status: int = 400) -> tuple[AWSResponse, dict]:
    return _response(status, {"Error": {"Code": code, "Message": message}, "Message": message})


class _LocalAnswers:
    def __init__(self, lake: Path | Callable[[], Path]):
        self._lake = lake

    @property
    def lake(self) -> Path:
        if callable(self._lake):
            self._lake = Path(self._lake())
        return Path(self._lake)

    def answer(self, model, context, **_kwargs):
        service, operation = model.service_model.service_name, model.name
        handler = getattr(self, f"_{service}_{operation}".replace("-", "_"), None)
        if handler is None:
            raise UnsupportedLocally(
                f"{service}.{operation} is not supported by the local runtime (awsglue.local_aws answers "
                "glue.GetTable, glue.UpdateTable and s3.ListObjectsV2)"
            )
        return handler(context[_PARAMS])

    # -- glue ---------------------------------------------------------------------------------------------
    def _missing(self, database: str, name: str):
        catalog = LocalCatalog(self.lake)
        if not (catalog.root / database).is_dir():
            return _error("EntityNotFoundException", f"Database {database} not found.")
        return _error("EntityNotFoundException", f"Table {name} not found.")

    def _glue_GetTable(self, params):  # noqa: N802 (named after the operation)
        database, name = params["DatabaseName"], params["Name"]
        try:
            table = LocalCatalog(self.lake).get_table(database, name)
        except LookupError:
            return self._missing(database, name)
        return _response(200, {"Table": table})

    def _glue_UpdateTable(self, params):  # noqa: N802
        database, table = params["DatabaseName"], params["TableInput"]
        catalog = LocalCatalog(self.lake)
        try:
            catalog.get_table(database, table["Name"])
        except LookupError:
            return self._missing(database, table["Name"])
        # UpdateTable replaces the definition with TableInput; stored shaped like GetTable's answer.
        catalog.put_table(json.loads(json.dumps({**table, "DatabaseName": database}, default=_json_default)))
        return _response(200, {})

    # -- s3 -----------------------------------------------------------------------------------------------
    def _s3_ListObjectsV2(self, params):  # noqa: N802
        if not (self.lake / params["Bucket"]).is_dir():  # a bucket is a folder of the lake (see awsglue.local)
            return _error("NoSuchBucket", "The specified bucket does not exist", 404)
        prefix = params.get("Prefix", "")
        delimiter = params.get("Delimiter", "")
        max_keys = params.get("MaxKeys", 1000)
        encode = (lambda s: quote(s, safe="/")) if params.get("EncodingType") == "url" else (lambda s: s)
        after, after_is_prefix = params.get("StartAfter", ""), False
        if params.get("ContinuationToken"):
            after_is_prefix, after = json.loads(base64.b64decode(params["ContinuationToken"]))
        contents, prefixes, last, truncated = [], [], None, False
        for key, path in self._keys(params["Bucket"], prefix):
            if key <= after or (after_is_prefix and key.startswith(after)):
                continue
            rest = key[len(prefix) :]
            if delimiter and delimiter in rest:
                common = prefix + rest[: rest.index(delimiter) + len(delimiter)]
                if prefixes and prefixes[-1] == common:
                    continue
                entry = (True, common)
            else:
                entry = (False, key)
            if len(contents) + len(prefixes) == max_keys:
                truncated = True
                break
            if entry[0]:
                prefixes.append(common)
            else:
                stat = path.stat()
                contents.append(
                    {
                        "Key": encode(key),
                        "LastModified": datetime.fromtimestamp(stat.st_mtime, UTC),
                        "ETag": f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"',
                        "Size": stat.st_size,
                        "StorageClass": "STANDARD",
                    }
                )
            last = entry
        parsed = {
            "IsTruncated": truncated,
            "Name": params["Bucket"],
            "Prefix": encode(prefix),
            "MaxKeys": max_keys,
            "KeyCount": len(contents) + len(prefixes),
        }
        if contents:
            parsed["Contents"] = contents
        if prefixes:
            parsed["CommonPrefixes"] = [{"Prefix": encode(p)} for p in prefixes]
        for name in ("Delimiter", "StartAfter", "EncodingType", "ContinuationToken"):
            if params.get(name):
                parsed[name] = encode(params[name]) if name in ("Delimiter", "StartAfter") else params[name]
        if truncated:
            parsed["NextContinuationToken"] = base64.b64encode(json.dumps(last).encode()).decode()
        return _response(200, parsed)

    def _keys(self, bucket: str, prefix: str) -> list[tuple[str, Path]]:
        """(key, file) for every file of ``LAKE/bucket`` whose key starts with ``prefix``, in key order, as S3 lists
        them; dot-files (Spark's ``.crc`` checksums) are not keys."""
        root = self.lake / bucket
        base = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        found = []
        for folder, dirs, files in os.walk(root / base, followlinks=True):
            relative = Path(folder).relative_to(root).as_posix()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.startswith("."):
                    key = name if relative == "." else f"{relative}/{name}"
                    if key.startswith(prefix):
                        found.append((key, Path(folder) / name))
        return sorted(found, key=lambda entry: entry[0].encode())


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")

"""``getResolvedOptions`` with Glue's semantics: each requested ``--KEY`` is required, unknown ones are ignored.

Mirrors the official ``awsglue/utils.py`` of the running engine's Glue version (``awsglue.versions``): up to
5.1.0 it takes ``(args, options)`` and argparse accepts unambiguous prefixes (``--JOB`` for ``--JOB_NAME``);
6.0.0 adds ``allow_abbrev=False``, so a prefix is an unknown argument (ignored) and the full name is missing.
"""

from __future__ import annotations

import argparse

from awsglue.job import Job
from awsglue.versions import running


class GlueArgumentError(Exception):
    pass


class GlueArgumentParser(argparse.ArgumentParser):
    """Raises instead of calling sys.exit(), as Glue's does, so the job fails with the message."""

    def error(self, msg):
        raise GlueArgumentError(msg)


def getResolvedOptions(args: list[str], options: list[str], allow_abbrev: bool | None = None) -> dict[str, str]:
    """Resolve ``--KEY value`` pairs from ``args`` (usually ``sys.argv``; ``args[0]`` is the script).

    :param args: the argument vector, program name first
    :param options: names (without ``--``) that the job requires
    :param allow_abbrev: Glue 6.0 on: accept prefixes of argument names (default False); before 6.0 the
        parameter does not exist (a TypeError, as the official function raises) and prefixes are accepted
    :return: dict of every requested option plus Glue's reserved ones (``job_bookmark_option``, ``TempDir``, ...)
    """
    glue = running()
    if glue.abbreviated_arguments:
        if allow_abbrev is not None:
            raise TypeError("getResolvedOptions() got an unexpected keyword argument 'allow_abbrev'")
        allow_abbrev = True
    elif allow_abbrev is None:
        allow_abbrev = False
    parser = GlueArgumentParser(allow_abbrev=allow_abbrev)
    bookmark = Job.job_bookmark_options()
    continuation = Job.continuation_options()
    for reserved in (continuation[0][2:], bookmark[0][2:]):
        if reserved in options:
            raise RuntimeError("Using reserved arguments " + reserved)
    parser.add_argument(bookmark[0], choices=bookmark[1:], required=False)
    parser.add_argument(continuation[0], choices=continuation[1:], required=False)
    for option in Job.job_bookmark_range_options():
        if option[2:] in options:
            raise RuntimeError("Using reserved arguments " + option)
        parser.add_argument(option, required=False)
    # The official check compares "--JOB_ID" with names given without "--", so it never matches: a job that
    # asks for JOB_ID, JOB_RUN_ID or SECURITY_CONFIGURATION fails when that name is added a second time below
    # (argparse's "conflicting option string"), as on Glue.
    for option in Job.id_params()[1:]:
        if option in options:
            raise RuntimeError("Using reserved arguments " + option)
        parser.add_argument(option, required=False)
    encryption = Job.encryption_type_options()
    if encryption[0] in options:
        raise RuntimeError("Using reserved arguments " + encryption[0])
    parser.add_argument(encryption[0], choices=encryption[1:])
    lineage = Job.data_lineage_options()
    if lineage[0] in options:
        raise RuntimeError("Using reserved arguments " + lineage[0])
    parser.add_argument(lineage[0], required=False)
    options = [o for o in options if o not in {"RedshiftTempDir", "TempDir"}]
    parser.add_argument("--RedshiftTempDir", required=False)
    parser.add_argument("--TempDir", required=False)
    for option in options:
        parser.add_argument("--" + option, required=True)

    parsed, _unknown = parser.parse_known_args(args[1:])
    resolved = vars(parsed)
    if resolved.get("TempDir") is not None:
        resolved["RedshiftTempDir"] = resolved["TempDir"]
    elif resolved.get("RedshiftTempDir") is not None:
        resolved["TempDir"] = resolved["RedshiftTempDir"]
    continuation_value = resolved.pop("continuation_option", None)
    if resolved.get("job_bookmark_option") is None:
        if continuation_value is None:
            resolved["job_bookmark_option"] = bookmark[3]
        else:
            resolved["job_bookmark_option"] = bookmark[continuation.index(continuation_value)]
    ranges = Job.job_bookmark_range_options()
    absent = [o for o in ranges if resolved.get(o[2:].replace("-", "_")) is None]
    if resolved["job_bookmark_option"] == "job-bookmark-pause":
        if len(absent) == 1:
            raise RuntimeError("Missing option or value for " + absent[0])
    elif not absent:
        raise RuntimeError("Invalid option(s)" + " ".join(ranges))  # sic: no space after "(s)", as Glue's
    return resolved

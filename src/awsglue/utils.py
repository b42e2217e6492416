"""``getResolvedOptions`` with Glue's semantics: each requested ``--KEY`` is required, unknown ones are ignored."""

from __future__ import annotations

import argparse

from awsglue.job import Job


class GlueArgumentError(Exception):
    pass


class GlueArgumentParser(argparse.ArgumentParser):
    """Raises instead of calling sys.exit(), as Glue's does, so the job fails with the message."""

    def error(self, msg):
        raise GlueArgumentError(msg)


def getResolvedOptions(args: list[str], options: list[str]) -> dict[str, str]:
    """Resolve ``--KEY value`` pairs from ``args`` (usually ``sys.argv``; ``args[0]`` is the script).

    :param args: the argument vector, program name first
    :param options: names (without ``--``) that the job requires
    :return: dict of every requested option plus Glue's reserved ones (``job_bookmark_option``, ``TempDir``, ...)
    """
    parser = GlueArgumentParser()
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
    for option in Job.id_params()[1:]:
        if option[2:] in options:
            raise RuntimeError("Using reserved arguments " + option)
        parser.add_argument(option, required=False)
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
    return resolved

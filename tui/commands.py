"""The bodies of ``relplan validate``, ``list``, ``get``, ``submit`` and ``completion``, and how a command connects.

Each takes the parsed arguments and the stream to print to, and returns the exit status. A mistake in how the
command was called raises :class:`UsageError`, which ``main`` reports with the subcommand's usage (exit status 2).
Heavy modules (asyncio among them) are imported inside each command, so that ``relplan --help`` and each tab of
shell completion stay quick.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.errors import DocumentError, RelplanError, SettingsError
from tui.text import plural, printable

if TYPE_CHECKING:
    from tui.connection import Connection
    from tui.settings import Settings

__all__ = [
    "EXIT_ERRORS",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "UsageError",
    "completion",
    "connection",
    "get",
    "listing",
    "load_config",
    "needs_config",
    "plan_id",
    "submit",
    "validate",
]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


class UsageError(RelplanError):
    """The command was called in a way it cannot be run: said with its usage, exit status 2."""


def load_config(*, needed: bool) -> Settings:
    """The config file's settings; a broken file is an error when ``needed``, else a warning and no settings."""
    from tui.settings import Settings, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        if needed:
            raise
        print(f"relplan: the config file is not used: {printable(str(exc))}", file=sys.stderr)
        return Settings()


def needs_config(args: argparse.Namespace) -> bool:
    """Whether the config file must be read for a connection: a profile is named, or no flag says where."""
    return args.profile is not None or not (args.endpoint or args.region)


def connection(args: argparse.Namespace, settings: Settings | None = None) -> Connection:
    """The connection the flags, the environment and the config file describe.

    The config file is needed when a profile is named or no flag says where to connect; otherwise a broken one
    is only warned about, as the editor does.
    """
    from tui.connection import resolve

    if settings is None:
        settings = load_config(needed=needs_config(args))
    return resolve(
        settings,
        profile=args.profile,
        endpoint=args.endpoint,
        region=args.region,
        project_id=args.project_id,
        allow_insecure_http=args.allow_insecure_http,
        auth=args.auth,
    )


def plan_id(args: argparse.Namespace, *, required: bool) -> str | None:
    """The plan id, given as the ``ID`` argument or as ``--plan-id ID`` (both only when they agree)."""
    given, flag = getattr(args, "plan_id_arg", None), args.plan_id
    if given is not None and flag is not None and given != flag:
        raise UsageError(f"the plan id is given twice, as {printable(given)} and --plan-id {printable(flag)}")
    chosen: str | None = given if given is not None else flag
    if chosen is None and required:
        raise UsageError("the plan id is missing: give it as ID or as --plan-id ID")
    if chosen is not None and not chosen.strip():
        raise UsageError("the plan id cannot be empty")
    return chosen


def listing(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan list``."""
    import asyncio

    from tui.remote import list_plans

    return asyncio.run(list_plans(connection(args), out, timeout=args.timeout, as_json=args.format == "json"))


def get(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan get``."""
    import asyncio

    from tui.jsonfiles import plan_format
    from tui.remote import get_plan

    chosen = plan_id(args, required=True)
    assert chosen is not None
    if args.output is not None:
        if args.format is not None:
            raise UsageError("--format is for what get prints; -o FILE takes its format from its name (.json, .toml)")
        try:  # a file relplan cannot write is refused before anything is fetched
            plan_format(args.output, "writes")
        except DocumentError as exc:
            raise UsageError(f"-o {printable(str(args.output))}: {exc}") from None
    return asyncio.run(get_plan(connection(args), chosen, args.output, out, timeout=args.timeout))


def submit(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan submit``."""
    import asyncio

    from tui.remote import submit_plan

    chosen = plan_id(args, required=True)
    assert chosen is not None
    if args.merge and args.overwrite:
        raise UsageError("--merge and --overwrite cannot go together: merge their changes, or send over them")
    return asyncio.run(
        submit_plan(
            connection(args),
            args.file,
            chosen,
            out,
            force=args.force,
            overwrite=args.overwrite,
            merge=args.merge,
            timeout=args.timeout,
        )
    )


def validate(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan validate``: one line a problem, a summary a file, and one for all when there are several."""
    from tui.jsonfiles import load_file
    from tui.types import counts
    from tui.validation import validate as check
    from tui.wording import describe_path

    # Each line is written as it is found: a plan with many thousands of problems is never held twice in memory.
    as_json = args.format == "json"
    records = 0

    def record(path: Path, where: list[str | int], severity: str, message: str) -> None:
        nonlocal records
        item = json.dumps({"file": str(path), "path": where, "severity": severity, "message": message}, indent=2)
        out.write(("[\n" if not records else ",\n") + textwrap.indent(item, "  "))
        records += 1

    status = EXIT_OK
    total_errors = total_warnings = unreadable = 0
    for path in args.files:
        name = printable(str(path))
        try:
            plan = load_file(path)
        except RelplanError as exc:
            unreadable += 1
            status = EXIT_UNREADABLE
            if as_json:
                record(path, [], "error", str(exc))
            else:
                out.write(f"{name}: {printable(str(exc))}\n")
            continue
        issues = check(plan)
        errors, warnings = counts(issues)
        total_errors += errors
        total_warnings += warnings
        if errors and status == EXIT_OK:
            status = EXIT_ERRORS
        for issue in issues:
            if as_json:
                record(path, list(issue.path), str(issue.severity), issue.message)
            else:
                where = printable(describe_path(issue.path, plan))
                out.write(f"{name}: {where}: {issue.severity}: {printable(issue.message)}\n")
        if not as_json:
            out.write(f"{name}: {_summary(errors, warnings)}\n")
    if as_json:
        out.write("\n]\n" if records else "[]\n")
        return status
    checked = len(args.files)
    if checked > 1:
        if unreadable == checked:
            out.write(f"{checked} files: none could be read\n")
        elif unreadable:
            read = checked - unreadable
            said = _summary(total_errors, total_warnings)
            out.write(f"{checked} files: {unreadable} could not be read, {read} read: {said}\n")
        else:
            out.write(f"{checked} files: {_summary(total_errors, total_warnings)}\n")
    return status


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "valid"
    parts = [plural(errors, "error"), plural(warnings, "warning")]
    return ", ".join(parts)


def completion(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan completion SHELL``: the script that makes the shell complete relplan's commands and flags."""
    from argcomplete.shell_integration import shellcode

    out.write(shellcode(["relplan"], shell=args.shell))
    return EXIT_OK

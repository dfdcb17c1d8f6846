"""``relplan diff FILE``: what FILE changes in the plan on the server, or (``--base``) in the plan as fetched.

The changes are listed by component name, as the editor's review lists them; the exit status is diff's: 0 when
there are none, 1 when there are some, 2 when the command could not tell (bad input, no baseline, no answer).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui.cli_flags import ENVIRONMENT, command_help, connection_flags
from tui.commands import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, UsageError
from tui.text import printable

if TYPE_CHECKING:
    from tui.connection import Connection
    from tui.document import Document

__all__ = ["add_diff_parser", "add_merge_flag", "diff"]


def add_diff_parser(subcommands: Any) -> argparse.ArgumentParser:
    """``relplan diff`` and its flags, among ``subcommands``."""
    parser: argparse.ArgumentParser = subcommands.add_parser(
        "diff",
        help="show what a plan file changes in the plan on the server",
        description=(
            "List the changes between the plan on the server and FILE (with --base, between the plan as relplan "
            "get -o fetched it into FILE and FILE), grouped by component name, values as JSON, secrets masked. "
            "Without --plan-id, the plan FILE was fetched from. Exit status: 0 no changes, 1 changes, 2 bad input, "
            "no record of the fetch, or the plan could not be fetched."
        ),
        **command_help(
            "relplan diff plan.json --profile prod\nrelplan diff plan.json --base\nrelplan diff plan.json --plan-id ID",
            ENVIRONMENT,
        ),
    )
    connection_flags(parser)
    parser.add_argument("file", type=Path, metavar="FILE", help="the plan (.json or .toml)")
    parser.add_argument(
        "--plan-id", metavar="ID", help="the plan on the server (default: the one FILE was fetched from)"
    )
    parser.add_argument(
        "--base", action="store_true", help="compare with the plan as it was fetched into FILE, not as it is now"
    )
    parser.set_defaults(run=diff)
    return parser


def add_merge_flag(submit: argparse.ArgumentParser) -> None:
    """``relplan submit``'s ``--merge``."""
    submit.add_argument(
        "--merge",
        action="store_true",
        help="merge the changes made on the server since FILE was fetched into FILE first (FILE is rewritten); "
        "nothing is sent when they conflict with FILE's",
    )


def diff(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan diff``."""
    import asyncio

    from tui.commands import connection, plan_id
    from tui.document import Document
    from tui.errors import DocumentError

    try:
        document = Document.load(args.file)
    except DocumentError as exc:
        raise DocumentError(f"{args.file}: {exc}") from None
    where = connection(args)
    chosen = plan_id(args, required=False) or _fetched_from(where, args.file)
    return asyncio.run(_diff(where, args.file, chosen, document, out, base=args.base, timeout=args.timeout))


def _fetched_from(where: Connection, path: Path) -> str:
    from tui import baselines

    found = baselines.plans_of(where.endpoint, where.project_id, path)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(
            f"{printable(str(path))} was not fetched with relplan get -o from this project: give --plan-id ID"
        )
    raise UsageError(f"{printable(str(path))} was fetched from {len(found)} plans: give one with --plan-id ID")


async def _diff(
    where: Connection, path: Path, plan_id: str, document: Document, out: TextIO, *, base: bool, timeout: float
) -> int:
    from tui import baselines
    from tui.diff import diff as changes_between
    from tui.errors import ClientError
    from tui.merge_text import diff_lines
    from tui.plan_wire import editable
    from tui.remote import write_lines
    from tui.sending import call_failed

    about = f"{printable(str(path))}: "
    named = f"plan {printable(plan_id)}"
    if base:
        old = baselines.recall(where.endpoint, where.project_id, plan_id, path)
        if old is None:
            out.write(f"{about}no record of {named} as fetched into it: fetch it with relplan get -o\n")
            return EXIT_UNREADABLE
        source = f"{named} as fetched"
    else:
        async with where.client(timeout=timeout) as client:
            try:
                old = await client.get_plan(plan_id)
            except ClientError as exc:
                write_lines(out, about, call_failed("GET", client.plan_url(plan_id), exc))
                return EXIT_UNREADABLE
        source = f"{named} on the server"
    mine = editable(document.data)
    changes = changes_between(old, mine)
    if not changes:
        out.write(f"{about}no changes from {source}\n")
        return EXIT_OK
    summary, *lines = diff_lines(changes, mine, old)
    write_lines(out, about, [f"{summary} from {source}", *lines])
    return EXIT_ERRORS

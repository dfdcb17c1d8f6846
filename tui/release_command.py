"""``relplan execute`` and ``relplan status``: their flags and help, and the functions that run them.

The release and its watch (:mod:`tui.release_follow`, asyncio and the client) are imported only when one of these
commands runs, so that ``relplan --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from tui.cli_flags import ENVIRONMENT, command_help, connection_flags, seconds_type
from tui.commands import plan_id
from tui.text import printable

__all__ = ["EXIT_CODES", "add_execute_parser", "add_status_parser", "execute", "status"]

EXIT_CODES = (
    "Exit status: 0 when every component released, 1 when any failed or rolled back, the server could not be "
    "asked, or a plan never executed (its jobs read not started, and the last line says so; with --watch at the "
    "first answer, instead of waiting), and without --watch also while the release has not ended (the last line "
    "says so), 2 for a mistake in the command or the settings."
)


def add_execute_parser(subcommands: Any) -> None:
    """``relplan execute`` and its flags, among ``subcommands``."""
    parser = subcommands.add_parser(
        "execute",
        help="release a plan, and with --watch follow it to the end",
        description=(
            "Start releasing the plan (POST .../execute). With --watch, follow its deploy-info until every "
            "component has released, failed or rolled back: one line per change, never per poll, then a summary. "
            "Exit status: 0 when every component released (without --watch: once the release started), 1 when "
            "any failed or rolled back, or the server refused or could not be asked, 2 for a mistake in the command "
            "or the settings."
        ),
        **command_help(
            "relplan execute ID --watch --profile prod\nrelplan execute ID --watch --format json > release.jsonl",
            ENVIRONMENT,
        ),
    )
    _release_flags(parser)
    parser.set_defaults(run=execute)


def add_status_parser(subcommands: Any) -> None:
    """``relplan status`` and its flags, among ``subcommands``."""
    parser = subcommands.add_parser(
        "status",
        help="show where a plan's release stands, and with --watch follow it to the end",
        description=(
            "Show each component of the plan's release (GET .../deploy-info): batch, name, phase, status and "
            "failure message, then a summary. With --watch, follow it until every component has released, failed "
            f"or rolled back, printing one line per change. {EXIT_CODES}"
        ),
        **command_help("relplan status ID --profile prod\nrelplan status ID --watch --format json", ENVIRONMENT),
    )
    _release_flags(parser)
    parser.set_defaults(run=status)


def _release_flags(parser: argparse.ArgumentParser) -> None:
    connection_flags(parser)
    parser.add_argument("plan_id_arg", nargs="?", metavar="ID", help="the release plan id (or --plan-id ID)")
    parser.add_argument("--plan-id", metavar="ID", help="the release plan id (or ID)")
    parser.add_argument("--watch", action="store_true", help="follow the release until every component ended")
    parser.add_argument(
        "--interval",
        type=seconds_type("an interval is from 0.1 to 3600 seconds", least=0.1, most=3600),
        default=2.0,
        metavar="SECONDS",
        help="seconds between two polls while watching (default: %(default)g)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a line per change and a summary; json: a JSON object per line (jsonl)",
    )


def execute(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan execute``."""
    return _run(args, out, start=True)


def status(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan status``."""
    return _run(args, out, start=False)


def _run(args: argparse.Namespace, out: TextIO, *, start: bool) -> int:
    import asyncio

    from tui.commands import connection
    from tui.release_follow import release

    chosen = plan_id(args, required=True)
    assert chosen is not None
    where = connection(args)
    try:
        return asyncio.run(
            release(
                where,
                chosen,
                out,
                start=start,
                watch=args.watch,
                interval=args.interval,
                as_json=args.format == "json",
                timeout=args.timeout,
            )
        )
    except KeyboardInterrupt:
        if args.watch:  # said on stderr: standard output may be a jsonl file a script reads
            follow = f"relplan status {printable(chosen)} --watch"
            said = f"relplan: stopped watching; the release goes on on the server (follow it: {follow})"
            print(said, file=sys.stderr)
        raise

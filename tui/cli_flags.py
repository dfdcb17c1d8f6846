"""What the parsers of ``relplan``'s subcommands share: the help's layout (the description wrapped, then examples
and the environment the command reads, as written), the flags that say where and how to connect, and the type of a
flag that takes seconds.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

from tui.logs import ENV_LOG

__all__ = ["ENVIRONMENT", "LOG_ONLY", "command_help", "connection_flags", "seconds_type"]

ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"

ENVIRONMENT = f"""\
environment:
  RELPLAN_TOKEN               an IAM token, sent as X-Auth-Token (token auth)
  HUAWEICLOUD_SDK_AK, _SK     an access key and its secret key (AK/SK auth)
  {ENV_PROJECT_ID:<27} the project id, if no flag or profile gives it
  {ENV_LOG:<27} append a debug log to this file (as --log FILE)"""
"""What every command that talks to ServiceStage reads from the environment, for its help."""

LOG_ONLY = f"""\
environment:
  {ENV_LOG:<27} append a debug log to this file (as --log FILE)"""
"""What a command that talks to no server reads from the environment, for its help."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with the description wrapped to the terminal, and the epilog (examples, environment) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:  # the epilog: laid out by hand
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def command_help(examples: str, environment: str = LOG_ONLY) -> dict[str, Any]:
    """The ``epilog`` of a subcommand: examples, then the environment it reads, laid out as written."""
    lines = "\n".join(f"  {line}" for line in examples.strip().splitlines())
    return {"epilog": f"examples:\n{lines}\n\n{environment}", "formatter_class": _Formatter}


def connection_flags(parser: argparse.ArgumentParser) -> None:
    """The flags that say where and how to connect, for every command that talks to ServiceStage.

    Added to each command rather than through ``parents``: argparse drops a mutually exclusive group's place in
    its argument group when it copies a parent.
    """
    where = parser.add_argument_group("connection (flags override the profile; the environment overrides the file)")
    where.add_argument("--profile", help="a profile of config.toml (default: its default profile)")
    place = where.add_mutually_exclusive_group()
    place.add_argument("--endpoint", help="the ServiceStage endpoint URL, e.g. a local stand-in's (not with --region)")
    place.add_argument("--region", help="a region, such as ap-southeast-1, for its public endpoint")
    where.add_argument("--project-id", help=f"the project id (else ${ENV_PROJECT_ID} or the profile's)")
    where.add_argument(
        "--auth",
        choices=("token", "aksk"),
        help="the credentials to use: token (RELPLAN_TOKEN or the profile's token_command) or aksk "
        "(HUAWEICLOUD_SDK_AK and _SK); default: the profile's auth, else a token when one is set, else AK/SK",
    )
    where.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="let credentials go over plain http:// to a host that is not loopback (a network you trust)",
    )
    where.add_argument(
        "--timeout",
        type=seconds_type("a timeout is a number of seconds above 0", above=True),
        default=30.0,
        metavar="SECONDS",
        help="the most a call may take, its whole answer included (default: %(default)g)",
    )


def seconds_type(
    allowed: str, *, least: float = 0.0, most: float = math.inf, above: bool = False
) -> Callable[[str], float]:
    """An argparse type: a finite number of seconds from ``least`` (or, with ``above``, more than it) to ``most``.

    Anything else is refused with ``allowed``, what is allowed, followed by ``, not TEXT``.
    """

    def parse(text: str) -> float:
        try:
            seconds = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        low_enough = seconds > least if above else seconds >= least
        if not (math.isfinite(seconds) and low_enough and seconds <= most):
            raise argparse.ArgumentTypeError(f"{allowed}, not {text}")
        return seconds

    return parse

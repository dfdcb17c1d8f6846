"""The ``relplan`` command's ``main``: the parser (tui/cli_parser.py) read, the command run, its failure said."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.cli_parser import build_parser
from tui.commands import EXIT_OK, EXIT_UNREADABLE, UsageError
from tui.errors import RelplanError
from tui.logs import ENV_LOG
from tui.text import printable

__all__ = ["main"]

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def _log_to(args: argparse.Namespace) -> Path | None:
    """The debug log's file: ``--log FILE``, else ``RELPLAN_LOG``, else none."""
    if args.log is not None:
        return Path(args.log)
    named = os.environ.get(ENV_LOG, "").strip()
    return Path(named) if named else None


def _named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, when only ``--log FILE`` comes before it; else None (say, ``--help``)."""
    words = iter(argv)
    for word in words:
        if word == "--log":
            next(words, None)
        elif not word.startswith("--log="):
            return None if word.startswith("-") else word
    return None


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions: answered, and the process ends
        import argcomplete

        argcomplete.autocomplete(build_parser())
    parser = build_parser(_named(sys.argv[1:] if argv is None else argv))  # the others' flags cost start-up time
    args, extra = parser.parse_known_args(argv)
    subparser: argparse.ArgumentParser = args.subcommands.choices[args.command]
    if extra:  # said with the subcommand's usage, where argparse would give the top level's
        late = " (--log goes before the command: relplan --log FILE COMMAND ...)" if "--log" in extra else ""
        subparser.error(f"unrecognized arguments: {printable(' '.join(extra))}{late}")
    from tui import logs

    log_to = _log_to(args)
    if log_to is not None:
        try:
            logs.start_logging(log_to)
        except OSError as exc:
            parser.error(f"the log file {printable(str(log_to))} cannot be written: {exc.strerror or exc}")
    log = logs.logger("cli")
    started = time.perf_counter()
    if log.isEnabledFor(logging.INFO):  # the version is looked up only for the log: the lookup costs start-up time
        from tui import __version__

        log.info("relplan %s %s started (pid %d)", __version__, args.command, os.getpid())
    try:
        status: int = args.run(args, out)
    except UsageError as exc:
        log.info("usage error: %s", exc)
        subparser.error(printable(str(exc)))
    except RelplanError as exc:
        log.info("relplan %s failed: %s", args.command, exc)
        print(f"relplan: {printable(str(exc))}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a message, never a traceback, never a credential
        from tui.auth import redact

        log.error("internal error in relplan %s", args.command, exc_info=exc)
        said = printable(redact(str(exc)))
        hint = logs.details_hint()
        print(f"relplan: internal error ({type(exc).__name__}: {said}); please report it; {hint}", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        log.info("relplan %s ended in %.3f s", args.command, time.perf_counter() - started)
        if log_to is not None:  # main may run again in this process (as tests run it), maybe with no log
            logs.stop_logging()
    return status


if __name__ == "__main__":
    sys.exit(main())

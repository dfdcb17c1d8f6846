"""The ``relplan`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from tui import __version__
from tui.errors import RelplanError

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relplan",
        description="Edit, check and send Huawei Cloud ServiceStage release plans.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check plan files against the API reference",
        description=(
            "Check release-plan files (.json or .toml) against every rule of the API reference. "
            "Exit status: 0 when no file has an error (warnings allowed), 1 when a file has errors, "
            "2 when a file cannot be read or is not a plan."
        ),
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help="plan files to check")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per issue and a summary; json: a list of {file, path, severity, message}",
    )
    validate.set_defaults(run=_validate)
    return parser


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from tui.document import load_file
    from tui.text import printable
    from tui.validation import counts, format_path, validate

    status = EXIT_OK
    records: list[dict[str, Any]] = []
    lines: list[str] = []
    total_errors = total_warnings = unreadable = 0
    for path in args.files:
        name = printable(str(path))
        try:
            plan = load_file(path)
        except RelplanError as exc:
            unreadable += 1
            status = EXIT_UNREADABLE
            records.append({"file": str(path), "path": [], "severity": "error", "message": str(exc)})
            lines.append(f"{name}: {printable(str(exc))}")
            continue
        issues = validate(plan)
        errors, warnings = counts(issues)
        total_errors += errors
        total_warnings += warnings
        if errors and status == EXIT_OK:
            status = EXIT_ERRORS
        for issue in issues:
            records.append(
                {"file": str(path), "path": list(issue.path), "severity": str(issue.severity), "message": issue.message}
            )
            lines.append(f"{name}: {printable(format_path(issue.path))}: {issue.severity}: {printable(issue.message)}")
        lines.append(f"{name}: {_summary(errors, warnings)}")
    if args.format == "json":
        out.write(json.dumps(records, indent=2) + "\n")
        return status
    checked = len(args.files)
    if checked > 1:
        tail = f", {unreadable} unreadable" if unreadable else ""
        lines.append(f"{checked} files: {_summary(total_errors, total_warnings)}{tail}")
    out.write("\n".join(lines) + "\n")
    return status


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "valid"
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args, out)
    except RelplanError as exc:
        print(f"relplan: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a message, never a traceback
        print(f"relplan: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    return status


if __name__ == "__main__":
    sys.exit(main())

"""``relplan standin``: its flags, their faults checked as the stand-in checks them, and running it on loopback.

The stand-in itself is imported only when the command runs: ``relplan --help`` does not wait for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from tui.cli_flags import command_help, seconds_type
from tui.commands import EXIT_OK, UsageError
from tui.text import printable

__all__ = ["DEFAULT_STANDIN_PORT", "add_release_seconds", "add_standin_parser", "standin_command"]

DEFAULT_STANDIN_PORT = 8780
DEFAULT_RELEASE_SECONDS = 7.0
"""Seconds per batch of a release (as :data:`tui.standin.releases.DEFAULT_RELEASE_SECONDS`, which is not imported
here: ``relplan --help`` does not wait for the stand-in)."""


def add_standin_parser(subcommands: Any) -> argparse.ArgumentParser:
    """``relplan standin`` and its flags, among ``subcommands``."""
    standin: argparse.ArgumentParser = subcommands.add_parser(
        "standin",
        help="run a local stand-in for the release-plan API",
        description=(
            f"Serve the release-plan API on loopback (port {DEFAULT_STANDIN_PORT} unless --port says otherwise) "
            "with sample plans, for trying relplan and for tests. It accepts the --token given (else a new random "
            "one, printed), or requests signed with --ak and --sk."
        ),
        **command_help(
            "relplan standin --token demo\n"
            "RELPLAN_TOKEN=demo relplan list --endpoint http://127.0.0.1:8780 \\\n"
            "    --project-id demo\n"
            "relplan standin --port 0 --data plans/ --fail-status 503 --fault-methods PUT\n"
            "relplan standin --release-seconds 2 --fail-component orders-000"
        ),
    )
    standin.add_argument(
        "--port", type=_port, default=DEFAULT_STANDIN_PORT, help="0 picks a free port (default: %(default)s)"
    )
    standin.add_argument("--data", type=Path, metavar="DIR", help="keep plans as .json files in DIR")
    standin.add_argument(
        "--project-id", type=_not_empty, metavar="ID", help="the one project it serves (default: demo)"
    )
    standin.add_argument("--token", type=_not_empty, help="the IAM token to accept (default: a new random one)")
    standin.add_argument("--ak", type=_not_empty, help="an access key to accept (with --sk)")
    standin.add_argument("--sk", type=_not_empty, help="its secret key")
    add_release_seconds(standin)
    faults = standin.add_argument_group("faults (also settable while running: PUT /_standin/faults)")
    faults.add_argument(
        "--delay",
        type=_fault("delay", float, "a number of seconds"),
        default=0.0,
        metavar="SECONDS",
        help="wait before each answer (up to 300; default: 0)",
    )
    faults.add_argument(
        "--fail-status",
        type=_fault("status", int, "an HTTP status"),
        metavar="STATUS",
        help="answer every call with this error status (400 to 599)",
    )
    faults.add_argument(
        "--bad-body", choices=("html", "garbage", "empty"), help="answer 200 with a body that is not JSON"
    )
    faults.add_argument("--drop", action="store_true", help="drop the connection in the middle of each answer")
    faults.add_argument(
        "--drop-after",
        action="store_true",
        help="carry each call out (an update is applied), then drop the connection in the middle of its answer",
    )
    faults.add_argument(
        "--retry-after",
        type=_fault("retry_after", int, "a whole number of seconds"),
        metavar="SECONDS",
        help="with --fail-status, send Retry-After: SECONDS",
    )
    faults.add_argument(
        "--fail-component",
        action="append",
        default=[],
        type=_not_empty,
        metavar="NAME",
        help="make the component NAME fail and roll back in each release (repeatable)",
    )
    faults.add_argument(
        "--fault-methods",
        type=_fault("methods", _methods),
        default=[],
        metavar="METHODS",
        help="only for these methods, e.g. PUT or GET,PUT (default: all)",
    )
    standin.set_defaults(run=standin_command)
    return standin


def add_release_seconds(parser: argparse.ArgumentParser) -> None:
    """``--release-seconds``: how long each batch of the stand-in's releases takes (``standin`` and ``demo``)."""
    parser.add_argument(
        "--release-seconds",
        type=seconds_type("a number of seconds from 0 to 3600", most=3600),
        default=DEFAULT_RELEASE_SECONDS,
        metavar="SECONDS",
        help="how long each batch of a release takes (0: at once; default: %(default)g)",
    )


def _port(text: str) -> int:
    """An argparse type: a TCP port, 0 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is from 0 to 65535, not {port}")
    return port


def _not_empty(text: str) -> str:
    """An argparse type: any text but the empty one."""
    if not text:
        raise argparse.ArgumentTypeError("cannot be empty")
    return text


def _methods(text: str) -> list[str]:
    return [method.strip().upper() for method in text.split(",") if method.strip()]


def _fault(key: str, read: Callable[[str], object], what: str = "") -> Callable[[str], Any]:
    """An argparse type for one of the stand-in's faults: ``read`` turns the text into a value, Faults judges it.

    ``what`` names what ``read`` expects, for the message when it cannot.
    """

    def parse(text: str) -> object:
        from tui.standin.faults import Faults  # only when the flag is given: the stand-in is a heavy import

        try:
            value = read(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        try:
            Faults.from_json({key: value})
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removesuffix(", or null")) from None
        return value

    return parse


def standin_command(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan standin``: serve the stand-in on loopback until SIGTERM or Ctrl-C."""
    import secrets
    import shlex
    import signal
    import threading

    from tui.standin import DEFAULT_PROJECT, Credentials, Faults, PlanStore, StandinServer, create_app

    if (args.ak is None) != (args.sk is None):
        raise UsageError("--ak and --sk go together")
    token = args.token if args.token is not None or args.ak is not None else secrets.token_urlsafe(16)
    credentials = Credentials(token=token, access_key=args.ak, secret_key=args.sk)
    methods = frozenset(args.fault_methods)
    if args.retry_after is not None and args.fail_status is None:
        raise UsageError("--retry-after goes with --fail-status")
    faults = Faults(
        delay=args.delay,
        status=args.fail_status,
        body=args.bad_body,
        drop=args.drop,
        drop_after=args.drop_after,
        methods=methods,
        retry_after=args.retry_after,
        fail_components=frozenset(args.fail_component),
    )
    seconds = args.release_seconds
    if args.data:
        store = PlanStore(args.data, release_seconds=seconds)
    else:
        store = PlanStore.with_samples(release_seconds=seconds)
    project = args.project_id or DEFAULT_PROJECT
    server = StandinServer(create_app(store, credentials, faults, project_id=project), port=args.port)
    server.start()
    out.write(f"relplan stand-in listening on {server.url} (Ctrl-C stops it)\n")
    for plan in store.summaries():
        out.write(f"  plan {plan['id']}  {printable(str(plan['name']))}\n")
    where = f"--endpoint {server.url} --project-id {shlex.quote(project)}"
    if token:
        out.write(f"try:  RELPLAN_TOKEN={shlex.quote(token)} relplan list {printable(where)}\n")
    else:
        keys = "HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=..."
        out.write(f"try:  {keys} relplan list {printable(where)}\n")
    out.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK

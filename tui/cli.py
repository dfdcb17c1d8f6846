"""The ``relplan`` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui import __version__
from tui.errors import DocumentError, RelplanError, SettingsError
from tui.text import printable

if TYPE_CHECKING:
    from types import FrameType

    from tui.app import RelplanApp
    from tui.document import Document
    from tui.settings import Connection, Settings
    from tui.target import Target

ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
DEFAULT_STANDIN_PORT = 8780

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
LAST_RESORT_AFTER = 1.5
"""Seconds after SIGHUP, SIGTERM or SIGINT by which the editor's process ends, even if its loop has not stopped."""


class _Ending:
    """SIGHUP, SIGTERM and SIGINT for the editor, from before its app runs until the process ends.

    Each writes the draft when there are edits, then the process exits with status 1 within two seconds: through
    the app's own exit when its loop runs (the terminal is put back), else at once; and if the loop does not stop
    (a terminal that takes no more output), ``os._exit`` after :data:`LAST_RESORT_AFTER` seconds. The handlers
    are Python's own, run in the main thread wherever it is, not the event loop's, which may be the thing stuck.
    """

    SIGNALS = ("SIGHUP", "SIGTERM", "SIGINT")

    def __init__(self) -> None:
        self.app: RelplanApp | None = None
        """The editor, once made; before that there is no draft to write."""
        self.ending = False

    def install(self) -> None:
        """Take these signals over from here on (a second install changes nothing)."""
        import signal

        for name in self.SIGNALS:
            signum = getattr(signal, name, None)
            if signum is not None:
                signal.signal(signum, self._signalled)

    def _signalled(self, signum: int, frame: FrameType | None) -> None:
        if self.ending:  # the first signal is already ending the process
            return
        self.ending = True
        import threading

        threading.Thread(target=self._last_resort, name="relplan-last-resort", daemon=True).start()
        app = self.app
        if app is not None and app.signalled():
            return
        raise SystemExit(EXIT_ERRORS)

    @staticmethod
    def _last_resort() -> None:
        import os
        import time

        time.sleep(LAST_RESORT_AFTER)
        os._exit(EXIT_ERRORS)


_ending = _Ending()


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

    listing = commands.add_parser("list", help="list the project's release plans")
    _connection_flags(listing)
    listing.set_defaults(run=_list)

    get = commands.add_parser("get", help="fetch a plan, without its read-only keys")
    _connection_flags(get)
    get.add_argument("plan_id", metavar="ID", help="the release plan id")
    get.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write it to FILE (.json or .toml); submit FILE then checks the plan against it for lost updates",
    )
    get.set_defaults(run=_get)

    submit = commands.add_parser(
        "submit",
        help="check a plan file and send it as the plan's new content",
        description=(
            "Check the file, then PUT it. If FILE was fetched with relplan get -o, the plan is fetched again first "
            "and nothing is sent when someone changed it since (--overwrite sends anyway); what changed is listed "
            "either way, and a FILE not fetched that way is said to be unchecked. After a 200 the plan is fetched "
            "once more to check that the server holds exactly what was sent. Exit status: 0 sent and verified, "
            "1 not sent, not accepted or not verified, 2 bad input or settings."
        ),
    )
    _connection_flags(submit)
    submit.add_argument("file", type=Path, metavar="FILE", help="the plan (.json or .toml)")
    submit.add_argument("--plan-id", required=True, metavar="ID", help="the release plan to update")
    submit.add_argument("--force", action="store_true", help="send despite errors in the plan; the server judges")
    submit.add_argument(
        "--overwrite",
        action="store_true",
        help="send even though the plan changed on the server since FILE was fetched, replacing those changes",
    )
    submit.set_defaults(run=_submit)

    edit = commands.add_parser(
        "edit",
        help="edit a plan file, or a plan on the server",
        description=(
            "Open the editor on a plan file (.json or .toml), on a plan fetched by id, or, with neither, "
            "on the plan picker of the active profile."
        ),
    )
    _connection_flags(edit)
    edit.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the plan file to edit")
    edit.add_argument("--plan-id", metavar="ID", help="edit this plan, fetched from the server")
    edit.set_defaults(run=_edit)

    demo = commands.add_parser(
        "demo",
        help="the editor on a built-in stand-in server and its sample plans",
        description=(
            "Start the stand-in on a free loopback port with its sample plans and open the plan picker on it "
            "(or, with --sample, the editor on one sample)."
        ),
    )
    demo.add_argument(
        "--sample",
        choices=("mistakes", "small", "large"),
        help="open this sample plan at once instead of the picker",
    )
    demo.set_defaults(run=_demo)

    standin = commands.add_parser(
        "standin",
        help="run a local stand-in for the release-plan API",
        description="Serve the release-plan API on loopback with sample plans, for trying relplan and for tests.",
    )
    standin.add_argument("--port", type=_port, default=DEFAULT_STANDIN_PORT, help="0 picks a free port")
    standin.add_argument("--data", type=Path, metavar="DIR", help="keep plans as .json files in DIR")
    standin.add_argument(
        "--project-id", type=_not_empty, metavar="ID", help="the one project it serves (default: demo)"
    )
    standin.add_argument("--token", type=_not_empty, help="the IAM token to accept (default: a new random one)")
    standin.add_argument("--ak", type=_not_empty, help="an access key to accept (with --sk)")
    standin.add_argument("--sk", type=_not_empty, help="its secret key")
    faults = standin.add_argument_group("faults (also settable while running: PUT /_standin/faults)")
    faults.add_argument(
        "--delay",
        type=_fault("delay", float, "a number of seconds"),
        default=0.0,
        metavar="SECONDS",
        help="wait before each answer (up to 300)",
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
        "--fault-methods",
        type=_fault("methods", _methods),
        default=[],
        metavar="METHODS",
        help="only for these methods, e.g. PUT or GET,PUT",
    )
    standin.set_defaults(run=_standin)

    drafts = commands.add_parser(
        "drafts",
        help="list the drafts of plans being edited",
        description=(
            "List the drafts relplan keeps of plans with edits neither saved nor sent, newest first. Opening the "
            "plan again offers to restore its draft. Drafts older than 30 days are marked, never deleted unasked."
        ),
    )
    drafts.set_defaults(run=_drafts)
    return parser


def _connection_flags(parser: argparse.ArgumentParser) -> None:
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
        "--allow-insecure-http",
        action="store_true",
        help="let credentials go over plain http:// to a host that is not loopback (a network you trust)",
    )
    where.add_argument(
        "--timeout",
        type=_timeout,
        default=30.0,
        metavar="SECONDS",
        help="the most a call may take, its whole answer included (default 30)",
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


def _timeout(text: str) -> float:
    """An argparse type: a number of seconds above zero."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"a timeout is a number of seconds above 0, not {text}")
    return seconds


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


def _settings(*, needed: bool) -> Settings:
    """The config file's settings; a broken file is an error when ``needed``, else a warning and no settings."""
    from tui.settings import Settings, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        if needed:
            raise
        print(f"relplan: the config file is not used: {printable(str(exc))}", file=sys.stderr)
        return Settings()


def _needs_config(args: argparse.Namespace) -> bool:
    """Whether the config file must be read for a connection: a profile is named, or no flag says where."""
    return args.profile is not None or not (args.endpoint or args.region)


def _connection(args: argparse.Namespace, settings: Settings | None = None) -> Connection:
    """The connection the flags, the environment and the config file describe.

    The config file is needed when a profile is named or no flag says where to connect; otherwise a broken one
    is only warned about, as the editor does.
    """
    from tui.settings import resolve

    if settings is None:
        settings = _settings(needed=_needs_config(args))
    return resolve(
        settings,
        profile=args.profile,
        endpoint=args.endpoint,
        region=args.region,
        project_id=args.project_id,
        allow_insecure_http=args.allow_insecure_http,
    )


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from tui.remote import list_plans

    return asyncio.run(list_plans(_connection(args), out, timeout=args.timeout))


def _get(args: argparse.Namespace, out: TextIO) -> int:
    from tui.remote import get_plan

    return asyncio.run(get_plan(_connection(args), args.plan_id, args.output, out, timeout=args.timeout))


def _submit(args: argparse.Namespace, out: TextIO) -> int:
    from tui.remote import submit_plan

    connection = _connection(args)
    return asyncio.run(
        submit_plan(
            connection,
            args.file,
            args.plan_id,
            out,
            force=args.force,
            overwrite=args.overwrite,
            timeout=args.timeout,
        )
    )


def _edit(args: argparse.Namespace, out: TextIO) -> int:
    from tui.document import Document

    _ending.install()
    if args.file is not None and args.plan_id is not None:
        raise SettingsError("give a plan FILE or --plan-id ID, not both")
    if args.file is not None:
        try:
            document = Document.load(args.file)
        except DocumentError as exc:
            raise DocumentError(f"{args.file}: {exc}") from None
        return _run_editor(document, None)
    settings: Settings | None = None  # read once a connection needs it, else by the editor
    if args.plan_id is None and not (args.profile or args.endpoint or args.region):
        found = _connection_or_none(args)
        if isinstance(found, str):  # nothing configured works: choose or make a profile inside the app
            return _run_editor(None, None, None, connect_message=found)
        connection = found
    else:
        settings = _settings(needed=_needs_config(args))
        connection = _connection(args, settings)
    target = connection.target(args.plan_id or "", timeout=args.timeout)
    if args.plan_id is None:
        return _run_editor(None, None, target, settings=settings)
    plan = asyncio.run(_fetch(target))
    return _run_editor(plan, f"{plan.data.get('name') or args.plan_id}", target, settings=settings)


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from tui.demo import demo

    _ending.install()
    with demo(args.sample) as run:
        return _run_editor(run.document, run.title, run.target)


async def _fetch(target: Target) -> Document:
    from tui.document import Document

    async with target.client() as client:
        return Document(await client.get_plan(target.plan_id))


def _connection_or_none(args: argparse.Namespace) -> Connection | str:
    """The active profile's connection, or why there is none (for the connect screen to say)."""
    try:
        return _connection(args)
    except SettingsError as exc:
        return f"{exc}; choose or make a profile"


def _run_editor(
    document: Document | None,
    title: str | None,
    target: Target | None = None,
    *,
    connect_message: str = "",
    settings: Settings | None = None,
) -> int:
    from tui.app import RelplanApp

    _ending.install()
    if settings is None:
        settings = _settings(needed=False)  # a broken config file must not keep anyone from editing a plan
    app = RelplanApp(
        document, title=title, target=target, keymap=settings.keymap, settings=settings, connect_message=connect_message
    )
    _ending.app = app
    app.run()
    return app.return_code or EXIT_OK


def _drafts(args: argparse.Namespace, out: TextIO) -> int:
    from tui.document import diff
    from tui.drafts import OLD_DAYS, broken_drafts, drafts_dir, holder, list_drafts
    from tui.text import moment

    drafts = list_drafts()
    broken = broken_drafts()
    for one in broken:
        print(f"a draft exists but cannot be read; kept as {one.file.name}", file=out)
    if not drafts:
        print(f"no drafts (they are kept in {drafts_dir()})", file=out)
        return EXIT_OK
    for draft in drafts:
        when = moment(round(draft.saved_at * 1000))
        count = len(diff(draft.baseline, draft.plan))
        old = f"  (older than {OLD_DAYS} days)" if draft.age_days > OLD_DAYS else ""
        owner = holder(draft.key)
        held = f"  ({owner.describe()})" if owner is not None else ""
        title = printable(draft.title) or "(no title)"
        print(f"{when}  {title}  {count} change{'s' * (count != 1)}  {printable(draft.where)}{old}{held}", file=out)
    print(f"{len(drafts)} draft{'s' * (len(drafts) != 1)} in {drafts_dir()}", file=out)
    return EXIT_OK


def _standin(args: argparse.Namespace, out: TextIO) -> int:
    import secrets
    import shlex
    import signal
    import threading

    from tui.standin import DEFAULT_PROJECT, Credentials, Faults, PlanStore, StandinServer, create_app

    if (args.ak is None) != (args.sk is None):
        raise SettingsError("--ak and --sk go together")
    token = args.token if args.token is not None or args.ak is not None else secrets.token_urlsafe(16)
    credentials = Credentials(token=token, access_key=args.ak, secret_key=args.sk)
    methods = frozenset(args.fault_methods)
    faults = Faults(delay=args.delay, status=args.fail_status, body=args.bad_body, drop=args.drop, methods=methods)
    store = PlanStore(folder=args.data) if args.data else PlanStore.with_samples()
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


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from tui.document import load_file
    from tui.validation import counts, format_path, validate

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
        issues = validate(plan)
        errors, warnings = counts(issues)
        total_errors += errors
        total_warnings += warnings
        if errors and status == EXIT_OK:
            status = EXIT_ERRORS
        for issue in issues:
            if as_json:
                record(path, list(issue.path), str(issue.severity), issue.message)
            else:
                where = printable(format_path(issue.path))
                out.write(f"{name}: {where}: {issue.severity}: {printable(issue.message)}\n")
        if not as_json:
            out.write(f"{name}: {_summary(errors, warnings)}\n")
    if as_json:
        out.write("\n]\n" if records else "[]\n")
        return status
    checked = len(args.files)
    if checked > 1:
        tail = f", {unreadable} unreadable" if unreadable else ""
        out.write(f"{checked} files: {_summary(total_errors, total_warnings)}{tail}\n")
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
        print(f"relplan: {printable(str(exc))}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a message, never a traceback, never a credential
        from tui.auth import redact

        said = printable(redact(str(exc)))
        print(f"relplan: internal error ({type(exc).__name__}: {said}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    return status


if __name__ == "__main__":
    sys.exit(main())

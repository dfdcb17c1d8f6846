"""``relplan edit`` and ``relplan demo``: the editor started from the command line, and how its process ends.

From before the app runs until the process ends, SIGHUP, SIGTERM and SIGINT write the draft and end the process
within two seconds (see :class:`Ending`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from tui.commands import EXIT_ERRORS, EXIT_OK, UsageError, connection, load_config, needs_config, plan_id
from tui.errors import DocumentError, SettingsError

if TYPE_CHECKING:
    from types import FrameType

    from tui.app import RelplanApp
    from tui.connection import Connection
    from tui.document import Document
    from tui.settings import Settings
    from tui.target import Target

__all__ = ["LAST_RESORT_AFTER", "Ending", "demo", "edit", "ending", "run_editor", "view"]

LAST_RESORT_AFTER = 1.5
"""Seconds after SIGHUP, SIGTERM or SIGINT by which the editor's process ends, even if its loop has not stopped."""


class Ending:
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


ending = Ending()


def edit(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan edit``: a file, a plan on the server, or the plan picker (or the connect screen)."""
    import asyncio

    from tui.document import Document

    ending.install()
    chosen = plan_id(args, required=False)
    read_only: bool = getattr(args, "read_only", False)
    if args.file is not None and chosen is not None:
        raise UsageError("give a plan FILE or --plan-id ID, not both")
    if args.file is not None:
        import gc

        # The collector stays paused from the read to the freeze in ``run_editor``: resumed between them, its first
        # collection would walk every object of the plan just read (tens of ms at 1,000 components), all to be frozen.
        collecting = gc.isenabled()
        gc.disable()
        try:
            document = Document.load(args.file)
        except DocumentError as exc:
            if collecting:
                gc.enable()
            raise DocumentError(f"{args.file}: {exc}") from None
        return run_editor(document, None, read_only=read_only)
    settings: Settings | None = None  # read once a connection needs it, else by the editor
    if chosen is None and not (args.profile or args.endpoint or args.region):
        found = _connection_or_none(args)
        if isinstance(found, str):  # nothing configured works: choose or make a profile inside the app
            return run_editor(None, None, None, connect_message=found, read_only=read_only)
        where = found
    else:
        settings = load_config(needed=needs_config(args))
        where = connection(args, settings)
    target = where.target(chosen or "", timeout=args.timeout)
    if chosen is None:
        return run_editor(None, None, target, settings=settings, read_only=read_only)
    plan = asyncio.run(target.fetch_plan())
    title = f"{plan.data.get('name') or chosen}"
    return run_editor(plan, title, target, settings=settings, read_only=read_only)


def view(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan view``: a file or a plan on the server, in the editor with every edit refused."""
    if args.file is None and plan_id(args, required=False) is None:
        raise UsageError("give a plan FILE or --plan-id ID to look at")
    return edit(args, out)


def demo(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan demo``: the stand-in on a free loopback port, and the editor on it, with a data folder of its own."""
    from tui.demo import demo as start_demo

    ending.install()
    with start_demo(args.sample, release_seconds=args.release_seconds) as run:
        return run_editor(run.document, run.title, run.target)


def _connection_or_none(args: argparse.Namespace) -> Connection | str:
    """The active profile's connection, or why there is none (for the connect screen to say)."""
    try:
        return connection(args)
    except SettingsError as exc:
        return f"{exc}; choose or make a profile"


def run_editor(
    document: Document | None,
    title: str | None,
    target: Target | None = None,
    *,
    connect_message: str = "",
    settings: Settings | None = None,
    read_only: bool = False,
) -> int:
    """Run the editor until it ends; returns its exit status."""
    import gc

    # The plan was built while the collector was paused, so all of it is still young: every later collection
    # would walk it again. A plan holds no cycles, so it is moved out of the collector's sight for good; and the
    # collector stays paused while the editor starts (the app resumes it once the plan has been checked).
    gc.freeze()
    gc.disable()
    from tui.app import RelplanApp

    ending.install()
    if settings is None:
        settings = load_config(needed=False)  # a broken config file must not keep anyone from editing a plan
    app = RelplanApp(
        document,
        title=title,
        target=target,
        keymap=settings.keymap,
        settings=settings,
        connect_message=connect_message,
        read_only=read_only,
    )
    ending.app = app
    app.run()
    return app.return_code or EXIT_OK

"""The Textual app: a thin shell that wires the edit session to the screens, and runs the timers and workers.

Its jobs live in :mod:`tui.shell`, one a module; this class puts them together and keeps start-up and the last resort.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from screens.editor import PlanEditorScreen
from screens.editor_start import first_screen
from tui.document import Document
from tui.draft_edits import DRAFT_AFTER
from tui.sending import InFlight, Report, internal_error
from tui.session import EditSession
from tui.shell.collecting import Collecting
from tui.shell.drafts import Drafts
from tui.shell.releasing import Releasing
from tui.shell.saving import Saving
from tui.shell.screens_work import ScreensWork
from tui.shell.sending import Sending
from tui.text import printable
from tui.types import JSON, Issue

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.connecting import Connecting
    from tui.settings import Settings
    from tui.target import Target
    from tui.validation import Validator

__all__ = ["DRAFT_AFTER", "RelplanApp"]


class RelplanApp(Releasing, ScreensWork, Saving, Sending, Drafts, App[None]):
    """relplan's editor. The session applies every edit; the app wires it to the screens and runs timers and workers."""

    CSS_PATH = ["app.tcss", "../screens/editor.tcss"]
    """The editor's layout is read with the app's: read when its screen opens, Textual would parse every rule again."""
    TITLE = "relplan"

    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", priority=True),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(
        self,
        document: Document | None = None,
        *,
        session: EditSession | None = None,
        title: str | None = None,
        target: Target | None = None,
        keymap: Mapping[str, str] | None = None,
        settings: Settings | None = None,
        connect_message: str = "",
        read_only: bool = False,
    ) -> None:
        super().__init__()
        if keymap:
            self.set_keymap(dict(keymap))
        self.has_plan = document is not None or session is not None
        """Whether a plan is open; without one the app starts on the plan picker of the target, or on connecting."""
        if not self.has_plan and target is None and settings is None:
            raise ValueError("give a plan, a target whose plans to pick from, or the settings to connect with")
        self.settings = settings
        self.read_only = read_only
        """Whether the plan is only looked at (``relplan view``): every key that would edit says so instead."""
        self._connect_message = connect_message
        if session is None:
            session = EditSession(document if document is not None else Document({}), title=title, target=target)
        self.session = session
        """The plan being edited, its issues and its draft: every edit goes through it."""
        self._wire(session)
        self._sending: Worker[None] | None = None
        self._draft_timer: Timer | None = None
        self.last_report: Report | None = None
        """How the last update or save ended, whole (``f6`` shows it)."""
        self.in_flight: InFlight | None = None
        """The update on its way, once its URL is known: the status line counts its seconds."""
        self.send_clock: Callable[[], float] = monotonic
        """Where an update's seconds come from (a test may fix them)."""
        self._ticker: Timer | None = None
        """Ticks the status line while an update is on its way."""
        self._connecting: Connecting | None = None
        """The connect screen's try under way, if one is (``escape`` there stops it)."""
        self._draft_due = False
        """Whether the draft of the plan opened with the app is still to be looked for and offered."""
        self.collecting = Collecting()
        """Runs the garbage collector's full walks in the pauses between keys, once start-up is over."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification as plain text, controls escaped: many carry a file's, a plan's or a server's words."""
        shown = printable(message, lines=True)
        super().notify(shown, title=printable(title), severity=severity, timeout=timeout, markup=False)

    @property
    def ready(self) -> bool:
        """Whether the API reference has loaded and the plan has been checked: until then only the tree moves."""
        return self.session.ready

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for the platform; on Linux and macOS one that survives the terminal going away."""
        driver = super().get_driver_class()
        try:
            from textual.drivers.linux_driver import LinuxDriver
        except ImportError:  # Windows: no termios
            return driver
        from tui.terminal import hang_up_driver

        return hang_up_driver() if driver is LinuxDriver else driver

    def get_default_screen(self) -> Screen[Any]:
        """The editor, when a plan is open: the app's first screen, so that no other is laid out beneath it and
        Textual's pushing it (a mount awaited, then a layout of the whole screen) does not draw it a second time."""
        if not self.has_plan:
            return super().get_default_screen()
        self._draft_due = True  # offered once the form is on the screen: finding it costs the first frame
        return first_screen(PlanEditorScreen(self.session, read_only=self.read_only), self)

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if self.has_plan:
            return  # the form follows the editor's first frame (see ``on_ready``)
        if self.session.target is not None:
            self.push_screen(self._picker(self.session.target))
        else:
            from screens.connect import ConnectScreen
            from tui.settings import config_path

            assert self.settings is not None
            config_file = self.settings.path or config_path()
            self.push_screen(ConnectScreen(self.settings, self._connect_message, config_file=config_file))
        self.call_after_refresh(self._start_loading)

    def on_ready(self) -> None:
        """The first screen is laid out and drawn. The editor's form is built now, so that it is laid out together
        with what that first layout asks for again (each widget's new size), in one layout and one frame."""
        if isinstance(self.screen, PlanEditorScreen):
            self._start_loading()

    def _fatal_error(self) -> None:
        """End the app after an error nothing handled, with a traceback that shows no variable's value.

        Textual's own shows every frame's local variables, and a frame may hold a token or a plan's secret.
        """
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def _handle_exception(self, error: Exception) -> None:
        """The last resort: a worker that failed with a bug (a send, the picker's list) is logged, the draft is
        written, one message says it, and the status line says how the update it broke ended; the editor goes on.

        The workers catch :class:`RelplanError` only, so everything else comes here. Any other error still ends the
        app as Textual ends it. The failure is kept for ``run_test`` to raise at the end, so that a bug in a worker
        still fails its test.
        """
        from textual.worker import WorkerFailed

        if not isinstance(error, WorkerFailed):
            super()._handle_exception(error)
            return
        from tui.auth import redact
        from tui.logs import details_hint, logger
        from tui.text import printable

        cause = error.error
        self.log.error("a worker failed", repr(cause))
        logger("app").error("a worker failed", exc_info=cause)  # its traceback, without any variable's value
        if self._exception is None:
            self._exception = error
        broken = self.in_flight if self._sending is None else None  # a send that is still on its way goes on
        if broken is not None:
            self.in_flight = None
        self._report(internal_error(cause, sending=f"{broken.method} {broken.url}" if broken is not None else ""))
        said = printable(redact(f"{type(cause).__name__}: {cause}"))[:300]
        message = f"Internal error, your edits are kept: {said}; {details_hint()}"
        self.notify(message, severity="error", markup=False, timeout=30)
        self.save_draft(now=True)

    def on_unmount(self) -> None:
        # The kernel lets go of the draft's lock when the process ends; an app run inside a longer one lets go here.
        self.session.drafts.let_go()

    def _start_loading(self) -> None:
        """After the tree's first frame: the form at once (its specs need no models), then the check."""
        editor = self.editor
        if editor is not None and editor.is_mounted:
            editor.start_form()
        self.call_after_refresh(self._after_form, 0)

    def _after_form(self, frames: int) -> None:
        """Start the check once the form is on the screen: its rows mount over a few turns of the loop (without a
        frame while Textual holds the updates), and are then drawn."""
        editor = self.editor
        if frames < 50 and editor is not None and editor.is_mounted and not editor.form_built:
            self.call_after_refresh(self._after_form, frames + 1)
        else:
            self.call_after_refresh(self._start_checking)

    def _start_checking(self) -> None:
        # After the form's frame: a thread importing the models beside it would slow that frame down.
        if self._draft_due:
            self._draft_due = False
            self._offer_draft()
        document = self.session.document
        state = document.state
        # The plan as opened, which no edit changes (an edit goes to the plan, after copying it): the thread reads
        # it while the person may already type in the form. Edited already (a draft restored), it is checked anew.
        plan = document.keep_baseline() if state == 0 else None
        self.run_worker(
            partial(self._load_reference, plan, state),
            thread=True,
            exclusive=True,
            group="reference",
            description="load the API reference",
            exit_on_error=True,
        )

    def _load_reference(self, plan: dict[str, JSON] | None, state: int) -> None:
        """Load the models and check the plan as it was opened, in a thread, while the editor is on the screen.

        Edits made meanwhile are checked once this is done (see :meth:`EditSession.reference_loaded`).
        """
        from tui.validation import Validator  # the models: about a third of start-up, so not before the form

        validator = Validator()
        session = self.session
        issues = validator.validate(plan) if plan is not None else []
        self.call_from_thread(self._reference_loaded, validator, session, state if plan is not None else -1, issues)

    def _reference_loaded(self, validator: Validator, session: EditSession, state: int, issues: list[Issue]) -> None:
        self.collecting.start(self)  # start-up is over
        checked = (state, issues) if session is self.session else None  # not another plan opened meanwhile
        issues = self.session.reference_loaded(validator, checked)
        editor = self.editor
        if editor is not None and editor.is_mounted:
            editor.reference_loaded(issues)

    # -- around it

    def action_help(self) -> None:
        """Show every key of the screen, with what it does and the id that rebinds it."""
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the screen's keys in the command palette, then Textual's own."""
        from screens.help import palette_commands

        yield from palette_commands(screen)
        yield SystemCommand("Help", "f1 · every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)

    # -- a read-only view (``relplan view``)

    async def on_event(self, event: events.Event) -> None:
        """Every key is noted (collections wait for a pause); in a read-only view, a key or a paste that would edit a
        field is refused before the field gets it."""
        if isinstance(event, events.Key):
            self.collecting.key()
        if self.read_only and isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            editor = self.screen
            if isinstance(editor, PlanEditorScreen) and editor.refuses(event):
                return
        await super().on_event(event)

    def action_save(self) -> None:
        """Save to the file the plan came from, or ask where (not in a read-only view)."""
        if not self._refused():
            super().action_save()

    def send(self, *, overwrite: bool = False) -> None:
        """Send the plan as it is now (not in a read-only view)."""
        if not self._refused():
            super().send(overwrite=overwrite)

    def _offer_draft(self) -> None:
        if not self.read_only:  # a draft restored would be an edit; the draft stays for the editor to offer
            super()._offer_draft()

    def _refused(self) -> bool:
        editor = self.editor
        if self.read_only and editor is not None:
            editor.refusals.refuse()
        return self.read_only

"""The Textual app: a thin shell that wires the edit session to the screens, and runs the timers and workers."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path as FilePath
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from screens.editor import PlanEditorScreen
from tui.document import Document
from tui.edits import Changed, Notice
from tui.errors import ClientError, RelplanError, SettingsError
from tui.sending import InFlight, Report, failed, internal_error, not_saved, sent, stopped
from tui.session import DRAFT_AFTER, EditSession
from tui.target import Target
from tui.text import printable
from tui.types import JSON, Issue, counts
from widgets.request_status import RequestStatus

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.connect import ConnectScreen
    from screens.picker import PlanPickerScreen
    from screens.review import Review, ReviewScreen
    from tui.connecting import Connecting, NewProfile
    from tui.jsonfiles import ChangedOnDiskError
    from tui.settings import Settings
    from tui.validation import Validator

__all__ = ["DRAFT_AFTER", "RelplanApp"]


class RelplanApp(App[None]):
    """relplan's editor. The session applies every edit; the app wires it to the screens and runs timers and workers."""

    CSS_PATH = "app.tcss"
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
    ) -> None:
        super().__init__()
        if keymap:
            self.set_keymap(dict(keymap))
        self.has_plan = document is not None or session is not None
        """Whether a plan is open; without one the app starts on the plan picker of the target, or on connecting."""
        if not self.has_plan and target is None and settings is None:
            raise ValueError("give a plan, a target whose plans to pick from, or the settings to connect with")
        self.settings = settings
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

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if self.has_plan:
            self.push_screen(PlanEditorScreen(self.session))
            self._offer_draft()
        elif self.session.target is not None:
            self.push_screen(self._picker(self.session.target))
        else:
            from screens.connect import ConnectScreen
            from tui.settings import config_path

            assert self.settings is not None
            config_file = self.settings.path or config_path()
            self.push_screen(ConnectScreen(self.settings, self._connect_message, config_file=config_file))
        self.call_after_refresh(self._start_loading)

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
        # After the first frame: a thread importing the models beside it would slow that frame down.
        self.run_worker(self._load_reference, thread=True, exclusive=True, group="reference", exit_on_error=True)

    def _load_reference(self) -> None:
        """Load the models and check the whole plan, in a thread, while the tree is already on the screen.

        Nothing edits the document meanwhile: every edit waits for :attr:`ready`.
        """
        from tui.validation import Validator  # the models: about a third of start-up, so not before the first frame

        validator = Validator()
        session = self.session
        state = session.document.state
        issues = validator.validate(session.document.data)
        self.call_from_thread(self._reference_loaded, validator, session, state, issues)

    def _reference_loaded(self, validator: Validator, session: EditSession, state: int, issues: list[Issue]) -> None:
        checked = (state, issues) if session is self.session else None  # not another plan opened meanwhile
        issues = self.session.reference_loaded(validator, checked)
        editor = self.editor
        if editor is not None and editor.is_mounted:
            editor.reference_loaded(issues)

    # -- opening plans

    def _picker(self, target: Target) -> Screen[None]:
        from screens.picker import PlanPickerScreen

        return PlanPickerScreen(replace(target, plan_id=""), plan_open=self.has_plan)

    def connected(self, target: Target) -> None:
        """Go on to the plan picker of ``target`` (a profile was chosen or made)."""
        self.session.target = target
        self.switch_screen(self._picker(target))

    def open_plan(self, document: Document, title: str, target: Target | None) -> None:
        """Edit ``document`` (from ``target``, or from a file when None) in place of the plan picker.

        The plan open until now keeps its draft (written first), to be offered when it is opened again.
        """
        if self.has_plan:
            self.save_draft(now=True)
        self.session.drafts.let_go()
        self.session = EditSession(document, title=title, target=target, validator=self.session.validator)
        self._wire(self.session)
        self.has_plan = True
        self.switch_screen(PlanEditorScreen(self.session))
        self._offer_draft()

    def open_plan_back(self) -> bool:
        """Go back from the picker to the plan that is open; False when none is."""
        if not self.has_plan:
            return False
        self.switch_screen(PlanEditorScreen(self.session))
        return True

    def action_open_other(self) -> None:
        """Go to the plan picker to open another plan of the same project (asks first about unsent edits)."""
        if self.session.target is None:
            self.notify("This plan came from a file; relplan edit --plan-id opens one from the server.", markup=False)
            return
        if self.sending:
            self.notify("An update is on its way; wait for its answer or press escape first.", markup=False)
            return
        self.switch_screen(self._picker(self.session.target))

    @property
    def editor(self) -> PlanEditorScreen | None:
        """The editor screen, when it is the one showing (or under a dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlanEditorScreen):
                return screen
        return None

    # -- work the screens ask for
    #
    # The picker, the connect screen and the review post a message; a handler starts a worker and the worker hands
    # the result back to the screen that asked, while it still shows. Handlers go by Textual's names, not ``@on``:
    # ``@on`` needs the screens' classes, and loading them with the app would delay the editor's first frame.

    def _showing(self, screen: Screen[Any]) -> bool:
        """Whether ``screen`` is still on the stack (a dialog may be over it), so that a result may go to it."""
        return screen in self.screen_stack

    def on_plan_picker_screen_list_requested(self, event: PlanPickerScreen.ListRequested) -> None:
        """List the plans of the picker's project."""
        self._list_plans(event.control)

    @work(exclusive=True, group="picker")
    async def _list_plans(self, picker: PlanPickerScreen) -> None:
        from tui.opening import list_plans

        try:
            plans = await list_plans(picker.target)
        except ClientError as exc:
            if self._showing(picker):
                picker.show_failure(f"Could not list the plans: {exc} · ctrl+l tries again")
            return
        if self._showing(picker):
            picker.show_plans(plans)

    def on_plan_picker_screen_open_requested(self, event: PlanPickerScreen.OpenRequested) -> None:
        """Open a listed plan, or what was typed: a plan file when there is one, else a plan's id."""
        if event.typed:
            self._read_typed(event.control, event.typed)
        else:
            self._open_listed(event.control, event.plan_id, event.name)

    def on_plan_picker_screen_back_requested(self, event: PlanPickerScreen.BackRequested) -> None:
        """Back from the picker to the plan that is open, as it was."""
        self.open_plan_back()

    def _open_listed(self, picker: PlanPickerScreen, plan_id: str, name: str) -> None:
        """Open the plan ``plan_id``; the one already open comes back as it was, edits and all."""
        if self.has_plan and self.session.target is not None and self.session.target.plan_id == plan_id:
            self.open_plan_back()
            return
        self._ask_then(name or plan_id, partial(self._fetch_plan, picker, plan_id, name))

    @work(exclusive=True, group="picker", thread=True)
    def _read_typed(self, picker: PlanPickerScreen, typed: str) -> None:
        from tui.opening import read_typed

        try:
            document = read_typed(typed)
        except RelplanError as exc:
            self.call_from_thread(self._typed_unreadable, picker, str(exc))
            return
        self.call_from_thread(self._typed_read, picker, typed, document)

    def _typed_unreadable(self, picker: PlanPickerScreen, reason: str) -> None:
        if self._showing(picker):
            picker.show_failure(reason)

    def _typed_read(self, picker: PlanPickerScreen, typed: str, document: Document | None) -> None:
        if not self._showing(picker):
            return
        if document is None:  # no such file: the id of a plan, perhaps one that the list does not show
            self._open_listed(picker, typed, typed)
            return
        name = document.source.name if document.source is not None else typed
        self._ask_then(name, partial(self.open_plan, document, name, None))

    def _ask_then(self, name: str, opening: Callable[[], object]) -> None:
        """Open with ``opening``, after asking when the plan open now has edits that would be dropped."""
        if not (self.has_plan and self.session.document.dirty):
            opening()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                opening()

        from screens.confirm import ConfirmScreen

        question = (
            f"The plan open now has edits that are neither saved nor sent. Open {name}? The edits stay in a draft, "
            "offered when you open that plan again."
        )
        self.push_screen(ConfirmScreen(printable(question), yes="Open"), answered)

    @work(exclusive=True, group="picker")
    async def _fetch_plan(self, picker: PlanPickerScreen, plan_id: str, name: str) -> None:
        said = name or plan_id
        picker.show_progress(f"Opening {said}…")
        target = replace(picker.target, plan_id=plan_id)
        try:
            document = await target.fetch_plan()
        except ClientError as exc:
            if self._showing(picker):
                picker.show_failure(f"Could not open {said}: {exc}")
            return
        if self._showing(picker):  # not when the person went back to the plan open meanwhile
            self.open_plan(document, f"{document.data.get('name') or plan_id}", target)

    def on_connect_screen_connect_requested(self, event: ConnectScreen.ConnectRequested) -> None:
        """Connect with a profile of the config file; its token command, if it needs one, runs in a thread."""
        from tui.connecting import Connecting

        assert self.settings is not None, "the connect screen shows only with settings"
        profile = self.settings.profiles.get(event.profile)
        if profile is None:
            event.control.failed(f"There is no profile named {event.profile}.")
            return
        self._connect(event.control, Connecting(self.settings, profile), None)

    def on_connect_screen_save_requested(self, event: ConnectScreen.SaveRequested) -> None:
        """Check the form's new profile; then try it (its plans are listed), and only then save it and connect."""
        from tui.connecting import Connecting, check_form

        assert self.settings is not None, "the connect screen shows only with settings"
        try:
            new = check_form(event.form, self.settings)
        except SettingsError as exc:
            event.control.failed(str(exc))
            return
        self._connect(event.control, Connecting(self.settings, new.profile, new.token), new)

    def on_connect_screen_stop_requested(self, event: ConnectScreen.StopRequested) -> None:
        """Stop the try under way and its token command; not once the profile is being written to the file."""
        attempt, self._connecting = self._connecting, None
        if attempt is not None and not attempt.cancel():
            self._connecting = attempt  # the file is being written: the try goes on to its end
            return
        self.workers.cancel_group(self, "connect")
        self.workers.cancel_group(self, "connect-check")
        event.control.failed("Stopped; nothing was saved.")

    def _connect(self, screen: ConnectScreen, attempt: Connecting, new: NewProfile | None) -> None:
        self._connecting = attempt
        if attempt.runs_command:
            screen.progress("Getting a token from the token command… (escape stops it)")
        self._find_target(screen, attempt, new)

    @work(exclusive=True, group="connect", thread=True)
    def _find_target(self, screen: ConnectScreen, attempt: Connecting, new: NewProfile | None) -> None:
        """Where the profile leads, with its credentials: its token command may run for up to 30 seconds."""
        try:
            target = attempt.target()
        except RelplanError as exc:
            said = f"Not saved: {exc}" if new is not None else f"profile {attempt.profile.name}: {exc}"
            self.call_from_thread(self._connect_failed, screen, attempt, said)
            return
        self.call_from_thread(self._target_found, screen, attempt, target, new)

    def _target_found(self, screen: ConnectScreen, attempt: Connecting, target: Target, new: NewProfile | None) -> None:
        if attempt is not self._connecting:  # stopped meanwhile
            return
        if new is None:
            self._connecting = None
            self.connected(target)
            return
        screen.progress(f"Checking: listing the plans of {target.describe()}…")
        self._check_profile(screen, attempt, target, new)

    @work(exclusive=True, group="connect-check")
    async def _check_profile(self, screen: ConnectScreen, attempt: Connecting, target: Target, new: NewProfile) -> None:
        from tui.connecting import check_profile

        try:
            await check_profile(target)
        except RelplanError as exc:
            self._connect_failed(screen, attempt, f"Not saved: {exc}")
            return
        if attempt is self._connecting and attempt.start_saving():
            self._save_profile(screen, attempt, target, new)

    @work(exclusive=True, group="connect-save", thread=True)
    def _save_profile(self, screen: ConnectScreen, attempt: Connecting, target: Target, new: NewProfile) -> None:
        from tui.connecting import save_profile

        assert self.settings is not None
        try:
            path, default = save_profile(new, self.settings)
        except SettingsError as exc:
            self.call_from_thread(self._connect_failed, screen, attempt, f"Checked, but not saved: {exc}")
            return
        self.call_from_thread(self._profile_saved, screen, attempt, target, new, path, default)

    def _profile_saved(
        self, screen: ConnectScreen, attempt: Connecting, target: Target, new: NewProfile, path: FilePath, default: bool
    ) -> None:
        from tui.connecting import remember

        assert self.settings is not None
        self._connecting = None
        screen.succeeded(remember(new, self.settings, path, default))
        self.connected(target)

    def _connect_failed(self, screen: ConnectScreen, attempt: Connecting, said: str) -> None:
        if attempt is self._connecting:  # not when it was stopped meanwhile: the screen says so already
            self._connecting = None
            if self._showing(screen):
                screen.failed(said)

    def on_review_screen_check_requested(self, event: ReviewScreen.CheckRequested) -> None:
        """Check whether the plan on the server is still as it was opened: the review's lost-update check."""
        if self.session.target is not None:
            self._check_server(event.control, self.session.target, self.session.opened)

    @work(exclusive=True, group="review-check")
    async def _check_server(self, review: ReviewScreen, target: Target, opened: Mapping[str, JSON]) -> None:
        from tui.opening import changes_on_server

        try:
            changes = await changes_on_server(target, opened)
        except ClientError as exc:
            if self._showing(review):
                review.check_failed(str(exc))
            return
        if self._showing(review):
            review.show_server_changes(changes)

    # -- the session

    def _wire(self, session: EditSession) -> None:
        session.tell = self._told
        session.on_edit = self._edited

    def _edited(self) -> None:
        """An edit was made: the draft is written within :data:`DRAFT_AFTER` seconds."""
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_AFTER, self.save_draft)
        if self.session.draft_due:  # keys queued ahead of the timer hold it back: write now
            self.save_draft()

    def _told(self, notice: Notice) -> None:
        """Show what the session says; from the draft's thread, without waiting for the screen's."""
        if threading.current_thread() is threading.main_thread():
            self._say(notice)
        else:  # not waiting for the main thread: it may be waiting for the draft's lock
            self._event_loop.call_soon_threadsafe(partial(self._say, notice))

    def _say(self, notice: Notice) -> None:
        self.notify(notice.text, severity=notice.tone, timeout=notice.timeout, markup=False)
        editor = self.editor
        if notice.subtitle is not None and editor is not None:
            editor.sub_title = notice.subtitle

    def _show(self, changed: Changed) -> None:
        """Show a change the session made for the App (a draft restored, a file reloaded) on the editor."""
        editor = self.editor
        if editor is not None:
            editor.show_change(changed)

    def save_draft(self, *, now: bool = False) -> bool:
        """Keep the plan as a draft when it has edits neither saved nor sent, else remove its draft.

        Edits write the draft within :data:`DRAFT_AFTER` seconds; ``now`` writes it before returning (on quitting
        and on signals). False when there is nowhere to keep it or it could not be written.
        """
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        return self.has_plan and self.session.save_draft(now=now)

    def _offer_draft(self) -> None:
        """Take the plan's draft; when one left by an editor that ended differs from the plan, offer to restore it."""
        offer = self.session.offer_draft()
        if offer is None:
            return
        from screens.draft import DraftChoice, DraftScreen

        def chosen(choice: DraftChoice | None) -> None:
            if choice is DraftChoice.RESTORE:
                self._show(self.session.restore_draft(offer.draft))
            elif choice is DraftChoice.DISCARD:
                self.session.drafts.discard(offer.draft)
            else:
                self.session.drafts.keep()

        self.push_screen(DraftScreen(offer.draft, offer.plan, baseline_moved=offer.baseline_moved), chosen)

    # -- saving and quitting

    def action_save(self) -> None:
        """Save to the file the plan came from, or ask where."""
        if self.session.document.source is not None:
            self._save(self.session.document.source)
        else:
            self._save_as(self.session.file_name())

    def _save(self, path: FilePath, *, over_disk: bool = False) -> None:
        from tui.jsonfiles import ChangedOnDiskError, ReadOnlyError

        try:
            saved = self.session.document.save(path, over_disk=over_disk)
        except ChangedOnDiskError as exc:
            self._disk_changed(exc)
            return
        except ReadOnlyError as exc:  # the only way on is another file: ask for one at once
            self._not_saved(path, exc)
            self._save_as(self.session.file_name(other=True))
            return
        except RelplanError as exc:
            self._not_saved(path, exc)
            return
        self.save_draft()  # clean now, the draft goes; unless the server does not have these edits yet
        unsent = " · the server does not have these edits yet: ctrl+r sends them" if self.session.unsent else ""
        self.notify(f"Saved {printable(str(saved))}{unsent}", markup=False)

    def _not_saved(self, path: FilePath, exc: RelplanError) -> None:
        report = not_saved(str(path), exc)
        self.notify(report.line, severity="error", markup=False)
        self._report(report)

    def _save_as(self, suggestion: str) -> None:
        def chosen(path: FilePath | None) -> None:
            if path is not None:
                self._save(path)

        from screens.save_as import SaveAsScreen  # the modal screens are imported when first used

        self.push_screen(SaveAsScreen(suggestion), chosen)

    def _disk_changed(self, exc: ChangedOnDiskError) -> None:
        """The file changed on disk since it was read: show what changed there and ask what to do."""
        from screens.disk_changed import DiskChangedScreen, DiskChoice

        change = self.session.disk_change(exc)

        def chosen(choice: DiskChoice | None) -> None:
            if choice is DiskChoice.OVERWRITE:
                self._save(exc.path, over_disk=True)
            elif choice is DiskChoice.SAVE_AS:
                self._save_as(self.session.file_name(other=True))
            elif choice is DiskChoice.RELOAD and change.theirs is not None:
                self._show(self.session.reload_on_top(change))

        self.push_screen(DiskChangedScreen(exc.path.name, change.changes, change.unreadable), chosen)

    # -- what the editor asks for

    @on(PlanEditorScreen.ReviewRequested)
    def _review_requested(self, event: PlanEditorScreen.ReviewRequested) -> None:
        self.review()

    @on(PlanEditorScreen.BackRequested)
    def _back_requested(self, event: PlanEditorScreen.BackRequested) -> None:
        if not self.stop_waiting():
            event.editor.to_tree()

    # -- reviewing and sending

    @property
    def sending(self) -> bool:
        """Whether an update is in flight."""
        return self._sending is not None

    def review(self) -> None:
        """Open the review of what would be sent, and send if the person says so."""
        session = self.session
        if session.target is None:
            self.notify(
                "This plan came from a file, so there is no server to send it to; ctrl+s saves it.", markup=False
            )
            return
        if self.sending:
            self.notify("An update is already on its way; escape stops waiting for it.", markup=False)
            return
        from screens.review import ReviewScreen

        errors, warnings = counts(session.issues)
        screen = ReviewScreen(session.document.changes(), session.document, errors, warnings, session.target)
        self.push_screen(screen, self._reviewed)

    def _reviewed(self, choice: Review | None) -> None:
        from screens.review import Review

        self.workers.cancel_group(self, "review-check")  # its answer has no screen to go to now
        if choice is not None:
            self.send(overwrite=choice is Review.OVERWRITE)

    def send(self, *, overwrite: bool = False) -> None:
        """Send the plan as it is now; without ``overwrite``, only if the server still holds what was opened."""
        session = self.session
        if session.target is None or self.sending:
            return
        self._show_issues(session.forget_server_issues())  # what the last refusal said no longer holds
        from tui.client import put_body

        try:
            body = put_body(session.document.data)  # what is sent, as bytes: a fraction of a copy's cost on a big plan
        except RelplanError as exc:
            self._report(failed(exc, session.target.endpoint))
            return
        self._sending = self.run_worker(
            self._submit(session.target, body, session.document.state, overwrite), group="send", exclusive=True
        )

    def stop_waiting(self) -> bool:
        """Stop waiting for the update in flight (the server may still apply it); False when there is none."""
        worker, self._sending = self._sending, None
        if worker is None:
            return False
        worker.cancel()
        flight, self.in_flight = self.in_flight, None
        if flight is None:  # stopped before the request was made: it has taken no time yet
            flight = InFlight.start("PUT", self.session.target.endpoint if self.session.target else "", self.send_clock)
        self._report(stopped(flight.elapsed, flight.url))
        return True

    async def _submit(self, target: Target, body: bytes, state: int, overwrite: bool) -> None:
        """Send ``body`` (the document in ``state``); edits made while it is on its way stay edits.

        A bug raised here goes on to the last resort (:meth:`_handle_exception`), which says how the send ended.
        """
        from tui.errors import StatusError

        session = self.session
        url = target.endpoint
        flight = None
        plan: dict[str, JSON] = await asyncio.to_thread(json.loads, body)  # a copy made off the screen's thread
        try:
            async with target.client() as client:
                url = client.plan_url(target.plan_id)
                self.in_flight = flight = InFlight.start("PUT", url, self.send_clock)
                self._tick()
                self._ticker = self._ticker or self.set_interval(0.1, self._tick)
                submission = await client.submit(target.plan_id, plan, opened=None if overwrite else session.opened)
        except RelplanError as exc:
            self._landed(flight, failed(exc, url))
            if isinstance(exc, StatusError) and 400 <= exc.status < 500:
                self._mark_named_fields(exc.error_msg or exc.body, plan)
        else:
            arrival = submission.arrival
            if submission.unexpected is None or arrival.verified:  # the server took it: the next check compares
                session.opened = plan
            if arrival.verified:
                session.document.rebase(plan)
                session.document.mark_saved(state)  # edits typed meanwhile stay unsaved, and in the draft
                self.save_draft()
            self._landed(flight, sent(submission))
        finally:
            if self._sending is get_current_worker():
                self._sending = None

    def _landed(self, flight: InFlight | None, report: Report) -> None:
        """The update ``flight`` ended as ``report`` says (it may have been stopped and another sent since)."""
        if flight is not None and self.in_flight is flight:
            self.in_flight = None
        self._report(report)

    def _mark_named_fields(self, message: str, sent: JSON) -> None:
        """Mark the fields a refusal names, where they still are in the plan and not already marked as errors."""
        from tui.server_issues import server_issues

        self._show_issues(self.session.server_refused(server_issues(message, sent)))

    def _show_issues(self, issues: list[Issue] | None) -> None:
        """Show ``issues`` on the editor (None: nothing changed)."""
        editor = self.editor
        if issues is not None and editor is not None:
            editor.show_issues(issues)

    def action_show_response(self) -> None:
        """Show the whole outcome of the last update or save: the line whole, what was sent, the server's answer."""
        if self.last_report is None:
            self.notify("Nothing has been sent or saved yet.", markup=False)
            return
        from screens.response import ResponseScreen

        self.push_screen(ResponseScreen(self.last_report.text))

    def _status(self) -> RequestStatus | None:
        editor = self.editor
        return next(iter(editor.query(RequestStatus)), None) if editor is not None else None

    def _tick(self) -> None:
        """Show the seconds the update in flight has taken."""
        status, flight = self._status(), self.in_flight
        if status is not None and flight is not None:
            status.sending(flight.method, flight.url, flight.elapsed)

    def _report(self, report: Report) -> None:
        """Show how the last update or save ended on the status line; ``f6`` tells it whole."""
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.last_report = report
        status = self._status()
        if status is not None:
            status.finished(report.outcome, report.line)

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

    async def action_quit(self) -> None:
        """Quit, asking first when there are edits neither saved nor sent (they are kept as a draft)."""
        session = self.session
        if not session.document.dirty and not session.unsent:
            self.exit()
            return
        kept = self.save_draft(now=True)

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        from screens.confirm import ConfirmScreen
        from tui.datadir import is_temporary

        edits = "edits the server does not have" if session.unsent or session.target else "unsaved edits"
        if is_temporary():  # the demo: its drafts, like its plans, end with it
            after = "The demo's drafts end with it: they will be lost."
        elif kept:
            after = "They are kept as a draft, offered when you open the plan again."
        else:
            after = "They will be lost."
        self.push_screen(ConfirmScreen(f"There are {edits}. {after} Quit?", yes="Quit"), answered)

    def signalled(self) -> bool:
        """A hang-up, SIGTERM or SIGINT: write the draft when there are edits, then have the app exit with status 1.

        Called from a signal handler, so at any point of the main thread, the event loop's own work included: the
        draft is written here and now, the exit is queued on the loop. False when the app's loop is not running
        (before or after ``run``), for the caller to end the process itself. An existing draft is never removed
        here: a hang-up before it has been offered must not lose it.
        """
        if self.has_plan and self.session.document.dirty:
            self.save_draft(now=True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if not self.is_running:
            return False
        loop.call_soon_threadsafe(partial(self.exit, return_code=1))
        return True

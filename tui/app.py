"""The Textual app: it owns the document, the validator and the issues, and applies what the person asks for."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path as FilePath
from time import monotonic
from typing import IO, TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from screens.editor import PlanEditorScreen
from tui.document import Document, copy_json, same_json
from tui.errors import ClientError, RelplanError, SettingsError
from tui.fields import FieldSpec
from tui.outline import template
from tui.sending import Report, failed, internal_error, not_saved, sent, stopped
from tui.target import Target
from tui.text import printable
from tui.types import JSON, Issue, Path, Severity, counts, format_path
from widgets.field_editor import FieldEditor, Unset
from widgets.request_status import RequestStatus

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.connect import ConnectScreen
    from screens.disk_changed import DiskChoice
    from screens.picker import PlanPickerScreen
    from screens.review import Review, ReviewScreen
    from tui.connecting import Connecting, NewProfile
    from tui.drafts import Claim, Draft
    from tui.jsonfiles import ChangedOnDiskError
    from tui.settings import Settings
    from tui.validation import Validator

__all__ = ["DRAFT_AFTER", "RelplanApp"]

DRAFT_AFTER = 0.5
"""Seconds after an edit by which the draft is written (edits in between go in the same write)."""


class RelplanApp(App[None]):
    """relplan's editor. Widgets say what the person did; the app changes the document and tells them what to show."""

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
        title: str | None = None,
        target: Target | None = None,
        keymap: Mapping[str, str] | None = None,
        settings: Settings | None = None,
        connect_message: str = "",
    ) -> None:
        super().__init__()
        if keymap:
            self.set_keymap(dict(keymap))
        self.has_plan = document is not None
        """Whether a plan is open; without one the app starts on the plan picker of ``target``, or on connecting."""
        if document is None and target is None and settings is None:
            raise ValueError("give a plan, a target whose plans to pick from, or the settings to connect with")
        self.settings = settings
        self._connect_message = connect_message
        document = document if document is not None else Document({})
        self.document = document
        """The plan being edited: the truth."""
        self.validator: Validator | None = None
        """The validator, once the API reference's models have loaded (see :attr:`ready`)."""
        self.issues: list[Issue] = []
        """What the validator found in the document as it is now."""
        self.plan_title = title or (document.source.name if document.source else "plan")
        self.target = target
        """Where the plan came from on ServiceStage and goes back to; None for a plan opened from a file."""
        self.opened: dict[str, JSON] = document.baseline
        """The plan as the server last held it to our knowledge: the lost-update check compares with it.

        Shared with the document's baseline, never changed in place (a copy of a large plan costs a quarter
        of a second).
        """
        self._sending: Worker[None] | None = None
        self._draft_timer: Timer | None = None
        self._draft_since = 0.0
        """When the oldest edit the draft does not hold yet was made (``monotonic``), while the timer is armed."""
        self._draft_offered = False
        """Whether a draft is being offered (and must be left alone until the person chooses)."""
        self._draft_lock = threading.Lock()
        self._draft_serial = 0
        self._draft_written = 0
        self._draft_place: tuple[str, str] | None = None
        """The plan's draft: its key and where the plan lives (see :mod:`tui.drafts`)."""
        self._draft_claim: Claim | None = None
        """The lock that makes the plan's draft this process's own (see :func:`tui.drafts.claim`)."""
        self.server_issues: list[Issue] = []
        """The fields the server's last refusal named, shown with the plan's issues until each is edited."""
        self.last_report: Report | None = None
        """How the last update or save ended, whole (``f6`` shows it)."""
        self._sending_to = ""
        """The URL of the update in flight."""
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
        return self.validator is not None

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for the platform; on Linux and macOS one that survives the terminal going away."""
        driver = super().get_driver_class()
        try:
            from textual.drivers.linux_driver import LinuxDriver
        except ImportError:  # Windows: no termios
            return driver
        return _hang_up_driver() if driver is LinuxDriver else driver

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        if self.has_plan:
            self.push_screen(PlanEditorScreen(self.plan_title))
            self._offer_draft()
        elif self.target is not None:
            self.push_screen(self._picker(self.target))
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
        """A worker that failed (the picker's list, say) is a message and the editor goes on, edits and all.

        Any other error still ends the app as Textual ends it. The failure is kept for ``run_test`` to raise at
        the end, so that a bug in a worker still fails its test.
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
        said = printable(redact(f"{type(cause).__name__}: {cause}"))[:300]
        message = f"Internal error, your edits are kept: {said}; {details_hint()}"
        self.notify(message, severity="error", markup=False, timeout=30)
        self._report(internal_error(cause))

    def on_unmount(self) -> None:
        # The kernel lets go of the draft's lock when the process ends; an app run inside a longer one lets go here.
        if self._draft_claim is not None:
            self._draft_claim.release()
            self._draft_claim = None

    def _start_loading(self) -> None:
        # After the first frame: a thread importing the models beside it would slow that frame down.
        self.run_worker(self._load_reference, thread=True, exclusive=True, group="reference", exit_on_error=True)

    def _load_reference(self) -> None:
        """Load the models and check the whole plan, in a thread, while the tree is already on the screen.

        Nothing edits the document meanwhile: every edit waits for :attr:`ready`.
        """
        from tui.validation import Validator  # the models: about a third of start-up, so not before the first frame

        validator = Validator()
        document = self.document
        state = document.state
        issues = validator.validate(document.data)
        self.call_from_thread(self._reference_loaded, validator, document, state, issues)

    def _reference_loaded(self, validator: Validator, document: Document, state: int, issues: list[Issue]) -> None:
        self.validator = validator
        checked = document is self.document and document.state == state  # not another plan, nor a restored draft
        self.issues = issues if checked else validator.validate(self.document.data)
        editor = self.editor
        if editor is not None and editor.is_mounted:
            editor.reference_loaded(self.issues)

    # -- opening plans

    def _picker(self, target: Target) -> Screen[None]:
        from screens.picker import PlanPickerScreen

        return PlanPickerScreen(replace(target, plan_id=""), plan_open=self.has_plan)

    def connected(self, target: Target) -> None:
        """Go on to the plan picker of ``target`` (a profile was chosen or made)."""
        self.target = target
        self.switch_screen(self._picker(target))

    def open_plan(self, document: Document, title: str, target: Target | None) -> None:
        """Edit ``document`` (from ``target``, or from a file when None) in place of the plan picker.

        The plan open until now keeps its draft (written first), to be offered when it is opened again.
        """
        if self.has_plan:
            self.save_draft(now=True)
        self._let_go_of_draft()
        self.document = document
        self.plan_title = title
        self.target = target
        self.opened = document.baseline
        self.server_issues = []
        self.has_plan = True
        if self.validator is not None:
            self.issues = self.validator.validate(document.data)
        self.switch_screen(PlanEditorScreen(title))
        self._offer_draft()

    def open_plan_back(self) -> bool:
        """Go back from the picker to the plan that is open; False when none is."""
        if not self.has_plan:
            return False
        self.switch_screen(PlanEditorScreen(self.plan_title))
        return True

    def action_open_other(self) -> None:
        """Go to the plan picker to open another plan of the same project (asks first about unsent edits)."""
        if self.target is None:
            self.notify("This plan came from a file; relplan edit --plan-id opens one from the server.", markup=False)
            return
        if self.sending:
            self.notify("An update is on its way; wait for its answer or press escape first.", markup=False)
            return
        target = self.target
        self.switch_screen(self._picker(target))

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
        if self.has_plan and self.target is not None and self.target.plan_id == plan_id:
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
        if not (self.has_plan and self.document.dirty):
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
        if self.target is not None:
            self._check_server(event.control, self.target, self.opened)

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

    # -- applying edits

    def changed(self, paths: list[Path], *, typing: Path | None = None) -> None:
        """Re-check what ``paths`` can affect and show the result."""
        assert self.validator is not None, "edits wait for the reference to load"
        self.server_issues = [
            issue for issue in self.server_issues if not any(issue.path[: len(path)] == path for path in paths)
        ]
        self.issues = self.validator.revalidate(self.document.data, paths) + self.server_issues
        if self._draft_timer is None:
            self._draft_since = monotonic()
            self._draft_timer = self.set_timer(DRAFT_AFTER, self.save_draft)
        editor = self.editor
        if editor is not None:
            editor.show_document(paths, self.issues, typing=typing)
        if monotonic() - self._draft_since >= DRAFT_AFTER:  # keys queued ahead of the timer hold it back: write now
            self.save_draft()

    @on(FieldEditor.Edited)
    def _typed(self, event: FieldEditor.Edited) -> None:
        spec = _spec_at(event.path)
        if event.text == "" and (spec is None or not spec.required):
            if self.document.has(event.path):
                self.changed([self.document.delete(event.path)], typing=event.path)
            return
        value: JSON = spec.parse(event.text) if spec is not None else _unknown(event.text)
        if self.document.has(event.path) and self.document.get(event.path) == value:
            return
        self.changed([self.document.set(event.path, value, typing=True)], typing=event.path)

    @on(FieldEditor.Chosen)
    def _chosen(self, event: FieldEditor.Chosen) -> None:
        if isinstance(event.value, Unset):
            if self.document.has(event.path):
                self.changed([self.document.delete(event.path)])
            return
        if self.document.has(event.path) and self.document.get(event.path) == event.value:
            return
        typing = event.path if event.typing else None
        self.changed([self.document.set(event.path, event.value, typing=event.typing)], typing=typing)

    @on(FieldEditor.AddRequested)
    def _add_field(self, event: FieldEditor.AddRequested) -> None:
        spec = _spec_at(event.path)
        if spec is None:
            return
        self.changed([self.document.set(event.path, template(spec, self.document.data))])
        editor = self.editor
        if editor is not None:
            editor.go_to(event.path)

    def add_item(self, path: Path) -> Path | None:
        """Add a new item to the list at ``path`` (or after the list item at ``path``); returns its path."""
        target = self._list_and_index(path)
        if target is None:
            self.notify("Put the cursor on a list or a list item to add to it.", severity="warning")
            return None
        list_path, index = target
        spec = _spec_at((*list_path, 0))
        value = template(spec, self.document.data) if spec is not None else {}
        self.changed([self.document.insert((*list_path, index), value)])
        return (*list_path, index)

    def delete(self, path: Path) -> Path:
        """Delete the node at ``path``; returns where the cursor should go."""
        self.changed([self.document.delete(path)])
        parent = path[:-1]
        if isinstance(path[-1], int):
            siblings = self.document.get(parent)
            if isinstance(siblings, list) and siblings:
                return (*parent, min(path[-1], len(siblings) - 1))
        return parent

    def duplicate(self, path: Path) -> Path | None:
        """Insert a copy of the list item at ``path`` just after it; returns the copy's path."""
        if not path or not isinstance(path[-1], int):
            self.notify("Put the cursor on a list item to duplicate it.", severity="warning")
            return None
        copy = copy_json(self.document.get(path))
        if path[:1] == ("components",) and len(path) == 2 and isinstance(copy, dict):
            copy["component_id"] = ""
            if isinstance(copy.get("name"), str):
                copy["name"] = f"{copy['name']}-copy"
        new = (*path[:-1], path[-1] + 1)
        self.changed([self.document.insert(new, copy)])
        return new

    def move(self, path: Path, step: int) -> Path | None:
        """Move the list item at ``path`` by ``step`` places; returns its new path."""
        if not path or not isinstance(path[-1], int):
            self.notify("Put the cursor on a list item to move it.", severity="warning")
            return None
        siblings = self.document.get(path[:-1])
        to = path[-1] + step
        if not isinstance(siblings, list) or not 0 <= to < len(siblings):
            return path
        self.changed([self.document.move(path, to)])
        return (*path[:-1], to)

    def replace(self, path: Path, value: JSON) -> None:
        """Replace the node at ``path`` with ``value`` (from the JSON editor)."""
        try:
            self.changed([self.document.set(path, value)])
        except RelplanError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def undo(self) -> bool:
        """Undo the last edit; False when there was none."""
        touched = self.document.undo()
        if touched:
            self.changed(touched)
        return bool(touched)

    def redo(self) -> bool:
        """Redo the last undone edit; False when there was none."""
        touched = self.document.redo()
        if touched:
            self.changed(touched)
        return bool(touched)

    def _list_and_index(self, path: Path) -> tuple[Path, int] | None:
        """Where an added item goes: the end of the list at ``path``, or just after the list item at ``path``."""
        value = self.document.get(path)
        if isinstance(value, list):
            return path, len(value)
        if path and isinstance(path[-1], int):
            return path[:-1], path[-1] + 1
        return None

    # -- saving and quitting

    def action_save(self) -> None:
        """Save to the file the plan came from, or ask where."""
        if self.document.source is not None:
            self._save(self.document.source)
            return

        def chosen(path: FilePath | None) -> None:
            if path is not None:
                self._save(path)

        name = self.document.data.get("name")
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") if isinstance(name, str) else ""
        from screens.save_as import SaveAsScreen  # the modal screens are imported when first used

        self.push_screen(SaveAsScreen(f"{stem or 'plan'}.json"), chosen)

    def _save(self, path: FilePath, *, over_disk: bool = False) -> None:
        from tui.jsonfiles import ChangedOnDiskError, ReadOnlyError
        from tui.text import printable

        try:
            saved = self.document.save(path, over_disk=over_disk)
        except ChangedOnDiskError as exc:
            self._disk_changed(exc)
            return
        except ReadOnlyError as exc:  # the only way on is another file: ask for one at once
            self._not_saved(path, exc)
            self._save_as()
            return
        except RelplanError as exc:
            self._not_saved(path, exc)
            return
        self.save_draft()  # clean now, the draft goes; unless the server does not have these edits yet
        unsent = " · the server does not have these edits yet: ctrl+r sends them" if self._unsent() else ""
        self.notify(f"Saved {printable(str(saved))}{unsent}", markup=False)

    def _not_saved(self, path: FilePath, exc: RelplanError) -> None:
        report = not_saved(str(path), exc)
        self.notify(report.line, severity="error", markup=False)
        self._report(report)

    def _save_as(self) -> None:
        def chosen(path: FilePath | None) -> None:
            if path is not None:
                self._save(path)

        from screens.save_as import SaveAsScreen

        source = self.document.source
        suggestion = source.with_name(f"{source.stem}-mine{source.suffix}") if source is not None else "plan.json"
        self.push_screen(SaveAsScreen(str(suggestion)), chosen)

    def _disk_changed(self, exc: ChangedOnDiskError) -> None:
        """The file changed on disk since it was read: show what changed there and ask what to do."""
        from screens.disk_changed import DiskChangedScreen
        from tui.document import decode, diff, parse_json, parse_toml, plan_format

        disk = self.document.disk
        assert disk is not None
        theirs: dict[str, JSON] | None = None
        unreadable = ""
        try:
            text = decode(exc.now.raw)
            theirs = parse_toml(text) if plan_format(exc.path) == "toml" else parse_json(text)
            was = decode(disk.raw)
            base = parse_toml(was) if plan_format(exc.path) == "toml" else parse_json(was)
        except RelplanError as problem:
            unreadable, theirs = str(problem), None
        changes = diff(base, theirs) if theirs is not None else None

        def chosen(choice: DiskChoice | None) -> None:
            from screens.disk_changed import DiskChoice

            if choice is DiskChoice.OVERWRITE:
                self._save(exc.path, over_disk=True)
            elif choice is DiskChoice.SAVE_AS:
                self._save_as()
            elif choice is DiskChoice.RELOAD and theirs is not None:
                self._reload_on_top(base, theirs, exc)

        self.push_screen(DiskChangedScreen(exc.path.name, changes, unreadable), chosen)

    def _reload_on_top(self, base: dict[str, JSON], theirs: dict[str, JSON], exc: ChangedOnDiskError) -> None:
        """Take what the file holds now and put this editor's edits on top (one undo step); conflicts are said."""
        from tui.jsonfiles import FileStyle
        from tui.merge import merge3

        merged = merge3(base, theirs, self.document.data)
        if self.target is None:  # a file's review compares with the file; a server plan's with the server
            self.document.rebase(theirs)
        self.document.disk = exc.now
        self.document.style = FileStyle.of(exc.now.raw)
        self.document.set((), merged.plan)
        self.document.mark_saved(-1)  # not what the file holds: ctrl+s is still to do
        self._changed_everything()
        if merged.conflicts:
            paths = ", ".join(format_path(path) for path in merged.conflicts[:5])
            more = f" and {len(merged.conflicts) - 5} more" if len(merged.conflicts) > 5 else ""
            self.notify(
                f"Reloaded {exc.path.name}; {len(merged.conflicts)} value(s) changed on disk and here too, yours kept: "
                f"{paths}{more}. ctrl+s saves, ctrl+z takes the reload back.",
                severity="warning",
                timeout=20,
                markup=False,
            )
        else:
            self.notify(f"Reloaded {exc.path.name} with your edits on top; ctrl+s saves it.", markup=False)

    def _changed_everything(self) -> None:
        if self.validator is not None:
            self.changed([()])
        else:  # the plan is checked once the reference has loaded (see ``_reference_loaded``)
            editor = self.editor
            if editor is not None:
                editor.show_document([()], self.issues)
            self._draft_timer = self.set_timer(DRAFT_AFTER, self.save_draft)

    def _unsent(self) -> bool:
        """Whether a plan from the server has edits the server does not have (saved to a file or not)."""
        return (
            self.target is not None
            and bool(self.target.plan_id)
            and not same_json(self.document.data, self.document.baseline)
        )

    # -- reviewing and sending

    @property
    def sending(self) -> bool:
        """Whether an update is in flight."""
        return self._sending is not None

    def review(self) -> None:
        """Open the review of what would be sent, and send if the person says so."""
        if self.target is None:
            self.notify(
                "This plan came from a file, so there is no server to send it to; ctrl+s saves it.", markup=False
            )
            return
        if self.sending:
            self.notify("An update is already on its way; escape stops waiting for it.", markup=False)
            return
        from screens.review import ReviewScreen

        errors, warnings = counts(self.issues)
        screen = ReviewScreen(self.document.changes(), self.document, errors, warnings, self.target)
        self.push_screen(screen, self._reviewed)

    def _reviewed(self, choice: Review | None) -> None:
        from screens.review import Review

        self.workers.cancel_group(self, "review-check")  # its answer has no screen to go to now
        if choice is not None:
            self.send(overwrite=choice is Review.OVERWRITE)

    def send(self, *, overwrite: bool = False) -> None:
        """Send the plan as it is now; without ``overwrite``, only if the server still holds what was opened."""
        if self.target is None or self.sending:
            return
        if self.server_issues:
            self._show_server_issues([])  # what the last refusal said no longer holds
        from tui.client import put_body

        try:
            body = put_body(self.document.data)  # what is sent, as bytes: a fraction of a copy's cost on a big plan
        except RelplanError as exc:
            self._report(failed(exc, self.target.endpoint))
            return
        self._sending = self.run_worker(
            self._submit(self.target, body, self.document.state, overwrite),
            group="send",
            exclusive=True,
            exit_on_error=False,
        )

    def stop_waiting(self) -> bool:
        """Stop waiting for the update in flight (the server may still apply it); False when there is none."""
        worker, self._sending = self._sending, None
        if worker is None:
            return False
        worker.cancel()
        status = self._status()
        seconds = status.elapsed if status is not None else 0.0
        self._report(stopped(seconds, self._sending_to))
        return True

    async def _submit(self, target: Target, body: bytes, state: int, overwrite: bool) -> None:
        """Send ``body`` (the document in ``state``); edits made while it is on its way stay edits."""
        from tui.errors import StatusError

        self._sending_to = url = target.endpoint
        plan: dict[str, JSON] = await asyncio.to_thread(json.loads, body)  # a copy made off the screen's thread
        try:
            async with target.client() as client:
                self._sending_to = url = client.plan_url(target.plan_id)
                status = self._status()
                if status is not None:
                    status.sending("PUT", url)
                submission = await client.submit(target.plan_id, plan, opened=None if overwrite else self.opened)
        except Exception as exc:  # RelplanError, or a bug: either way an outcome on the screen, never a spinner
            self._report(failed(exc, url))
            if isinstance(exc, StatusError) and 400 <= exc.status < 500:
                self._mark_named_fields(exc.error_msg or exc.body, plan)
        else:
            arrival = submission.arrival
            if submission.unexpected is None or arrival.verified:  # the server took it: the next check compares
                self.opened = plan
            if arrival.verified:
                self.document.rebase(plan)
                self.document.mark_saved(state)  # edits typed meanwhile stay unsaved, and in the draft
                self.save_draft()
            self._report(sent(submission))
        finally:
            if self._sending is get_current_worker():
                self._sending = None

    def _mark_named_fields(self, message: str, sent: JSON) -> None:
        """Mark the fields a refusal names, where they still are in the plan and not already marked as errors."""
        from tui.outline import server_issues

        flagged = {issue.path for issue in self.issues if issue.severity is Severity.ERROR}
        named = [  # what the plan's own check already says is not repeated
            issue
            for issue in server_issues(message, sent)
            if self.document.has(issue.path) and issue.path not in flagged
        ]
        if named and self.validator is not None:
            self._show_server_issues(named)

    def _show_server_issues(self, named: list[Issue]) -> None:
        """Put ``named`` in place of what the server's last refusal said, beside the plan's own issues."""
        self.server_issues = named
        self.issues = [issue for issue in self.issues if issue.code != "server"] + named
        editor = self.editor
        if editor is not None:
            editor.show_issues(self.issues)

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

    def _report(self, report: Report) -> None:
        """Show how the last update or save ended on the status line; ``f6`` tells it whole."""
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
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not enabled or binding.action in seen or binding.action in {"command_palette", "quit", "help"}:
                continue
            seen.add(binding.action)
            keys = self.get_key_display(binding)
            yield SystemCommand(
                binding.description or binding.action,
                f"{keys} · {binding.id or binding.action}",
                partial(self.run_action, binding.action, node),
            )
        yield SystemCommand("Help", "f1 · every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        """Quit, asking first when there are edits neither saved nor sent (they are kept as a draft)."""
        if not self.document.dirty and not self._unsent():
            self.exit()
            return
        kept = self.save_draft(now=True)

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        from screens.confirm import ConfirmScreen
        from tui.datadir import is_temporary

        edits = "edits the server does not have" if self._unsent() or self.target else "unsaved edits"
        if is_temporary():  # the demo: its drafts, like its plans, end with it
            after = "The demo's drafts end with it: they will be lost."
        elif kept:
            after = "They are kept as a draft, offered when you open the plan again."
        else:
            after = "They will be lost."
        self.push_screen(ConfirmScreen(f"There are {edits}. {after} Quit?", yes="Quit"), answered)

    # -- drafts

    def _where_drafts_go(self) -> tuple[str, str] | None:
        from tui.drafts import draft_key

        target = self.target
        if target is not None and target.plan_id:
            server = target.place or target.endpoint
            where = f"{server} · project {target.project_id} · plan {target.plan_id}"
            return draft_key(endpoint=server, project_id=target.project_id, plan_id=target.plan_id), where
        if self.document.source is not None:
            return draft_key(path=self.document.source), str(self.document.source)
        return None

    def save_draft(self, *, now: bool = False) -> bool:
        """Keep the plan as a draft when it has edits neither saved nor sent, else remove its draft.

        Edits write the draft within :data:`DRAFT_AFTER` seconds: the bytes are made here, the file is written
        in a thread. ``now`` writes it before returning (on quitting and on signals). False when there is
        nowhere to keep it or it could not be written.
        """
        from tui.drafts import encode_draft

        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self.has_plan:
            return False
        if self._draft_offered:  # the draft on disk waits for the person's choice: leave it as it is
            return True
        self._draft_place = self._draft_place or self._claim_draft()
        if self._draft_place is None:
            return False
        key, where = self._draft_place
        self._draft_serial += 1
        data = None
        if self.document.dirty or self._unsent():
            data = encode_draft(where, self.plan_title, self.document.data, self.document.baseline, time.time())
        if now:
            return self._write_draft(key, data, self._draft_serial)
        # A thread of its own, not a worker: a worker's thread starts only when the event loop gets a turn, which a
        # burst of keys can hold back for seconds. Not a daemon: a write under way finishes before the process ends.
        threading.Thread(
            target=self._write_draft, args=(key, data, self._draft_serial), name="relplan-draft", daemon=False
        ).start()
        return True

    def _write_draft(self, key: str, data: bytes | None, serial: int) -> bool:
        """Write (or, with no data, remove) a draft, unless a later one has been written already."""
        from tui.drafts import remove_draft, write_draft

        failure = None
        with self._draft_lock:
            if serial > self._draft_written:
                try:
                    if data is None:
                        remove_draft(key)
                    else:
                        write_draft(key, data)
                    self._draft_written = serial
                except (RelplanError, OSError) as exc:
                    failure = f"The draft could not be written: {exc}"
        if failure is None:
            return True
        if threading.current_thread() is threading.main_thread():
            self.notify(failure, severity="error", markup=False)
        else:  # not waiting for the main thread: it may be waiting for this lock
            self._event_loop.call_soon_threadsafe(partial(self.notify, failure, severity="error", markup=False))
        return False

    def _claim_draft(self) -> tuple[str, str] | None:
        """Make the plan's draft this process's own (see :func:`tui.drafts.claim`); returns its key and where.

        When another relplan holds the plan's draft, this one gets a draft of its own, and the screen says who
        has the plan open.
        """
        from tui.drafts import claim

        place = self._where_drafts_go()
        if place is None:
            return None
        self._let_go_of_draft()
        try:
            self._draft_claim = claimed = claim(place[0])
        except (RelplanError, OSError) as exc:
            self.notify(f"Drafts cannot be kept: {exc}", severity="error", markup=False)
            return None
        if claimed.other is not None:
            said = claimed.other.describe()
            editor = self.editor
            if editor is not None:
                editor.sub_title = said
            self.notify(
                f"This plan is {said}. Your edits go to a draft of their own, and ctrl+s checks the file first.",
                severity="warning",
                timeout=30,
                markup=False,
            )
        return claimed.key, place[1]

    def _let_go_of_draft(self) -> None:
        if self._draft_claim is not None:
            self._draft_claim.release()
            self._draft_claim = None
        self._draft_place = None

    def _offer_draft(self) -> None:
        """Take the plan's draft; when one left by an editor that ended differs from the plan, offer to restore it.

        Drafts that cannot be read are said, by the name they are kept under. When several editors left drafts,
        the newest is offered; the others stay, to be offered when the plan is opened again.
        """
        from tui.drafts import broken_drafts, orphans, remove_draft
        from tui.text import printable

        place = self._where_drafts_go()
        self._draft_place = self._claim_draft()
        if place is None or self._draft_place is None or self._draft_claim is None:
            return
        own = self._draft_claim.key
        found = []
        for draft in orphans(place[0], own=own):  # a draft that cannot be read is set aside here, to be said next
            if same_json(draft.plan, self.document.data):
                remove_draft(draft.key)  # nothing in it that the plan does not hold
            else:
                found.append(draft)
        for broken in broken_drafts(key=place[0]):
            folder = printable(str(broken.file.parent))
            self.notify(
                f"A draft exists but cannot be read; kept as {broken.file.name} in {folder}",
                severity="error",
                timeout=30,
                markup=False,
            )
        if not found:
            return
        draft = found[0]
        if len(found) > 1:
            others = len(found) - 1
            self.notify(
                f"{others} more draft{'s' * (others != 1)} of this plan {'are' if others != 1 else 'is'} kept: "
                "offered when the plan is opened again; relplan drafts lists them.",
                timeout=20,
                markup=False,
            )
        from screens.draft import DraftChoice, DraftScreen

        moved = not same_json(draft.baseline, self.document.baseline)

        def chosen(choice: DraftChoice | None) -> None:
            self._draft_offered = False
            if choice is DraftChoice.RESTORE:
                self._restore(draft)
            elif choice is DraftChoice.DISCARD:
                remove_draft(draft.key)

        self._draft_offered = True
        self.push_screen(DraftScreen(draft, self.document.data, baseline_moved=moved), chosen)

    def _restore(self, draft: Draft) -> None:
        """Put a draft's plan in the document, as an edit that undo takes back.

        A plan from a server: the document's baseline and the lost-update check go back to what the draft was made
        against, so the review lists the draft's edits as changes, and flags whatever changed on the server
        meanwhile. A file that changed since the draft was made: the draft's edits go on top of what the file
        holds now (a three-way merge), so nothing saved since is undone.
        """
        from tui.drafts import remove_draft

        plan, conflicts = draft.plan, []
        if self.target is None and not same_json(draft.baseline, self.document.baseline):
            from tui.merge import merge3

            merged = merge3(draft.baseline, self.document.data, draft.plan)
            plan, conflicts = merged.plan, merged.conflicts
        else:
            self.document.rebase(draft.baseline)
            self.opened = self.document.baseline
        self.document.set((), plan)
        self._changed_everything()
        left_by_another = self._draft_place is not None and draft.key != self._draft_place[0]
        if left_by_another and self.save_draft(now=True):  # this editor's own draft holds it now: the old can go
            remove_draft(draft.key)
        if conflicts:
            paths = ", ".join(format_path(path) for path in conflicts[:5])
            self.notify(
                f"The draft is restored on top of the file as it is now; the draft's value is kept where both "
                f"changed: {paths}. ctrl+z takes it back.",
                severity="warning",
                timeout=20,
                markup=False,
            )
        else:
            self.notify("The draft is restored; ctrl+z takes it back.", markup=False)

    def signalled(self) -> bool:
        """A hang-up, SIGTERM or SIGINT: write the draft when there are edits, then have the app exit with status 1.

        Called from a signal handler, so at any point of the main thread, the event loop's own work included: the
        draft is written here and now, the exit is queued on the loop. False when the app's loop is not running
        (before or after ``run``), for the caller to end the process itself. An existing draft is never removed
        here: a hang-up before it has been offered must not lose it.
        """
        if self.has_plan and self.document.dirty:
            self.save_draft(now=True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if not self.is_running:
            return False
        loop.call_soon_threadsafe(partial(self.exit, return_code=1))
        return True


class _TerminalOutput:
    """The terminal's output for Textual's writer thread: after a write fails, the terminal is gone, writes dropped.

    Textual's writer thread dies on the first failed write, and the app's next 30 writes then wait forever for it:
    a terminal lost during start-up left a process that never exited and ignored SIGTERM.
    """

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False
        """Whether a write failed (the terminal hung up); from then on nothing is written."""

    def write(self, text: str) -> int:
        """Write ``text`` to the terminal, or drop it when the terminal is gone."""
        if not self.gone:
            try:
                self._file.write(text)
            except (OSError, ValueError):
                self._lost()
        return len(text)

    def flush(self) -> None:
        """Flush the terminal's output, unless the terminal is gone."""
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lost()

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def isatty(self) -> bool:
        """Whether the output is a terminal."""
        return self._file.isatty()

    def _lost(self) -> None:
        self.gone = True
        _hang_up()


def _hang_up() -> None:
    """The terminal is gone without a SIGHUP (it was not the controlling terminal): act as if one came."""
    os.kill(os.getpid(), signal.SIGHUP)


def _hang_up_driver() -> type[Driver]:
    """Textual's Linux driver, made to survive a terminal that goes away: output dropped, input ends in a hang-up."""
    from textual.drivers.linux_driver import LinuxDriver

    class HangUpDriver(LinuxDriver):
        """A Linux driver whose lost terminal ends the app as a SIGHUP does, instead of blocking it forever."""

        def __init__(self, app: App[Any], **options: Any) -> None:
            super().__init__(app, **options)
            assert self._file is not None, "Textual writes to the process's stderr"
            self._file = cast("Any", _TerminalOutput(self._file))  # a file to the writer thread, whatever its type

        def run_input_thread(self) -> None:
            """Read keys; a read that fails (EIO once the terminal hangs up) is a hang-up, not a crash."""
            try:
                super().run_input_thread()
            except OSError:
                _hang_up()

    return HangUpDriver


def _spec_at(path: Path) -> FieldSpec | None:
    """The field spec at ``path``; the models load on first use, after the first frame (see ``_load_reference``)."""
    from tui.schema import spec_at

    return spec_at(path)


def _unknown(text: str) -> JSON:
    """A value typed into a field the reference does not list: JSON when it parses, else the text as typed."""
    try:
        value: JSON = json.loads(text)
    except ValueError:
        return text
    return value

"""The work the screens ask for: opening plans from the picker, connecting, and the review's lost-update check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from screens.editor import PlanEditorScreen
from tui.document import Document
from tui.errors import ClientError, RelplanError, SettingsError
from tui.session import EditSession
from tui.shell.saving import Saving
from tui.text import printable
from tui.types import JSON

if TYPE_CHECKING:
    from screens.connect import ConnectScreen
    from screens.picker import PlanPickerScreen
    from screens.review import ReviewScreen
    from tui.connecting import Connecting, NewProfile
    from tui.settings import Settings
    from tui.target import Target

__all__ = ["ScreensWork"]


class ScreensWork(Saving):
    """Opens plans, connects with a profile and checks the server for the review, in workers the screens ask for."""

    settings: Settings | None
    read_only: bool
    _connecting: Connecting | None

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
        self.switch_screen(PlanEditorScreen(self.session, read_only=self.read_only))
        self._offer_draft()
        self.call_after_refresh(self.session.document.keep_baseline)  # the plan as opened; edits copy what they change

    def open_plan_back(self) -> bool:
        """Go back from the picker to the plan that is open; False when none is."""
        if not self.has_plan:
            return False
        self.switch_screen(PlanEditorScreen(self.session, read_only=self.read_only))
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

    @work(exclusive=True, group="picker", description="list the plans")
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

    @work(exclusive=True, group="picker", thread=True, description="read a typed plan")
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

    @work(exclusive=True, group="picker", description="fetch a plan")
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

    @work(exclusive=True, group="connect", thread=True, description="find the target")
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

    @work(exclusive=True, group="connect-check", description="check a new profile")
    async def _check_profile(self, screen: ConnectScreen, attempt: Connecting, target: Target, new: NewProfile) -> None:
        from tui.connecting import check_profile

        try:
            await check_profile(target)
        except RelplanError as exc:
            self._connect_failed(screen, attempt, f"Not saved: {exc}")
            return
        if attempt is self._connecting and attempt.start_saving():
            self._save_profile(screen, attempt, target, new)

    @work(exclusive=True, group="connect-save", thread=True, description="save a new profile")
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
        session = self.session
        if session.target is not None:
            sent = session.last_sent.plan if session.last_sent is not None else None
            self._check_server(event.control, session.target, session.opened, sent)

    @work(exclusive=True, group="review-check", description="fetch the plan to compare")
    async def _check_server(
        self, review: ReviewScreen, target: Target, opened: Mapping[str, JSON], sent: Mapping[str, JSON] | None
    ) -> None:
        from tui.opening import check_on_server

        try:
            check = await check_on_server(target, opened, sent)
        except ClientError as exc:
            if self._showing(review):
                review.check_failed(str(exc))
            return
        if check.ours and self.session.sent_arrived():  # our own update arrived; its answer never came
            self.save_draft()
            self.notify("The server holds exactly what you last sent: it arrived, and is taken as sent.", markup=False)
            if self._showing(review):  # its changes were counted from before: reviewed again from what was sent
                review.dismiss(None)
                self.call_later(self.review)
            return
        merge = None
        if check.changes:  # theirs merged under mine, off the screen's thread: a large plan takes a while
            from tui.merge_review import ServerMerge

            mine = self.session.document.data  # the review is over the editor: nothing edits it meanwhile
            merge = await asyncio.to_thread(ServerMerge.of, dict(opened), check.now, mine)
        if self._showing(review):
            review.show_server_changes(check.changes, merge)

"""The App's side of sending: the review, the update in flight, and the status line that says how it ended."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.worker import Worker, get_current_worker

from screens.editor import PlanEditorScreen
from tui.errors import RelplanError
from tui.sending import InFlight, Report, failed, sent, stopped
from tui.shell.rebasing import Rebasing
from tui.types import JSON, Issue, counts
from widgets.request_status import RequestStatus

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.review import Review, ReviewScreen
    from tui.client import Arrival
    from tui.target import Target

__all__ = ["Sending"]


class Sending(Rebasing):
    """Reviews and sends the plan, counts the seconds of the update in flight, and reports how it ended."""

    _sending: Worker[None] | None
    last_report: Report | None
    in_flight: InFlight | None
    send_clock: Callable[[], float]
    _ticker: Timer | None

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
        self.push_screen(screen, partial(self._reviewed, screen))

    def _reviewed(self, screen: ReviewScreen, choice: Review | None) -> None:
        from screens.review import Review

        self.workers.cancel_group(self, "review-check")  # its answer has no screen to go to now
        if choice is Review.MERGE and screen.merge is not None:
            merge = screen.merge  # their changes go under mine, as one undo step; theirs is what the check expects
            self._show(self.session.merge_in(merge.merged, merge.theirs, f"Merged: {merge.summary()}"))
        if choice is not None:
            self.send(overwrite=choice is Review.OVERWRITE)

    def send(self, *, overwrite: bool = False) -> None:
        """Send the plan as it is now; without ``overwrite``, only if the server still holds what was opened."""
        session = self.session
        if session.target is None or self.sending:
            return
        self._show_issues(session.forget_server_issues())  # what the last refusal said no longer holds
        from tui.plan_wire import put_body

        try:
            body = put_body(session.document.data)  # what is sent, as bytes: a fraction of a copy's cost on a big plan
        except RelplanError as exc:
            self._report(failed(exc, session.target.endpoint))
            return
        self._sending = self.run_worker(
            self._submit(session.target, body, session.document.state, overwrite),
            group="send",
            exclusive=True,
            description="send the plan",
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
        from tui.errors import ClientError, StatusError
        from tui.server_check import SentPlan

        session = self.session
        url = target.endpoint
        flight = None
        plan: dict[str, JSON] = await asyncio.to_thread(json.loads, body)  # a copy made off the screen's thread
        before = session.last_sent  # a send whose answer never came: the server holding it is no one else's change

        def going(_: object) -> None:
            session.last_sent = SentPlan(body, plan, state)

        try:
            async with target.client() as client:
                url = client.plan_url(target.plan_id)
                self.in_flight = flight = InFlight.start("PUT", url, self.send_clock)
                self._tick()
                self._ticker = self._ticker or self.set_interval(0.1, self._tick)
                submission = await client.submit(
                    target.plan_id,
                    plan,
                    opened=None if overwrite else session.opened,
                    sending=going,
                    sent=None if before is None else before.plan,
                )
        except RelplanError as exc:
            if isinstance(exc, ClientError) and not exc.may_have_applied:  # refused or never sent: not on the server
                session.last_sent = before
            self._landed(flight, failed(exc, url))
            if isinstance(exc, StatusError) and 400 <= exc.status < 500:
                self._mark_named_fields(exc.error_msg or exc.body, plan)
        else:
            arrival = submission.arrival
            if submission.unexpected is None or arrival.verified:  # the server took it: the next check compares
                session.opened = plan
            if arrival.verified:
                session.document.rebase(plan)
                session.forget_merges()  # undoing a merge sent no longer brings back the baseline from before it
                session.document.mark_saved(state)  # edits typed meanwhile stay unsaved, and in the draft
                self.save_draft()
            self._landed(flight, sent(submission, plan))
            self.arrival_checked(arrival)
        finally:
            if self._sending is get_current_worker():
                self._sending = None

    def arrival_checked(self, arrival: Arrival) -> None:
        """An update was answered and the plan fetched again to check it (the release offers itself after)."""

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

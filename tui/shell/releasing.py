"""The App's side of releasing: the question before it, the execute call and the watch in a worker, the watch view,
the progress in the status line, and quitting while a release runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.worker import Worker, get_current_worker

from screens.editor_release import ReleaseKeys
from tui.errors import ClientError
from tui.sending import Outcome
from tui.shell.saving import Saving

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.release_watch import ReleaseWatchScreen
    from tui.client import Arrival
    from tui.release_watch import WatchEvent
    from tui.releasing import PlanFacts, Release, ReleaseCalls
    from tui.target import Target

# The release's own modules (its stages, the watch, the calls) load with the first release: an editor that never
# releases does not pay for them at start-up.

__all__ = ["Releasing"]

RELEASE_KEY = "editor.release"
WATCH_KEY = "editor.watch_release"
"""The ids of the editor's release keys, which the status line names as they are bound."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def _server_release(target: Target) -> ReleaseCalls:
    from tui.releasing import ServerRelease

    return ServerRelease(target)


class Releasing(Saving):
    """Releases the plan the server holds after asking, watches it in a worker, and shows it as it goes."""

    def __init__(self) -> None:
        super().__init__()
        self.release: Release | None = None
        """The release started last from this editor, as far as it was watched; None before the first."""
        self.release_calls: Callable[[Target], ReleaseCalls] = _server_release
        """Makes the release's calls for a plan on a server (a test gives scripted answers)."""
        self.release_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        """How the watch waits between polls (a test waits on its own script)."""
        self.release_interval: float | None = None
        """Seconds between two polls of deploy-info (None: the watch's own, ``DEFAULT_INTERVAL``)."""
        self.release_now: Callable[[], int] = _now_ms
        """Where the watch view counts elapsed times to, in epoch milliseconds (a snapshot fixes it)."""
        self._watching: Worker[None] | None = None
        self._release_ticker: Timer | None = None
        """Counts down the seconds to the next try while contact is lost."""
        self._server_differs = ""
        """Why the server's plan may not be what was sent last, after an arrival check that did not verify it."""

    # -- after a send

    def arrival_checked(self, arrival: Arrival) -> None:
        """A verified send offers the release on the status line; a failed check is remembered for the question."""
        if arrival.verified:
            self._server_differs = ""
            status = self._status()
            if status is not None:
                status.offer(f"{self._key(RELEASE_KEY, 'f5')} Release")
        elif arrival.error is not None:
            self._server_differs = f"the check after the last send could not be made ({arrival.error})"
        else:
            self._server_differs = "fetched after the last send, it differed from what was sent"

    def _key(self, binding_id: str, default: str) -> str:
        """The key bound to the editor's ``binding_id`` (the config's ``[keymap]`` may move it)."""
        editor = self.editor
        if editor is not None:
            for _node, binding, _enabled, _tooltip in editor.active_bindings.values():
                if binding.id == binding_id:
                    return self.get_key_display(binding)
        return default

    # -- asking, then releasing

    @on(ReleaseKeys.ReleaseRequested)
    def _release_requested(self, event: ReleaseKeys.ReleaseRequested) -> None:
        self.ask_release()

    @on(ReleaseKeys.WatchRequested)
    def _watch_requested(self, event: ReleaseKeys.WatchRequested) -> None:
        self.show_release()

    def ask_release(self) -> None:
        """Ask before releasing the plan as the server holds it; refused with a message when there is none."""
        session = self.session
        target = session.target
        if target is None or not target.plan_id:
            self.notify(
                "There is nothing to release: this plan came from a file, with no connection to a server.",
                severity="warning",
            )
            return
        if self.release is not None and self.release.running:
            self.notify(
                f"A release of {self.release.facts.name} is already running; {self._key(WATCH_KEY, 'f7')} shows it.",
                severity="warning",
            )
            return
        if self.sending:
            self.notify("An update is on its way; release once its answer has come.", severity="warning")
            return
        differs = self._server_differs
        if not differs and session.unsent:
            differs = "the editor has edits the server does not have (ctrl+r sends them)"
        from screens.release_confirm import ReleaseConfirmScreen
        from tui.releasing import PlanFacts, confirmation

        facts = PlanFacts.of(session.opened, target.plan_id)

        def answered(yes: bool | None) -> None:
            if yes and not (self.release is not None and self.release.running):
                self._start_release(target, facts)

        self.push_screen(ReleaseConfirmScreen(confirmation(facts, differs)), answered)

    def _start_release(self, target: Target, facts: PlanFacts) -> None:
        from tui.releasing import Release

        release = self.release = Release(facts)
        self._watching = self.run_worker(
            self._run_release(self.release_calls(target), release),
            group="release",
            exclusive=True,
            description="release the plan and watch it",
        )
        self.show_release()
        self._release_changed(release)

    async def _run_release(self, calls: ReleaseCalls, release: Release) -> None:
        """Execute the plan, then poll deploy-info until every job ended; cancelled, the release goes on."""
        from tui.release_watch import DEFAULT_INTERVAL, ReleaseWatch
        from tui.releasing import Stage

        try:
            try:
                await calls.execute()
            except ClientError as exc:
                release.stopped(Stage.NOT_STARTED, str(exc))
                self._release_changed(release)
                return
            interval = DEFAULT_INTERVAL if self.release_interval is None else self.release_interval
            watch = ReleaseWatch(calls.deploy_info, interval=interval, sleep=self.release_sleep)
            try:
                info = await watch.run(partial(self._watched, release))
            except ClientError as exc:
                release.stopped(Stage.GAVE_UP, str(exc))
                self._release_changed(release)
                return
            release.ended(info)
            self._release_changed(release)
            self.bell()
        finally:
            if self._watching is get_current_worker():
                self._watching = None
            await calls.aclose()

    def _watched(self, release: Release, event: WatchEvent) -> None:
        from tui.release_watch import LostContact

        if isinstance(event, LostContact):
            release.lost(str(event.error), event.retry_in)
            if self._release_ticker is None:
                self._release_ticker = self.set_interval(1.0, partial(self._release_changed, release))
        else:
            release.polled(event.info, regained=event.regained)
        self._release_changed(release)

    def _release_changed(self, release: Release) -> None:
        """Show how ``release`` stands: in the watch view when it is open, and on the editor's status line."""
        if release is not self.release:
            return
        from tui.releasing import Stage

        if release.stage is not Stage.LOST and self._release_ticker is not None:
            self._release_ticker.stop()
            self._release_ticker = None
        view = self._watch_view()
        if view is not None:
            view.show(release)
        status = self._status()
        if status is not None:
            outcome = None
            if release.stage is Stage.ENDED:
                outcome = Outcome.FAILED if release.tally.failed else Outcome.OK
            elif release.stage in (Stage.NOT_STARTED, Stage.GAVE_UP):
                outcome = Outcome.FAILED
            elif release.stage is Stage.STOPPED:
                outcome = Outcome.WARNING
            status.releasing(f"{release.progress()} · {self._key(WATCH_KEY, 'f7')} shows it", outcome)
        if release.stage is Stage.ENDED and view is None:
            self.notify(f"Release of {release.facts.name} ended: {release.summary_line()}", timeout=10)

    # -- the watch view

    def _watch_view(self) -> ReleaseWatchScreen | None:
        from screens.release_watch import ReleaseWatchScreen

        return next((s for s in self.screen_stack if isinstance(s, ReleaseWatchScreen)), None)

    def show_release(self) -> None:
        """Open the watch view of the release being watched (or of the last one)."""
        if self.release is None:
            self.notify(f"No release has been started; {self._key(RELEASE_KEY, 'f5')} releases the plan.")
            return
        if self._watch_view() is not None:
            return
        from screens.release_watch import ReleaseWatchScreen

        self.push_screen(ReleaseWatchScreen(self.release, now_ms=self.release_now))

    def on_release_watch_screen_stop_requested(self, event: ReleaseWatchScreen.StopRequested) -> None:
        """Stop watching; the release goes on on the server."""
        self.stop_watching()

    def stop_watching(self) -> None:
        """Stop the watch (not the release, which goes on on the server), and say how to follow it."""
        release = self.release
        if release is None or not release.running:
            self.notify("The watch has ended already.")
            return
        from tui.releasing import Stage, follow_hint

        worker, self._watching = self._watching, None
        if worker is not None:
            worker.cancel()
        release.stopped(Stage.STOPPED)
        self._release_changed(release)
        self.notify(
            f"Stopped watching; the release goes on on the server: {follow_hint(release.facts.plan_id)} follows it.",
            timeout=10,
        )

    # -- quitting

    async def action_quit(self) -> None:
        """Quit; while a release is watched, say first that it goes on and how to follow it from the CLI."""
        release = self.release
        if release is None or not release.running:
            await super().action_quit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_next(self._quit_anyway)

        from screens.confirm import ConfirmScreen
        from tui.releasing import follow_hint

        question = (
            f"A release of {release.facts.name} is running on the server ({release.progress()}). Quitting stops "
            f"only the watching: the release goes on. Follow it from the command line with:\n\n"
            f"  {follow_hint(release.facts.plan_id)}\n\nQuit?"
        )
        self.push_screen(ConfirmScreen(question, yes="Quit"), answered)

    async def _quit_anyway(self) -> None:
        await super().action_quit()

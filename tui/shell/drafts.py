"""The App's side of the edit session: what it says, its draft's timer, the offer of a draft, and signals."""

from __future__ import annotations

import asyncio
import threading
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App

from screens.editor import PlanEditorScreen
from tui.draft_edits import DRAFT_AFTER
from tui.session import EditSession

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.edits import Changed, Notice

__all__ = ["Drafts"]


class Drafts(App[None]):
    """Wires the edit session to the screens, and keeps its draft: written on a timer, offered, written on signals."""

    has_plan: bool
    session: EditSession
    _draft_timer: Timer | None
    _event_loop: asyncio.AbstractEventLoop

    @property
    def editor(self) -> PlanEditorScreen | None:
        """The editor screen, when it is the one showing (or under a dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, PlanEditorScreen):
                return screen
        return None

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

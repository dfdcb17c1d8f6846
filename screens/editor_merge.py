"""The plan editor's merge keys: rebase the edits on the plan on the server (``ctrl+g``), and resolve the conflict
under the cursor by keeping yours (``M``) or taking theirs (``T``); each one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.screen import Screen

from tui.edits import Changed
from tui.session import EditSession
from tui.types import Path
from widgets.issues_panel import IssuesPanel

__all__ = ["NO_SERVER_PLAN", "MergeActions"]

NO_SERVER_PLAN = "This plan came from a file: there is no plan on a server to rebase on."
"""What the rebase key says on a plan from a file."""


class MergeActions(Screen[None]):
    """The editor's merge actions (the editor screen is one of these); the App fetches the server's plan."""

    session: EditSession
    read_only: bool
    show_change: Callable[[Changed | None], None]
    _node: Callable[[], Path]

    @dataclass
    class RebaseRequested(Message):
        """Fetch the plan on the server and merge it under the edits (handled by the App's ``Rebasing``)."""

        editor: MergeActions
        """The editor that asks."""

        @property
        def control(self) -> MergeActions:
            """The editor that asks."""
            return self.editor

    def action_rebase(self) -> None:
        """Fetch the plan on the server and merge it under the edits: theirs plus mine, conflicts as issues."""
        if self.read_only:
            self.notify("This view is read-only: nothing in it can be changed.", severity="warning", markup=False)
            return
        if self.session.target is None or not self.session.target.plan_id:
            self.notify(NO_SERVER_PLAN, severity="warning", markup=False)
            return
        if not self.session.ready:
            self.notify("The plan is still being checked; try again in a moment.", markup=False)
            return
        self.post_message(self.RebaseRequested(self))

    def action_take(self, side: str) -> None:
        """Resolve the conflict under the cursor (or the issue highlighted in the panel) by keeping yours or taking
        theirs."""
        from tui.merge import Take

        if self.read_only or not self.session.conflicts:
            self.notify("No conflict to resolve: ctrl+g rebases on the plan on the server.", markup=False)
            return
        changed = self.session.take(self._conflict_place(), Take(side))
        if changed is None:
            self.notify("No conflict here: n goes to the next issue.", markup=False)
            return
        self.show_change(changed)

    def _conflict_place(self) -> Path:
        """Where a take acts: the issue highlighted in the panel when it has the focus, else the cursor's node."""
        panel = self.query_one(IssuesPanel)
        if panel.has_focus and panel.highlighted is not None and panel.issues:
            return panel.issues[panel.highlighted].path
        return self._node()

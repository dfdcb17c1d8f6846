"""The plan editor's issue keys: ``n`` and ``N`` go to the next and the previous issue, from the field focused."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from tui.types import Path
from widgets.branch_row import BranchRow
from widgets.field_row import FieldRow, enclosing
from widgets.issues_panel import IssuesPanel
from widgets.item_rows import ItemRows
from widgets.unset_row import UnsetRow

__all__ = ["IssueSteps"]


class IssueSteps(Screen[None]):
    """The editor's keys that step through the issues (the editor screen is one of these)."""

    flush_issues: Callable[[], None]
    go_to: Callable[[Path], None]

    def action_next_issue(self) -> None:
        """Go to the next problem."""
        self._step_issue(backwards=False)

    def action_previous_issue(self) -> None:
        """Go to the previous problem."""
        self._step_issue(backwards=True)

    def _step_issue(self, *, backwards: bool) -> None:
        self.flush_issues()
        panel = self.query_one(IssuesPanel)
        focused = self.focused
        row = enclosing(focused, FieldRow) if focused is not None else None
        after = row.path if row is not None else focused.path if isinstance(focused, UnsetRow | BranchRow) else None
        if isinstance(focused, ItemRows):
            after = focused.item_path
        if after is None and panel.highlighted is not None and panel.issues:
            after = panel.issues[panel.highlighted].path
        issue = panel.next_issue(after, backwards=backwards)
        if issue is None:
            self.notify("No problems.")
            return
        self.go_to(issue.path)

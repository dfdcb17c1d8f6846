"""The issues panel: every error and warning of the plan, each a jump to the field that must change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from tui.readable import readable
from tui.text import plural, printable
from tui.types import JSON, Issue, Path, Severity, counts
from widgets.readable_text import path_text

__all__ = ["IssuesPanel"]


class IssuesPanel(Widget, can_focus=True):
    """A list of issues, two lines each (the problem, then where), with a highlight; ``enter`` jumps to one.

    It draws only the window of issues around the highlight, so a new list is a repaint: showing the issues as a
    person types never lays the screen out again.
    """

    COMPONENT_CLASSES = {"issues-panel--error", "issues-panel--warning", "issues-panel--path", "issues-panel--cursor"}
    """The marks of errors and warnings, the paths, and the highlighted issue."""

    DEFAULT_CSS = """
    IssuesPanel {
        height: 7;
        border-top: hkey $panel;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .issues-panel--error { color: $error; text-style: bold; }
        & > .issues-panel--warning { color: $warning; }
        & > .issues-panel--path { color: $text-muted; }
        & > .issues-panel--cursor { background: $boost; }
        &:focus > .issues-panel--cursor { background: $accent 40%; }
    }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Next", show=False, id="issues.down"),
        Binding("up,k", "move(-1)", "Previous", show=False, id="issues.up"),
        Binding("enter", "jump", "Go there", id="issues.jump"),
    ]

    @dataclass
    class JumpRequested(Message):
        """The person chose an issue (``on_issues_panel_jump_requested``)."""

        path: Path

    def __init__(self, *, id: str | None = None, plan: Callable[[], JSON] | None = None) -> None:
        """A panel whose paths name components as ``plan()`` (the plan as it is now) holds them."""
        super().__init__(id=id)
        self.plan: Callable[[], JSON] = plan or (lambda: None)
        """Reads the plan as it is now, to name the component of each issue's path (by index alone without it)."""
        self.issues: list[Issue] = []
        """The issues shown, in order."""
        self.highlighted: int | None = None
        """The index of the highlighted issue."""
        self._shown = False
        self.border_title = "checking…"

    def show_issues(self, issues: list[Issue]) -> None:
        """Show ``issues``; the highlight stays on the same issue when it is still there."""
        if issues == self.issues and self._shown:
            return
        self._shown = True
        kept = self.issues[self.highlighted] if self.highlighted is not None and self.issues else None
        self.issues = list(issues)
        if kept in self.issues:
            self.highlighted = self.issues.index(kept)
        elif self.issues and self.highlighted is not None:
            self.highlighted = min(self.highlighted, len(self.issues) - 1)
        else:
            self.highlighted = None
        errors, warnings = counts(self.issues)
        summary = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        self.border_title = summary if self.issues else "no issues"
        self.refresh()

    def render(self) -> Text:
        per_screen = max(1, self.content_size.height // 2)
        current = self.highlighted or 0
        first = max(0, min(current - per_screen // 2, len(self.issues) - per_screen))
        text = Text(no_wrap=True, overflow="ellipsis")
        for index in range(first, min(len(self.issues), first + per_screen)):
            issue = self.issues[index]
            kind = "error" if issue.severity is Severity.ERROR else "warning"
            line = Text()
            line.append("✗ " if kind == "error" else "! ", style=self.get_component_rich_style(f"issues-panel--{kind}"))
            line.append(printable(issue.message))  # a server's words, a plan's values and keys: escaped
            line.append("\n  ")
            line.append_text(self.where(issue))
            if index == self.highlighted:
                line.stylize(self.get_component_rich_style("issues-panel--cursor"))
            text.append(line)
            text.append("\n")
        text.rstrip()
        return text

    def where(self, issue: Issue) -> Text:
        """Where ``issue`` is, as a person reads it: ``orders-000 #0 › version``, the index dim, all printable."""
        return path_text(readable(issue.path, self.plan()), style=self.get_component_rich_style("issues-panel--path"))

    def action_move(self, step: int) -> None:
        """Move the highlight."""
        if self.issues:
            start = -1 if self.highlighted is None else self.highlighted
            self.highlighted = max(0, min(len(self.issues) - 1, start + step))
            self.refresh()

    def action_jump(self) -> None:
        """Go to the highlighted issue's field."""
        if self.issues and self.highlighted is not None:
            self.post_message(self.JumpRequested(self.issues[self.highlighted].path))

    def next_issue(self, after: Path | None, *, backwards: bool = False) -> Issue | None:
        """The issue after (or before) the one at ``after``, wrapping around; the first when ``after`` is None."""
        if not self.issues:
            return None
        paths = [issue.path for issue in self.issues]
        step = -1 if backwards else 1
        first = len(paths) - 1 if backwards else 0
        index = (paths.index(after) + step) % len(paths) if after in paths else first
        if index != self.highlighted:  # a jump repaints the panel only when its highlight moves
            self.highlighted = index
            self.refresh()
        return self.issues[index]

"""The issues panel: every error and warning of the plan, each a jump to the field that must change."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.types import Issue, Path, Severity, counts, format_path

__all__ = ["IssuesPanel"]


class IssuesPanel(OptionList):
    """A list of issues; ``enter`` on one asks to jump to its field."""

    COMPONENT_CLASSES = {"issues-panel--error", "issues-panel--warning", "issues-panel--path"}
    """The severity marks and the paths of the list's lines."""

    DEFAULT_CSS = """
    IssuesPanel {
        height: 7;
        border-top: hkey $panel;
        & > .issues-panel--error { color: $error; text-style: bold; }
        & > .issues-panel--warning { color: $warning; }
        & > .issues-panel--path { color: $text-muted; }
    }
    """

    @dataclass
    class JumpRequested(Message):
        """The person chose an issue (``on_issues_panel_jump_requested``)."""

        path: Path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.issues: list[Issue] = []
        """The issues shown, in order."""
        self.border_title = "checking…"

    def show_issues(self, issues: list[Issue]) -> None:
        """Show ``issues``; the highlight stays on the same issue when it is still there."""
        if issues == self.issues and self.border_title != "checking…":
            return
        current = self.highlighted
        kept = self.issues[current] if current is not None and current < len(self.issues) else None
        self.issues = list(issues)
        self.set_options(self._option(issue) for issue in self.issues)
        if kept in self.issues:
            self.highlighted = self.issues.index(kept)
        errors, warnings = counts(self.issues)
        summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        self.border_title = summary if self.issues else "no issues"

    def _option(self, issue: Issue) -> Option:
        error = issue.severity is Severity.ERROR
        text = Text("✗ " if error else "! ", style=self.get_component_rich_style(f"issues-panel--{issue.severity}"))
        text.append(format_path(issue.path), style=self.get_component_rich_style("issues-panel--path"))
        text.append("  ")
        text.append(issue.message)
        return Option(text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.JumpRequested(self.issues[event.option_index].path))

    def next_issue(self, after: Path | None, *, backwards: bool = False) -> Issue | None:
        """The issue after (or before) the one at ``after``, wrapping around; the first when ``after`` is None."""
        if not self.issues:
            return None
        paths = [issue.path for issue in self.issues]
        index = paths.index(after) if after in paths else -1
        step = -1 if backwards else 1
        index = (len(paths) - 1 if backwards else 0) if index < 0 else (index + step) % len(paths)
        self.highlighted = index
        return self.issues[index]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"

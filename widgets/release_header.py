"""The head of the watch view: the plan, how its release stands, and a progress bar for the whole plan."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.release import Tally
from tui.releasing import bar
from tui.text import printable

__all__ = ["ReleaseHeader"]


class ReleaseHeader(Widget):
    """Two lines: the plan's name and its release's status, then the whole plan's progress bar and counts."""

    COMPONENT_CLASSES = {"release-header--status", "release-header--bar", "release-header--failed"}
    """The status word, the bar, and the bar once a component failed."""

    DEFAULT_CSS = """
    ReleaseHeader {
        height: 2;
        background: $panel;
        padding: 0 1;
        & > .release-header--status { text-style: bold; }
        & > .release-header--bar { color: $success; }
        & > .release-header--failed { color: $error; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan = ""
        """The plan's name, as the plan has it."""
        self.status = ""
        """How the release stands, in a few words."""
        self.tally = Tally(0, 0, 0, 0, 0)
        """The jobs counted by phase."""

    def show(self, plan: str, status: str, tally: Tally) -> None:
        """Show ``plan``'s release as ``status`` with the counts ``tally``."""
        if (plan, status, tally) != (self.plan, self.status, self.tally):
            self.plan, self.status, self.tally = plan, status, tally
            self.refresh()

    def render(self) -> Text:
        tally = self.tally
        counts = f" {tally.done}/{tally.total}" + (f" · {tally.failed} failed" if tally.failed else "")
        width = max(10, self.content_size.width - len(counts))
        status_style = self.get_component_rich_style("release-header--status")
        bar_style = self.get_component_rich_style("release-header--failed" if tally.failed else "release-header--bar")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f"Release of {printable(self.plan)} · ")
        text.append(printable(self.status), style=status_style)
        text.append("\n")
        text.append(bar(tally.done, tally.total, width), style=bar_style)
        text.append(counts)
        return text

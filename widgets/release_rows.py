"""The rows of a release being watched: a line per batch with its progress bar, a line per component, its messages.

A line-API widget: only the lines on the screen are drawn, each once until its row changes, so a thousand
components cost no more than the twenty shown. Given new rows with the same keys as before, it repaints only the
lines whose row changed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.release import Phase
from tui.releasing import BatchRow, JobRow, Row, bar
from tui.text import printable

__all__ = ["ReleaseRows"]

_PHASE_CLASS = {
    Phase.IN_PROGRESS: "release-rows--running",
    Phase.SUCCEEDED: "release-rows--released",
    Phase.FAILED: "release-rows--failed",
    Phase.ROLLING_BACK: "release-rows--failed",
    Phase.ROLLED_BACK: "release-rows--failed",
    Phase.ROLLBACK_FAILED: "release-rows--failed",
    Phase.UNKNOWN: "release-rows--unknown",
}
_MARK = {
    Phase.IN_PROGRESS: "…",
    Phase.SUCCEEDED: "✓",
    Phase.FAILED: "✗",
    Phase.ROLLING_BACK: "↺",
    Phase.ROLLED_BACK: "↺",
    Phase.ROLLBACK_FAILED: "✗",
    Phase.UNKNOWN: "?",
}
"""A shape for each phase, so that a row reads without colour."""
BATCH_BAR = 20
"""The cells of a batch's progress bar."""


def _fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to ``width`` cells."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut + "…" + " " * (width - 1 - cell_len(cut))


class ReleaseRows(ScrollView, can_focus=True):
    """Batches in ``seq`` order with their components; told the rows by :meth:`show`."""

    COMPONENT_CLASSES = {
        "release-rows--batch",
        "release-rows--running",
        "release-rows--released",
        "release-rows--failed",
        "release-rows--unknown",
        "release-rows--message",
    }
    """A batch's line, each phase's colour, and a message."""

    DEFAULT_CSS = """
    ReleaseRows {
        height: 1fr;
        & > .release-rows--batch { text-style: bold; }
        & > .release-rows--running { color: $warning; }
        & > .release-rows--released { color: $success; }
        & > .release-rows--failed { color: $error; text-style: bold; }
        & > .release-rows--unknown { color: $text-muted; text-style: italic; }
        & > .release-rows--message { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("up,k", "scroll_up", "Up", show=False, id="release.up"),
        Binding("down,j", "scroll_down", "Down", show=False, id="release.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="release.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="release.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="release.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="release.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        """The rows shown, in order."""
        self._lines: dict[Row, Strip] = {}
        """Each row's line as last drawn, at the width it was drawn for."""
        self._width = 0
        self.repainted = 0
        """How many lines have been drawn anew (for tests: only changed rows are)."""

    def show(self, rows: list[Row]) -> None:
        """Show ``rows``; only the lines of rows new or changed since the last are drawn again."""
        old = self.rows
        self.rows = rows
        self._lines = {row: self._lines[row] for row in rows if row in self._lines}  # the rest will not be asked
        if len(old) == len(rows) and all(a.key == b.key for a, b in zip(old, rows, strict=True)):
            for index, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after:
                    self.refresh_line(index)
            return
        self.virtual_size = Size(self.size.width, len(rows))
        self.refresh()  # rows came or went: every line moves, but only those new or changed are drawn again

    def notify_style_update(self) -> None:
        """The theme or the styles changed: every line is drawn again."""
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._lines.clear()
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        line = self._lines.get(row)
        if line is None:
            line = self._lines[row] = self._draw(row, width)
            self.repainted += 1
        return line

    def _style(self, name: str) -> Style:
        return self.rich_style + self.get_component_rich_style(name, partial=True)

    def _draw(self, row: Row, width: int) -> Strip:
        base = self.rich_style
        if isinstance(row, BatchRow):
            tally = row.tally
            failed = f" · {tally.failed} failed" if tally.failed else ""
            head = f"batch {printable(row.seq)} "
            tail = f" {tally.done}/{tally.total}{failed}"
            bar_style = self._style("release-rows--failed" if tally.failed else "release-rows--released")
            segments = [
                Segment(head, self._style("release-rows--batch")),
                Segment(bar(tally.done, tally.total, BATCH_BAR), bar_style),
                Segment(tail, base),
            ]
        elif isinstance(row, JobRow):
            fixed = 2 + 17 + 13 + 8
            name_width = max(8, width - fixed)
            known = row.phase is not Phase.UNKNOWN
            phase = f"{_MARK[row.phase]} {row.phase}" if known else f"? {row.word or 'no status'}"
            segments = [
                Segment("  " + _fit(printable(row.name) or "(no name)", name_width - 1) + " ", base),
                Segment(_fit(printable(phase), 16) + " ", self._style(_PHASE_CLASS[row.phase])),
                Segment(_fit(printable(row.job_status) or "-", 12) + " ", base),
                Segment(_fit(row.elapsed.rjust(7), 8), base),
            ]
        else:
            label = "rollback: " if row.rollback else "failed: "
            segments = [Segment(_fit(f"    {label}{printable(row.text)}", width), self._style("release-rows--message"))]
        return Strip(segments).adjust_cell_length(width, base)

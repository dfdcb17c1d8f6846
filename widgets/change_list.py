"""A scrolling list of lines of text that draws only the lines on the screen: a review of 1,000 changes."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["ChangeList"]


class ChangeList(ScrollView, can_focus=True):
    """Lines of text, each cut with an ellipsis at the width, scrolled by the usual keys.

    Only the lines in view are drawn, so the cost of showing it does not grow with the number of lines: a
    widget per change, or one text laid out whole, costs seconds at a thousand changes.
    """

    COMPONENT_CLASSES = {"change-list--warning"}
    """The lines that warn (a change someone else made on the server)."""

    DEFAULT_CSS = """
    ChangeList {
        height: 1fr;
        overflow-x: hidden;
        & > .change-list--warning { color: $warning; }
    }
    """

    def __init__(self, lines: Iterable[Text], *, id: str | None = None, classes: str | None = None) -> None:
        """Show ``lines``, one line each (a line should hold no newline)."""
        super().__init__(id=id, classes=classes)
        self.lines: list[Text] = list(lines)
        """The lines shown, in order."""

    def on_mount(self) -> None:
        self.virtual_size = Size(0, len(self.lines))

    def prepend(self, lines: Iterable[Text], *, warning: bool = False) -> None:
        """Show ``lines`` above the lines shown now, in the warning colour with ``warning``."""
        added = list(lines)
        if warning:
            style = self.get_component_rich_style("change-list--warning")
            for line in added:
                line.stylize_before(style)
        self.lines[:0] = added
        self.virtual_size = Size(0, len(self.lines))
        self.refresh()

    @property
    def plain(self) -> str:
        """Every line as plain text, one per line."""
        return "\n".join(line.plain for line in self.lines)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        style = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, style)
        line = self.lines[index].copy()
        line.expand_tabs()  # a tab in a name or a key: as the cells it takes, before the line is cut to the width
        line.truncate(width, overflow="ellipsis")
        line.stylize_before(style)
        return Strip(line.render(self.app.console), line.cell_len).crop_extend(0, width, style)

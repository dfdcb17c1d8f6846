"""How tall a list of strings or a string map edited as lines of text is: as tall as its lines, up to a limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import TextArea  # loaded with the first form, not at start-up

__all__ = ["LINES_SHOWN", "fit_lines"]

LINES_SHOWN = 6
"""The most lines such a box shows at once: it grows to this, then scrolls."""


def fit_lines(row: Widget, area: TextArea) -> None:
    """Show every line of ``area`` up to :data:`LINES_SHOWN` (two at least), its ``row`` one line taller.

    A horizontal scroll bar (a line wider than the box) takes a line of its own. Past the limit the box scrolls, and
    the text area keeps its cursor in sight.
    """
    lines = max(2, min(area.document.line_count, LINES_SHOWN))
    bar = area.scrollbar_size_horizontal if area.is_mounted and area.show_horizontal_scrollbar else 0
    height = lines + bar + 2  # its border, top and bottom
    if area.styles.height is not None and area.styles.height.value == height:
        return
    area.styles.height = height
    row.styles.height = height + 1

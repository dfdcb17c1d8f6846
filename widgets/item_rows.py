"""The items of a list in its form: one line each, as ``▸ name`` links, drawn only where they show."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.outline import node_label
from tui.types import JSON, Path

__all__ = ["ItemRows"]


class ItemRows(Widget, can_focus=True):
    """A list's items, a line each (``▸ 1 · orders-000``), with a cursor: ``enter`` opens the item under it.

    It looks and answers the keys as a link per item would (``tab`` and ``shift+tab`` go from item to item and out
    of the list at its ends), but it is one widget, which draws only the lines on the screen: a form with a link
    widget per item takes a second to build for a list of a thousand components.
    """

    DEFAULT_CSS = """
    ItemRows {
        color: $accent;
        & > .item-rows--cursor { background: $accent 30%; }
    }
    """

    COMPONENT_CLASSES = {"item-rows--cursor"}
    """The line of the item under the cursor, while the list has the focus."""

    BINDINGS = [Binding("enter", "open", "Open", id="form.open_branch")]

    def __init__(self, path: Path, items: list[JSON]) -> None:
        super().__init__()
        self.path = path
        """The list's path."""
        self.items = items
        """The list's items (its value in the document, read as lines are drawn)."""
        self.cursor = 0
        """The index of the item under the cursor."""
        self._labels: dict[int, str] = {}
        self.styles.height = len(items)

    def show_items(self, path: Path, items: list[JSON]) -> None:
        """Show the items of the list at ``path`` instead (a form kept for lists of its spec shows another), the
        cursor on the first."""
        self.path, self.items, self.cursor, self._labels = path, items, 0, {}
        self.styles.height = len(items)  # a layout only when the number of items changed
        self.refresh()

    @property
    def item_path(self) -> Path:
        """The path of the item under the cursor."""
        return (*self.path, self.cursor)

    @dataclass
    class Opened(Message):
        """The person asked to open an item (``on_item_rows_opened``)."""

        path: Path

    def action_open(self) -> None:
        """Ask to open the item under the cursor."""
        if self.items:
            self.post_message(self.Opened(self.item_path))

    def move_to(self, index: int) -> None:
        """Put the cursor on item ``index`` and bring it into view."""
        index = max(0, min(index, len(self.items) - 1))
        if index != self.cursor:
            old, self.cursor = self.cursor, index
            self.refresh(Region(0, old, self.size.width, 1), Region(0, index, self.size.width, 1))
        self.show_cursor()

    def on_key(self, event: events.Key) -> None:
        """``tab`` and ``shift+tab`` go to the next and previous item; past either end, to the next widget."""
        step = 1 if event.key == "tab" else -1 if event.key == "shift+tab" else 0
        if step and 0 <= self.cursor + step < len(self.items):
            event.stop()
            event.prevent_default()
            self.move_to(self.cursor + step)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the item clicked."""
        self.move_to(event.y)

    def on_focus(self) -> None:
        """Show the cursor, and its line (the screen scrolls to the items' first when they do not all show)."""
        self._refresh_cursor()
        self.call_after_refresh(self.show_cursor)

    def on_blur(self) -> None:
        """Hide the cursor."""
        self._refresh_cursor()

    def _refresh_cursor(self) -> None:
        self.refresh(Region(0, self.cursor, self.size.width, 1))

    def show_cursor(self, *, top: bool = False) -> None:
        """Scroll the form so that the cursor's line shows, in the middle when it did not (as a focused link is), or
        with ``top`` at the top (as a link jumped to is)."""
        region = Region(0, self.cursor, max(1, self.size.width), 1)
        widget: Widget = self
        while isinstance(widget.parent, Widget) and widget.parent.styles.overflow_y not in ("auto", "scroll"):
            region = region.translate(widget.virtual_region.offset)
            widget = widget.parent
        container = widget.parent
        if not isinstance(container, Widget):
            return
        region = region.translate(widget.virtual_region.offset)
        if top:
            container.scroll_to_region(region, spacing=widget.dock_gutter, animate=False, top=True, immediate=True)
            return
        window = container.scrollable_content_region.reset_offset  # as the screen judges a focused widget's view
        if not window.translate(container.scroll_offset).contains_region(region):
            container.scroll_to_region(
                region, spacing=widget.dock_gutter, animate=False, center=True, origin_visible=True, immediate=True
            )

    def _label(self, index: int) -> str:
        label = self._labels.get(index)
        if label is None:
            label = self._labels[index] = node_label((*self.path, index), self.items[index])
        return label

    def render_line(self, y: int) -> Strip:
        """The line of item ``y``: its link, on the cursor's colour when it is under the focused cursor."""
        width = self.size.width
        if not 0 <= y < len(self.items):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if y == self.cursor and self.has_focus:
            style = style + self.get_component_rich_style("item-rows--cursor")
        return Strip([Segment(f" ▸ {self._label(y)}", style)]).adjust_cell_length(width, style).crop(0, width)

"""The table of components: one row per component, filtered and sorted by keys, its rows selected for bulk edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input
from textual.widgets.data_table import RowKey

from tui.component_rows import COLUMNS, ComponentRow, RowFilter, component_row, component_rows, order
from tui.outline import Counts
from tui.selection import Selection
from tui.types import JSON, Path
from widgets.key_order import InOrderInput, keys_in_order

__all__ = ["ComponentsTable"]

FILTER_AFTER = 0.1
"""Seconds of quiet typing in the filter box after which the rows are filtered again."""

_HEADERS: Final = ("", "seq", "name", "version", "rep", "source", "strategy", "\u2717", "!")
"""The column headers: the selection's mark, then each of :data:`~tui.component_rows.COLUMNS`, short for 80
columns (errors and warnings marked as the tree marks them)."""
_RIGHT: Final = frozenset({0, 3, 6, 7})
"""The columns of :data:`COLUMNS` that hold numbers, aligned right."""
_MARK: Final = Text("\u25cf", end="")
_NO_MARK: Final = Text(" ", end="")


class _Rows(DataTable[Text]):
    """The rows themselves, moved through with ``j``/``k`` as the tree is.

    ``DataTable`` measures every new cell with Rich to size its columns (half the time of a thousand rows); the
    cells here are one line of plain text each, whose widths the table works out as it makes them
    (:attr:`widths`), so the new rows are not measured again. Relied on: ``DataTable._update_dimensions(new_rows)``
    (see ``tests/ui/test_textual_reliance.py``).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        """Keys are taken in the order they came: ``/`` moves the focus to the filter box before the characters
        typed behind it are looked at, and those go there (see :func:`~widgets.key_order.keys_in_order`)."""
        if not await keys_in_order(self, event):
            await super()._on_key(event)

    widths: list[int] | None = None
    """The widest cell of each column among the rows added last; None to have ``DataTable`` measure them."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self.widths is not None:
            for column, width in zip(self.ordered_columns, self.widths, strict=False):
                column.content_width = max(column.content_width, width)
            self.widths, new_rows = None, ()
        super()._update_dimensions(new_rows)


class ComponentsTable(Vertical):
    """Every component of the plan, one row each: ``/`` filters, ``s`` sorts, ``space`` selects, ``enter`` opens.

    The rows are built from the plan when shown (:meth:`show`), and then only the rows an edit reaches are
    redrawn (:meth:`follow`). The selection lives in the session (:class:`~tui.selection.Selection`), so that it
    follows the components through edits and undo; the table shows it and changes it.
    """

    DEFAULT_CSS = """
    ComponentsTable {
        height: 1fr;
        border: round $panel;
        border-title-align: left;
        border-subtitle-align: right;
        &:focus-within { border: round $accent; }
        & > Input { height: 1; border: none; padding: 0 1; background: $boost; }
        & > Input:focus { border: none; }
        & > DataTable { height: 1fr; }
    }
    """

    BINDINGS = [
        Binding("space", "toggle_row", "Select", id="table.select"),
        Binding("ctrl+a", "select_shown", "Select shown", id="table.select_shown"),
        Binding("escape", "clear", "Clear filter, then selection", show=False, id="table.clear"),
        Binding("slash", "filter", "Filter", id="table.filter"),
        Binding("s", "sort", "Sort", id="table.sort"),
        Binding("S", "reverse", "Reverse sort", show=False, id="table.reverse"),
    ]

    KEY_BAR_KEEP = ("table.select", "editor.set_many", "table.filter", "table.sort", "table.select_shown")
    """The keys the key bar keeps longest while the table has the focus, the most important first."""

    @dataclass
    class Opened(Message):
        """``enter`` on a row: go to its component (``on_components_table_opened``)."""

        table: ComponentsTable
        """The table."""
        index: int
        """The component's index in the plan."""

        @property
        def control(self) -> ComponentsTable:
            """The table."""
            return self.table

    def __init__(self, selection: Selection, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selection = selection
        """The session's selection, which the table shows and changes."""
        self.sort_column: str | None = None
        """The column the rows are sorted by; None for the plan's order."""
        self.reverse = False
        """Whether the sort is reversed."""
        self._rows: list[ComponentRow] = []
        self._shown: list[int] = []
        """The components of the rows shown, top to bottom."""
        self._where: dict[int, int] = {}
        """Each shown component's row."""
        self._filter = RowFilter()
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield InOrderInput(placeholder="/ filters: any text, seq:N", id="table-filter")
        rows = _Rows(cursor_type="row", id="table-rows")
        for header, key in zip(_HEADERS, ("mark", *COLUMNS), strict=True):
            rows.add_column(Text(header, end=""), key=key)
        yield rows

    # -- what the screen tells it

    @property
    def shown(self) -> list[int]:
        """The components of the rows shown, top to bottom."""
        return list(self._shown)

    @property
    def cursor_component(self) -> int | None:
        """The component under the cursor, if there is a row."""
        row = self.query_one(_Rows).cursor_row
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def show(self, plan: JSON, counts: Mapping[Path, Counts]) -> None:
        """Build every row from ``plan`` (``counts``: the issues by path, as the tree's)."""
        self._rows = component_rows(plan, counts)
        self._rebuild()

    def follow(self, paths: Iterable[Path], plan: JSON) -> None:
        """The plan changed at ``paths``: redraw the rows of the components changed, or every row when the list of
        components itself changed (an item added, deleted or moved)."""
        touched: set[int] = set()
        for path in paths:
            if path[:1] != ("components",) and path:
                continue
            if len(path) < 2 or not isinstance(path[1], int):
                self.show(plan, self._counts_by_path())  # the issues shown next put the counts right
                return
            touched.add(path[1])
        components = plan.get("components") if isinstance(plan, dict) else None
        if not isinstance(components, list):
            return
        if len(components) != len(self._rows):  # an undo or redo of an item added or deleted: every row moved
            self.show(plan, self._counts_by_path())
            return
        for index in sorted(touched):
            if 0 <= index < min(len(self._rows), len(components)):
                self._redraw(component_row(index, components[index], self._rows[index].counts))

    def show_counts(self, counts: Mapping[Path, Counts]) -> None:
        """Show each component's errors and warnings as ``counts`` has them; only the rows whose counts changed."""
        for row in self._rows:
            now = counts.get(("components", row.index)) or Counts()
            if now != row.counts:
                self._redraw(row.with_counts(now))

    def focus_rows(self) -> None:
        """Put the focus on the rows, now: the keys typed behind the one that asked go there."""
        self.screen.set_focus(self.query_one(_Rows))

    # -- drawing

    def _counts_by_path(self) -> dict[Path, Counts]:
        return {("components", row.index): row.counts for row in self._rows}

    def _rebuild(self) -> None:
        """Fill the table with the rows the filter shows, in the sort's order, the cursor kept on its component."""
        table = self.query_one(_Rows)
        at = self.cursor_component
        self._shown = order(self._rows, self._filter, self.sort_column, reverse=self.reverse)
        self._where = {index: row for row, index in enumerate(self._shown)}
        table.clear()
        cells = [self._cells(self._rows[index]) for index in self._shown]
        table.widths = [max((cell.cell_len for cell in column), default=0) for column in zip(*cells, strict=True)]
        table.add_rows(cells)
        if at is not None and at in self._where:
            table.move_cursor(row=self._where[at], animate=False)
        self._retitle()

    def _cells(self, row: ComponentRow) -> list[Text]:
        mark = _MARK if row.index in self.selection else _NO_MARK
        return [mark, *(_cell(text, right=i in _RIGHT) for i, text in enumerate(row.cells))]

    def _redraw(self, row: ComponentRow) -> None:
        """Put ``row`` in place of the component's row, redrawing only the cells that changed."""
        old = self._rows[row.index]
        self._rows[row.index] = row
        at = self._where.get(row.index)
        if at is None:
            return
        table = self.query_one(_Rows)
        for column, (before, now) in enumerate(zip(old.cells, row.cells, strict=True)):
            if before != now:
                cell = _cell(now, right=column in _RIGHT)
                wider = cell.cell_len > table.ordered_columns[column + 1].content_width  # widens its column
                table.update_cell_at(Coordinate(at, column + 1), cell, update_width=wider)

    def _mark(self, indices: Iterable[int]) -> None:
        table = self.query_one(_Rows)
        for index in indices:
            if (at := self._where.get(index)) is not None:
                table.update_cell_at(Coordinate(at, 0), _MARK if index in self.selection else _NO_MARK)
        self._retitle()

    def _retitle(self) -> None:
        total = len(self._rows)
        shown = f" · {len(self._shown)} shown" if len(self._shown) != total else ""
        self.border_title = f"Components · {len(self.selection)} of {total} selected{shown}"
        arrow = "\u2193" if self.reverse else "\u2191"
        sort = "plan order" if self.sort_column is None else f"by {self.sort_column}"
        self.border_subtitle = f"{sort} {arrow} · s sorts, S reverses"

    # -- what the person does

    def action_toggle_row(self) -> None:
        """Select the component under the cursor, or unselect it."""
        index = self.cursor_component
        if index is None:
            return
        self.selection.toggle(index)
        self._mark([index])
        self.query_one(_Rows).action_cursor_down()  # space, space, space selects a run of rows

    def action_select_shown(self) -> None:
        """Select every component the filter shows."""
        self.selection.add(self._shown)
        self._mark(self._shown)

    def action_clear(self) -> None:
        """Clear the filter; with none, clear the selection; with neither, leave ``escape`` to the screen."""
        box = self.query_one(Input)
        if box.value or self._filter:
            box.value = ""
            self._filter_now()
            self.focus_rows()
        elif len(self.selection):
            marked = self.selection.indices()
            self.selection.clear()
            self._mark(marked)
        elif box.has_focus:
            self.focus_rows()
        else:
            raise SkipAction()

    def action_filter(self) -> None:
        """Put the focus in the filter box, now: the keys typed behind ``/`` go there."""
        self.screen.set_focus(self.query_one(Input))

    def action_sort(self) -> None:
        """Sort by the next column (after the last: the plan's order again)."""
        columns: list[str | None] = [None, *COLUMNS]
        self.sort_column = columns[(columns.index(self.sort_column) + 1) % len(columns)]
        self._rebuild()

    def action_reverse(self) -> None:
        """Reverse the sort."""
        self.reverse = not self.reverse
        self._rebuild()

    @on(Input.Changed, "#table-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_AFTER, self._filter_now)

    @on(Input.Submitted, "#table-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self._filter_now()
        self.focus_rows()

    def _filter_now(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        wanted = RowFilter.parse(self.query_one(Input).value)
        if wanted != self._filter:
            self._filter = wanted
            self._rebuild()

    @on(DataTable.RowSelected)
    def _opened(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._shown):
            self.post_message(self.Opened(self, self._shown[event.cursor_row]))


def _cell(text: str, *, right: bool) -> Text:
    """A cell's text, never read as markup."""
    return Text(text, no_wrap=True, overflow="ellipsis", justify="right" if right else "left", end="")

"""The editor's table of components (``t``), shown in place of the tree and the form, and the panels ``f2``/``f3``
hide: what the editor shows, apart from the tree and the form themselves.

The table is a widget of the editor screen, so the editor's own keys (undo, redo, review, the bulk edits) work
from it as from the tree. It is built the first time it is shown, and then follows every edit while shown; hidden,
it is built again when next shown if the plan changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, cast

from textual.screen import Screen
from textual.widget import Widget

from tui.edits import Changed
from tui.outline import Counts, count_issues
from tui.session import EditSession
from tui.types import Path
from widgets.plan_tree import PlanTree

if TYPE_CHECKING:
    from widgets.components_table import ComponentsTable  # with DataTable: imported when first shown

__all__ = ["NOT_IN_TABLE", "TableView"]

NOT_IN_TABLE: Final = frozenset({"add", "delete", "duplicate", "move", "edit_json", "edit_outside"})
"""The structure keys, which act on the node under the tree's cursor: off while the table has the focus."""


class TableView(Screen[None]):
    """Show the table of components in place of the tree and the form, and keep it in step with the plan."""

    session: EditSession
    go_to: Callable[[Path], None]

    _table_stale = True
    """Whether the plan changed since the table was last built (or it never was)."""

    @property
    def table_open(self) -> bool:
        """Whether the table is shown."""
        table = self._table()
        return table is not None and table.display

    def table_refuses(self, action: str) -> bool:
        """Whether ``action`` is a structure key, off while the table has the focus (it would edit a hidden node)."""
        return action in NOT_IN_TABLE and self.table_open

    def table_component(self) -> int | None:
        """The component under the table's cursor while the table shows (what a bulk key acts on with none selected)."""
        table = self._table()
        return table.cursor_component if table is not None and table.display else None

    def _table(self) -> ComponentsTable | None:
        tables = self.query_children("#table")  # only among the screen's children: quick
        return cast("ComponentsTable", tables.first()) if tables else None

    async def action_toggle_table(self) -> None:
        """Show the table of every component in place of the tree and the form, or hide it."""
        table = self._table()
        if table is None:
            from widgets.components_table import ComponentsTable

            table = ComponentsTable(self.session.selection, id="table")
            await self.mount(table, after=self.query_one("#body"))  # above the status line, which may come later
        elif table.display:
            self._close_table()
            return
        if self._table_stale:
            self._table_stale = False
            table.show(self.session.document.data, count_issues(self.session.issues))
        self.query_one("#body").display = False
        table.display = True
        table.focus_rows()

    def _close_table(self) -> None:
        """Hide the table; the tree and the form come back, the focus in the tree."""
        table = self._table()
        if table is not None:
            table.display = False
        self.query_one("#body").display = True
        self.set_focus(self.query_one(PlanTree))  # now: the keys typed behind go to the tree

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """Focus ``widget``; a widget under the table (a jump to a field, escape to the tree) hides the table first."""
        table = self._table()
        if widget is not None and table is not None and table.display and table not in widget.ancestors_with_self:
            table.display = False
            self.query_one("#body").display = True
        super().set_focus(widget, scroll_visible, from_app_focus)

    def on_components_table_opened(self, event: ComponentsTable.Opened) -> None:
        """``enter`` on a row: the table hides, and the tree and the form show its component."""
        self._close_table()
        self.go_to(("components", event.index))

    def table_follows(self, changed: Changed) -> None:
        """The plan changed: redraw the table's rows it reaches (shown), or build the table again when next shown."""
        table = self._table()
        if table is None or not table.display:
            self._table_stale = True
            return
        table.follow(changed.paths, self.session.document.data)

    def table_counts(self, counts: Mapping[Path, Counts]) -> None:
        """The issues shown changed: the table shows each component's counts."""
        table = self._table()
        if table is not None and table.display:
            table.show_counts(counts)
        else:
            self._table_stale = True

    def action_toggle_panel(self, selector: str) -> None:
        """Show or hide a panel (for small terminals)."""
        panel = self.query_one(selector)
        panel.display = not panel.display

"""The plan editor's keys for many components at once: set a field (``=``), bump versions (``+``), copy a node
(``y``) and paste it at the same place in other components (``p``); each edit one undo step, checked first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.edits import Changed
from tui.fields import Kind
from tui.readable import readable
from tui.session import EditSession
from tui.text import plural
from widgets.field_editor import BranchRow, FieldEditor, FieldRow
from widgets.field_row import enclosing
from widgets.item_rows import ItemRows
from widgets.plan_tree import PlanTree

if TYPE_CHECKING:
    from tui.bulk import BulkResult, Clip

__all__ = ["BulkActions"]

_LEAVES = frozenset({Kind.TEXT, Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN, Kind.CHOICE})
"""The kinds of field whose value the prompt shows (never an object or a list: it may hold a secret)."""
_NOW = 3
"""How many different values the prompt names that the components hold at the field typed."""

NO_TARGET = "Select components in the table (t), or put the cursor in one: nothing changed."
"""What a bulk key says with no component to act on (the cursor on the plan's own fields)."""


class BulkActions(Screen[None]):
    """The editor's actions on many components (the editor screen is one of these)."""

    session: EditSession
    show_change: Callable[[Changed | None], None]
    table_component: Callable[[], int | None]
    """The component under the table's cursor while the table shows, else None (the table's view gives it)."""

    clip: Clip | None = None
    """The node ``y`` copied last, for ``p`` to paste; None before the first copy."""

    def _cursor(self) -> tuple[str | int, ...]:
        """Where the keys act: the tree's cursor, or the node the form shows when the tree does not have the focus."""
        tree = self.query_one(PlanTree)
        return tree.cursor_path if tree.has_focus else self.query_one(FieldEditor).path

    def _node(self) -> tuple[str | int, ...]:
        """The node ``y`` copies: the tree's cursor, or in the form the field, object or item that has the focus."""
        focused = self.focused
        if isinstance(focused, BranchRow):
            return focused.path
        if isinstance(focused, ItemRows):
            return focused.item_path
        row = enclosing(focused, FieldRow) if focused is not None else None
        return row.path if row is not None else self._cursor()

    def bulk_targets(self) -> list[int]:
        """The components a bulk edit acts on, by index: the selected ones; with none selected, the one under the
        table's cursor (the table shown) or the one the tree's cursor is in (empty on the plan's own fields)."""
        selected = self.session.selected_components()
        if selected:
            return selected
        row = self.table_component()
        if row is not None:
            return [row]
        path = self._cursor()
        if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int):
            return [path[1]]
        return []

    def _where(self, targets: list[int]) -> str:
        """The components, as a person names them: ``orders-000``, or ``3 components``."""
        if len(targets) == 1:
            return readable(("components", targets[0]), self.session.document.data).text
        return plural(len(targets), "component")

    def show_bulk(self, result: BulkResult) -> None:
        """Show what a bulk edit did (the tree, the form and the issues repaint), or why it did nothing."""
        if result.changed is not None:
            self.show_change(result.changed)  # its notice is the result's message
            return
        notice = result.notice
        self.notify(notice.text, severity=notice.tone, markup=False)

    def action_set_many(self) -> None:
        """Set one field to one value in every target component, checked by the field's rules first."""
        targets = self.bulk_targets()
        if not targets:
            self.notify(NO_TARGET, severity="warning", markup=False)
            return
        from screens.set_field import SetFieldScreen  # with its suggesters: imported when first used

        def apply(field: str, text: str) -> BulkResult:
            return self.session.set_field(targets, field, text)

        def done(result: BulkResult | None) -> None:
            if result is not None:
                self.show_bulk(result)

        def now(field: str) -> str:
            return self._now(targets, field)

        self.app.push_screen(SetFieldScreen(apply, self._where(targets), now=now), done)

    def _now(self, targets: list[int], field: str) -> str:
        """What the targets hold at ``field`` now, for the prompt: ``"3.4.1"``, ``"1.0.9" in 60, "1.1.0" in 4``; empty
        for a field that is not one, or a secret."""
        from collections import Counter

        from tui.bulk import shown
        from tui.paths import parse_path
        from tui.schema import spec_at
        from tui.secrets import is_secret

        try:
            inner = parse_path(field.strip())
        except ValueError:
            return ""
        spec = spec_at(("components", 0, *inner)) if inner else None
        if spec is None or spec.kind not in _LEAVES or is_secret(inner):
            return ""  # an object or a list may hold a secret: only a value of its own is shown
        document = self.session.document
        held: Counter[str] = Counter()
        for index in targets:
            path = ("components", index, *inner)
            held["not set" if not document.has(path) else shown(document.get(path))] += 1
        if len(held) == 1:
            return next(iter(held))
        named = ", ".join(f"{text} in {count}" for text, count in held.most_common(_NOW))
        return f"{named}, \u2026" if len(held) > _NOW else named

    def action_bump(self) -> None:
        """Add one to the last number of the version of every target component."""
        targets = self.bulk_targets()
        if not targets:
            self.notify(NO_TARGET, severity="warning", markup=False)
            return
        self.show_bulk(self.session.bump_versions(targets))

    def action_copy_node(self) -> None:
        """Copy the node under the cursor (its place inside its component and its value) for ``p``."""
        from tui.bulk import copy_node
        from tui.errors import EditRefusedError

        path = self._node()
        plan = self.session.document.data
        try:
            self.clip = copy_node(plan, path)
        except EditRefusedError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.notify(f"Copied {readable(path, plan).text}; p pastes it at the same place in a component.", markup=False)

    def action_paste(self) -> None:
        """Paste the node copied with ``y`` at the same place in every target component (one undo step)."""
        if self.clip is None:
            self.notify("Nothing copied yet: y on a node inside a component copies it.", severity="warning")
            return
        targets = self.bulk_targets()
        if not targets:
            self.notify(NO_TARGET, severity="warning", markup=False)
            return
        self.show_bulk(self.session.paste(self.clip, targets))

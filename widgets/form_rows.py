"""The rows of an object's form: which row each field gets, built anew or shown in rows already on the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.fields import FieldSpec, Kind
from tui.types import JSON, Path
from widgets.branch_row import BranchRow
from widgets.field_row import FieldRow, edited_as_text
from widgets.item_rows import ItemRows
from widgets.unset_row import UnsetRow

__all__ = ["Plan", "fits", "object_plan", "object_rows", "refit", "retarget", "shaped_rows"]

LIST_HELP = "a adds an item · d deletes · c duplicates · K/J move"
"""The line under a list's items."""

Plan = tuple[type[Widget], Path, FieldSpec, JSON, bool]
"""One row of an object's form: its kind, the field's path and spec, its value, and whether it is set."""


def object_plan(path: Path, value: Mapping[str, JSON], spec: FieldSpec | None) -> Iterable[Plan]:
    """The rows of the form of the object ``value`` at ``path``: the spec's fields in order, then unknown keys."""
    fields = spec.fields if spec is not None else {}
    names = list(fields) + [key for key in value if key not in fields]
    for name in names:
        field = fields.get(name) or FieldSpec(name, Kind.TEXT, help="A key the API reference does not list.")
        child_path = (*path, name)
        present = name in value
        item = value.get(name)
        as_text = edited_as_text(field)
        if (
            field.kind is Kind.OBJECT
            or (field.kind is Kind.LIST and not as_text)
            or (isinstance(item, dict | list) and not as_text)
        ):
            yield BranchRow, child_path, field, item, present
        elif not present and not field.required:
            yield UnsetRow, child_path, field, item, present
        else:
            yield FieldRow, child_path, field, item, present


def object_rows(path: Path, value: Mapping[str, JSON], spec: FieldSpec | None) -> Iterable[Widget]:
    """Build the rows of an object's form (see :func:`object_plan`)."""
    for kind, child_path, field, item, present in object_plan(path, value, spec):
        if kind is BranchRow:
            yield BranchRow(child_path, field, item, present)
        elif kind is UnsetRow:
            yield UnsetRow(child_path, field)
        else:
            yield FieldRow(child_path, field, item, present)


def fits(rows: Sequence[Widget], plan: Sequence[Plan]) -> bool:
    """Whether ``rows`` (on the screen) can show ``plan``: the same kinds of rows for the same fields, in order."""
    if len(rows) != len(plan):
        return False
    for row, (kind, child_path, field, item, present) in zip(rows, plan, strict=True):
        if type(row) is not kind or getattr(row, "spec", None) is not field:
            return False
        if isinstance(row, BranchRow) and row.present != present:
            return False
        if isinstance(row, FieldRow) and not row.retarget(child_path, item, present, check=True):
            return False
    return True


def retarget(rows: Sequence[Widget], plan: Sequence[Plan]) -> None:
    """Show ``plan`` in ``rows``, which :func:`fits` it."""
    for row, (_kind, child_path, _field, item, present) in zip(rows, plan, strict=True):
        if isinstance(row, FieldRow):
            row.retarget(child_path, item, present)
        elif isinstance(row, BranchRow):
            row.retarget(child_path, item)
        elif isinstance(row, UnsetRow):
            row.retarget(child_path)


def shaped_rows(path: Path, value: JSON, spec: FieldSpec | None) -> list[Widget] | None:
    """The rows of a form that can show any node of its shape: an object's fields (by its spec), or a list's items
    (one widget for them all, as a list can hold a thousand) unless the list is edited as text; None for any other
    form. A form of the kind is kept for the next node of its spec (see ``FormKeeper``)."""
    if spec is not None and spec.kind is Kind.OBJECT and isinstance(value, dict):
        return list(object_rows(path, value, spec))
    if isinstance(value, list) and not (spec is not None and edited_as_text(spec)):
        return [ItemRows(path, value), Static(Text(LIST_HELP), classes="field-help")]
    return None


def refit(rows: Sequence[Widget], path: Path, value: JSON, spec: FieldSpec) -> Callable[[], None] | None:
    """What shows the node at ``path`` in ``rows`` built by :func:`shaped_rows` for another node of spec ``spec``;
    None when they cannot show it (an object's rows for other fields)."""
    if isinstance(value, dict):
        plan = list(object_plan(path, value, spec))
        return partial(retarget, rows, plan) if fits(rows, plan) else None
    items = rows[0] if rows else None
    if isinstance(value, list) and isinstance(items, ItemRows):
        return partial(items.show_items, path, value)
    return None

"""The edit session's operations on many components at once, each one undo step or refused whole.

:class:`BulkEdits` is a part of :class:`~tui.session.EditSession`: the rules are in :mod:`tui.bulk` and
:mod:`tui.value_search`, and the session applies what they work out through its ``edit_many``, which re-checks only
the components it touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol

from tui.errors import EditRefusedError
from tui.types import JSON, Path

if TYPE_CHECKING:
    from tui.bulk import BulkEdit, BulkResult, Clip
    from tui.document import Document
    from tui.edits import Changed, Remove

__all__ = ["BulkEdits"]

_P = ParamSpec("_P")


class _Editor(Protocol):
    """What the operations need of the session they are part of."""

    document: Document

    @property
    def ready(self) -> bool: ...

    def edit_many(self, edits: Iterable[tuple[Path, JSON | Remove]], *, label: str = "edit") -> Changed | None: ...


class BulkEdits:
    """Set a field, bump versions, paste a node into many components, and replace a value everywhere."""

    def set_field(self: _Editor, components: Iterable[int], field: str | Path, text: str) -> BulkResult:
        """Set ``field``, a path inside a component (``version``, ``source.url``), to ``text`` parsed by the
        field's spec, in each of ``components`` (indices); empty text removes an optional field.

        Refused, with nothing changed, when the value breaks the field's own rules, the field is not one a typed
        value sets, or a component has no object for it to go in (see :func:`tui.bulk.plan_set`).
        """
        from tui.bulk import plan_set  # the rules load with the first bulk edit, not with the editor

        return _bulk(self, plan_set, components, field, text)

    def bump_versions(self: _Editor, components: Iterable[int]) -> BulkResult:
        """Add one to the last number of each component's ``version`` (``1.2.3`` -> ``1.2.4``); a component whose
        version holds no number is left as it is and named in the message (see :func:`tui.bulk.plan_bump`)."""
        from tui.bulk import plan_bump

        return _bulk(self, plan_bump, components)

    def paste(self: _Editor, clip: Clip, components: Iterable[int]) -> BulkResult:
        """Put a copied node (:func:`tui.bulk.copy_node`) at the same place in each of ``components``; the result
        counts the values replaced and added (see :func:`tui.bulk.plan_paste`)."""
        from tui.bulk import plan_paste

        return _bulk(self, plan_paste, clip, components)

    def replace_value(self: _Editor, old: JSON, text: str) -> BulkResult:
        """Put ``text``, parsed by each field's spec, in every place that holds ``old``; the places are counted
        first with :func:`tui.value_search.value_places` (see :func:`tui.value_search.plan_replace`)."""
        from tui.value_search import plan_replace

        return _bulk(self, plan_replace, old, text)


def _bulk(
    session: _Editor, planner: Callable[Concatenate[JSON, _P], BulkEdit], *args: _P.args, **kwargs: _P.kwargs
) -> BulkResult:
    """Work the edit out on the session's plan, then make it as one undo step; a refusal changes nothing."""
    from tui.bulk import refused

    if not session.ready:  # the checks need the models, which load after the first frame
        return refused("The API reference is still loading; nothing changed. Try again in a moment.")
    try:
        planned = planner(session.document.data, *args, **kwargs)
        return planned.outcome(session.edit_many(planned.edits, label=planned.label))
    except EditRefusedError as exc:
        return refused(str(exc))

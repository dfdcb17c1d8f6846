"""The components a person has selected (in the table of components), kept on the components as the plan changes.

A selection is a set of component indices that follows every change the document makes (see ``Document.watch``):
a component inserted before a selected one shifts it, a move takes its selection along, and a selected component
deleted is remembered, so that the undo that puts that very object back selects it again. When the whole list of
components is replaced (the plan or the list edited as JSON, a draft restored), the components that are the same
objects keep their selection, and the others are found again by name. Plain Python: the table shows it, the bulk
edits read it (``EditSession.selected_components``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tui.types import JSON, Path

if TYPE_CHECKING:
    from tui.document import Document

__all__ = ["Selection"]


class Selection:
    """The selected components of one document's plan, by index, kept in step with every change it makes."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._chosen: set[int] = set()
        self._gone: dict[int, JSON] = {}
        """Selected components taken out of the plan (by ``id``, the object held so that the id stays its own): an
        undo that puts one of them back selects it again."""
        told = document.watch  # the draft's journal: told first, as before

        def watch(kind: str, path: Path, value: JSON, position: int) -> None:
            if path[:1] == ("components",) or not path:  # most changes are inside a component: one comparison
                self._follow(kind, path, value, position)
            if told is not None:
                told(kind, path, value, position)

        document.watch = watch

    # -- reading

    def __len__(self) -> int:
        return len(self._chosen)

    def __contains__(self, index: object) -> bool:
        return index in self._chosen

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self._chosen))

    def indices(self) -> list[int]:
        """The selected components' indices, in plan order."""
        return sorted(self._chosen)

    # -- choosing

    def toggle(self, index: int) -> bool:
        """Select the component at ``index``, or unselect it when it is selected; whether it is selected now."""
        if index in self._chosen:
            self._chosen.discard(index)
            return False
        self._chosen.add(index)
        return True

    def add(self, indices: Iterable[int]) -> None:
        """Select the components at ``indices`` too."""
        self._chosen.update(indices)

    def clear(self) -> None:
        """Select nothing (what was deleted while selected is forgotten too)."""
        self._chosen.clear()
        self._gone.clear()

    # -- following the document

    def _components(self) -> list[JSON]:
        components = self._document.data.get("components")
        return components if isinstance(components, list) else []

    def _follow(self, kind: str, path: Path, value: JSON, position: int) -> None:
        """A change the document is making (``put`` and ``remove`` are told before, ``move`` after it is made)."""
        if len(path) > 2:
            return
        if len(path) < 2:  # the plan or the whole list: put anew, or the list removed
            if kind == "put":
                new = value.get("components") if not path and isinstance(value, dict) else value if path else None
                self._replaced(new if isinstance(new, list) else [])
            elif kind == "remove":
                self._replaced([])
            return
        index = path[1]
        if not isinstance(index, int) or isinstance(index, bool):
            return
        if kind == "put" and position >= 0:  # an item inserted (a list's put with a position inserts)
            self._chosen = {i + (i >= index) for i in self._chosen}
            if self._gone.get(id(value)) is value:
                del self._gone[id(value)]
                self._chosen.add(index)
        elif kind == "remove":
            components = self._components()
            if index in self._chosen and index < len(components):
                self._gone[id(components[index])] = components[index]
            self._chosen = {i - (i > index) for i in self._chosen if i != index}
        elif kind == "move":
            self._chosen = {_moved(i, index, position) for i in self._chosen}

    def _replaced(self, new: list[JSON]) -> None:
        """The list of components is being replaced by ``new``: the same objects, then the same names, stay selected."""
        old = self._components()
        selected = [old[i] for i in self._chosen if i < len(old)]
        self._gone.update((id(item), item) for item in selected)
        names = Counter(_name(item) for item in selected)
        chosen: set[int] = set()
        for i, item in enumerate(new):
            if self._gone.pop(id(item), None) is item:
                chosen.add(i)
                names[_name(item)] -= 1
        for i, item in enumerate(new):
            name = _name(item)
            if i not in chosen and name is not None and names[name] > 0:
                chosen.add(i)
                names[name] -= 1
        self._chosen = chosen


def _moved(i: int, start: int, to: int) -> int:
    """Where the item at ``i`` is after the item at ``start`` moved to ``to``."""
    if i == start:
        return to
    if start < i <= to:
        return i - 1
    if to <= i < start:
        return i + 1
    return i


def _name(component: JSON) -> str | None:
    name = component.get("name") if isinstance(component, dict) else None
    return name if isinstance(name, str) else None

"""One change to a plan's JSON tree, with what undoes it, and the rules that apply and reverse it.

:class:`~tui.document.Document` records each edit as an :class:`Op` and each undo step as a :class:`Step`; the
draft's journal (:mod:`tui.draft_journal`) replays the changes it was told of with the same :func:`put` and
:func:`remove`, so that a replay does what the edit did. The functions change a :class:`Tree`, which hands out the
object or list at a path to be changed in place, hears of each change and can swap the whole tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, Protocol

from tui.types import JSON, Path

__all__ = ["MISSING", "Missing", "Op", "Step", "Tree", "forward", "put", "remove", "reverse"]


class Missing:
    """The absence of a value (a key not in its object), as opposed to JSON null."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing()


@dataclass(frozen=True, slots=True)
class Op:
    """One change to the tree, with what is needed to reverse it."""

    kind: Literal["set", "delete", "insert", "move"]
    path: Path
    old: JSON | Missing = MISSING
    new: JSON | Missing = MISSING
    position: int = -1
    """For an added or deleted dict key, its place in the key order; for a deleted list item, its index; for a
    move, the target index."""


@dataclass(slots=True)
class Step:
    """What one undo undoes: the ops of one edit or transaction, in the order they were applied."""

    serial: int
    label: str
    ops: list[Op]


class Tree(Protocol):
    """What the op functions change: a JSON tree they reach by path, that hears of each change."""

    def get(self, path: Path) -> JSON:
        """The object or list at ``path``, to be changed in place."""
        ...

    def tell(self, kind: str, path: Path, value: JSON = None, position: int = -1) -> None:
        """Hear of a change as it is made: ``put``, ``remove`` or ``move`` (see ``Document.watch``)."""
        ...

    def replace(self, data: JSON) -> None:
        """Put ``data`` in the place of the whole tree."""
        ...


def forward(root: Tree, op: Op) -> Path:
    """Apply ``op``; returns the path it touched."""
    if op.kind == "set":
        put(root, op.path, op.new, op.position if op.old is MISSING else -1)
        return op.path
    if op.kind == "delete":
        remove(root, op.path)
        return op.path
    parent = root.get(op.path[:-1])
    assert isinstance(parent, list) and isinstance(op.path[-1], int)
    if op.kind == "insert":
        assert not isinstance(op.new, Missing)
        parent.insert(op.path[-1], op.new)
        root.tell("put", op.path, op.new, op.path[-1])
    else:
        parent.insert(op.position, parent.pop(op.path[-1]))
        root.tell("move", op.path, None, op.position)
    return op.path[:-1]


def reverse(root: Tree, op: Op) -> Path:
    """Undo ``op``; returns the path it touched."""
    if op.kind == "set":
        if op.old is MISSING:
            remove(root, op.path)
        else:
            put(root, op.path, op.old, -1)
        return op.path
    if op.kind == "delete":
        put(root, op.path, op.old, op.position)
        return op.path
    parent = root.get(op.path[:-1])
    assert isinstance(parent, list) and isinstance(op.path[-1], int)
    if op.kind == "insert":
        parent.pop(op.path[-1])
        root.tell("remove", op.path)
    else:
        parent.insert(op.path[-1], parent.pop(op.position))
        root.tell("move", (*op.path[:-1], op.position), None, op.path[-1])
    return op.path[:-1]


def put(root: Tree, path: Path, value: JSON | Missing, position: int) -> None:
    """Set ``path`` to ``value``; a new dict key goes to ``position`` in the key order (-1: where it is now)."""
    assert not isinstance(value, Missing)
    root.tell("put", path, value, position)
    if not path:
        root.replace(value)
        return
    parent = root.get(path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        assert isinstance(key, int)
        if position >= 0:
            parent.insert(key, value)
        else:
            parent[key] = value
        return
    assert isinstance(parent, dict) and isinstance(key, str)
    if key in parent or position < 0 or position >= len(parent):
        parent[key] = value
        return
    items = list(parent.items())
    items.insert(position, (key, value))
    parent.clear()
    parent.update(items)


def remove(root: Tree, path: Path) -> None:
    """Remove the key or list item at ``path``."""
    root.tell("remove", path)
    parent = root.get(path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        assert isinstance(key, int)
        del parent[key]
    else:
        assert isinstance(parent, dict) and isinstance(key, str)
        del parent[key]

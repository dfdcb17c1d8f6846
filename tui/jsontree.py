"""Plain JSON trees: a fast deep copy, equality as JSON sees it, and building large trees quickly."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tui.types import JSON, Path

__all__ = ["copy_json", "gc_paused", "owned_at", "same_json"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large JSON tree.

    A plan is a tree without cycles, so nothing is lost; without the pause, building a 1,000-component plan
    triggers collections that walk every object made so far, a third of the time spent.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def copy_json(value: JSON) -> Any:
    """A deep copy of a JSON value (several times faster than :func:`copy.deepcopy` for plain JSON)."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


def owned_at(tree: JSON, path: Path, own: set[int]) -> JSON:
    """The value at ``path`` in ``tree``, to be changed in place: every object and list from below the top down to
    it whose id is not in ``own`` is replaced first, where it is, by a shallow copy whose id is added to ``own``.

    Copy on write for a tree that shares its parts with another (a document's baseline): an edit deep in a large
    plan copies a few small objects and the lists that hold them, never the plan. ``tree`` itself is not copied;
    ``path`` must lead to a value.
    """
    node: Any = tree
    for key in path:
        child = node[key]
        if isinstance(child, dict | list) and id(child) not in own:
            child = node[key] = dict(child) if isinstance(child, dict) else list(child)
            own.add(id(child))
        node = child
    return node  # type: ignore[no-any-return]


def same_json(a: JSON, b: JSON) -> bool:
    """Equality as JSON sees it: ``1`` is not ``true``, ``1`` is not ``1.0``, and key order does not count."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        if a is b:  # a part an edit has not reached, shared by a document and its baseline
            return True
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same_json(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        assert isinstance(b, list)
        if a is b:
            return True
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return a == b

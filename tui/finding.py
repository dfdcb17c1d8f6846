"""Finding a field by name or path as a person types, without indexing the plan first.

A query is read as a path (``components.500.rep``: complete keys, then the start of the last one) and as a field's
name (``replica``, or ``source.url``: a name and the keys that lead to it). The path is followed through the plan and
the field specs, so a field the plan lacks is offered from its spec; a name is looked up among the spec's fields
(their places in the plan found by following the spec, component by component) and, only when those do not fill the
list, among the keys the reference does not list (map keys, unknown fields), which one walk of the plan gathers the
first time they are needed. Every search stops at its limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Literal

from tui.fields import FieldSpec, Kind
from tui.paths import exists, format_path, read_path
from tui.plan_walk import walk_plan
from tui.types import JSON, Path
from tui.value_index import ValueIndex

__all__ = ["FieldIndex", "Hit"]

_ITEM = -1
"""In a spec's place (a path of the spec tree), any item of a list."""
_DEEPEST = 32
"""How deep the spec tree is followed: deeper than any model goes, and a guard should one ever hold itself."""


HitKind = Literal["field", "component", "value"]
"""What a hit is: a place found by its path or key, a component found by its name, a place found by its value."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A place a search found: its path, the path as it reads, and why it was found (see :class:`FieldIndex`)."""

    path: Path
    text: str
    rank: int
    kind: HitKind = "field"
    """How it was found: by path or key, by a component's name, or by the value it holds."""
    value: JSON = None
    """For a hit found by its value, the value there (never a secret)."""


class _WalkNeededError(Exception):
    """A search needs the keys the reference does not list, and nobody has walked the plan for them yet."""


class FieldIndex:
    """Every place in a plan, and every field its objects could have, found as a person types.

    Hits come in this order, each place once, and stop at the limit:

    0. the place the query names as a path from the plan (``components.5.replica``), set or not;
    1. the places beside it whose key starts with the query's last key (``components.5.rep``: ``replica``;
       ``components.5``: ``components.50`` to ``59``, then ``500`` to ``599``), the plan's keys in its order, then
       the fields it lacks in the reference's order;
    2. the places inside the place named (``components.0.source``: its ``url``, ``kind``, ...), in the same order;
    3. to 7. unless the query's keys before its last lead somewhere from the plan (then it is a path, and the
       places above are all it finds), by name: a component whose name is the query (``orders-000``), then the
       fields the reference lists, anywhere, whose key is the query's last key; a component whose name starts
       with the query, then such fields whose key starts with it; then fields whose key holds it. Fields whose
       path ends with the query's other keys (``source.url``, ``0.name``) only, shallower ones first, then
       component by component (list items in their order), then in the reference's order; components in the
       plan's order;
    8. to 10. the keys the reference does not list (map keys, unknown fields) whose key is the query's last key,
       starts with it, holds it, as in 4, 6 and 7: shallower first, then in the plan's order;
    11. a component whose name holds the query;
    12. to 14. the places whose value's text (a string as it is, any other value as JSON writes it) is the query,
       then starts with it, then holds it (see :class:`~tui.value_index.ValueIndex`), secrets never: a key typed
       is found before a value that holds the same text.

    Keys, names and values are compared without regard to case. The index reads the plan when it searches, except
    for the values and the keys the reference does not list, which it gathers once (see :meth:`quick_search`): one
    of them gone since is no longer offered, but one added since is found only by a new index.
    """

    def __init__(self, plan: JSON) -> None:
        self._plan = plan
        self._unlisted: list[tuple[Path, str]] | None = None
        self._by_parent: dict[str | int, list[tuple[Path, str]]] | None = None
        """The keys the reference does not list, by the key before them (lowered): read when a query has one."""
        self._values: ValueIndex | None = None
        self._names: list[tuple[int, str]] | None = None
        """The components' names, lowered, by index: read with the first search by name."""
        self._walking = threading.Lock()

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """The first ``limit`` places that match ``query``, in the order the class describes."""
        return list(islice(self._hits(query, walk=True), limit))

    def quick_search(self, query: str, *, limit: int = 20) -> list[Hit] | None:
        """What :meth:`search` finds, or None when finding it needs a walk of the whole plan not yet done.

        The walk (for values, and for keys the reference does not list) is needed only when the reference's fields
        and the components' names give fewer than ``limit`` hits; it is done once, by the first :meth:`search` that
        needs it.
        """
        try:
            return list(islice(self._hits(query, walk=False), limit))
        except _WalkNeededError:
            return None

    def _hits(self, query: str, *, walk: bool) -> Iterator[Hit]:
        text = query.strip()
        if not text:
            return
        keys, last, key = _read(text)
        seen: set[Path] = set()
        for rank, places in enumerate(self._places(text, keys, last, key, walk)):
            for path, kind, value in places:
                if path not in seen:
                    seen.add(path)
                    yield Hit(path, format_path(path), rank, kind, value)

    def _places(
        self, text: str, keys: list[str | int] | None, last: str, key: str | int, walk: bool
    ) -> Iterator[Iterator[_Found]]:
        """The places of each rank, lazily: ``keys`` lead to where ``last`` (read as the key ``key``) is typed."""
        end = _resolve(self._plan, keys) if keys is not None else None
        found = _resolve(self._plan, [*keys, key]) if keys is not None and last else None
        yield _fields([found[0]] if found else [])
        yield _fields(_children(end, last.lower()) if end else [])
        yield _fields(_children(found, "") if found else [])
        if keys and end is not None:
            return  # a path from the plan: its own places are the answer, not names found anywhere
        before = [_lowered(key) for key in keys or []]
        needle = last.lower()
        tests = (needle.__eq__, lambda name: name.startswith(needle), lambda name: needle in name)
        is_, starts, holds = tests
        yield self._components_named(is_, before)
        yield _fields(_listed(self._plan, is_, before))
        yield self._components_named(starts, before)
        yield _fields(_listed(self._plan, starts, before))
        yield _fields(_listed(self._plan, holds, before))
        for test in tests:
            yield _fields(self._unlisted_named(test, before, walk))
        yield self._components_named(holds, before)
        yield from self._valued(text, walk)

    def _components_named(self, test: Callable[[str], bool], before: list[str | int]) -> Iterator[_Found]:
        """The components whose name, lowered, passes ``test``, in the plan's order (ranks 3, 5 and 11); none
        for a query with keys before its last (a name has none)."""
        if before:
            return
        names = self._names
        if names is None:  # read once (about a millisecond at 1,000 components), then tested three ways a query
            components = self._plan.get("components") if isinstance(self._plan, dict) else None
            listed = components if isinstance(components, list) else []
            named = ((index, item.get("name")) for index, item in enumerate(listed) if type(item) is dict)
            names = self._names = [(index, name.lower()) for index, name in named if isinstance(name, str)]
        for index, name in names:
            if test(name) and _named(self._plan, index, name):  # renamed since, maybe: offered only as it is now
                yield ("components", index), "component", None

    def _valued(self, text: str, walk: bool) -> Iterator[Iterator[_Found]]:
        """The places found by their value: its text is ``text``, starts with it, holds it (ranks 12 to 14)."""
        values = self._values
        if values is None:
            if not walk:
                raise _WalkNeededError
            values = self._walk_values()
        for places in values.matches(text):
            yield ((place.path, "value", place.value) for place in places)

    def _unlisted_named(self, test: Callable[[str], bool], before: list[str | int], walk: bool) -> Iterator[Path]:
        """The places of keys the reference does not list that pass ``test`` and whose path ends with ``before``."""
        unlisted = self._unlisted
        if unlisted is None:
            if not walk:
                raise _WalkNeededError
            unlisted = self._walk()
        plan = self._plan  # edited since the walk, maybe: a key is offered only while it is there
        if before:  # only those under a key that is the query's key before its last, in the same order
            by_parent = self._by_parent
            if by_parent is None:
                by_parent = {}
                for entry in unlisted:
                    if len(entry[0]) > 1:
                        by_parent.setdefault(_lowered(entry[0][-2]), []).append(entry)
                self._by_parent = by_parent
            unlisted = by_parent.get(before[-1], [])
        return (path for path, name in unlisted if test(name) and _ends_with(path, before) and exists(plan, path))

    def _walk_values(self) -> ValueIndex:
        return self._walk_plan()[1]

    def _walk(self) -> list[tuple[Path, str]]:
        return self._walk_plan()[0]

    def _walk_plan(self) -> tuple[list[tuple[Path, str]], ValueIndex]:
        """The keys the reference does not list and the values, from one walk of the plan (the first that needs
        either does it: a query that needs one mostly needs the other a key later)."""
        with self._walking:
            if self._unlisted is None or self._values is None:
                self._unlisted, self._values = walk_plan(self._plan)
            return self._unlisted, self._values


_Found = tuple[Path, HitKind, JSON]
"""A place a rank offers: its path, how it was found, and (found by its value) the value there."""


def _fields(paths: Iterable[Path]) -> Iterator[_Found]:
    """Places found by their path or key."""
    return ((path, "field", None) for path in paths)


def _named(plan: JSON, index: int, lowered: str) -> bool:
    """Whether the plan's component ``index`` is still named ``lowered`` (without regard to case)."""
    components = plan.get("components") if isinstance(plan, dict) else None
    component = components[index] if isinstance(components, list) and index < len(components) else None
    name = component.get("name") if isinstance(component, dict) else None
    return isinstance(name, str) and name.lower() == lowered


def _read(text: str) -> tuple[list[str | int] | None, str, str | int]:
    """A query's complete keys (None if they are not a path), the start of its last key, and that read as a key.

    Keys read as :func:`tui.paths.parse_path` writes them (:func:`tui.paths.read_path`). The last key may be cut
    short, a quoted one too (``"a.``); text that is no path is read as a name, without dots at its ends.
    """
    keys, last, key, _ = read_path(text)
    if keys is None:
        name = text.strip(".")
        return None, name, name
    return keys, last, key


def _lowered(key: str | int) -> str | int:
    return key.lower() if isinstance(key, str) else key


_Unset = object()
"""The value of a field the plan lacks."""
_Place = tuple[Path, object, FieldSpec | None]
"""A place found by following a path: its path, its value (or :data:`_Unset`) and its spec."""


def _resolve(plan: JSON, keys: list[str | int]) -> _Place | None:
    """Where ``keys`` lead from the plan: through its values, the last key maybe to a field it lacks."""
    from tui.schema import PLAN  # the models load only when a search needs them

    value: object = plan
    spec: FieldSpec | None = PLAN
    path: Path = ()
    for key in keys:
        if value is _Unset:
            return None  # nothing is offered inside a field the plan lacks
        step = _step(value, key, spec)
        if step is None:
            return None
        key, value = step
        spec = spec.child(key) if spec is not None else None
        path = (*path, key)
    return path, value, spec


def _step(value: object, key: str | int, spec: FieldSpec | None) -> tuple[str | int, object] | None:
    """The key one step down from ``value`` (as the plan or spec spells it) and the value there."""
    if isinstance(value, list):
        return (key, value[key]) if isinstance(key, int) and key < len(value) else None
    if not isinstance(value, dict) or not isinstance(key, str):
        return None
    if key in value:
        return key, value[key]
    fields = spec.fields if spec is not None and spec.kind is Kind.OBJECT else {}
    if key in fields:
        return key, _Unset
    lowered = key.lower()
    spelt = next((name for name in (*value, *fields) if name.lower() == lowered), None)
    if spelt is None:
        return None
    return spelt, value.get(spelt, _Unset)


def _children(place: _Place, start: str) -> Iterator[Path]:
    """The places one step inside ``place`` whose key starts with ``start``: its values, then the fields it lacks."""
    path, value, spec = place
    if isinstance(value, list):
        yield from ((*path, index) for index in range(len(value)) if str(index).startswith(start))
    elif isinstance(value, dict):
        yield from ((*path, key) for key in value if key.lower().startswith(start))
        if spec is not None and spec.kind is Kind.OBJECT:
            yield from ((*path, name) for name in spec.fields if name not in value and name.lower().startswith(start))


@cache
def _spec_places() -> tuple[tuple[Path, str], ...]:
    """Every place the reference describes (a list's items as :data:`_ITEM`) with its key lowered, in its order."""
    from tui.schema import PLAN

    places: list[tuple[Path, str]] = []

    def visit(spec: FieldSpec, path: Path) -> None:
        if len(path) > _DEEPEST:
            return
        if spec.kind is Kind.OBJECT:
            for name, field in spec.fields.items():
                places.append(((*path, name), name.lower()))
                visit(field, (*path, name))
        elif spec.kind is Kind.LIST and spec.item is not None:
            visit(spec.item, (*path, _ITEM))

    visit(PLAN, ())
    return tuple(places)


def _listed(plan: JSON, test: Callable[[str], bool], before: list[str | int]) -> Iterator[Path]:
    """The places of the reference's fields whose key passes ``test`` and whose path ends with ``before``."""
    by_depth: dict[int, _Trie] = {}
    for place, name in _spec_places():
        if test(name) and _may_end_with(place, before):
            trie = by_depth.setdefault(len(place), {})
            for key in place:
                trie = trie.setdefault(key, {})
    for depth, trie in sorted(by_depth.items()):
        start = depth - 1 - len(before)  # where the keys ``before`` the last one begin
        pinned = {start + at: key for at, key in enumerate(before) if isinstance(key, int)}
        yield from _follow(plan, (), trie, pinned)


_Trie = dict[str | int, "_Trie"]
"""Spec places of one depth, merged by their first keys (a leaf is empty)."""


def _may_end_with(place: Path, before: list[str | int]) -> bool:
    """Whether the plan's places that the spec's ``place`` stands for may end with the keys ``before``."""
    if len(place) <= len(before):
        return False
    spec_keys = place[-len(before) - 1 : -1] if before else ()
    return all(
        key == _ITEM if isinstance(want, int) else isinstance(key, str) and key.lower() == want
        for key, want in zip(spec_keys, before, strict=True)
    )


def _follow(value: JSON, path: Path, trie: _Trie, pinned: dict[int, int]) -> Iterator[Path]:
    """The places of the plan that the spec's places in ``trie`` (all of one depth) stand for, in the plan's order.

    ``pinned`` holds the list indexes the query names, by depth: only those items are followed.
    """
    for key, below in trie.items():
        if key == _ITEM:
            if isinstance(value, list):
                index = pinned.get(len(path))
                items = enumerate(value) if index is None else [(index, value[index])] if index < len(value) else []
                for at, item in items:
                    yield from _follow(item, (*path, at), below, pinned)
        elif isinstance(value, dict) and isinstance(key, str):
            if not below:
                yield (*path, key)  # set or not: the reference names it in this object
            elif key in value:
                yield from _follow(value[key], (*path, key), below, pinned)


def _ends_with(path: Path, before: list[str | int]) -> bool:
    """Whether the keys just before the last one of ``path`` are ``before`` (its keys lowered)."""
    if not before:
        return True
    if len(path) <= len(before):
        return False
    return all(_lowered(key) == want for key, want in zip(path[-len(before) - 1 : -1], before, strict=True))

"""Three-way merge of JSON plans: a base, theirs (changed by someone else) and mine, with conflicts to resolve.

What changed on one side only is taken from that side; what changed the same way on both is taken once. A value
changed differently on both sides, or deleted on one and changed on the other, is a :class:`Conflict`: mine is
kept there until a choice (:class:`Take`, :class:`SetValue`) resolves it, and :meth:`Merged.resolve` merges again
with the choices made. Objects are merged key by key. The plan's ``components`` are matched by ``component_id``
(else ``name``; a component with neither, or a repeated one, by its rank among its like), so a component moved,
added or deleted on either side merges as such. Any other list is merged item by item when it has one length on
all three sides, and is one value otherwise.

Key order and untouched values are kept exactly: a list or object in mine's order where mine reordered it, in
theirs' where only they did; a move on one side is kept when the other side did not move that component (where
both did, mine's place wins: a place is not a value, so that is no conflict). What one side added goes after
what comes before it on that side.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Final, TypeAlias, TypeVar

import orjson

from tui.diff import Change, _longest_increasing, component_key, diff
from tui.jsontree import same_json
from tui.paths import format_path
from tui.readable import ReadablePath, component_title, readable
from tui.text import plural, printable
from tui.types import JSON, Path

__all__ = ["ABSENT", "Absent", "Choice", "Conflict", "ConflictKey", "Merged", "SetValue", "Take", "merge3"]


class Absent:
    """No value: the key is not in that side's object, or the component is not in that side's list."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = Absent()
"""The one :class:`Absent`: a side that does not hold the value (deleted, or never added)."""

_Side: TypeAlias = JSON | Absent

_Id = TypeVar("_Id", bound=Hashable)

ConflictKey: TypeAlias = tuple[Hashable, ...]
"""Where a conflict is, whatever the components' order: its path, with each component's index replaced by what
identifies it (``("components", (("name", "api"), 0), "version")``). It stays the same when the merge is made again."""


class Take(StrEnum):
    """A conflict resolved by taking one side's value whole."""

    MINE = "mine"
    """Keep mine (what the merge does until told otherwise)."""
    THEIRS = "theirs"
    """Take theirs (the server's, or the file's on disk): :data:`ABSENT` when they deleted it."""


@dataclass(frozen=True, slots=True)
class SetValue:
    """A conflict resolved by a value of its own (:data:`ABSENT` removes the key or the component)."""

    value: JSON | Absent


Choice: TypeAlias = Take | SetValue
"""How one conflict is resolved."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place changed differently on both sides (or deleted on one side and changed on the other)."""

    key: ConflictKey
    """What a choice for it is keyed by in :meth:`Merged.resolve`."""
    path: Path
    """Where it is in the merged plan. For a component that mine deleted and theirs changed (so not in the merged
    plan), the index it takes when theirs is chosen."""
    where: ReadablePath
    """The path as a person reads it, by the component's name (``orders-037 › version``)."""
    base: JSON | Absent
    """The value both started from."""
    theirs: JSON | Absent
    """Their value."""
    mine: JSON | Absent
    """My value: the one the merged plan holds until resolved."""


@dataclass(slots=True)
class Merged:
    """The merged plan, the conflicts still open (mine is kept at each), and what was taken from theirs."""

    plan: dict[str, JSON]
    """The merged plan. It shares the values a side left as they were with that side, as a document shares its
    unedited parts with its baseline: copy it before changing it in place (:meth:`Document.set
    <tui.document.Document.set>` does)."""
    conflicts: list[Path] = field(default_factory=list)
    """The paths of :attr:`details`, in order."""
    details: list[Conflict] = field(default_factory=list)
    """Each conflict not yet resolved, with its three values, in plan order."""
    resolved: int = 0
    """How many conflicts the choices given resolved."""
    sides: tuple[dict[str, JSON], dict[str, JSON], dict[str, JSON]] = field(default=({}, {}, {}), repr=False)
    """Base, theirs and mine, as merged (for :meth:`resolve`)."""
    choices: Mapping[ConflictKey, Choice] = field(default_factory=dict, repr=False)
    """The choices this merge was made with."""
    _taken: list[Change] | None = field(default=None, repr=False)

    @property
    def taken(self) -> list[Change]:
        """What the merged plan changes in mine: their changes taken (and the conflicts resolved other than by
        mine), at their paths in the merged plan. Worked out when first asked for."""
        if self._taken is None:
            self._taken = diff(self.sides[2], self.plan)
        return self._taken

    @property
    def clean(self) -> bool:
        """Whether no conflict is left open."""
        return not self.details

    def resolve(self, choices: Mapping[ConflictKey, Choice]) -> Merged:
        """The merge made again with ``choices`` (keyed by :attr:`Conflict.key`) added to those made before."""
        base, theirs, mine = self.sides
        return merge3(base, theirs, mine, {**self.choices, **choices})

    def taken_summary(self) -> str:
        """``taken from the server: 2 changes`` (``server`` as ``theirs`` says)."""
        return f"taken from the server: {plural(len(self.taken), 'change')}"


def merge3(
    base: dict[str, JSON],
    theirs: dict[str, JSON],
    mine: dict[str, JSON],
    choices: Mapping[ConflictKey, Choice] | None = None,
) -> Merged:
    """Merge ``theirs`` and ``mine``, both changed from ``base``; ``choices`` resolve the conflicts they key."""
    merger = _Merger(choices or {})
    plan = merger.merge(base, theirs, mine, (), (), None)
    assert isinstance(plan, dict)
    details = merger.found
    return Merged(
        plan,
        [conflict.path for conflict in details],
        details,
        merger.resolved,
        (base, theirs, mine),
        dict(choices or {}),
    )


def _identical(a: _Side, b: _Side) -> bool:
    """Equal as JSON, and in the same key order everywhere (an object reordered is not identical).

    Python's own comparison, then orjson's bytes (which tell ``1`` from ``1.0`` and ``true``, and key order), both
    in C: a tenth of the time of a walk in Python, which is left for what orjson cannot write.
    """
    if a is b:
        return True
    if type(a) is not type(b) or isinstance(a, Absent):
        return False
    if isinstance(a, dict | list):
        try:
            return bool(a == b) and orjson.dumps(a) == orjson.dumps(b)
        except (orjson.JSONEncodeError, RecursionError):
            return _walked_identical(a, b)
    return a == b


def _walked_identical(a: _Side, b: _Side) -> bool:
    if a is b:
        return True
    if type(a) is not type(b) or isinstance(a, Absent):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return len(a) == len(b) and all(x == y and _identical(a[x], b[y]) for x, y in zip(a, b, strict=True))
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _same(a: _Side, b: _Side) -> bool:
    """Equal as JSON (key order aside)."""
    if isinstance(a, Absent) or isinstance(b, Absent):
        return a is b
    return same_json(a, b)


class _Merger:
    """One merge: the choices it follows, and the conflicts it finds (in plan order)."""

    def __init__(self, choices: Mapping[ConflictKey, Choice]) -> None:
        self.choices = choices
        self.found: list[Conflict] = []
        self.resolved = 0

    def merge(self, base: _Side, theirs: _Side, mine: _Side, path: Path, key: ConflictKey, owner: _Side) -> _Side:
        """The merged value at ``path``; ``owner`` is the component it is in (for naming a conflict), if any."""
        if _identical(theirs, mine):  # mine, shared: what was taken from theirs is then quick to tell apart
            return mine
        if _identical(base, mine):
            return theirs
        if _identical(base, theirs):
            return mine
        if isinstance(theirs, dict) and isinstance(mine, dict) and isinstance(base, dict | Absent):
            return self._objects(base if isinstance(base, dict) else {}, theirs, mine, path, key, owner)
        if isinstance(theirs, list) and isinstance(mine, list) and isinstance(base, list | Absent):
            base_list = base if isinstance(base, list) else []
            if path == ("components",):
                return self._components(base_list, theirs, mine, path, key)
            if len(base_list) == len(theirs) == len(mine):
                triples = enumerate(zip(base_list, theirs, mine, strict=True))
                items = [self.merge(b, t, m, (*path, i), (*key, i), owner) for i, (b, t, m) in triples]
                return [item for item in items if not isinstance(item, Absent)]
        if _same(base, mine) or _same(theirs, mine):  # only keys reordered: no change
            return theirs
        if _same(base, theirs):
            return mine
        return self.conflict(base, theirs, mine, path, key, owner)

    def conflict(self, base: _Side, theirs: _Side, mine: _Side, path: Path, key: ConflictKey, owner: _Side) -> _Side:
        """A conflict at ``path``: its choice's value when one was made, else mine, the conflict recorded."""
        choice = self.choices.get(key)
        if choice is None:
            self.found.append(Conflict(key, path, _where(path, owner), base, theirs, mine))
            return mine
        self.resolved += 1
        if isinstance(choice, SetValue):
            return choice.value
        return mine if choice is Take.MINE else theirs

    def _objects(
        self,
        base: dict[str, JSON],
        theirs: dict[str, JSON],
        mine: dict[str, JSON],
        path: Path,
        key: ConflictKey,
        owner: _Side,
    ) -> dict[str, JSON]:
        values: dict[str, _Side] = {}
        for name in _union(base, theirs, mine):
            values[name] = self.merge(
                base.get(name, ABSENT),
                theirs.get(name, ABSENT),
                mine.get(name, ABSENT),
                (*path, name),
                (*key, name),
                owner,
            )
        kept = {name for name, value in values.items() if not isinstance(value, Absent)}
        merged: dict[str, JSON] = {}
        for name in _order(list(base), list(theirs), list(mine), kept):
            value = values[name]
            assert not isinstance(value, Absent)
            merged[name] = value
        return merged

    def _components(
        self, base: list[JSON], theirs: list[JSON], mine: list[JSON], path: Path, key: ConflictKey
    ) -> list[JSON]:
        b_ids, t_ids, m_ids = _identities(base), _identities(theirs), _identities(mine)
        b_of, t_of, m_of = (
            dict(zip(b_ids, base, strict=True)),
            dict(zip(t_ids, theirs, strict=True)),
            dict(zip(m_ids, mine, strict=True)),
        )
        placed: set[Hashable] = set()  # what takes a place in the order (kept, or a conflict mine deleted)
        for ident in _union(b_ids, t_ids, m_ids):
            b, t, m = b_of.get(ident, ABSENT), t_of.get(ident, ABSENT), m_of.get(ident, ABSENT)
            gone = isinstance(t, Absent) and isinstance(m, Absent)
            deleted_untouched = (isinstance(t, Absent) and _same(b, m)) or (isinstance(m, Absent) and _same(b, t))
            if not gone and not deleted_untouched:
                placed.add(ident)
        merged: list[JSON] = []
        for ident in _order(b_ids, t_ids, m_ids, placed):
            b, t, m = b_of.get(ident, ABSENT), t_of.get(ident, ABSENT), m_of.get(ident, ABSENT)
            here, where = (*path, len(merged)), (*key, ident)
            face = m if not isinstance(m, Absent) else t if not isinstance(t, Absent) else b
            if isinstance(t, Absent) or isinstance(m, Absent):
                one_side = not isinstance(b, Absent)  # deleted on one side, changed on the other
                value = self.conflict(b, t, m, here, where, face) if one_side else (m if isinstance(t, Absent) else t)
            else:
                value = self.merge(b, t, m, here, where, face)
            if not isinstance(value, Absent):
                merged.append(value)
        return merged


def _where(path: Path, owner: _Side) -> ReadablePath:
    """``path`` as a person reads it, by the name of ``owner``, the component it is in (any side's)."""
    if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int) and not isinstance(owner, Absent):
        inside = printable(format_path(path[2:], root="")) if len(path) > 2 else ""
        return ReadablePath(component_title(owner, path[1]), path[1], inside)
    return readable(path, None)


def _identities(items: Sequence[JSON]) -> list[Hashable]:
    """What identifies each component: its ``component_id`` (else ``name``), and its rank among those alike."""
    seen: dict[Hashable, int] = {}
    out: list[Hashable] = []
    for item in items:
        key = component_key(item)
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        out.append((key, rank))
    return out


def _union(*sides: Sequence[_Id] | Mapping[_Id, JSON]) -> list[_Id]:
    """Every identity (or key) of the sides, each once, in the order first met."""
    return list(dict.fromkeys(ident for side in sides for ident in side))


def _moved(base: Sequence[_Id], side: Sequence[_Id]) -> set[_Id]:
    """What ``side`` moved: what it shares with ``base`` and holds out of base's relative order."""
    at = {ident: index for index, ident in enumerate(base)}
    common = [at[ident] for ident in side if ident in at]
    if all(a < b for a, b in pairwise(common)):
        return set()
    stayed = _longest_increasing(common)
    return {ident for ident in side if ident in at and at[ident] not in stayed}


def _order(base: Sequence[_Id], theirs: Sequence[_Id], mine: Sequence[_Id], kept: set[_Id]) -> list[_Id]:
    """The merged order of ``kept``: mine's where mine reordered (else theirs' where they did), then the other
    side's moves (of what the first did not move) and additions, each put after what comes before it there."""
    mine_moved, theirs_moved = _moved(base, mine), _moved(base, theirs)
    if mine_moved or not theirs_moved:
        first, other, first_moved, other_moved = mine, theirs, mine_moved, theirs_moved
    else:
        first, other, first_moved, other_moved = theirs, mine, theirs_moved, mine_moved
    # The order as a chain, each identity's next and previous, so that taking one out and putting it after
    # another costs the same at any length: a list's remove, index and insert made a merge quadratic where one
    # side moved every component.
    ahead: dict[object, object] = {}
    behind: dict[object, object] = {}
    last: object = _START
    for ident in first:
        if ident in kept:
            ahead[last], behind[ident], last = ident, last, ident
    ahead[last] = _END
    placed = set(behind)
    after: object = _START  # what comes before each place in ``other``: the kept one before it, all placed by then
    for ident in other:
        if ident not in kept:
            continue
        if ident in placed:
            if ident not in other_moved or ident in first_moved:
                after = ident
                continue
            ahead[behind[ident]] = ahead[ident]  # taken out of the chain
            behind[ahead[ident]] = behind[ident]
        ahead[ident], behind[ident] = ahead[after], after
        behind[ahead[after]] = ident
        ahead[after] = ident
        placed.add(ident)
        after = ident
    order: list[_Id] = []
    link = ahead[_START]
    while link is not _END:
        order.append(link)  # type: ignore[arg-type]
        link = ahead[link]
    return order


_START, _END = object(), object()
"""The two ends of the chain :func:`_order` builds."""

"""Three-way merge of JSON plans: a base, theirs (changed by someone else) and mine, conflicts by path.

What changed on one side only is taken from that side; what changed the same way on both is taken once. A value
changed differently on both sides is a conflict: mine is kept, and its path is reported. Objects are merged key by
key; lists of the same length on all three sides item by item; any other list is one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from tui.jsontree import copy_json, same_json
from tui.types import JSON, Path

__all__ = ["Merged", "merge3"]


class _Absent:
    """No value: the key is not in that side's object."""


_ABSENT: Final = _Absent()

_Side = JSON | _Absent


@dataclass(slots=True)
class Merged:
    """The merged plan and the paths where both sides changed one value differently (mine was kept there)."""

    plan: dict[str, JSON]
    conflicts: list[Path] = field(default_factory=list)


def merge3(base: dict[str, JSON], theirs: dict[str, JSON], mine: dict[str, JSON]) -> Merged:
    """Merge ``theirs`` and ``mine``, both changed from ``base``."""
    conflicts: list[Path] = []
    plan = _merge(base, theirs, mine, (), conflicts)
    assert isinstance(plan, dict)
    return Merged(copy_json(plan), conflicts)


def _same(a: _Side, b: _Side) -> bool:
    if isinstance(a, _Absent) or isinstance(b, _Absent):
        return isinstance(a, _Absent) and isinstance(b, _Absent)
    return same_json(a, b)


def _merge(base: _Side, theirs: _Side, mine: _Side, path: Path, conflicts: list[Path]) -> _Side:
    if _same(theirs, mine) or _same(base, mine):
        return theirs
    if _same(base, theirs):
        return mine
    if isinstance(base, dict) and isinstance(theirs, dict) and isinstance(mine, dict):
        merged: dict[str, JSON] = {}
        for key in [*theirs, *(key for key in mine if key not in theirs)]:
            value = _merge(
                base.get(key, _ABSENT), theirs.get(key, _ABSENT), mine.get(key, _ABSENT), (*path, key), conflicts
            )
            if not isinstance(value, _Absent):
                merged[key] = value
        return merged
    if _lists_alike(base, theirs, mine):
        assert isinstance(base, list) and isinstance(theirs, list) and isinstance(mine, list)
        triples = enumerate(zip(base, theirs, mine, strict=True))
        items = [_merge(b, t, m, (*path, i), conflicts) for i, (b, t, m) in triples]
        return [item for item in items if not isinstance(item, _Absent)]
    conflicts.append(path)
    return mine


def _lists_alike(base: _Side, theirs: _Side, mine: _Side) -> bool:
    """Whether all three are lists of one length, merged item by item."""
    if isinstance(base, list) and isinstance(theirs, list) and isinstance(mine, list):
        return len(base) == len(theirs) == len(mine)
    return False

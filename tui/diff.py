"""Changes between two plans, by path: what was added, removed or changed, and components moved as moves.

Components are matched by ``component_id`` (else by ``name``), so a component moved from one place to another is
one move rather than a change at every index it passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.jsontree import same_json
from tui.types import JSON, Path

__all__ = ["Change", "ChangeKind", "component_key", "diff"]


class ChangeKind(StrEnum):
    """What happened at a path between the baseline and now."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the baseline and the current plan.

    ``path`` is where the value is now; for a removed value, where it was. A moved component also has
    ``old_path``, its place in the baseline; changes inside it are listed at its new place.
    """

    kind: ChangeKind
    path: Path
    old: JSON = None
    new: JSON = None
    old_path: Path | None = None


def diff(old: JSON, new: JSON, path: Path = ()) -> list[Change]:
    """The changes that turn ``old`` into ``new``, in the order of ``new``.

    Components are matched by ``component_id`` (else by ``name``), so moving one is a single move rather than
    a change at every index it passed; every other list is compared index by index.
    """
    out: list[Change] = []
    _diff(old, new, path, out)
    return out


def _diff(old: JSON, new: JSON, path: Path, out: list[Change]) -> None:
    if old is new and isinstance(old, dict | list):  # a part no edit has reached, shared with the baseline
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key in old:
                _diff(old[key], value, (*path, key), out)
            else:
                out.append(Change(ChangeKind.ADDED, (*path, key), new=value))
        out.extend(Change(ChangeKind.REMOVED, (*path, key), old=value) for key, value in old.items() if key not in new)
    elif isinstance(old, list) and isinstance(new, list):
        if path == ("components",):
            _diff_components(old, new, path, out)
            return
        for index, value in enumerate(new):
            if index < len(old):
                _diff(old[index], value, (*path, index), out)
            else:
                out.append(Change(ChangeKind.ADDED, (*path, index), new=value))
        out.extend(Change(ChangeKind.REMOVED, (*path, i), old=old[i]) for i in range(len(new), len(old)))
    elif not same_json(old, new):
        out.append(Change(ChangeKind.CHANGED, path, old, new))


def component_key(component: JSON) -> tuple[str, str] | None:
    """What identifies a component (or any list item like one): its ``component_id``, else its ``name``."""
    if isinstance(component, dict):
        for field in ("component_id", "name"):
            value = component.get(field)
            if isinstance(value, str) and value:
                return field, value
    return None


def _diff_components(old: list[JSON], new: list[JSON], path: Path, out: list[Change]) -> None:
    by_key: dict[tuple[str, str], int] = {}
    for index, component in enumerate(old):
        key = component_key(component)
        if key is not None:
            by_key.setdefault(key, index)
    pairs: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    for index, component in enumerate(new):
        key = component_key(component)
        match = by_key.get(key) if key is not None else None
        if match is not None and match not in taken:
            pairs[index] = match
            taken.add(match)
    # Items with no key pair up by position when that position is free on both sides.
    for index, component in enumerate(new):
        if index not in pairs and index < len(old) and index not in taken and component_key(component) is None:
            pairs[index] = index
            taken.add(index)
    stayed = _longest_increasing([pairs[i] for i in sorted(pairs)])
    for index, component in enumerate(new):
        here = (*path, index)
        if index not in pairs:
            out.append(Change(ChangeKind.ADDED, here, new=component))
            continue
        before = pairs[index]
        if before not in stayed:
            out.append(Change(ChangeKind.MOVED, here, old_path=(*path, before)))
        _diff(old[before], component, here, out)
    out.extend(Change(ChangeKind.REMOVED, (*path, i), old=old[i]) for i in range(len(old)) if i not in taken)


def _longest_increasing(sequence: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the items that kept their relative order."""
    tails: list[int] = []  # index into sequence of the smallest tail of each length
    previous: list[int] = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if sequence[tails[mid]] < value:
                low = mid + 1
            else:
                high = mid
        if low:
            previous[i] = tails[low - 1]
        if low == len(tails):
            tails.append(i)
        else:
            tails[low] = i
    kept: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        kept.add(sequence[i])
        i = previous[i]
    return kept

"""Paths as a person reads them: by the component's name, never by its index alone, and changes grouped by component.

``components.37.version`` reads ``orders-037 › version``; a component with no name reads ``#37``. Every string
that comes from the plan passes through :func:`tui.text.printable`, so a view shows the result as it is, and the
index stays apart (:attr:`ReadablePath.index`) for a view that shows it dim. Plain Python, no models: the issues
panel, the status line, the finder and the review all call it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from tui.diff import Change, ChangeKind
from tui.paths import format_path
from tui.text import plural, printable
from tui.types import JSON, Path

__all__ = [
    "PLAN_TITLE",
    "SEPARATOR",
    "ChangeGroup",
    "ReadablePath",
    "change_place",
    "component_title",
    "group_changes",
    "readable",
    "summarize",
]

SEPARATOR: Final = " \u203a "
"""What stands between a component's name and the path inside it: ``orders-037 › version``."""

PLAN_TITLE: Final = "the plan"
"""How the plan itself, and the group of changes to its own fields, read."""

_LONGEST_NAME: Final = 64
"""The most characters of a name shown (the reference allows 64): a longer one is cut, with an ellipsis."""


@dataclass(frozen=True, slots=True)
class ReadablePath:
    """A path as a person reads it, in parts a view can style apart (every part is printable already)."""

    component: str | None
    """The component's name (``orders-037``), or ``#37`` when it has none; None outside any component."""
    index: int | None
    """The component's index in the plan, for a view to show dim beside the name; None outside any component."""
    inside: str
    """The rest of the path as written (``source.url``); ``""`` for the component itself."""

    @property
    def text(self) -> str:
        """The whole path in one line: ``orders-037 › source.url``, ``orders-037``, ``desc``, ``the plan``."""
        if self.component is None:
            return self.inside or PLAN_TITLE
        return f"{self.component}{SEPARATOR}{self.inside}" if self.inside else self.component

    @property
    def indexed(self) -> str:
        """:attr:`text` with the component's index beside its name, as the command line lists places:
        ``orders-037 #37 › source.url``; a component with no name reads ``#37`` once."""
        if self.component is None or self.index is None or self.component == f"#{self.index}":
            return self.text
        title = f"{self.component} #{self.index}"
        return f"{title}{SEPARATOR}{self.inside}" if self.inside else title


def component_title(component: JSON, index: int) -> str:
    """A component as a person names it: its ``name`` (printable, cut at 64 characters), else ``#37``."""
    name = component.get("name") if isinstance(component, dict) else None
    if not isinstance(name, str) or not name.strip():
        return f"#{index}"
    if len(name) > _LONGEST_NAME:
        name = name[: _LONGEST_NAME - 1] + "\u2026"
    return printable(name)


def readable(path: Path, plan: JSON) -> ReadablePath:
    """``path`` by the name of the component it is in, as ``plan`` holds it: ``orders-037 › version``.

    A path outside the components (the plan's own fields, the components list itself) reads as written.
    """
    if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int) and not isinstance(path[1], bool):
        index = path[1]
        components = plan.get("components") if isinstance(plan, dict) else None
        component = components[index] if isinstance(components, list) and 0 <= index < len(components) else None
        inside = printable(format_path(path[2:], root="")) if len(path) > 2 else ""
        return ReadablePath(component_title(component, index), index, inside)
    return ReadablePath(None, None, printable(format_path(path, root="")))


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    """The changes of one component (or of the plan's own fields), for a review that reads by component."""

    title: str
    """The component's name, or ``#37``, or ``the plan`` (printable)."""
    index: int | None
    """The component's index (in the plan now; for a removed one, where it was), or None for the plan's fields."""
    removed: bool
    """Whether the component itself is gone (then :attr:`index` is where it was in the baseline)."""
    changes: tuple[Change, ...]
    """The group's changes, in the diff's order."""
    counts: Mapping[ChangeKind, int] = field(default_factory=dict)
    """How many changes of each kind the group holds."""

    @property
    def summary(self) -> str:
        """The counts in words, in a fixed order: ``2 changed, 1 added``; ``removed`` for a removed component."""
        if self.removed:
            return "removed"
        return ", ".join(f"{self.counts[kind]} {kind.value}" for kind in ChangeKind if self.counts.get(kind))

    def where(self, change: Change) -> str:
        """Where one of the group's changes is, inside the group (printable): ``source.url``, or ``""``."""
        inner = change.path[2:] if self.index is not None else change.path
        return printable(format_path(inner, root=""))


def change_place(change: Change, plan: JSON, before: JSON) -> ReadablePath:
    """Where ``change`` (from ``before`` to ``plan``) is, by the name of its component in ``plan``; a component that
    was removed is named from ``before``."""
    gone = change.kind is ChangeKind.REMOVED and len(change.path) == 2
    return readable(change.path, before if gone else plan)


def group_changes(changes: Iterable[Change], plan: JSON, baseline: JSON) -> list[ChangeGroup]:
    """``changes`` (see :func:`tui.diff.diff`) by component: the plan's own fields first, then each component in
    the order its first change comes, named from ``plan`` (a removed component from ``baseline``)."""
    groups: dict[tuple[bool, int | None], list[Change]] = {}
    own: list[Change] = []
    for change in changes:
        path = change.path
        if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int):
            gone = change.kind is ChangeKind.REMOVED and len(path) == 2
            groups.setdefault((gone, path[1]), []).append(change)
        else:
            own.append(change)
    out: list[ChangeGroup] = []
    if own:
        out.append(_group(PLAN_TITLE, None, removed=False, changes=own))
    for (gone, index), members in groups.items():
        assert index is not None
        source = baseline if gone else plan
        components = source.get("components") if isinstance(source, dict) else None
        component = components[index] if isinstance(components, list) and 0 <= index < len(components) else None
        out.append(_group(component_title(component, index), index, removed=gone, changes=members))
    return out


def _group(title: str, index: int | None, *, removed: bool, changes: list[Change]) -> ChangeGroup:
    counts = Counter(change.kind for change in changes)
    return ChangeGroup(title, index, removed, tuple(changes), dict(counts))


def summarize(groups: Iterable[ChangeGroup]) -> str:
    """How large a review is, for its heading: ``12 changes in 5 components``, ``1 change to the plan's fields``,
    ``3 changes in 2 components and the plan's fields``, or ``no changes``."""
    groups = list(groups)
    total = sum(len(group.changes) for group in groups)
    if not total:
        return "no changes"
    components = sum(1 for group in groups if group.index is not None)
    own = any(group.index is None for group in groups)
    if not components:
        return f"{plural(total, 'change')} to the plan's fields"
    where = f"{plural(total, 'change')} in {plural(components, 'component')}"
    return f"{where} and the plan's fields" if own else where

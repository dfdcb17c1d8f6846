"""The command line's words for a diff and a merge: changes by component name, conflicts with their three values.

Every line is printable (names, keys and values from a plan or a server pass through :func:`tui.text.printable`);
values are JSON, so ``"2"`` and ``2`` read differently, with secrets masked and long ones cut. Lines that start
with two spaces list under the line before, as ``relplan submit`` lists paths.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

from tui.diff import Change, ChangeKind
from tui.merge import Absent, Conflict, Merged
from tui.paths import format_path
from tui.readable import ChangeGroup, group_changes, readable, summarize
from tui.secrets import mask_secrets
from tui.text import json_for_terminal, plural, printable
from tui.types import JSON, Path

__all__ = ["conflict_lines", "diff_lines", "taken_lines", "value_text"]

SHOWN_VALUE: Final = 120
"""The most characters of a value shown; a longer one is cut, with an ellipsis."""

LISTED: Final = 20
"""How many conflicts or taken changes are listed; the rest are counted."""


def value_text(value: JSON | Absent, path: Path = ()) -> str:
    """``value`` as JSON on one line (secrets masked, cut to :data:`SHOWN_VALUE`), or ``(not there)``."""
    if isinstance(value, Absent):
        return "(not there)"
    text = json_for_terminal(json.dumps(mask_secrets(value, path), ensure_ascii=False))
    if len(text) > SHOWN_VALUE:
        text = text[: SHOWN_VALUE - 1] + "\u2026"
    return printable(text)


def diff_lines(changes: Sequence[Change], plan: JSON, baseline: JSON) -> list[str]:
    """``changes`` (from ``baseline`` to ``plan``) grouped by component: a heading a group, ``orders-037 #37: 2
    changes``, then each change under it (``  ~ version: "1.0.8" -> "1.0.9"``). The first line sums them up."""
    groups = group_changes(changes, plan, baseline)
    lines = [summarize(groups)]
    for group in groups:
        title = group.title if group.index is None else f"{group.title} #{group.index}"
        if group.removed:
            lines.append(f"{title}: removed")
            continue
        lines.append(f"{title}: {plural(len(group.changes), 'change')}")
        lines.extend(_change_line(group, change) for change in group.changes)
    return lines


def _change_line(group: ChangeGroup, change: Change) -> str:
    where, path = group.where(change) or "the component", change.path
    if change.kind is ChangeKind.ADDED:
        return f"  + {where}: {value_text(change.new, path)}"
    if change.kind is ChangeKind.REMOVED:
        return f"  - {where}: {value_text(change.old, path)}"
    if change.kind is ChangeKind.MOVED:
        before = change.old_path or ()
        was = f"#{before[1]}" if len(before) == 2 and before[0] == "components" else format_path(before)
        return f"  \u2195 {where} moved (was at {printable(str(was))})"
    return f"  ~ {where}: {value_text(change.old, path)} \u2192 {value_text(change.new, path)}"


def conflict_lines(conflicts: Sequence[Conflict], *, theirs: str = "server") -> list[str]:
    """Each conflict, listed: where (by component name), then its value as fetched, ``theirs`` and mine."""
    width = max(len(theirs), len("fetched"))
    lines: list[str] = []
    for conflict in conflicts[:LISTED]:
        where = conflict.where
        index = f" #{where.index}" if where.index is not None else ""
        lines.append(f"  {where.text}{index}")
        for label, value in (("fetched", conflict.base), (theirs, conflict.theirs), ("yours", conflict.mine)):
            lines.append(f"    {label.ljust(width)} {value_text(value, conflict.path)}")
    if len(conflicts) > LISTED:
        lines.append(f"  and {len(conflicts) - LISTED} more")
    return lines


def taken_lines(merged: Merged) -> list[str]:
    """What the merge took from theirs, one path a line, by component name in the merged plan."""
    mine = merged.sides[2]
    lines = [
        f"  {change.kind}: {readable(change.path, mine if change.kind is ChangeKind.REMOVED else merged.plan).text}"
        for change in merged.taken[:LISTED]
    ]
    if len(merged.taken) > LISTED:
        lines.append(f"  and {len(merged.taken) - LISTED} more")
    return lines

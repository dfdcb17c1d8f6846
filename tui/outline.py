"""The shape of a plan as the editor shows it, in plain Python: tree nodes, their labels, and issue counts.

Nothing here imports Textual; the widgets draw what these functions compute.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tui.text import printable
from tui.types import JSON, Issue, Path, Severity

__all__ = ["Counts", "branches", "count_issues", "is_branch", "node_label", "value_text"]

_SUMMARY_KEYS = ("name", "key", "container_name", "conifg_id", "log_path", "ip", "id", "type", "path", "key_id")


def is_branch(value: JSON) -> bool:
    """Whether a value is a tree node of its own (an object or a list) rather than a field of its parent's form."""
    return isinstance(value, dict | list)


def branches(value: JSON) -> Iterator[tuple[str | int, JSON]]:
    """The children of an object or list that are objects or lists themselves, in document order."""
    items: Iterable[tuple[str | int, JSON]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        if is_branch(child):
            yield key, child


def node_label(path: Path, value: JSON) -> str:
    """How a tree node reads: the plan's name, ``components (12)``, ``2 · order-api``, ``#1 JAVA_OPTS``.

    The label is one line, safe to show: the plan's names and keys have their controls escaped (``\\x1b``).
    """
    return printable(_label(path, value))


def _label(path: Path, value: JSON) -> str:
    if not path:
        name = value.get("name") if isinstance(value, dict) else None
        return f"plan {name}" if isinstance(name, str) and name else "plan"
    key = path[-1]
    if isinstance(key, str):
        return f"{key} ({len(value)})" if isinstance(value, list) else key
    if path[:1] == ("components",) and len(path) == 2 and isinstance(value, dict):
        seq, name = value.get("seq"), value.get("name")
        batch = str(seq) if isinstance(seq, int) and not isinstance(seq, bool) else "?"
        return f"{batch} · {name if isinstance(name, str) and name else '(no name)'}"
    summary = _summary(value)
    return f"#{key} {summary}" if summary else f"#{key}"


def _summary(value: JSON) -> str:
    if isinstance(value, dict):
        for key in _SUMMARY_KEYS:
            item = value.get(key)
            if isinstance(item, str) and item:
                return item
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def value_text(value: JSON) -> str:
    """A scalar as it reads in an input: strings as they are, numbers and booleans as JSON spells them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return ""


@dataclass(frozen=True, slots=True)
class Counts:
    """Errors and warnings at or below one path."""

    errors: int = 0
    warnings: int = 0


def count_issues(issues: Iterable[Issue]) -> dict[Path, Counts]:
    """For every path that has an issue at or below it, how many errors and warnings."""
    errors: dict[Path, int] = {}
    warnings: dict[Path, int] = {}
    for issue in issues:
        tally = errors if issue.severity is Severity.ERROR else warnings
        path = issue.path
        for end in range(len(path) + 1):
            prefix = path[:end]
            tally[prefix] = tally.get(prefix, 0) + 1
    return {path: Counts(errors.get(path, 0), warnings.get(path, 0)) for path in errors.keys() | warnings.keys()}

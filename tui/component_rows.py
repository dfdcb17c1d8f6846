"""The table of components in plain Python: each component's row of text, the filter, and the sort orders.

Every cell is printable text (see :func:`tui.text.printable`), never markup: the widget draws it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from tui.outline import Counts, value_text
from tui.readable import component_title
from tui.text import printable
from tui.types import JSON, Path

__all__ = ["COLUMNS", "ComponentRow", "RowFilter", "component_row", "component_rows", "order"]

COLUMNS: Final = ("seq", "name", "version", "replica", "source", "strategy", "errors", "warnings")
"""The columns, in order; a sort is by one of them (or by none: the plan's order)."""

_NUMERIC: Final = frozenset({"seq", "replica", "errors", "warnings"})
_SEQ: Final = re.compile(r"seq:(-?[0-9]+)$", re.IGNORECASE)
_PARTS: Final = re.compile(r"[0-9]+|[^0-9]+")
_NO_COUNTS: Final = Counts()


@dataclass(frozen=True, slots=True)
class ComponentRow:
    """One component as the table shows it."""

    index: int
    """Where the component is in the plan's list."""
    cells: tuple[str, ...]
    """The text of each of :data:`COLUMNS`, printable."""
    seq: int | None
    """The component's batch, when it is a whole number."""
    replica: int | None
    """Its replica count, when it is a whole number."""
    counts: Counts
    """Its errors and warnings."""

    def with_counts(self, counts: Counts) -> ComponentRow:
        """The same row with other error and warning counts."""
        cells = (*self.cells[:-2], _count(counts.errors), _count(counts.warnings))
        return ComponentRow(self.index, cells, self.seq, self.replica, counts)

    @property
    def text(self) -> str:
        """Every cell in one lower-case line, which the filter's words are looked for in."""
        return "\t".join(self.cells).casefold()

    def sort_key(self, column: str) -> tuple[object, ...]:
        """How the row sorts by ``column``: numbers as numbers, versions part by part, text without case; the empty
        last."""
        if column in _NUMERIC:
            number = {
                "seq": self.seq,
                "replica": self.replica,
                "errors": self.counts.errors,
                "warnings": self.counts.warnings,
            }[column]
            return (number is None, number or 0, self.index)
        text = self.cells[COLUMNS.index(column)]
        if column == "version":
            parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _PARTS.findall(text))
            return (not text, parts, self.index)
        return (not text, text.casefold(), self.index)


def component_row(index: int, component: JSON, counts: Counts | None = None) -> ComponentRow:
    """The row of the component at ``index`` (``counts``: its errors and warnings)."""
    item = component if isinstance(component, dict) else {}
    seq, replica = _whole(item.get("seq")), _whole(item.get("replica"))
    strategy = item.get("deploy_strategy")
    counts = counts or _NO_COUNTS
    cells = (
        "" if seq is None else str(seq),
        component_title(component, index),
        _text(item.get("version")),
        "" if replica is None else str(replica),
        source_text(item.get("source")),
        _text(strategy.get("type")) if isinstance(strategy, dict) else "",
        _count(counts.errors),
        _count(counts.warnings),
    )
    return ComponentRow(index, cells, seq, replica, counts)


def component_rows(plan: JSON, counts: Mapping[Path, Counts]) -> list[ComponentRow]:
    """The row of every component of ``plan``; ``counts`` as :func:`tui.outline.count_issues` gives them."""
    components = plan.get("components") if isinstance(plan, dict) else None
    if not isinstance(components, list):
        return []
    return [component_row(i, item, counts.get(("components", i))) for i, item in enumerate(components)]


def source_text(source: JSON) -> str:
    """Where a component comes from, short: an image's name and tag, a package's file name, a repository's name."""
    if not isinstance(source, dict):
        return ""
    url = source.get("url") if source.get("kind") != "code" else source.get("repo_url")
    if not isinstance(url, str) or not url:
        name = source.get("repo_name")
        return printable(name) if isinstance(name, str) else ""
    return printable(url.rstrip("/").rsplit("/", 1)[-1])


@dataclass(frozen=True, slots=True)
class RowFilter:
    """What the filter box holds: words every shown row contains (in any column), and a batch (``seq:N``)."""

    words: tuple[str, ...] = ()
    seqs: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str) -> RowFilter:
        """Read the filter box: ``seq:2 orders`` shows batch 2's rows that contain ``orders``."""
        words, seqs = [], []
        for word in text.split():
            if (match := _SEQ.match(word)) is not None:
                seqs.append(int(match.group(1)))
            else:
                words.append(word.casefold())
        return cls(tuple(words), tuple(seqs))

    def __bool__(self) -> bool:
        return bool(self.words or self.seqs)

    def shows(self, row: ComponentRow) -> bool:
        """Whether ``row`` passes: its batch is one asked for (if any), and it holds every word."""
        if self.seqs and row.seq not in self.seqs:
            return False
        text = row.text if self.words else ""
        return all(word in text for word in self.words)


def order(rows: Sequence[ComponentRow], shown: RowFilter, column: str | None, *, reverse: bool = False) -> list[int]:
    """The indices of the rows ``shown`` passes, sorted by ``column`` (None: the plan's order), maybe reversed."""
    kept: Iterable[ComponentRow] = (row for row in rows if shown.shows(row)) if shown else rows
    if column is not None:
        kept = sorted(kept, key=lambda row: row.sort_key(column))
    indices = [row.index for row in kept]
    return indices[::-1] if reverse else indices


def _count(number: int) -> str:
    return str(number) if number else ""


def _whole(value: JSON) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: JSON) -> str:
    return printable(value_text(value)) if isinstance(value, str | int | float) else ""

"""Finding a field by name or path as a person types: every place in a plan, and every field its objects could have."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.fields import FieldSpec, Kind
from tui.paths import format_path
from tui.types import JSON, Path

__all__ = ["FieldIndex", "Hit"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A place a search found: its path, the text that matched, and how well."""

    path: Path
    text: str
    rank: int


class FieldIndex:
    """Every place in a plan (and every field its objects could have), ready to search as a person types."""

    def __init__(self, plan: JSON) -> None:
        self._places = [(path, format_path(path)) for path in _places(plan)]
        self._lowered = [(path, dotted, dotted.lower(), str(path[-1]).lower()) for path, dotted in self._places]

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Places whose name or dotted path matches ``query``, best first.

        An exact path (``components.0.version``) or an exact field name (``desc``) ranks first, then paths that
        end with the query, then names that start with it, then any path that contains it.
        """
        needle = query.strip().lower()
        if not needle:
            return []
        tail = "." + needle
        hits: list[Hit] = []
        for path, dotted, lowered, name in self._lowered:
            if needle not in lowered:
                continue
            if lowered == needle:
                rank = 0
            elif name == needle:
                rank = 1
            elif lowered.endswith(tail):
                rank = 2
            elif name.startswith(needle):
                rank = 3
            else:
                rank = 4
            hits.append(Hit(path, dotted, rank))
        hits.sort(key=lambda hit: (hit.rank, len(hit.path)))
        return hits[:limit]


def _places(plan: JSON) -> Iterator[Path]:
    """Every path in the plan, and every field the schema knows for its objects, in document order."""
    from tui.schema import PLAN  # the models load only when a search needs them

    stack: list[tuple[Path, JSON, FieldSpec | None]] = [((), plan, PLAN)]
    while stack:
        path, value, spec = stack.pop()
        if path:
            yield path
        children: list[tuple[Path, JSON, FieldSpec | None]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                children.append(((*path, key), child, spec.child(key) if spec else None))
            if spec is not None and spec.kind is Kind.OBJECT:
                for name, field in spec.fields.items():
                    if name not in value:
                        children.append(((*path, name), None, field))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                children.append(((*path, index), child, spec.child(index) if spec else None))
        stack.extend(reversed(children))

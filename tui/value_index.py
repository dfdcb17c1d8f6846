"""The values of a plan by their text, for the finder: typing ``1.0.9`` or an environment id finds where it is.

One walk of the plan (:meth:`ValueIndex.build`) notes each value's text (a string as it is, any other value as JSON
writes it) and the components it is in; a search then reads only those components, so the index stays small (a
few megabytes at 1,000 components) and a search costs the components it names. Secrets (a password, the values
of a header map: :func:`tui.secrets.secret_names`) are left out, so they are neither shown nor found by value, and
so are the keys a fetched plan's server owns. Plain Python, no models.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from tui.types import JSON, Path

__all__ = ["OUTSIDE", "ValueIndex", "ValuePlace", "value_text"]

OUTSIDE = -1
"""Where a value of the plan's own fields (not in a component) is, in place of a component's index."""


@dataclass(frozen=True, slots=True)
class ValuePlace:
    """A place holding a value a search matched: its path and the value there (never a secret)."""

    path: Path
    value: JSON


class ValueIndex:
    """Every value of a plan but its secrets, by its text; searched without regard to case.

    Matches come as the finder ranks them (:meth:`matches`): values whose text is the query, then those whose text
    starts with it, then those holding it; within each, texts in their sorted order, each text's places component
    by component in the plan's order. The index reads the plan as it was when built: a place edited since is
    offered only while it still holds the text (see :meth:`places`).
    """

    def __init__(self, plan: JSON, where: dict[str, list[int]]) -> None:
        self._plan = plan
        self._where = where
        """Each value's text and the components holding it (:data:`OUTSIDE` for the plan's own fields), in order."""
        lowered: dict[str, list[str]] = {}
        for text in where:
            lowered.setdefault(text.lower(), []).append(text)
        self._lowered = lowered
        self._sorted = sorted(lowered)
        self._read: dict[int, list[tuple[Path, JSON, str]]] = {}
        """The values read from a component (see :meth:`_held`), by its index."""

    @classmethod
    def build(cls, plan: JSON) -> ValueIndex:
        """Walk ``plan`` once (about 0.2 s at 1,000 components: a caller with a screen does it in a thread)."""
        from tui.secrets import secret_names

        fields, maps = secret_names()
        hidden = fields | maps
        where: dict[str, list[int]] = {}

        def note(node: JSON, at: int) -> None:
            held: list[JSON] = []
            _leaves(node, held, hidden)
            for text in {value if type(value) is str else value_text(value) for value in held}:
                places = where.get(text)
                if places is None:
                    where[text] = [at]
                else:
                    places.append(at)

        if isinstance(plan, dict):
            note(_own_fields(plan), OUTSIDE)
            components = plan.get("components")
            if isinstance(components, list):
                for index, component in enumerate(components):
                    note(component, index)
        return cls(plan, where)

    def matches(self, query: str) -> tuple[Iterator[ValuePlace], Iterator[ValuePlace], Iterator[ValuePlace]]:
        """The places whose value's text is ``query``, starts with it, holds it (each later one without the
        earlier ones' texts), lazily: a search that stops at its limit reads only the components it needs."""
        needle = query.strip().lower()
        if not needle:
            return iter(()), iter(()), iter(())
        start = bisect_left(self._sorted, needle)
        ends = (needle,) if needle in self._lowered else ()
        starts = _prefixed(self._sorted, start, needle)
        holds = (text for text in self._sorted if needle in text and not text.startswith(needle))
        return self._places_of(ends), self._places_of(starts), self._places_of(holds)

    def _places_of(self, lowered: Iterator[str] | tuple[str, ...]) -> Iterator[ValuePlace]:
        for low in lowered:
            for text in self._lowered[low]:
                yield from self.places(text)

    def places(self, text: str) -> Iterator[ValuePlace]:
        """The places that hold a value whose text is ``text`` (as :meth:`build` writes it), in the plan's order."""
        plan = self._plan
        if not isinstance(plan, dict):
            return
        components = plan.get("components")
        for at in self._where.get(text, ()):
            if at == OUTSIDE:
                held = self._held(at, _own_fields(plan), ())
            elif isinstance(components, list) and at < len(components):
                held = self._held(at, components[at], ("components", at))
            else:
                continue
            for path, value, shown in held:
                if shown == text and _still(plan, path, value):  # edited since it was read: no longer offered
                    yield ValuePlace(path, value)

    def _held(self, at: int, node: JSON, path: Path) -> list[tuple[Path, JSON, str]]:
        """The values in a component (or the plan's own fields), with their paths and texts, secrets left out:
        read once for the few components the matches shown come from, as a person types on."""
        held = self._read.get(at)
        if held is None:
            if len(self._read) >= _READ_KEPT:
                self._read.clear()
            held = self._read[at] = _values_in(node, path)
        return held


def _prefixed(texts: list[str], start: int, needle: str) -> Iterator[str]:
    """The texts from ``start`` on that start with ``needle`` (``texts`` sorted)."""
    for at in range(start, len(texts)):
        text = texts[at]
        if not text.startswith(needle):
            return
        if text != needle:
            yield text


def _own_fields(plan: dict[str, JSON]) -> dict[str, JSON]:
    """The plan's own fields, without its components and the keys a fetched plan's server owns."""
    from tui.models.plan import READ_ONLY_KEYS

    return {key: value for key, value in plan.items() if key not in READ_ONLY_KEYS and key != "components"}


def _leaves(node: JSON, out: list[JSON], hidden: frozenset[str]) -> None:
    """Put in ``out`` every value in ``node`` that is not an object, a list or null, but under a ``hidden`` key."""
    if type(node) is dict:
        for key, child in node.items():
            if key in hidden:
                continue
            held = type(child)
            if held is dict or held is list:
                _leaves(child, out, hidden)
            elif child is not None:
                out.append(child)
    elif type(node) is list:
        for child in node:
            held = type(child)
            if held is dict or held is list:
                _leaves(child, out, hidden)
            elif child is not None:
                out.append(child)


def value_text(value: JSON) -> str:
    """A value that is not a string as the finder matches it: as JSON writes it (``3``, ``true``, ``0.5``)."""
    held = type(value)
    if held is bool:
        return "true" if value else "false"
    if held is int:
        return str(value)
    if held is float and math.isfinite(value):  # type: ignore[arg-type]
        return repr(value)
    return json.dumps(value)


def _still(plan: JSON, path: Path, value: JSON) -> bool:
    """Whether ``plan`` still holds ``value`` (the same type, equal) at ``path``."""
    node: JSON = plan
    for key in path:
        in_dict = type(node) is dict and type(key) is str and key in node
        if not (in_dict or (type(node) is list and type(key) is int and key < len(node))):
            return False
        node = node[key]  # type: ignore[index]
    return node is value or (type(node) is type(value) and node == value)


_READ_KEPT = 256
"""How many components' values :meth:`ValueIndex._held` keeps: more than a list of matches ever comes from."""


def _values_in(node: JSON, path: Path) -> list[tuple[Path, JSON, str]]:
    """Every value inside ``node`` (at ``path``) but null, with its path and its text, secrets left out."""
    from tui.secrets import secret_names

    fields, maps = secret_names()
    hidden = fields | maps
    found: list[tuple[Path, JSON, str]] = []

    def visit(at: Path, value: dict[str, JSON] | list[JSON]) -> None:
        items = value.items() if type(value) is dict else enumerate(value)
        for key, child in items:
            if key in hidden:
                continue
            held = type(child)
            if held is dict or held is list:
                visit((*at, key), child)  # type: ignore[arg-type]
            elif child is not None:
                found.append(((*at, key), child, child if held is str else value_text(child)))  # type: ignore[arg-type]

    if type(node) is dict or type(node) is list:
        visit(path, node)
    return found

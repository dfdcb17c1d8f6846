"""Field specs: what a form needs to know about one field, in plain Python (no pydantic, no Textual).

:mod:`tui.spec_walk` walks the models into these, and :mod:`tui.spec_table` keeps them in a table that loads without
the models; the editor builds every form from them and nothing else. Nothing here imports the schema or loads a
model (but :attr:`FieldSpec.model`, when asked for), so anything may read a spec.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from tui.types import JSON

if TYPE_CHECKING:
    from tui.models.base import SpecModel

__all__ = ["FieldSpec", "Kind", "LazyFields", "parse_unlisted"]


class Kind(StrEnum):
    """What sort of value a field holds, and so which widget edits it."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    OBJECT = "object"
    LIST = "list"
    STRING_MAP = "string_map"
    UNION = "union"


_INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+$")
_NO_FIELDS: Final[Mapping[str, FieldSpec]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Everything the UI needs to know about one field, read from its model."""

    name: str
    """The wire name (``""`` for a list's items and for the plan itself)."""
    kind: Kind
    required: bool = False
    help: str = ""
    """The reference's description of the field."""
    choices: tuple[str | int, ...] = ()
    """For a choice: the values the reference documents, in its order."""
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_words: str | None = None
    """The pattern in plain words, for help and messages."""
    model_name: str | None = None
    """For an object: the name of the model that describes it (see :attr:`model`)."""
    item: FieldSpec | None = None
    """For a list: the spec of its items."""
    variants: tuple[FieldSpec, ...] = field(default=())
    """For a union: the specs it may be one of."""
    secret: bool = False
    """Whether the value is a secret (for a map of text, each value is): masked on the screen until asked for."""
    fields: Mapping[str, FieldSpec] = field(default_factory=lambda: _NO_FIELDS, compare=False, repr=False)
    """For an object: the specs of its fields by wire name, in the reference's order (read when first used)."""
    model_class: type[SpecModel] | None = field(default=None, compare=False, repr=False)
    """For an object: its model, once known (:attr:`model` finds it by its name)."""

    @property
    def model(self) -> type[SpecModel] | None:
        """For an object: the model that describes it, imported (with pydantic) when first asked for.

        The editor's specs come from a table (:mod:`tui.spec_table`) and need no model: only the checks do.
        """
        if self.model_class is None and self.model_name is not None:
            import tui.models

            object.__setattr__(self, "model_class", getattr(tui.models, self.model_name))
        return self.model_class

    def child(self, key: str | int) -> FieldSpec | None:
        """The spec one step down: a field of an object, or an item of a list."""
        if self.kind is Kind.OBJECT and isinstance(key, str):
            return self.fields.get(key)
        if self.kind is Kind.LIST and isinstance(key, int):
            return self.item
        if self.kind is Kind.STRING_MAP and isinstance(key, str):
            return _MAP_VALUE
        return None

    def parse(self, text: str) -> JSON:
        """What a person typed, as the JSON value this field takes; text that does not parse is kept as typed."""
        if self.kind is Kind.INTEGER or (self.kind is Kind.UNION and _INTEGER_TEXT.match(text.strip())):
            return _parse_int(text)
        if self.kind is Kind.NUMBER:
            return _parse_number(text)
        if self.kind is Kind.BOOLEAN:
            return {"true": True, "false": False}.get(text.strip(), text)
        if self.kind is Kind.CHOICE and self.choices and isinstance(self.choices[0], int):
            return _parse_int(text)
        return text


_MAP_VALUE = FieldSpec("", Kind.TEXT)


class LazyFields(Mapping[str, FieldSpec]):
    """An object's field specs, found by ``load`` when first read: a nested model's fields are walked (or read from
    the table) only once a form or a check needs them. ``load`` is expected to keep what it found."""

    __slots__ = ("_load",)

    def __init__(self, load: Callable[[], Mapping[str, FieldSpec]]) -> None:
        self._load = load

    def __getitem__(self, name: str) -> FieldSpec:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __contains__(self, name: object) -> bool:
        return name in self._load()


def parse_unlisted(text: str) -> JSON:
    """A value typed into a field the reference does not list: JSON when it parses, else the text as typed."""
    try:
        value: JSON = json.loads(text)
    except ValueError:
        return text
    return value


def _parse_int(text: str) -> JSON:
    stripped = text.strip()
    return int(stripped) if _INTEGER_TEXT.match(stripped) else text


def _parse_number(text: str) -> JSON:
    stripped = text.strip()
    if _INTEGER_TEXT.match(stripped):
        return int(stripped)
    try:
        value = float(stripped)
    except ValueError:
        return text
    return value if math.isfinite(value) and stripped.lower() not in ("nan", "inf", "infinity") else text

"""Field specs walked from the models: what the form, the tree and the messages know about each field.

The editor builds every form from these and nothing else, so a field added to a model shows up everywhere.
A spec describes a field's kind (text, integer, number, boolean, choice, object, list, string map, or union),
whether it is required, its choices and bounds, its pattern, and its help text, which is the reference's
description. :func:`spec_at` finds the spec of any place in a plan by its path.
"""

from __future__ import annotations

import math
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from tui.models import ReleasePlan, SpecModel
from tui.models.base import JSON, IntOrPercent, Path, Pattern, SdkSpelling, markers

__all__ = ["PLAN", "FieldSpec", "Kind", "fields_of", "spec_at"]


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


_SCALAR_KINDS = {str: Kind.TEXT, int: Kind.INTEGER, float: Kind.NUMBER, bool: Kind.BOOLEAN}
_INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+$")


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
    model: type[SpecModel] | None = None
    """For an object: the model that describes it."""
    item: FieldSpec | None = None
    """For a list: the spec of its items."""
    variants: tuple[FieldSpec, ...] = field(default=())
    """For a union: the specs it may be one of."""

    @property
    def fields(self) -> Mapping[str, FieldSpec]:
        """For an object: the specs of its fields by wire name, in the reference's order."""
        return fields_of(self.model) if self.model is not None else {}

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


def _is_optional(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``| None``, and whether it had it."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True  # noqa: UP007
    return annotation, False


def _spec(name: str, annotation: Any, required: bool, help_text: str, metadata: tuple[object, ...]) -> FieldSpec:
    """The spec of one annotation, with the constraints and markers gathered for it."""
    annotation, _ = _is_optional(annotation)
    if annotation == IntOrPercent:
        variants = (
            FieldSpec("", Kind.INTEGER, ge=0),
            FieldSpec("", Kind.TEXT, pattern=r"^(100|[1-9]?[0-9])%$", pattern_words="a percentage like 25%"),
        )
        return FieldSpec(name, Kind.UNION, required, help_text, variants=variants)
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return _spec(name, inner, required, help_text, (*metadata, *extra))
    constraints: dict[str, Any] = {}
    for meta in metadata:
        for key in ("ge", "gt", "le", "min_length", "max_length", "pattern"):
            value = getattr(meta, key, None)
            if value is not None:
                constraints[key] = value
        if isinstance(meta, Pattern):
            constraints["pattern_words"] = meta.words
    origin = get_origin(annotation)
    if origin is Literal:
        spelling = next((m for m in metadata if isinstance(m, SdkSpelling)), None)
        choices = spelling.documented if spelling else get_args(annotation)
        return FieldSpec(name, Kind.CHOICE, required, help_text, choices=choices, **constraints)
    if origin is list:
        (item,) = get_args(annotation)
        return FieldSpec(name, Kind.LIST, required, help_text, item=_spec("", item, False, "", ()), **constraints)
    if origin is dict:
        return FieldSpec(name, Kind.STRING_MAP, required, help_text, **constraints)
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return FieldSpec(name, Kind.OBJECT, required, help_text, model=annotation)
    if annotation in _SCALAR_KINDS:
        return FieldSpec(name, _SCALAR_KINDS[annotation], required, help_text, **constraints)
    raise TypeError(f"no field spec for {name}: {annotation!r}")


def _field_spec(name: str, info: FieldInfo) -> FieldSpec:
    wire = info.alias or name
    return _spec(wire, info.annotation, info.is_required(), info.description or "", markers(info))


@cache
def fields_of(model: type[SpecModel]) -> Mapping[str, FieldSpec]:
    """The specs of a model's fields, by wire name, in the reference's order."""
    return types.MappingProxyType(
        {spec.name: spec for spec in (_field_spec(n, i) for n, i in model.model_fields.items())}
    )


PLAN = FieldSpec("", Kind.OBJECT, True, (ReleasePlan.__doc__ or "").strip(), model=ReleasePlan)
"""The spec of a whole release plan."""


def spec_at(path: Path, root: FieldSpec = PLAN) -> FieldSpec | None:
    """The spec of the place ``path`` names in a plan, or None where the models say nothing about it."""
    spec: FieldSpec | None = root
    for key in path:
        if spec is None:
            return None
        spec = spec.child(key)
    return spec

"""Field specs walked from the models, with pydantic: the source of :mod:`tui.spec_table`, and of any model's specs.

A spec describes a field's kind (text, integer, number, boolean, choice, object, list, string map, or union),
whether it is required, its choices and bounds, its pattern, whether it is secret (marked with
:data:`tui.models.base.SECRET`), and its help text, which is the reference's description.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import replace
from functools import cache, partial
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from tui.fields import FieldSpec, Kind, LazyFields
from tui.models import ReleasePlan, SpecModel
from tui.models.base import CountOrPercent, Pattern, SdkSpelling, Secret, markers

__all__ = ["fields_of", "plan_spec"]


_SCALAR_KINDS = {str: Kind.TEXT, int: Kind.INTEGER, float: Kind.NUMBER, bool: Kind.BOOLEAN}


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
    count = next((m for m in get_args(annotation)[1:] if isinstance(m, CountOrPercent)), None)
    if get_origin(annotation) is Annotated and count is not None:
        variants = (
            FieldSpec("", Kind.INTEGER, ge=0),
            FieldSpec("", Kind.TEXT, pattern=f"^{count.pattern}$", pattern_words=count.words),
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
        return _object(name, annotation, required, help_text)
    if annotation in _SCALAR_KINDS:
        return FieldSpec(name, _SCALAR_KINDS[annotation], required, help_text, **constraints)
    raise TypeError(f"no field spec for {name}: {annotation!r}")


def _object(name: str, model: type[SpecModel], required: bool, help_text: str) -> FieldSpec:
    fields = LazyFields(partial(fields_of, model))
    return FieldSpec(
        name, Kind.OBJECT, required, help_text, model_name=model.__name__, fields=fields, model_class=model
    )


def _field_spec(name: str, info: FieldInfo) -> FieldSpec:
    wire = info.alias or name
    found = markers(info)
    spec = _spec(wire, info.annotation, info.is_required(), info.description or "", found)
    return replace(spec, secret=True) if any(isinstance(mark, Secret) for mark in found) else spec


@cache
def fields_of(model: type[SpecModel]) -> Mapping[str, FieldSpec]:
    """The specs of a model's fields, by wire name, in the reference's order."""
    return types.MappingProxyType(
        {spec.name: spec for spec in (_field_spec(n, i) for n, i in model.model_fields.items())}
    )


def plan_spec() -> FieldSpec:
    """The spec of a whole release plan, walked from its model."""
    return _object("", ReleasePlan, True, (ReleasePlan.__doc__ or "").strip())

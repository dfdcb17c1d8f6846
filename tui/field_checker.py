"""pydantic validators compiled from the models: each model's field rules, checked on plain JSON.

The models stay the one place the rules are written; this compiles each into a ``TypedDict`` of the same fields,
types, constraints and configuration, which pydantic checks about twice as fast as the model itself, since a check
needs the errors, not the instances.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, Final, NotRequired, Required, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    PlainValidator,
    TypeAdapter,
    WrapValidator,
    with_config,
)
from pydantic_core import CoreSchema, core_schema
from typing_extensions import TypedDict

from tui.models import SpecModel
from tui.models.base import CoreCheck

__all__ = ["UNWORDED", "checker", "lenient_checker", "lenient_field_checker", "quick_checker"]

UNWORDED: Final = "unworded"
"""The type of :func:`quick_checker`'s one error at a field it checks with a :class:`CoreCheck`, which has no
words of its own: where it is among the errors, :func:`lenient_checker` says what they are."""

_PYTHON_VALIDATORS = (AfterValidator, BeforeValidator, PlainValidator, WrapValidator)


@cache
def checker(model: type[SpecModel]) -> TypeAdapter[Any]:
    """A validator with exactly the field rules of ``model`` that builds plain dicts instead of model instances."""
    return TypeAdapter(_typed_dict(model, lenient=False, quick=False))


@cache
def lenient_checker(model: type[SpecModel]) -> TypeAdapter[Any]:
    """:func:`checker`, except that unknown keys pass, at every depth.

    pydantic's search for unknown keys is a third of its time on a full component, and a field's errors do not
    depend on the keys beside it (:func:`tui.validation.field_errors`). The full check runs :func:`quick_checker`
    instead, and this only for the words of an error that one has none for.
    """
    return TypeAdapter(_typed_dict(model, lenient=True, quick=False))


@cache
def quick_checker(model: type[SpecModel]) -> TypeAdapter[Any]:
    """:func:`lenient_checker`, faster on a valid object, with the same errors unless one is :data:`UNWORDED`.

    It passes exactly what :func:`lenient_checker` passes and builds an equal copy, but without a call into Python
    per value: each field's Python validator gives way to its :class:`~tui.models.base.CoreCheck`, whose failure
    is one error of type :data:`UNWORDED` at that field, which takes about a tenth off pydantic's time. Each model
    is compiled once and shared by every field that holds it: writing its validator again in place at each use
    (a full component holds about 30 objects of shared models) costs as many instructions and a tenth more
    processor time, as the larger validator falls out of the processor's caches.
    """
    return TypeAdapter(_typed_dict(model, lenient=True, quick=True))


@cache
def _typed_dict(model: type[SpecModel], *, lenient: bool, quick: bool) -> Any:
    """The one ``TypedDict`` of ``model``, shared by every field that holds it."""
    return _as_typed_dict(model, lenient=lenient, quick=quick)


def _as_typed_dict(model: type[SpecModel], *, lenient: bool, quick: bool) -> Any:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _compiled(info.annotation, lenient, quick)
        metadata = _core_checked(info.metadata) if quick else info.metadata
        if metadata:
            annotation = Annotated[(annotation, *metadata)]
        fields[info.alias or name] = Required[annotation] if info.is_required() else NotRequired[annotation]
    compiled: Any = TypedDict(model.__name__, fields)  # type: ignore[misc]
    config = model.model_config.copy()
    if lenient:
        config["extra"] = "ignore"
    return with_config(config)(compiled)


def _compiled(annotation: Any, lenient: bool, quick: bool) -> Any:
    """``annotation`` with every model in it replaced by its ``TypedDict``."""
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return _typed_dict(annotation, lenient=lenient, quick=quick)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_compiled(arg, lenient, quick) for arg in args)]  # noqa: UP007
    if origin is list:
        return list[_compiled(args[0], lenient, quick)]  # type: ignore[misc]
    if origin is Annotated:
        metadata = _core_checked(args[1:]) if quick else args[1:]
        inner = _compiled(args[0], lenient, quick)
        return Annotated[(inner, *metadata)] if metadata else inner
    return annotation


def _core_checked(metadata: tuple[Any, ...] | list[Any]) -> list[Any]:
    """``metadata`` with its Python validators given way to its :class:`CoreCheck`, where it has one."""
    checks = [meta for meta in metadata if isinstance(meta, CoreCheck)]
    if not checks:
        return list(metadata)
    kept = [meta for meta in metadata if not isinstance(meta, (*_PYTHON_VALIDATORS, CoreCheck))]
    return [*kept, *(GetPydanticSchema(get_pydantic_core_schema=_Unworded(check)) for check in checks)]


class _Never:
    """A type no JSON value is."""


class _Unworded:
    """A :class:`CoreCheck`'s schema, failing with one :data:`UNWORDED` error.

    pydantic gives a union its own error; a union of one choice is that choice, so the second is one no value
    takes.
    """

    def __init__(self, check: CoreCheck) -> None:
        self.check = check

    def __call__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.union_schema(
            [self.check.schema(source, handler), core_schema.is_instance_schema(_Never)],
            mode="left_to_right",
            custom_error_type=UNWORDED,
            custom_error_message="is not what this field takes",
        )


@cache
def lenient_field_checker(model: type[SpecModel], key: str) -> TypeAdapter[Any]:
    """:func:`lenient_checker` of ``model`` narrowed to its one field ``key`` (a wire name): checks ``{key: value}``
    by exactly the rules that field has in the whole model, with the same configuration."""
    fields = {(info.alias or name): info for name, info in model.model_fields.items() if (info.alias or name) == key}
    info = fields[key]
    annotation = _compiled(info.annotation, True, False)
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    compiled: Any = TypedDict(f"{model.__name__}Field", {key: Required[annotation]})  # type: ignore[misc]
    config = model.model_config.copy()
    config["extra"] = "ignore"
    return TypeAdapter(with_config(config)(compiled))

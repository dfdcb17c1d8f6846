"""pydantic validators compiled from the models: each model's field rules, checked on plain JSON.

The models stay the one place the rules are written; this compiles each into a ``TypedDict`` of the same fields,
types, constraints and configuration, which pydantic checks about twice as fast as the model itself, since a check
needs the errors, not the instances.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Annotated, Any, NotRequired, Required, Union, get_args, get_origin

from pydantic import TypeAdapter, with_config
from typing_extensions import TypedDict

from tui.models import SpecModel

__all__ = ["checker", "lenient_checker"]


@cache
def checker(model: type[SpecModel]) -> TypeAdapter[Any]:
    """A validator with exactly the field rules of ``model`` that builds plain dicts instead of model instances."""
    return TypeAdapter(_as_typed_dict(model, lenient=False))


@cache
def lenient_checker(model: type[SpecModel]) -> TypeAdapter[Any]:
    """:func:`checker`, except that unknown keys pass, at every depth.

    pydantic's search for unknown keys is a third of its time on a full component;
    :func:`tui.rule_walker.walker` tells whether a component has any for a fraction of that, and only then does
    :func:`checker` run to list them, in its own order.
    """
    return TypeAdapter(_as_typed_dict(model, lenient=True))


@cache
def _as_typed_dict(model: type[SpecModel], *, lenient: bool) -> Any:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _compiled(info.annotation, lenient)
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[info.alias or name] = Required[annotation] if info.is_required() else NotRequired[annotation]
    compiled: Any = TypedDict(model.__name__, fields)  # type: ignore[misc]
    config = model.model_config.copy()
    if lenient:
        config["extra"] = "ignore"
    return with_config(config)(compiled)


def _compiled(annotation: Any, lenient: bool) -> Any:
    """``annotation`` with every model in it replaced by its ``TypedDict``."""
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return _as_typed_dict(annotation, lenient=lenient)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_compiled(arg, lenient) for arg in args)]  # noqa: UP007
    if origin is list:
        return list[_compiled(args[0], lenient)]  # type: ignore[misc]
    if origin is Annotated:
        return Annotated[(_compiled(args[0], lenient), *args[1:])]
    return annotation


@cache
def lenient_field_checker(model: type[SpecModel], key: str) -> TypeAdapter[Any]:
    """:func:`lenient_checker` of ``model`` narrowed to its one field ``key`` (a wire name): checks ``{key: value}``
    by exactly the rules that field has in the whole model, with the same configuration."""
    fields = {(info.alias or name): info for name, info in model.model_fields.items() if (info.alias or name) == key}
    info = fields[key]
    annotation = _compiled(info.annotation, True)
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    compiled: Any = TypedDict(f"{model.__name__}Field", {key: Required[annotation]})  # type: ignore[misc]
    config = model.model_config.copy()
    config["extra"] = "ignore"
    return TypeAdapter(with_config(config)(compiled))

"""Whether a component that passed its field rules still does after a value was set in one of its plain fields.

pydantic checks each field of a model on its own (a model's rules across fields are the rules' walk, see
:mod:`tui.rule_walker`): a component whose fields all passed, with one value set in a field that holds no model
and is reached through fields that each hold one model, passes again exactly when that value passes its field's
own rules. So an edit of many components (a version set or bumped in each) checks the value in each instead of
the whole component, and only the rules, which read across fields, run on the whole of it.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import ValidationError

from tui.field_checker import lenient_field_checker
from tui.models import Component, SpecModel
from tui.types import JSON, Path

__all__ = ["still_passes"]


def still_passes(component: JSON, edited: Iterable[Path]) -> bool:
    """Whether ``component``, which passed its field rules (and had no unknown key) before values were set at
    ``edited`` (paths inside it), still does; False also when that cannot be told without checking all of it."""
    for inner in edited:
        check = _value_check(inner)
        if check is None:
            return False
        parent = component
        for key in inner[:-1]:  # keys only: a path with an index has no check
            parent = parent.get(str(key)) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or str(inner[-1]) not in parent or not check(parent[str(inner[-1])]):
            return False
    return True


@cache
def _value_check(inner: Path) -> Callable[[JSON], bool] | None:
    """For a path of keys through fields that each hold one model to a field that holds none: whether a value
    passes that field's rules, and pydantic's copy of it equals it (no unknown key left out). None for any other
    path (a list item, a union of models, a key the models do not know)."""
    model: type[SpecModel] = Component
    for number, key in enumerate(inner):
        if not isinstance(key, str):
            return None
        info = next((info for name, info in model.model_fields.items() if (info.alias or name) == key), None)
        if info is None:
            return None
        if number == len(inner) - 1:
            if _holds_model(info.annotation):
                return None
            return _passes(lenient_field_checker(model, key).validator.validate_python, key)
        nested = _one_model(info.annotation)
        if nested is None or info.metadata:  # a constraint on the object itself could read the key set
            return None
        model = nested
    return None


def _passes(validate: Callable[[Any], Any], key: str) -> Callable[[JSON], bool]:
    def passes(value: JSON) -> bool:
        wrapped = {key: value}
        try:
            return bool(validate(wrapped) == wrapped)
        except ValidationError:
            return False

    return passes


def _one_model(annotation: Any) -> type[SpecModel] | None:
    """The model a field holds, as ``Model`` or ``Model | None`` with no constraint on it; else None."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = rest[0] if len(rest) == 1 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, SpecModel) else None


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return True
    if get_origin(annotation) is Annotated:
        return _holds_model(get_args(annotation)[0])
    return any(_holds_model(arg) for arg in get_args(annotation))

"""Run the models' cross-field rules on a raw JSON object and on every object below it, and find unknown keys.

The walk for each model is compiled once into one Python function, unrolled over the model's rules and over its
fields that hold a model (or a list of them); a model with no such field, or none with a rule below it, has its
rules and its key test done in place, by its parent. A walk read from tables at run time spent more time on the
tables than on the rules: a full component meets 39 rules in 71 objects, and most of them find nothing. For the
same reason a rule is a plain function that returns a list: a generator costs twice as much to call and find
nothing; and a rule with a guard (a key and the values it can find anything at) is called only when the object's
value at that key is one of them.

Compiled with ``keys``, the walk also tells whether any object holds a key its model does not know, one set
comparison per object, which the validator needs for a component that pydantic found broken (see
:func:`tui.field_checker.quick_checker`). It visits exactly the objects pydantic validates against a model:
an object in a field that holds a model, or in a list in a field that holds a list of them.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from tui.models import SpecModel, rules_of
from tui.models.base import Rule
from tui.types import Issue

__all__ = ["Walker", "walker"]

Walker = Callable[[dict[str, Any], list[object]], list[Issue]]
"""Runs the rules of a model and of the models below it on a JSON object and returns what they find, with paths
from that object; with ``keys``, appends to its second argument each object with a key its model does not know."""

_Step = tuple[str, bool, type[SpecModel]]
"""A field that holds a model: its wire name, whether it holds a list of them, and the model."""


def walker(model: type[SpecModel], *, keys: bool = False) -> Walker:
    """The walk of ``model``: its rules, then each nested object's, in the fields' order (the reference's)."""
    return _compiled(model, keys)


def _under(issues: Iterable[Issue], *steps: str | int) -> list[Issue]:
    """Issues found in a nested object, with paths from its parent."""
    return [Issue((*steps, *path), severity, message, code) for path, severity, message, code in issues]


@cache
def _steps(model: type[SpecModel]) -> tuple[_Step, ...]:
    """The fields of ``model`` that hold a model or a list of them."""
    steps = []
    for name, info in model.model_fields.items():
        nested = _nested(info.annotation, f"{model.__name__}.{name}")
        if nested is not None:
            steps.append((info.alias or name, *nested))
    return tuple(steps)


def _nested(annotation: Any, where: str) -> tuple[bool, type[SpecModel]] | None:
    """(is a list, the model) for a field that holds a model or a list of them, else None."""
    many, inner = False, _bare(annotation)
    if get_origin(inner) is list:
        many, inner = True, _bare(get_args(inner)[0])
    if isinstance(inner, type) and issubclass(inner, SpecModel):
        return many, inner
    if _holds_model(inner):  # a shape this walk cannot follow as pydantic does: refuse it rather than miss keys
        raise TypeError(f"{where}: a model nested as {annotation!r} is not walked")
    return None


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and without ``| None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(annotation):
            rest = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))


def _calls(rules: tuple[Rule, ...], prefix: str, target: str, names: dict[str, object]) -> str:
    """A list display that runs each of ``rules`` on ``target``: ``[*r0(obj), *r1(obj)]``."""
    parts = [f"*{_call(rule, prefix + str(index), target, names)}" for index, rule in enumerate(rules)]
    return f"[{', '.join(parts)}]"


def _call(rule: Rule, name: str, target: str, names: dict[str, object]) -> str:
    """An expression that runs ``rule`` on ``target``: its call, or, for a rule with a guard (a key and the only
    values it finds anything at: a spelling rule's, see :mod:`tui.models.base`), the call only when the value at
    that key is text or a number among them, else ``()``: the test costs about two thirds of the call."""
    names[name] = rule
    guard = getattr(rule, "__relplan_guard__", None)
    if guard is None:
        return f"{name}({target})"
    key, values = guard
    names[f"{name}_values"] = values
    test = f"isinstance(seen := {target}.get({key!r}), _CHOICES) and seen in {name}_values"
    return f"({name}({target}) if {test} else ())"


def _key_test(model: type[SpecModel], name: str, target: str, names: dict[str, object], keys: bool) -> str:
    """A statement that notes ``target`` when it holds a key ``model`` does not know, or ``""``."""
    if not keys or model.model_config.get("extra") != "forbid":
        return ""
    names[name] = frozenset(info.alias or field for field, info in model.model_fields.items())
    return f"if not {name}.issuperset({target}): strays.append({target})"


def _visit(number: int, child: type[SpecModel], names: dict[str, object], keys: bool) -> tuple[list[str], str | None]:
    """What is done to one nested object ``item``: statements, and the expression of its issues (None: none)."""
    if _steps(child) and (keys or any(_has_rules(below) for _, _, below in _steps(child))):
        names[f"walk{number}"] = _compiled(child, keys)
        return [], f"walk{number}(item, strays)"
    test = _key_test(child, f"known{number}", "item", names, keys)
    rules = rules_of(child)
    if len(rules) == 1:  # only read (an empty generator is true, and _under makes it an empty list): no copy
        return [test] if test else [], _call(rules[0], f"rule{number}_0", "item", names)
    return [test] if test else [], _calls(rules, f"rule{number}_", "item", names) if rules else None


@cache
def _has_rules(model: type[SpecModel]) -> bool:
    """Whether ``model`` or a model below it has a rule."""
    return bool(rules_of(model)) or any(_has_rules(child) for _, _, child in _steps(model))


@cache
def _compiled(model: type[SpecModel], keys: bool) -> Walker:
    names: dict[str, object] = {"Issue": Issue, "_under": _under, "_CHOICES": (str, int)}
    lines = ["def walk(obj, strays):"]
    test = _key_test(model, "known", "obj", names, keys)
    if test:
        lines.append(f"    {test}")
    lines.append(f"    found = {_calls(rules_of(model), 'rule', 'obj', names)}")
    for number, (key, many, child) in enumerate(_steps(model)):
        done, below = _visit(number, child, names, keys)
        body = [*done]
        if below is not None:
            place = f"{key!r}, index" if many else repr(key)
            body += [f"below = {below}", "if below:", f"    found += _under(below, {place})"]
        if not body:
            continue
        lines.append(f"    value = obj.get({key!r})")
        if many:
            loop = "for index, item in enumerate(value):" if below is not None else "for item in value:"
            lines += ["    if isinstance(value, list):", f"        {loop}", "            if isinstance(item, dict):"]
            lines += [f"                {line}" for line in body]
        else:
            lines += ["    if isinstance(value, dict):", "        item = value"]
            lines += [f"        {line}" for line in body]
    lines.append("    return found")
    exec(compile("\n".join(lines), f"<walk of {model.__name__}>", "exec"), names)
    walk: Walker = names["walk"]  # type: ignore[assignment]
    walk.__qualname__ = walk.__name__ = f"walk_{model.__name__}"
    return walk

"""Run the models' cross-field rules on a raw JSON object and on every object below it that has rules.

The walk for each model is compiled once into one Python function, unrolled over the model's rules and over the
fields that lead to a model with rules; a model whose fields lead nowhere has its rules called in place. A walk
read from tables at run time spent more time on the tables than on the rules: a full component meets 39 rules in
31 objects, and most of them find nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from tui.fields import Kind
from tui.models import SpecModel, rules_of
from tui.models.base import Rule
from tui.schema import fields_of
from tui.types import Issue

__all__ = ["Walker", "walker"]

Walker = Callable[[dict[str, Any]], list[Issue]]
"""Runs the rules of a model and of the models below it on a JSON object; issues have paths from that object."""

_Step = tuple[str, bool, type[SpecModel]]
"""A field that leads to a model with rules: its wire name, whether it is a list, and the model."""


def walker(model: type[SpecModel]) -> Walker:
    """The function that runs the rules of ``model``, then those of each nested object, in the fields' order."""
    return _compiled(model)


def _under(issues: list[Issue], *steps: str | int) -> list[Issue]:
    """Issues found in a nested object, with paths from its parent."""
    return [Issue((*steps, *path), severity, message, code) for path, severity, message, code in issues]


@cache
def _steps(model: type[SpecModel]) -> tuple[_Step, ...]:
    """The fields of ``model`` that lead to a model with rules somewhere below it."""
    steps = []
    for spec in fields_of(model).values():
        many = spec.kind is Kind.LIST
        nested = spec.item if many and spec.item is not None else spec
        if nested.model is not None and _has_rules(nested.model):
            steps.append((spec.name, many, nested.model))
    return tuple(steps)


@cache
def _has_rules(model: type[SpecModel]) -> bool:
    return bool(rules_of(model) or _steps(model))


def _calls(rules: tuple[Rule, ...], prefix: str, target: str, names: dict[str, object]) -> str:
    """A list display that runs each of ``rules`` on ``target``: ``[*r0(obj), *r1(obj)]``."""
    parts = []
    for index, rule in enumerate(rules):
        name = f"{prefix}{index}"
        names[name] = rule
        parts.append(f"*{name}({target})")
    return f"[{', '.join(parts)}]"


@cache
def _compiled(model: type[SpecModel]) -> Walker:
    names: dict[str, object] = {"Issue": Issue, "_under": _under}
    lines = ["def walk(obj):", f"    found = {_calls(rules_of(model), 'rule', 'obj', names)}"]
    for number, (key, many, child) in enumerate(_steps(model)):
        if _steps(child):
            names[f"walk{number}"] = _compiled(child)
            below = f"walk{number}(item)"
        else:  # a leaf: its rules are called here, one call fewer per object
            below = _calls(rules_of(child), f"rule{number}_", "item", names)
        lines.append(f"    value = obj.get({key!r})")
        if many:
            lines += [
                "    if isinstance(value, list):",
                "        for index, item in enumerate(value):",
                "            if isinstance(item, dict):",
                f"                below = {below}",
                "                if below:",
                f"                    found += _under(below, {key!r}, index)",
            ]
        else:
            lines += [
                "    if isinstance(value, dict):",
                "        item = value",
                f"        below = {below}",
                "        if below:",
                f"            found += _under(below, {key!r})",
            ]
    lines.append("    return found")
    exec(compile("\n".join(lines), f"<rules of {model.__name__}>", "exec"), names)
    walk: Walker = names["walk"]  # type: ignore[assignment]
    walk.__qualname__ = walk.__name__ = f"walk_{model.__name__}"
    return walk

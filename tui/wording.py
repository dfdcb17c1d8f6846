"""How a problem reads: a pydantic error as a sentence, and a path as a person names the place it leads to.

The sentences follow a few rules, each tested:

- An item is named by what it is: a component that is not an object is "this component", never "the plan".
- A wrong JSON type says the type needed ("must be a whole number", "must be text", "must be a list") and, for a
  number with bounds, the range too, in one sentence: ``first_batch_weight must be a whole number from 0 to 100;
  "-1" is text``.
- A number of the right type outside its range says the range (``must be from 0 to 100; 101 is not``).
- A key present as null says so (``name is null; it must be text``), not that it is missing.

:func:`describe_path` writes a path with the plan at hand, naming the component beside its index
(``components.0 (orders-api).version``), for the command line and the editor alike.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from pydantic_core import ErrorDetails

from tui.fields import FieldSpec, Kind
from tui.paths import format_path
from tui.types import JSON, Path

__all__ = ["component_name", "describe_path", "kind_of", "message", "needed", "show", "unknown_message"]

_COMPONENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,62}[A-Za-z0-9]")
"""A component name as the reference allows it: never a space, a parenthesis, a colon or a control character."""


def component_name(plan: JSON, index: int) -> str | None:
    """The name of the plan's component at ``index`` when it is a valid component name, else None."""
    components = plan.get("components") if isinstance(plan, dict) else None
    if not isinstance(components, list) or not 0 <= index < len(components):
        return None
    component = components[index]
    name = component.get("name") if isinstance(component, dict) else None
    return name if isinstance(name, str) and _COMPONENT_NAME.fullmatch(name) else None


def describe_path(path: Path, plan: JSON) -> str:
    """``path`` as people write it, with the component's name beside its index: ``components.0 (orders-api).version``.

    The name is added only when it is a valid component name, which holds no space, parenthesis, colon or control
    character, so a line such as ``file: components.0 (orders-api).version: error: ...`` still splits on ``": "``
    and the path's keys still split on ``.`` before the name is dropped. Any other path is :func:`format_path`'s.
    """
    text = format_path(path)
    if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int):
        name = component_name(plan, path[1])
        if name is not None:
            head = f"components.{path[1]}"
            return f"{head} ({name}){text[len(head) :]}"
    return text


def kind_of(value: object) -> str:
    """What a JSON value is, in the words of the messages: ``text``, ``a whole number``, ``a boolean``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show(value: object, limit: int = 40) -> str:
    """A value as JSON, cut to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _number(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def _range(spec: FieldSpec) -> str:
    """A number field's bounds in words (``from 1 to 100``, ``1 or more``, ``above 0``), or ``""``."""
    if spec.ge is not None and spec.le is not None:
        return f"from {_number(spec.ge)} to {_number(spec.le)}"
    if spec.gt is not None:
        return f"above {_number(spec.gt)}"
    if spec.ge is not None:
        return f"{_number(spec.ge)} or more"
    if spec.le is not None:
        return f"{_number(spec.le)} or less"
    return ""


_KIND_WORDS = {
    Kind.TEXT: "text",
    Kind.INTEGER: "a whole number",
    Kind.NUMBER: "a number",
    Kind.BOOLEAN: "true or false",
    Kind.OBJECT: "an object",
    Kind.LIST: "a list",
    Kind.STRING_MAP: "an object of text values",
}
_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "typed_dict_type": "an object",
    "model_attributes_type": "an object",
    "int_or_percent_type": "a whole number or a percentage",
}
"""What a pydantic type error asks for, where the field's spec is not known."""


def needed(spec: FieldSpec | None, kind: str = "") -> str:
    """What a field takes, in words: ``a whole number from 1 to 100``, ``text``, ``one of "http", "command"``."""
    if spec is None:
        return _TYPE_WORDS.get(kind, "something else")
    if spec.kind is Kind.CHOICE:
        return "one of " + ", ".join(show(choice) for choice in spec.choices)
    if spec.kind is Kind.UNION:
        percent = next((v.pattern_words for v in spec.variants if v.pattern_words), "a percentage")
        return f"a whole number of pods, 0 or more, or {percent}"
    if spec.kind is Kind.TEXT and spec.pattern_words and spec.pattern_words.startswith("text "):
        return spec.pattern_words  # the pattern says what the text holds: text holding a whole number...
    words = _KIND_WORDS.get(spec.kind, "something else")
    bounds = _range(spec) if spec.kind in (Kind.INTEGER, Kind.NUMBER) else ""
    if not bounds:
        return words
    return f"{words} {bounds}" if bounds.startswith(("from", "above")) else f"{words}, {bounds}"


def label(loc: Path, root_is_plan: bool) -> str:
    """The field an error is about, as a person names it: ``version``, ``labels[1]``, ``this component``."""
    indices = ""
    for key in reversed(loc):
        if isinstance(key, int):
            indices = f"[{key}]{indices}"
        else:
            return f"{key}{indices}"
    if indices:
        return f"item{indices}"
    return "the plan" if root_is_plan else "this component"


def _wrong_type(name: str, need: str, value: object) -> str:
    """One sentence for a value of the wrong JSON type: what is needed, and what is there."""
    if value is None:
        return f"{name} is null; it must be {need}"
    if isinstance(value, list | dict):
        return f"{name} must be {need}, not {kind_of(value)}"
    return f"{name} must be {need}; {show(value)} is {kind_of(value)}"


def _choices_kind_mismatch(spec: FieldSpec | None, value: object) -> bool:
    """Whether ``value`` is not even of the JSON type of the field's choices (``"3"`` or ``true`` for 1, 3, 4)."""
    if spec is None or not spec.choices:
        return False
    wants_int = isinstance(spec.choices[0], int)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    return is_int != wants_int or not isinstance(value, int | str) or isinstance(value, bool)


_BOUND_KINDS = frozenset({"greater_than_equal", "greater_than", "less_than_equal", "less_than"})
_BOUND_WORDS = {
    "greater_than_equal": ("{} or more", "ge"),
    "greater_than": ("more than {}", "gt"),
    "less_than_equal": ("{} or less", "le"),
    "less_than": ("less than {}", "lt"),
}


def message(error: ErrorDetails, spec: FieldSpec | None, *, root_is_plan: bool) -> str:
    """A pydantic error (not an unknown key) as one sentence naming the field and, where it helps, the value."""
    loc = tuple(error["loc"])
    kind = error["type"]
    name = label(loc, root_is_plan)
    value = error.get("input")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return f"{name} is required"
    if kind == "finite_number" and value != value:  # NaN, which only a program can put in a plan
        return f"{name} must be a number, not NaN"
    if kind == "finite_number" or (kind == "float_type" and isinstance(value, int) and not isinstance(value, bool)):
        return f"{name} must be a number that fits in a 64-bit float; this one is too large"
    if kind in _TYPE_WORDS or value is None:
        return _wrong_type(name, needed(spec, kind), value)
    if kind == "literal_error":
        if _choices_kind_mismatch(spec, value):
            return _wrong_type(name, needed(spec, kind), value)
        choices = spec.choices if spec is not None and spec.choices else ()
        expected = ", ".join(show(c) for c in choices) if choices else ctx.get("expected", "")
        return f"{name} must be one of {expected}; {show(value)} is not"
    if kind == "string_pattern_mismatch":
        words = spec.pattern_words if spec is not None and spec.pattern_words else f"match {ctx.get('pattern')}"
        return f"{name} must be {words}; {show(value)} is not"
    if kind == "string_too_long":
        return f"{name} must be at most {ctx.get('max_length')} characters; this is {len(str(value))}"
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return f"{name} must not be empty" if least == 1 else f"{name} must be at least {least} characters"
    if kind in _BOUND_KINDS:
        words, key = _BOUND_WORDS[kind]
        bounds = (_range(spec) if spec is not None else "") or words.format(ctx.get(key))
        return f"{name} must be {bounds}; {show(value)} is not"
    return f"{name} {error['msg']}" if kind in ("int_or_percent", "ip_address") else f"{name}: {error['msg']}"


def unknown_message(key: str, known: Sequence[str]) -> str:
    """An unknown key, with the closest known field when one is close."""
    return _unknown_message(key, tuple(known))


@lru_cache(maxsize=1024)
def _unknown_message(key: str, known: tuple[str, ...]) -> str:
    """:func:`unknown_message`, remembered: the closest match costs about 0.3 ms, and a plan whose components share
    a misspelt key (copied from one to the next, or from an older API) meets the same key in each of them."""
    text = f"{show(key)} is not a field the API knows"
    lowered = {name.lower(): name for name in known}
    guess = (
        lowered.get(key.lower())
        or next(iter(difflib.get_close_matches(key, known, n=1, cutoff=0.6)), None)
        or _abbreviated(key.lower(), lowered)
    )
    return f"{text}; did you mean {guess}?" if guess else text


def _abbreviated(key: str, known: Mapping[str, str]) -> str | None:
    """The known field ``key`` spells out or shortens (``description`` for ``desc``), the longest such."""
    fits = [name for lower, name in known.items() if min(len(lower), len(key)) >= 3 and key.startswith(lower)]
    fits += [name for lower, name in known.items() if len(key) >= 3 and lower.startswith(key)]
    return max(fits, key=len, default=None)

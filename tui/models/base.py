"""The building blocks every release-plan model shares.

A model here judges a plan; it never rewrites one. Each model is strict (``true`` is not an integer, ``"3"`` is
not a number) and forbids unknown keys, which the validator reports as warnings rather than errors. Rules that tie
fields together are plain functions declared on the model with :func:`rule`; they read the raw JSON object, so
they still run when the object's own fields are broken.

Where a field applies. The reference says of many fields that they apply only in some case: "applicable to the
HostPath storage type", "valid only when type is set to http", "valid when you use the Tomcat technology stack",
"can be set only when effect is set to NoExecute". relplan reads every such phrase one way: the reference tells
where the field takes effect, not that the server refuses it elsewhere, so a field set where it does not apply is
a warning at that field ("path only applies when type is http; it has no effect when type is tcp"), made by
:func:`applies_only` and nothing else. Only a field the reference says must not be set (a toleration's ``value``
when ``operator`` is ``Exists``: "the taint value cannot be specified") is an error. A phrase whose case no field
of a plan can express ("takes effect only for pods running in hostNetWork mode", "provided only when no ID is
available during build creation") has no rule. ``tests/unit/test_applicability.py`` finds every such phrase in the
models' descriptions, which are the reference's, and holds the table of where each one maps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Final, TypeAlias, TypeVar, get_args, get_origin

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PlainValidator
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = [
    "SECRET",
    "CoreCheck",
    "CountOrAnyPercent",
    "CountOrPercent",
    "CountOrPercentUpToAll",
    "Pattern",
    "Rule",
    "SdkSpelling",
    "Secret",
    "SpecModel",
    "absent",
    "applies_only",
    "error",
    "is_int",
    "is_number",
    "markers",
    "required_when",
    "rule",
    "rules_of",
    "warning",
    "whole_number_choice",
    "whole_number_core",
]

from tui.types import Issue, Path, Severity

Rule: TypeAlias = Callable[[Mapping[str, Any]], Iterable[Issue]]
"""A cross-field rule: reads one raw JSON object and yields (or returns) what is wrong with it."""

_Method = TypeVar("_Method")


def error(path: Path, code: str, message: str) -> Issue:
    """An error found by a rule."""
    return Issue(path, Severity.ERROR, message, code)


def warning(path: Path, code: str, message: str) -> Issue:
    """A warning found by a rule."""
    return Issue(path, Severity.WARNING, message, code)


def rule(method: _Method) -> _Method:
    """Mark a static method of a model as one of the model's cross-field rules (put it above ``@staticmethod``).

    A rule returns a list rather than yielding: it runs on every object of its model, mostly to find nothing, and a
    generator costs twice as much to make and exhaust as a call that returns ``[]``.
    """
    function: Any = getattr(method, "__func__", method)
    function.__relplan_rule__ = True
    return method


def required_when(obj: Mapping[str, Any], keys: Iterable[str], when: str, code: str) -> list[Issue]:
    """An error at each of ``keys`` that ``obj`` lacks (or holds as null), saying they are needed ``when``.

    A plain loop, not a generator: the rules that call it run on every object of their model, and mostly find all
    the keys there.
    """
    found: list[Issue] = []
    for key in keys:
        if obj.get(key) is None:
            found.append(error((key,), code, f"{absent(obj, key)} when {when}"))
    return found


def absent(obj: Mapping[str, Any], key: str) -> str:
    """How a message starts for a key that is needed but not there: missing, or present as null."""
    return f"{key} is null; it is required" if key in obj else f"{key} is required"


def applies_only(obj: Mapping[str, Any], keys: Iterable[str], when: str, here: str, code: str) -> list[Issue]:
    """A warning at each of ``keys`` that ``obj`` sets: the reference says it applies only ``when``, and ``here``
    says the case at hand (see the module's docstring for why this is a warning)."""
    found: list[Issue] = []
    for key in keys:
        if obj.get(key) is not None:
            found.append(warning((key,), code, f"{key} only applies when {when}; it has no effect when {here}"))
    return found


def whole_number_choice(value: object) -> object:
    """Let only a JSON integer through to an integer enumeration: ``true`` and ``1.0`` equal ``1`` in Python, so a
    ``Literal[1, 3, 4]`` alone would take them (use as a ``BeforeValidator``)."""
    if is_int(value):
        return value
    raise PydanticCustomError("literal_error", "must be one of the listed whole numbers")


def whole_number_core(source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
    """:func:`whole_number_choice` as a :class:`CoreCheck`: a strict integer (neither a boolean nor ``1.0``), then
    the enumeration."""
    return core_schema.chain_schema([core_schema.int_schema(strict=True), handler(source)])


_NUMBERS = (int, float)
_CHOICES = (str, int)
"""Types for ``isinstance`` as tuples: a rule runs on every object of a plan, and ``int | float`` in a call
builds a new union each time."""


def is_int(value: object) -> bool:
    """Whether a JSON value is an integer (a boolean is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """Whether a JSON value is a number (a boolean is not)."""
    return isinstance(value, _NUMBERS) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Pattern:
    """Plain words for a field's pattern, used in messages and help instead of the regular expression."""

    words: str


@dataclass(frozen=True, slots=True)
class CoreCheck:
    """The test a field's Python validator makes, in pydantic-core's own terms, put beside that validator.

    ``schema`` is called as pydantic calls ``__get_pydantic_core_schema__``, with the handler for the field's
    type, and returns a core schema that passes exactly the values the Python validator passes (and keeps them
    equal). Its errors are not worded: :func:`tui.field_checker.quick_checker` uses it to tell a valid object from
    a broken one without a call into Python for each value, and a broken one is checked again with the validator.
    """

    schema: Callable[[Any, GetCoreSchemaHandler], CoreSchema]


@dataclass(frozen=True, slots=True)
class Secret:
    """Marks a field whose value is a secret (for a map of text, every value): the editor masks it until asked."""


SECRET: Final = Secret()
"""The mark itself: ``Annotated[str, SECRET]``."""


@dataclass(frozen=True, slots=True)
class SdkSpelling:
    """A closed enumeration that also tolerates values Huawei's own SDK spells differently from the reference.

    The field's type admits ``documented`` and the values of ``tolerated``, pairs of a value and the warning it
    earns. Forms offer only ``documented``.
    """

    documented: tuple[str | int, ...]
    tolerated: tuple[tuple[str | int, str], ...] = ()


_UP_TO_100: Final = re.compile(r"(100|[1-9]?[0-9])%")
_PERCENT: Final = re.compile(r"(0|[1-9][0-9]*)%")


@dataclass(frozen=True, slots=True)
class CountOrPercent:
    """A number of pods (an integer, 0 or more) or a percentage string such as ``"25%"``.

    ``most`` caps the percentage (``None``: no cap). Kubernetes, which runs the workload, takes at most 100% of
    pods unavailable, but lets a rollout surge beyond 100%.
    """

    most: int | None

    @property
    def pattern(self) -> str:
        """The percentage strings allowed, as a regular expression matched in full."""
        return self._percent.pattern

    @property
    def _percent(self) -> re.Pattern[str]:
        return _UP_TO_100 if self.most == 100 else _PERCENT

    @property
    def words(self) -> str:
        return "a percentage from 0% to 100%, like 25%" if self.most == 100 else "a percentage, like 25% or 150%"

    def core_schema(self, _source: Any, _handler: GetCoreSchemaHandler) -> CoreSchema:
        """What :meth:`__call__` passes, as a :class:`CoreCheck`: an integer, 0 or more, or a percentage string."""
        return core_schema.union_schema(
            [
                core_schema.int_schema(strict=True, ge=0),
                core_schema.str_schema(strict=True, pattern=f"^(?:{self.pattern})$"),
            ],
            mode="left_to_right",
        )

    def __call__(self, value: object) -> int | str:
        if is_int(value):
            assert isinstance(value, int)
            if value < 0:
                raise PydanticCustomError("int_or_percent", "must be 0 or more; {value} is not", {"value": value})
            return value
        if isinstance(value, str):
            if self._percent.fullmatch(value):  # compiled once: it runs on every update strategy checked
                return value
            raise PydanticCustomError(
                "int_or_percent",
                "must be a whole number of pods or {words}; {value} is not",
                {"words": self.words, "value": json.dumps(value, ensure_ascii=False)},
            )
        raise PydanticCustomError("int_or_percent_type", "must be a whole number or a percentage")


_UP_TO_ALL = CountOrPercent(most=100)
_ANY_PERCENT = CountOrPercent(most=None)
CountOrPercentUpToAll = Annotated[int | str, PlainValidator(_UP_TO_ALL), _UP_TO_ALL, CoreCheck(_UP_TO_ALL.core_schema)]
"""A number of pods, or a percentage from ``"0%"`` to ``"100%"``."""
CountOrAnyPercent = Annotated[
    int | str, PlainValidator(_ANY_PERCENT), _ANY_PERCENT, CoreCheck(_ANY_PERCENT.core_schema)
]
"""A number of pods, or any percentage from ``"0%"`` up (``"150%"`` included)."""


class SpecModel(BaseModel):
    """Base of every table's model: strict types, unknown keys refused (reported as warnings), and rules.

    A model is never instantiated: :mod:`tui.field_checker` compiles its fields into validators of its own, and
    :mod:`tui.schema` reads them. So pydantic's own validator of a model is not built (``defer_build``): it would
    cost start-up a third of the models' import.
    """

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, defer_build=True)


@cache
def rules_of(model: type[SpecModel]) -> tuple[Rule, ...]:
    """A model's cross-field rules: the functions marked with :func:`rule`, then one per SDK-tolerant field."""
    own = tuple(
        member.__func__
        for member in vars(model).values()
        if isinstance(member, staticmethod) and getattr(member.__func__, "__relplan_rule__", False)
    )
    return own + tuple(_spelling_rules(model))


def markers(info: FieldInfo) -> tuple[object, ...]:
    """A field's metadata: its constraints and the markers on its type, looking through ``X | None``."""
    found = list(info.metadata)
    for arg in get_args(info.annotation):
        if get_origin(arg) is Annotated:
            found.extend(arg.__metadata__)
    return tuple(found)


def _spelling_rules(model: type[SpecModel]) -> Iterator[Rule]:
    """A warning rule for each field whose type tolerates values spelled as Huawei's SDK spells them."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        for meta in markers(info):
            if isinstance(meta, SdkSpelling) and meta.tolerated:
                yield _make_spelling_rule(key, meta)


def _make_spelling_rule(key: str, spelling: SdkSpelling) -> Rule:
    """The rule, marked with its guard (``__relplan_guard__``: the key and the tolerated values): it finds nothing
    unless the object's value at the key is text or a number among them, which a walk may test in place of the
    call (see :mod:`tui.rule_walker`)."""
    tolerated = dict(spelling.tolerated)

    def check(obj: Mapping[str, Any]) -> Iterable[Issue]:
        # A plain function, not a generator: it runs on every object that has the field, and finds nothing there.
        value = obj.get(key)
        if isinstance(value, _CHOICES) and not isinstance(value, bool) and value in tolerated:
            return (warning((key,), "sdk_spelling", tolerated[value]),)
        return ()

    check.__name__ = f"spelling_of_{key}"
    check.__relplan_guard__ = (key, frozenset(tolerated))  # type: ignore[attr-defined]
    return check

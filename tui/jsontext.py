"""Plan text as JSON values and back: strict JSON and TOML, and the bounds of what a plan may hold.

Reading refuses, with one clear message, anything that is not a plan relplan can hold: text that is not UTF-8,
JSON that is not strict (``NaN``, duplicate keys, numbers too large to hold), TOML dates, nesting deeper than
:data:`MAX_DEPTH`, more than :data:`MAX_COMPONENTS` components or :data:`MAX_VALUES` values, and text UTF-8
cannot write. Writing keeps keys in their order and refuses what the format cannot hold (null in TOML).
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from typing import Any, Final, TypeVar

import orjson

from tui.errors import DocumentError
from tui.paths import find, format_path, walk
from tui.types import JSON, Path

__all__ = [
    "MAX_COMPONENTS",
    "MAX_DEPTH",
    "MAX_VALUES",
    "check_size",
    "check_writable",
    "decode",
    "dump_json",
    "dump_toml",
    "find_not_finite",
    "loads_strict",
    "parse_json",
    "parse_toml",
    "parse_value",
]

MAX_DEPTH: Final = 254
"""The deepest nesting of objects and lists a plan may have. A real plan is about ten deep; orjson, which writes
the bytes that are sent and the drafts, refuses anything deeper."""

MAX_COMPONENTS: Final = 10_000
"""The most components a plan may hold. The console releases at most 64 components in a batch and real plans hold
a few batches; relplan is measured at 1,000 components. Ten times that keeps a hostile file's cost bounded."""

MAX_VALUES: Final = 500_000
"""The most values (objects, lists, strings, numbers, booleans and nulls, counted one by one) a plan may hold.
1,000 components that each use every table of the reference hold about 340,000; the bound keeps the time and
memory of judging any plan (one problem per value at worst) to seconds and a few hundred MiB."""

JSON_INDENT: Final = 2
"""The spaces per level of a JSON plan written afresh."""

_Value = TypeVar("_Value", bound=JSON)


def decode(raw: bytes) -> str:
    """Plan bytes as text: UTF-8 (a byte-order mark is allowed), refusing binary data."""
    if b"\x00" in raw:
        raise DocumentError("looks like a binary file (it contains NUL bytes), not a plan")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _no_constants(name: str) -> JSON:
    raise _NotANumberError(name)


class _NotANumberError(ValueError):
    """A number relplan cannot hold: ``NaN`` or ``Infinity``, which are not JSON, or valid JSON too large to hold:
    a literal beyond a 64-bit float, such as ``1e999``, or a whole number of thousands of digits."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotANumberError(text)
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (4,300 by default)
        raise _NotANumberError(text) from None


def _json(text: str) -> JSON:
    hooks: dict[str, Any] = {"object_pairs_hook": _no_duplicates, "parse_constant": _no_constants}
    try:
        value: JSON = json.loads(text, parse_float=_finite, **hooks)
    except (json.JSONDecodeError, _DuplicateKeyError, _NotANumberError):
        raise
    except ValueError:  # a whole number of more digits than Python converts: read again, checking each, to say which
        value = json.loads(text, parse_float=_finite, parse_int=_whole, **hooks)
    return value


def _json_written(text: str) -> tuple[JSON, bytes] | None:
    """What :func:`_json` makes of a plan's ``text``, made the quick way and already proven writable, with the
    compact JSON orjson wrote of it; None when the quick way cannot be sure (then :func:`_json` reads it, and
    :func:`check_writable` checks it).

    json builds the objects itself, without a call into Python for each of them (half of the time of reading a
    plan); a key it drops as a duplicate is found by counting: orjson writes one colon for each key and each colon
    in a string, and the text holds as many unless a key was dropped. A colon written as an escape (``\\u003a``)
    would spoil the count, so text that holds one goes the slow way, as does anything orjson cannot write.
    """
    if "\\u003" in text:
        return None
    try:
        value: JSON = json.loads(text, parse_float=_finite, parse_constant=_no_constants)
        written = orjson.dumps(value)
    except (ValueError, RecursionError, orjson.JSONEncodeError):  # said as :func:`_json` and its checks say it
        return None
    return (value, written) if written.count(b":") == text.count(":") else None


def parse_json(text: str) -> dict[str, JSON]:
    """Parse a plan from JSON text: strict JSON (no NaN, no number too large to hold), no duplicate keys, an
    object at the top, and nothing that could not be written back (see :func:`check_writable`)."""
    if not text.strip():
        raise DocumentError("is empty; a release plan is a JSON object")
    quick = _json_written(text)
    if quick is not None:
        value, written = quick
        return _plan_object(value, "JSON", _values_at_most(written))
    try:
        value = _json(text)
    except _DuplicateKeyError as exc:
        raise DocumentError(
            f"has the key {json.dumps(exc.key)} twice in one object; keep one and delete the other"
        ) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(_json_error(text, exc)) from None
    except _NotANumberError as exc:
        raise DocumentError(_number_words(str(exc), in_file=True)) from None
    except RecursionError:
        raise DocumentError(_TOO_DEEP) from None
    return check_writable(_plan_object(value, "JSON", _values_at_most(text)))


def _values_at_most(text: str | bytes) -> int:
    """A bound on the values the JSON ``text`` holds, found without walking them (an eighth of the time).

    Every value but the top one is an item of one object or list, and a non-empty one of ``n`` items holds
    ``n - 1`` commas: so the values number one, plus the commas, plus the non-empty objects and lists. Counting
    every comma, brace and bracket, those inside strings too, can only count more. Compact JSON (as orjson writes
    it) spends at least two characters on each value but the last, so its length bounds them first, for free.
    """
    if isinstance(text, bytes):
        if len(text) // 2 + 1 <= MAX_VALUES:
            return len(text) // 2 + 1
        return 1 + len(text.translate(None, _ALL_BUT_ITEMS))  # one pass, where three counts take three
    return 1 + text.count(",") + text.count("{") + text.count("[")


_ALL_BUT_ITEMS: Final = bytes(set(range(256)) - set(b",{["))
"""Every byte but a comma, a brace and a bracket: what :func:`_values_at_most` deletes to count those."""


def _json_error(text: str, exc: json.JSONDecodeError) -> str:
    """Where and why JSON text does not parse; text cut short (even inside a string) is called that."""
    where = f"line {exc.lineno}, column {exc.colno}"
    if exc.msg.startswith("Unterminated string"):
        return f"ends inside the text that starts at {where}: is it cut short?"
    if exc.pos >= len(text.rstrip()):
        return f"ends before the JSON does ({where}): is it cut short?"
    return f"is not valid JSON: {exc.msg} at {where}"


def _number_words(literal: str, *, in_file: bool = False) -> str:
    """Why a number was refused: NaN and Infinity are not JSON; a huge number is JSON relplan cannot hold."""
    if literal in ("NaN", "Infinity", "-Infinity"):
        return f"is not valid JSON: {literal} is not a JSON number" if in_file else f"{literal} is not a JSON number"
    shown = literal if len(literal) <= 40 else f"{literal[:20]}\u2026 ({len(literal):,} characters)"
    if in_file:
        return f"has the number {shown}: valid JSON, but too large for relplan to hold"
    return f"the number {shown} is valid JSON but too large for relplan to hold"


def parse_value(text: str) -> JSON:
    """Parse any JSON value typed by a person: strict JSON, no duplicate keys, errors with line and column."""
    try:
        value = _json(text)
    except _DuplicateKeyError as exc:
        raise DocumentError(f"the key {json.dumps(exc.key)} appears twice in one object") from None
    except json.JSONDecodeError as exc:
        raise DocumentError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except _NotANumberError as exc:
        raise DocumentError(_number_words(str(exc))) from None
    except RecursionError:
        raise DocumentError("nested too deeply") from None
    return check_writable(value)


def parse_toml(text: str) -> dict[str, JSON]:
    """Parse a plan from TOML text; dates and times, ``inf`` and ``nan``, which JSON cannot hold, are refused."""
    # The TOML reader is pure Python and holds several times the file in memory: count before reading. Every value
    # but the top table follows an "=", a "," or a "[", so their number bounds the values the text can hold.
    if sum(map(text.count, "=,[")) > MAX_VALUES:
        raise DocumentError(_TOO_MANY_VALUES)
    import tomllib  # only for a .toml plan: a .json one opens without it

    try:
        value = tomllib.loads(text, parse_float=_finite)
    except _NotANumberError as exc:
        raise DocumentError(f"has the number {exc}, which a JSON plan cannot hold") from None
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(f"is not valid TOML: {exc}") from None
    except ValueError:  # a whole number of more digits than Python converts (4,300 by default)
        raise DocumentError("has a whole number of thousands of digits: valid TOML, but too large to hold") from None
    except RecursionError:
        raise DocumentError(_TOO_DEEP) from None
    where = find(value, lambda v: isinstance(v, date | datetime | time))
    if where is not None:
        raise DocumentError(f"has a TOML date or time at {_shown(where)}, which a JSON plan cannot hold")
    return check_writable(_plan_object(value, "TOML"))


_TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep; a release plan is about ten"


def check_writable(value: _Value) -> _Value:
    """``value`` itself, once sure that it can be written back as UTF-8 JSON and sent.

    Refused, with the path: nesting deeper than :data:`MAX_DEPTH`, and text with a lone surrogate (``"\\ud800"``
    parses, but no UTF-8 file or request can hold it). orjson writing the value is the quick proof; only when it
    refuses is the value walked to find out why (integers beyond 64 bits, which orjson refuses too, are fine).
    """
    try:
        orjson.dumps(value)
    except orjson.JSONEncodeError:
        pass
    else:
        return value
    for path, node in walk(value):
        if len(path) >= MAX_DEPTH and isinstance(node, dict | list):
            raise DocumentError(_TOO_DEEP)
        if isinstance(node, str) and _lone_surrogate(node):
            raise DocumentError(f"has text at {_shown(path)} {_SURROGATE.format(_show_surrogate(node))}")
        if isinstance(node, dict):
            for key in filter(_lone_surrogate, node):
                where = f"in {_shown(path)}" if path else "at the top"
                raise DocumentError(f"has a key {where} {_SURROGATE.format(_show_surrogate(key))}")
    return value


_SURROGATE = "with a lone surrogate ({}), which UTF-8 cannot hold"


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _show_surrogate(text: str) -> str:
    bad = next(char for char in text if 0xD800 <= ord(char) <= 0xDFFF)
    return f"\\u{ord(bad):04x}"


def _plan_object(value: Any, kind: str, values_at_most: int | None = None) -> dict[str, JSON]:
    if not isinstance(value, dict):
        name = "an array" if isinstance(value, list) else "a string" if isinstance(value, str) else "a single value"
        raise DocumentError(f"holds {name} at the top; a release plan is a {kind} object")
    return check_size(value, values_at_most=values_at_most)


def check_size(plan: dict[str, JSON], *, values_at_most: int | None = None) -> dict[str, JSON]:
    """``plan`` itself, once sure that it holds no more than :data:`MAX_COMPONENTS` components and
    :data:`MAX_VALUES` values: what relplan can judge, show and send in bounded time and memory.

    ``values_at_most`` is a bound on its values known beforehand (from its text); within the limit, the values
    are not counted one by one."""
    components = plan.get("components")
    if isinstance(components, list) and len(components) > MAX_COMPONENTS:
        raise DocumentError(
            f"holds {len(components):,} components; relplan opens plans of up to {MAX_COMPONENTS:,} "
            "(the console releases at most 64 in a batch)"
        )
    if (values_at_most is None or values_at_most > MAX_VALUES) and _count_values(plan) > MAX_VALUES:
        raise DocumentError(_TOO_MANY_VALUES)
    return plan


_TOO_MANY_VALUES = (
    f"holds more than {MAX_VALUES:,} values; relplan opens plans of up to {MAX_VALUES:,} "
    "(1,000 components using every table hold about 340,000)"
)


def _count_values(value: JSON) -> int:
    """How many values ``value`` holds, itself included, counting no further than one past :data:`MAX_VALUES`."""
    count = 0
    stack: list[JSON] = [value]
    while stack and count <= MAX_VALUES:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def dump_json(data: JSON, *, indent: int | str = JSON_INDENT) -> str:
    """The plan as JSON text: keys in their order, UTF-8 characters as themselves, two-space indents by default."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
    except ValueError:
        raise DocumentError(f"the number at {_shown(find(data, _not_finite) or ())} is not finite") from None


def dump_toml(data: dict[str, JSON]) -> str:
    """The plan as TOML text; refused when it holds a null, which TOML cannot."""
    where = find(data, lambda v: v is None)
    if where is not None:
        raise DocumentError(f"TOML cannot hold null (at {_shown(where)}); remove the value or save as .json")
    too_big = find(data, lambda v: isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63)
    if too_big is not None:
        raise DocumentError(f"TOML integers are 64-bit; the one at {_shown(too_big)} is larger; save as .json")
    bad_float = find(data, _not_finite)
    if bad_float is not None:
        raise DocumentError(f"the number at {_shown(bad_float)} is not finite")
    import tomli_w  # only when a plan is written as TOML

    try:
        return tomli_w.dumps(data)
    except RecursionError:
        raise DocumentError("the plan is nested too deeply for TOML to write; save it as .json") from None


def _not_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def find_not_finite(value: JSON) -> Path | None:
    """The path of the first number in ``value`` that is not finite (NaN or an infinity), which JSON cannot hold."""
    return find(value, _not_finite)


def loads_strict(raw: str | bytes) -> JSON:
    """JSON as the API means it: ``NaN``, ``Infinity`` and numbers too large for a float raise :class:`ValueError`."""
    value: JSON = json.loads(raw, parse_constant=_no_constants, parse_float=_finite, parse_int=_whole)
    return value


def _shown(path: Path) -> str:
    return format_path(path, root="the plan")

"""The path tuple, the spine of relplan: how a path reads, how it is read back, how it walks a plan, and its CSS id.

A path is pydantic's ``loc`` shape, ``("components", 0, "source", "url")``, and reads ``components.0.source.url``.
A key that could be mistaken for something else is written as a JSON string: one that holds a dot (the key
``a.b`` is ``"a.b"``, never the key ``a`` holding ``b``), one of digits only (the key ``"0"`` is not the index 0),
an empty one, and one that starts with a quote. :func:`parse_path` reads every such text back, with
:func:`read_path`, which also reads a path still being typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Final, NamedTuple

from tui.errors import PathError
from tui.types import JSON, Path

__all__ = [
    "PathReading",
    "at",
    "css_id",
    "exists",
    "find",
    "format_path",
    "get",
    "key_of",
    "parse_path",
    "read_path",
    "walk",
]

_ROOT: Final = "."
"""How the plan itself (the empty path) reads, unless the caller names it otherwise."""

_INDEX = re.compile(r"[0-9]+")
_CSS_PLAIN = re.compile(r"[A-Za-z0-9]")
_DECODER = json.JSONDecoder()


def format_path(path: Path, *, root: str = _ROOT) -> str:
    """A path as people write it: ``components.0.source.url``; the plan itself reads ``root``.

    A key that holds a dot, is digits only, is empty or starts with a quote is written quoted (``"a.b"``).
    """
    return ".".join(map(_segment, path)) or root


def _segment(key: str | int) -> str:
    if isinstance(key, int):
        return str(key)
    if key and "." not in key and key[0] != '"' and not (key.isdigit() and key.isascii()):
        return key  # plain: tested without a regular expression, as the finder writes every path of a plan
    return json.dumps(key, ensure_ascii=False)


def parse_path(text: str) -> Path:
    """The path that :func:`format_path` wrote as ``text``: digits are an index, a JSON string is a key as it is.

    ``""`` and ``"."`` are the plan itself.

    Raises:
        ValueError: ``text`` is not a path (an empty key unquoted, a quote not closed, text after a quoted key).
    """
    if text in ("", _ROOT):
        return ()
    reading = read_path(text)
    if reading.fault is not None:
        raise ValueError(f"{text!r} is not a path: {reading.fault}")
    assert reading.keys is not None  # a text with no fault is a path
    return (*reading.keys, reading.key)


class PathReading(NamedTuple):
    """Text read as a path as far as it goes: its complete keys, then its last key, perhaps still being typed."""

    keys: list[str | int] | None
    """The keys a dot follows, or None when the text is not a path even cut short (``a..b``, ``"a"b``)."""
    last: str
    """The last key as typed, without its quotes (and with its escapes read, once its quote is closed)."""
    key: str | int
    """``last`` read as a key: digits not quoted are an index."""
    fault: str | None
    """Why the text is not a whole path (an unclosed quote, an empty key unquoted), or None when it is one."""


def read_path(text: str) -> PathReading:
    """``text`` read key by key as :func:`format_path` writes them, up to its end or the first thing that is wrong.

    The one reader of paths: :func:`parse_path` takes only a whole one; the finder also takes one cut short
    (``components.0.na``, ``labels."a.``), whose complete keys lead to where the last is being typed.
    """
    keys: list[str | int] = []
    position = 0
    while True:
        if text.startswith('"', position):
            try:
                key, end = _DECODER.raw_decode(text, position)
            except json.JSONDecodeError as exc:
                typed = text[position + 1 :]
                return PathReading(keys, typed, typed, f"{exc.msg} at {exc.pos}")
            if end == len(text):
                return PathReading(keys, key, key, None)
            if text[end] != ".":
                return PathReading(None, text, text, f"a dot must follow the key that ends at {end}")
            keys.append(key)
        else:
            end = text.find(".", position)
            part = text[position:] if end == -1 else text[position:end]
            fault = None if part else f"an empty key at {position} must be quoted"
            if end == -1:
                return PathReading(keys, part, key_of(part), fault)
            if fault is not None:
                return PathReading(None, text, text, fault)
            keys.append(key_of(part))
        position = end + 1


def key_of(part: str) -> str | int:
    """An unquoted key of a path as written: digits are an index, anything else a key as it is."""
    return int(part) if _INDEX.fullmatch(part) else part


def css_id(path: Path) -> str:
    """An id for a widget that stands for ``path``, valid in CSS and different for every path.

    ``("components", 0, "source")`` is ``path-components-0-source``; a character other than an ASCII letter or
    digit is written ``_<hex>_``, and so is a key's leading digit, so that no key reads as an index.
    """
    return "-".join(["path", *map(_css_segment, path)])


def _css_segment(key: str | int) -> str:
    if isinstance(key, int):
        return str(key)
    return "".join(
        char if _CSS_PLAIN.match(char) and not (index == 0 and char.isdigit()) else f"_{ord(char):x}_"
        for index, char in enumerate(key)
    )


def _step(node: JSON, key: str | int) -> tuple[bool, JSON]:
    """Whether ``node`` has a child at ``key``, and that child."""
    if isinstance(node, dict) and isinstance(key, str):
        if key in node:
            return True, node[key]
    elif isinstance(node, list) and isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(node):
        return True, node[key]
    return False, None


def _follow(tree: JSON, path: Path) -> tuple[int, JSON]:
    """How many steps of ``path`` lead somewhere in ``tree``, and where the last of them ends."""
    node = tree
    for depth, key in enumerate(path):
        found, child = _step(node, key)
        if not found:
            return depth, node
        node = child
    return len(path), node


def at(tree: JSON, path: Path) -> JSON:
    """The value at ``path`` in ``tree``.

    Raises:
        PathError: nothing is there; the message names the first step that leads nowhere.
    """
    depth, node = _follow(tree, path)
    if depth < len(path):
        raise PathError(f"nothing at {format_path(path[: depth + 1], root='the plan')}")
    return node


def get(tree: JSON, path: Path) -> JSON:
    """The value at ``path`` in ``tree``, or None when nothing is there."""
    depth, node = _follow(tree, path)
    return node if depth == len(path) else None


def exists(tree: JSON, path: Path) -> bool:
    """Whether ``path`` leads to a value in ``tree``."""
    return _follow(tree, path)[0] == len(path)


def walk(tree: JSON) -> Iterator[tuple[Path, JSON]]:
    """Every value in ``tree``, itself first, depth first in document order, with its path."""
    stack: list[tuple[Path, JSON]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, dict):
            stack.extend(((*path, key), item) for key, item in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(node))))


def find(tree: JSON, predicate: Callable[[object], bool]) -> Path | None:
    """The path of the first value in ``tree`` (depth first) that ``predicate`` holds for, or None."""
    return next((path for path, node in walk(tree) if predicate(node)), None)

"""A server's error message read for the fields of the plan it names, each as an error at that field."""

from __future__ import annotations

import re

from tui.paths import exists, parse_path
from tui.types import JSON, Issue, Path, Severity

__all__ = ["server_issues"]

_NAMED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.[A-Za-z0-9_]+)|(?:\[\d+\]))+|[A-Za-z_][A-Za-z0-9_]*")


def server_issues(message: str, plan: JSON) -> list[Issue]:
    """The fields of ``plan`` that a server's error message names, each as an error saying what the server said.

    A name counts when it is a path into the plan, written ``components.0.version`` or ``components[0].version``,
    or a key of the plan itself followed by ``:`` or in quotes; the message's part from that name to the next ``;``
    is the error's text.
    """
    found: dict[Path, Issue] = {}
    for match in _NAMED_PATH.finditer(message):
        path = _as_path(match.group())
        if path is None or path in found or not exists(plan, path):
            continue
        if len(path) == 1 and not _marked_as_name(message, match.start(), match.end()):
            continue  # a plain word such as "name" in prose is not a field named
        begin = match.start() - (1 if match.start() > 0 and message[match.start() - 1] in "'\"`" else 0)
        end = message.find(";", match.end())
        said = message[begin : end if end != -1 else len(message)].strip()
        found[path] = Issue(path, Severity.ERROR, f"the server said: {said}", "server")
    return list(found.values())


def _marked_as_name(message: str, start: int, end: int) -> bool:
    before = message[start - 1] if start > 0 else ""
    after = message[end] if end < len(message) else ""
    return after == ":" or (before in "'\"`" and before != "" and after == before)


def _as_path(text: str) -> Path | None:
    """A name the message wrote as ``components.0.version`` or ``components[0].version``, as a path into a plan."""
    try:
        path = parse_path(text.replace("[", ".").replace("]", ""))
    except ValueError:
        return None
    return path if path and not isinstance(path[0], int) else None

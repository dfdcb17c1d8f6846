"""The lost-update check: what changed on the server since the plan was opened, and whether what the server holds
is our own last update rather than someone else's change.

An update whose answer never came (the connection dropped, the wait was given up) may have been applied. When the
plan on the server is then exactly what was last sent, nobody else changed it: the update arrived, and the plan as
sent is what the next check compares with. Plain Python: the editor's review and sending, and the command line's
``submit``, use it alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.diff import Change, diff
from tui.jsontree import same_json
from tui.types import JSON

__all__ = ["SentPlan", "ServerCheck", "compare"]


@dataclass(frozen=True, slots=True)
class SentPlan:
    """An update that went out: the bytes sent, the plan they hold, and the document's state they were made from."""

    body: bytes
    """The PUT body, exactly as sent."""
    plan: dict[str, JSON]
    """What :attr:`body` holds, parsed: what the server holds if the update arrived."""
    state: int = -1
    """The document's :attr:`~tui.document.Document.state` when it was sent (-1: not from a document)."""


@dataclass(frozen=True, slots=True)
class ServerCheck:
    """What the plan on the server is, and how it stands against the plan as opened and the last update sent."""

    now: dict[str, JSON]
    """The plan on the server, without its read-only keys: theirs, for a merge."""
    changes: list[Change] = field(default_factory=list)
    """What changed on the server since the plan was opened (empty when nothing did, or when :attr:`ours`)."""
    ours: bool = False
    """Whether the server holds exactly what was last sent, which is not the plan as opened: our own update
    arrived, though its answer never came; it is no one else's change."""


def compare(opened: Mapping[str, JSON], now: dict[str, JSON], sent: Mapping[str, JSON] | None = None) -> ServerCheck:
    """How ``now`` (the plan on the server) stands against ``opened`` and the plan last ``sent`` (all without their
    read-only keys)."""
    if sent is not None and same_json(dict(sent), now) and not same_json(dict(opened), now):
        return ServerCheck(now, [], ours=True)
    return ServerCheck(now, diff(dict(opened), now))

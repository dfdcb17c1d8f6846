"""A draft's journal: the plan's changes as they are made, so that keeping a draft costs what an edit costs.

A draft is written in two parts. Its checkpoint (``KEY.json``, written atomically, see :mod:`tui.drafts`) holds the
baseline, the plan as it was at some point (left out when it is the baseline) and the changes made since then; it
is written once per open, and again only when the baseline changes or the journal has grown long. Every later write
appends one line to ``KEY.journal``: the changes made since the last one, tied to the checkpoint by its id. A line
cut short by a crash, or one of an older checkpoint, ends the journal there: what came before it is the draft.

A change is one of the document's own (see ``Document.watch``), as JSON: ``["put", path, value, position]``,
``["remove", path]`` or ``["move", path, to]``, replayed by the document's own rules. It is encoded when it is
made, a few bytes, so the plan is never encoded on the main thread while it is edited; the baseline, which is never
changed in place, is encoded in the thread that writes a checkpoint, a component at a time as it is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

import orjson

from tui.types import JSON, Path

if TYPE_CHECKING:
    from tui.document import Document

__all__ = [
    "COMPACT_AFTER",
    "Journal",
    "append_line",
    "checkpoint_bytes",
    "checkpoint_parts",
    "encode",
    "encoded_parts",
    "journal_line",
    "replayed",
]

COMPACT_AFTER = 2_000_000
"""Bytes of changes after which the plan itself is encoded again, so that reading a draft stays quick."""


def encode(value: Any) -> bytes:
    """``value`` as compact JSON; integers beyond 64 bits and lone surrogates are written by the standard library."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")


class Journal:
    """The changes made to a document's plan since its origin, each encoded as it is made.

    The origin is an object never changed in place (the baseline the document was opened with), encoded when a
    checkpoint is written, or the plan as it was encoded at some point (after the whole plan was replaced, or when
    the changes grew past :data:`COMPACT_AFTER`).
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._origin: dict[str, JSON] | bytes | None = None if document.state == 0 else encode(document.data)
        """What :attr:`changes` apply to, or None for the document's baseline, not asked for yet: opening a plan
        does not wait for the baseline's copy, which is made before the first change in any case."""
        self.changes: list[bytes] = []
        """Every change since :attr:`origin`, in order, as JSON."""
        self.size = 0
        """The bytes in :attr:`changes`."""
        document.watch = self.watch

    @property
    def origin(self) -> dict[str, JSON] | bytes:
        """What :attr:`changes` apply to: an unchanging plan, or a plan encoded."""
        if self._origin is None:
            self._origin = self.document.baseline
        return self._origin

    @origin.setter
    def origin(self, origin: dict[str, JSON] | bytes) -> None:
        self._origin = origin

    def watch(self, kind: str, path: Path, value: JSON, position: int) -> None:
        """Keep a change the document made (see ``Document.watch``)."""
        if self._origin is None:  # the baseline as opened, before a rebase can replace it
            self._origin = self.document.baseline if kind != "rebased" else encode(self.document.data)
        if kind == "rebased":  # the origin is not the baseline but a plan of its own: the changes still apply
            return
        if kind == "put" and not path:  # the whole plan replaced: it is the origin now
            self.origin, self.changes, self.size = encode(value), [], 0
            return
        change = encode([kind, path, value, position] if kind != "remove" else [kind, path])
        self.changes.append(change)
        self.size += len(change)

    def compact(self) -> None:
        """Make the plan as it is now the origin (encoded here, so only now and then)."""
        self.origin, self.changes, self.size = encode(self.document.data), [], 0


def checkpoint_parts(
    header: Mapping[str, JSON], baseline: Iterable[bytes], plan: bytes | None, changes: list[bytes]
) -> Iterator[bytes]:
    """A checkpoint's file, in parts written one after another (a plan's bytes are never held whole):
    ``header`` (format, where, title, saved_at, id), then the baseline (see :func:`encoded_parts`), plan and
    changes."""
    yield encode(dict(header))[:-1] + b',"baseline":'
    yield from baseline
    if plan is not None:
        yield b',"plan":'
        yield plan
    yield b',"changes":[' + b",".join(changes) + b"]}"


def encoded_parts(value: JSON) -> Iterator[bytes]:
    """``value`` as compact JSON (as :func:`encode` writes it), in parts made one at a time: each key of its top
    object, and each item of a list there (a plan's components), so that a large plan's bytes are never held whole."""
    if not isinstance(value, dict):
        yield encode(value)
        return
    yield b"{"
    for index, (key, item) in enumerate(value.items()):
        yield (b"," if index else b"") + encode(key) + b":"
        if isinstance(item, list):
            yield b"["
            for position, element in enumerate(item):
                yield (b"," if position else b"") + encode(element)
            yield b"]"
        else:
            yield encode(item)
    yield b"}"


def checkpoint_bytes(header: Mapping[str, JSON], baseline: bytes, plan: bytes | None, changes: list[bytes]) -> bytes:
    """A checkpoint's file as one whole (see :func:`checkpoint_parts`)."""
    return b"".join(checkpoint_parts(header, [baseline], plan, changes))


def journal_line(of: str, at: float, changes: list[bytes]) -> bytes:
    """One line of a journal: the changes made since the line before, and when they were written."""
    return encode({"of": of, "at": at})[:-1] + b',"changes":[' + b",".join(changes) + b"]}\n"


def append_line(file: FilePath, line: bytes) -> None:
    """Append ``line`` to the journal ``file`` (made, mode 0600, if need be) and flush it to disk.

    A line that could not be written whole is cut off again, so that the next one starts a line of its own.

    Raises:
        OSError: the line could not be written (the journal is then as it was).
    """
    fd = os.open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        before = os.fstat(fd).st_size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, before)
            raise
    finally:
        os.close(fd)
    if before == 0:  # a new file: its name is on disk once the folder is
        dir_fd = os.open(file.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def replayed(checkpoint: Mapping[str, Any], journal: FilePath) -> tuple[dict[str, JSON], float] | None:
    """The plan a checkpoint and its journal hold, and when its last part was written; None when unreadable."""
    from tui.errors import RelplanError
    from tui.jsontree import copy_json

    baseline, plan, changes = checkpoint.get("baseline"), checkpoint.get("plan", ...), checkpoint.get("changes")
    of, saved_at = checkpoint.get("id"), checkpoint.get("saved_at")
    if not (isinstance(baseline, dict) and isinstance(changes, list) and isinstance(saved_at, int | float)):
        return None
    tree = _Tree(copy_json(baseline) if plan is ... else plan)
    try:
        for change in changes:
            tree.apply(change)
    except (RelplanError, AssertionError, LookupError, TypeError, ValueError):
        return None
    try:
        lines = journal.read_bytes().split(b"\n")[:-1]  # a last line without its newline was cut short
    except OSError:
        lines = []
    for line in lines:
        try:
            said = json.loads(line)  # not orjson: it refuses integers beyond 64 bits
        except ValueError:
            break
        if not isinstance(said, dict) or said.get("of") != of or not isinstance(said.get("changes"), list):
            break  # a line of an older checkpoint: the journal ends here
        try:
            for change in said["changes"]:
                tree.apply(change)
        except (RelplanError, AssertionError, LookupError, TypeError, ValueError):
            return None  # a whole line that does not apply: not a journal relplan wrote
        saved_at = said.get("at", saved_at)
    if not isinstance(tree.plan, dict) or not isinstance(saved_at, int | float):
        return None
    return tree.plan, float(saved_at)


class _Tree:
    """A plan that changes are replayed on, by the document's own rules."""

    def __init__(self, plan: JSON) -> None:
        self.plan = plan

    def get(self, path: Path) -> JSON:
        from tui.paths import at

        return at(self.plan, path)

    def replace(self, plan: JSON) -> None:
        self.plan = plan

    def tell(self, kind: str, path: Path, value: JSON = None, position: int = -1) -> None:
        pass

    def apply(self, change: Any) -> None:
        from tui.tree_ops import put, remove  # the document's own rules: a replay does what the edit did

        kind, path = change[0], tuple(change[1])
        if kind == "put":
            put(self, path, change[2], int(change[3]))
        elif kind == "remove":
            remove(self, path)
        elif kind == "move":
            parent = self.get(path[:-1])
            if not isinstance(parent, list):
                raise TypeError("a move in something that is not a list")
            parent.insert(int(change[3]), parent.pop(path[-1]))
        else:
            raise ValueError(f"no such change: {kind}")

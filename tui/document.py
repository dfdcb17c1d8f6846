"""The editable document: a plan as raw JSON values, edited by path, with undo, redo and a diff.

The document is the truth. It holds the plan exactly as loaded (dicts in their key order, lists, strings,
numbers, booleans, null) and changes only where a person edits it: no key appears because a model has a default,
``"1"`` never becomes ``1``, and keys no model knows survive untouched. Loading and saving with no edit gives the
same JSON value in the same key order.

Every edit sets, deletes, inserts or moves at one path and returns the path it touched, so the validator can
re-check just that. Edits can be grouped with :meth:`Document.transaction` into one undo step.
"""

from __future__ import annotations

import gc
import json
import math
import os
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path as FilePath
from typing import Any, Final, Literal, TypeVar

import orjson
import tomli_w

from tui.errors import DocumentError, PathError
from tui.jsonfiles import ChangedOnDiskError, FileState, FileStyle, file_state, refuse_read_only, through_links
from tui.types import JSON, Path

__all__ = [
    "MAX_COMPONENTS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "Change",
    "ChangeKind",
    "Document",
    "check_size",
    "check_writable",
    "diff",
    "dump_json",
    "dump_toml",
    "find_not_finite",
    "gc_paused",
    "load_file",
    "loads_strict",
    "parse_json",
    "parse_toml",
    "parse_value",
    "plan_format",
    "write_atomic",
]

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
"""The largest plan file relplan reads: 20 MiB, far above the 64-component plans the console allows."""

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

_Value = TypeVar("_Value", bound=JSON)


class _Missing:
    """The absence of a value (a key not in its object), as opposed to JSON null."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


# ---------------------------------------------------------------------------------------------------- editing


@dataclass(frozen=True, slots=True)
class _Op:
    """One change to the tree, with what is needed to reverse it."""

    kind: Literal["set", "delete", "insert", "move"]
    path: Path
    old: JSON | _Missing = MISSING
    new: JSON | _Missing = MISSING
    position: int = -1
    """For an added or deleted dict key, its place in the key order; for a deleted list item, its index; for a
    move, the target index."""


@dataclass(slots=True)
class _Step:
    """What one undo undoes: the ops of one edit or transaction, in the order they were applied."""

    serial: int
    label: str
    ops: list[_Op]


class Document:
    """A release plan being edited: the JSON tree, its undo and redo history, and the baseline it came from."""

    def __init__(self, data: dict[str, JSON], *, source: FilePath | None = None) -> None:
        if not isinstance(data, dict):
            raise DocumentError("a release plan must be a JSON object")
        self._data = data
        self.source = source
        """The file the document was loaded from and is saved to, if any."""
        self.disk: FileState | None = None
        """What :attr:`source` held when it was read or last saved: a save checks the file still holds it."""
        self.style = FileStyle()
        """How the file is written: its line endings, byte-order mark and indentation, as it had them."""
        with gc_paused():
            self.baseline: dict[str, JSON] = copy_json(data)
        """The plan as it was opened (or last sent): what :meth:`changes` compares against."""
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._serial = 0
        self._saved_serial = 0
        self._open: _Step | None = None
        self.version = 0
        """Goes up by one with every change, undo and redo: a cheap way to know the tree changed."""

    # -- reading

    @property
    def data(self) -> dict[str, JSON]:
        """The plan's JSON tree. Read it freely; change it only through the document's methods."""
        return self._data

    def get(self, path: Path) -> JSON:
        """The value at ``path``; :class:`PathError` when there is none."""
        node: JSON = self._data
        for depth, key in enumerate(path):
            node = _child(node, key, path[: depth + 1])
        return node

    def has(self, path: Path) -> bool:
        """Whether ``path`` leads to a value."""
        try:
            self.get(path)
        except PathError:
            return False
        return True

    @property
    def dirty(self) -> bool:
        """Whether the document differs from what was last loaded or saved."""
        return self.state != self._saved_serial

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    # -- editing

    def set(self, path: Path, value: JSON, *, typing: bool = False) -> Path:
        """Put a copy of ``value`` at ``path``: replace what is there, or add a key to an object.

        With ``typing``, consecutive sets of the same path (keystrokes in one field) make one undo step.
        """
        if typing and self._coalesce(path, value):
            return path
        if not path:
            if not isinstance(value, dict):
                raise DocumentError("a release plan must be a JSON object")
            return self._apply(_Op("set", (), self._data, copy_json(value)))
        parent = self.get(path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            old = parent.get(key, MISSING)
            position = len(parent) if old is MISSING else -1
            return self._apply(_Op("set", path, old, copy_json(value), position), "typing" if typing else None)
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            return self._apply(_Op("set", path, parent[key], copy_json(value)), "typing" if typing else None)
        raise PathError(f"nothing at {_show(path)} to set")

    def delete(self, path: Path) -> Path:
        """Remove the key or list item at ``path`` (a removed value is deleted, never written as null)."""
        if not path:
            raise DocumentError("the plan itself cannot be deleted")
        parent = self.get(path[:-1])
        old = self.get(path)
        key = path[-1]
        position = list(parent).index(key) if isinstance(parent, dict) and isinstance(key, str) else key
        assert isinstance(position, int)
        return self._apply(_Op("delete", path, old, MISSING, position))

    def insert(self, path: Path, value: JSON) -> Path:
        """Insert a copy of ``value`` into a list so that it ends up at ``path``; returns the list's path."""
        if not path:
            raise PathError("insert needs a path that ends in a list index")
        parent = self.get(path[:-1])
        index = path[-1]
        if not (isinstance(parent, list) and isinstance(index, int) and 0 <= index <= len(parent)):
            raise PathError(f"{_show(path)} is not a place in a list")
        self._apply(_Op("insert", path, MISSING, copy_json(value)))
        return path[:-1]

    def move(self, path: Path, to: int) -> Path:
        """Move the list item at ``path`` to index ``to`` of the same list; returns the list's path."""
        if not path:
            raise PathError("move needs a path that ends in a list index")
        parent = self.get(path[:-1])
        index = path[-1]
        if not (isinstance(parent, list) and isinstance(index, int) and 0 <= index < len(parent)):
            raise PathError(f"{_show(path)} is not an item of a list")
        if not 0 <= to < len(parent):
            raise PathError(f"index {to} is outside the list at {_show(path[:-1])}")
        self._apply(_Op("move", path, position=to))
        return path[:-1]

    @contextmanager
    def transaction(self, label: str = "edit") -> Iterator[None]:
        """Group the edits made inside into one undo step. Nested transactions join the outer one."""
        if self._open is not None:
            yield
            return
        step = self._open = _Step(0, label, [])
        try:
            yield
        finally:
            self._open = None
            if step.ops:
                self._push(step)

    def undo(self) -> list[Path]:
        """Undo the last edit; returns the paths it touched (empty when there was nothing to undo)."""
        if not self._undo:
            return []
        step = self._undo.pop()
        touched = [_reverse(self._data_holder(), op) for op in reversed(step.ops)]
        self._redo.append(step)
        self.version += 1
        return touched

    def redo(self) -> list[Path]:
        """Redo the last undone edit; returns the paths it touched."""
        if not self._redo:
            return []
        step = self._redo.pop()
        touched = [_forward(self._data_holder(), op) for op in step.ops]
        self._undo.append(step)
        self.version += 1
        return touched

    @property
    def state(self) -> int:
        """The state the document is in: every change (an undo too) gives a new one. See :meth:`mark_saved`."""
        return self._undo[-1].serial if self._undo else 0

    def mark_saved(self, state: int | None = None) -> None:
        """Remember ``state`` (by default the current one) as saved: :attr:`dirty` is false while it is current.

        Marking a state from before later edits (what was sent while the person went on typing) keeps those
        edits dirty.
        """
        self._saved_serial = self.state if state is None else state

    def rebase(self, plan: Mapping[str, JSON] | None = None) -> None:
        """Make ``plan`` (by default the current plan) the baseline, as after it was sent and the server holds it."""
        with gc_paused():
            self.baseline = copy_json(dict(plan) if plan is not None else self._data)

    def changes(self) -> list[Change]:
        """What changed since the baseline, by path."""
        return diff(self.baseline, self._data)

    # -- files

    @classmethod
    def load(cls, path: FilePath) -> Document:
        """Open a plan from a ``.json`` or ``.toml`` file, remembering what the file held (see :attr:`disk`)."""
        for _ in range(3):  # a file written while it is read is read again
            before = file_state(path)
            data = load_file(path)
            after = file_state(path)
            if before is not None and after is not None and before.same_bytes(after):
                break
        document = cls(data, source=path)
        document.disk = after
        document.style = FileStyle.of(after.raw) if after is not None else FileStyle()
        return document

    def save(self, path: FilePath | None = None, *, over_disk: bool = False) -> FilePath:
        """Write the plan to ``path`` (by default the file it came from), atomically; returns where.

        The file's line endings, byte-order mark and indentation are kept; a symbolic link is written through.

        Raises:
            ChangedOnDiskError: the file changed on disk since it was read or saved (unless ``over_disk``).
            DocumentError: the file is read-only, or the plan cannot be written in the file's format.
        """
        target = path or self.source
        if target is None:
            raise DocumentError("the plan has no file yet; choose where to save it")
        kind = plan_format(target, "writes")
        real = through_links(target)
        refuse_read_only(real)
        if not over_disk and self.disk is not None and self.source is not None and _same_file(target, self.source):
            now = file_state(real)
            if now is not None and not now.same_bytes(self.disk):
                raise ChangedOnDiskError(target, now)
        indent = self.style.indent
        text = dump_toml(self._data) if kind == "toml" else dump_json(self._data, indent=indent)
        try:
            data = self.style.encode(text)
        except UnicodeEncodeError:
            check_writable(self._data)  # names the path of the text that cannot be written
            raise
        write_atomic(real, data)
        self.source = target
        self.disk = file_state(real)
        self.mark_saved()
        return target

    # -- internals

    def _data_holder(self) -> _Root:
        return _Root(self)

    def _coalesce(self, path: Path, value: JSON) -> bool:
        """Fold a keystroke's set into the last step when that step was a keystroke's set of the same path."""
        if self._open is not None or self._redo or not self._undo:
            return False
        step = self._undo[-1]
        if step.label != "typing" or len(step.ops) != 1 or step.ops[0].path != path or not self.has(path):
            return False
        first = step.ops[0]
        op = _Op("set", path, first.old, copy_json(value), first.position)
        _put(self._data_holder(), path, op.new, -1)
        step.ops[0] = op
        self._serial += 1
        step.serial = self._serial
        self.version += 1
        return True

    def _apply(self, op: _Op, label: str | None = None) -> Path:
        touched = _forward(self._data_holder(), op)
        if self._open is not None:
            self._open.ops.append(op)
        else:
            self._push(_Step(0, label or op.kind, [op]))
        self.version += 1
        return touched

    def _push(self, step: _Step) -> None:
        self._serial += 1
        step.serial = self._serial
        self._undo.append(step)
        self._redo.clear()


@dataclass(slots=True)
class _Root:
    """Gives the op functions a way to swap the document's whole tree."""

    document: Document

    def get(self, path: Path) -> JSON:
        return self.document.get(path)

    def replace(self, data: JSON) -> None:
        assert isinstance(data, dict)
        self.document._data = data


def _forward(root: _Root, op: _Op) -> Path:
    """Apply ``op``; returns the path it touched."""
    if op.kind == "set":
        _put(root, op.path, op.new, op.position if op.old is MISSING else -1)
        return op.path
    if op.kind == "delete":
        _remove(root, op.path)
        return op.path
    parent = root.get(op.path[:-1])
    assert isinstance(parent, list) and isinstance(op.path[-1], int)
    if op.kind == "insert":
        assert not isinstance(op.new, _Missing)
        parent.insert(op.path[-1], op.new)
    else:
        parent.insert(op.position, parent.pop(op.path[-1]))
    return op.path[:-1]


def _reverse(root: _Root, op: _Op) -> Path:
    """Undo ``op``; returns the path it touched."""
    if op.kind == "set":
        if op.old is MISSING:
            _remove(root, op.path)
        else:
            _put(root, op.path, op.old, -1)
        return op.path
    if op.kind == "delete":
        _put(root, op.path, op.old, op.position)
        return op.path
    parent = root.get(op.path[:-1])
    assert isinstance(parent, list) and isinstance(op.path[-1], int)
    if op.kind == "insert":
        parent.pop(op.path[-1])
    else:
        parent.insert(op.path[-1], parent.pop(op.position))
    return op.path[:-1]


def _put(root: _Root, path: Path, value: JSON | _Missing, position: int) -> None:
    """Set ``path`` to ``value``; a new dict key goes to ``position`` in the key order (-1: where it is now)."""
    assert not isinstance(value, _Missing)
    if not path:
        root.replace(value)
        return
    parent = root.get(path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        assert isinstance(key, int)
        if position >= 0:
            parent.insert(key, value)
        else:
            parent[key] = value
        return
    assert isinstance(parent, dict) and isinstance(key, str)
    if key in parent or position < 0 or position >= len(parent):
        parent[key] = value
        return
    items = list(parent.items())
    items.insert(position, (key, value))
    parent.clear()
    parent.update(items)


def _remove(root: _Root, path: Path) -> None:
    parent = root.get(path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        assert isinstance(key, int)
        del parent[key]
    else:
        assert isinstance(parent, dict) and isinstance(key, str)
        del parent[key]


def _child(node: JSON, key: str | int, where: Path) -> JSON:
    if isinstance(node, dict) and isinstance(key, str):
        if key in node:
            return node[key]
    elif isinstance(node, list) and isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(node):
        return node[key]
    raise PathError(f"nothing at {_show(where)}")


def _same_file(a: FilePath, b: FilePath) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _show(path: Path) -> str:
    return ".".join(str(key) for key in path) or "the plan"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large JSON tree.

    A plan is a tree without cycles, so nothing is lost; without the pause, building a 1,000-component plan
    triggers collections that walk every object made so far, a third of the time spent.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def copy_json(value: JSON) -> Any:
    """A deep copy of a JSON value (several times faster than :func:`copy.deepcopy` for plain JSON)."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


# ------------------------------------------------------------------------------------------------------- diff


class ChangeKind(StrEnum):
    """What happened at a path between the baseline and now."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the baseline and the current plan.

    ``path`` is where the value is now; for a removed value, where it was. A moved component also has
    ``old_path``, its place in the baseline; changes inside it are listed at its new place.
    """

    kind: ChangeKind
    path: Path
    old: JSON = None
    new: JSON = None
    old_path: Path | None = None


def diff(old: JSON, new: JSON, path: Path = ()) -> list[Change]:
    """The changes that turn ``old`` into ``new``, in the order of ``new``.

    Components are matched by ``component_id`` (else by ``name``), so moving one is a single move rather than
    a change at every index it passed; every other list is compared index by index.
    """
    out: list[Change] = []
    _diff(old, new, path, out)
    return out


def _diff(old: JSON, new: JSON, path: Path, out: list[Change]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key in old:
                _diff(old[key], value, (*path, key), out)
            else:
                out.append(Change(ChangeKind.ADDED, (*path, key), new=value))
        out.extend(Change(ChangeKind.REMOVED, (*path, key), old=value) for key, value in old.items() if key not in new)
    elif isinstance(old, list) and isinstance(new, list):
        if path == ("components",):
            _diff_components(old, new, path, out)
            return
        for index, value in enumerate(new):
            if index < len(old):
                _diff(old[index], value, (*path, index), out)
            else:
                out.append(Change(ChangeKind.ADDED, (*path, index), new=value))
        out.extend(Change(ChangeKind.REMOVED, (*path, i), old=old[i]) for i in range(len(new), len(old)))
    elif not same_json(old, new):
        out.append(Change(ChangeKind.CHANGED, path, old, new))


def component_key(component: JSON) -> tuple[str, str] | None:
    """What identifies a component (or any list item like one): its ``component_id``, else its ``name``."""
    if isinstance(component, dict):
        for field in ("component_id", "name"):
            value = component.get(field)
            if isinstance(value, str) and value:
                return field, value
    return None


def _diff_components(old: list[JSON], new: list[JSON], path: Path, out: list[Change]) -> None:
    by_key: dict[tuple[str, str], int] = {}
    for index, component in enumerate(old):
        key = component_key(component)
        if key is not None:
            by_key.setdefault(key, index)
    pairs: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    for index, component in enumerate(new):
        key = component_key(component)
        match = by_key.get(key) if key is not None else None
        if match is not None and match not in taken:
            pairs[index] = match
            taken.add(match)
    # Items with no key pair up by position when that position is free on both sides.
    for index, component in enumerate(new):
        if index not in pairs and index < len(old) and index not in taken and component_key(component) is None:
            pairs[index] = index
            taken.add(index)
    stayed = _longest_increasing([pairs[i] for i in sorted(pairs)])
    for index, component in enumerate(new):
        here = (*path, index)
        if index not in pairs:
            out.append(Change(ChangeKind.ADDED, here, new=component))
            continue
        before = pairs[index]
        if before not in stayed:
            out.append(Change(ChangeKind.MOVED, here, old_path=(*path, before)))
        _diff(old[before], component, here, out)
    out.extend(Change(ChangeKind.REMOVED, (*path, i), old=old[i]) for i in range(len(old)) if i not in taken)


def _longest_increasing(sequence: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the items that kept their relative order."""
    tails: list[int] = []  # index into sequence of the smallest tail of each length
    previous: list[int] = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if sequence[tails[mid]] < value:
                low = mid + 1
            else:
                high = mid
        if low:
            previous[i] = tails[low - 1]
        if low == len(tails):
            tails.append(i)
        else:
            tails[low] = i
    kept: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        kept.add(sequence[i])
        i = previous[i]
    return kept


def same_json(a: JSON, b: JSON) -> bool:
    """Equality as JSON sees it: ``1`` is not ``true``, ``1`` is not ``1.0``, and key order does not count."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same_json(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return a == b


# ------------------------------------------------------------------------------------------------------ files


def load_file(path: FilePath) -> dict[str, JSON]:
    """Read a plan file (``.json`` or ``.toml``), refusing with one clear message anything that is not a plan."""
    kind = plan_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"the file is {size / 1024 / 1024:.1f} MiB; relplan reads plans up to 20 MiB")
        with path.open("rb") as handle:  # a pipe or a growing file has no size to trust: read no more than allowed
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise DocumentError("holds more than 20 MiB; relplan reads plans up to 20 MiB")
    except IsADirectoryError:
        raise DocumentError("is a directory, not a plan file") from None
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except PermissionError:
        raise DocumentError("permission denied") from None
    except OSError as exc:
        raise DocumentError(f"cannot be read: {exc.strerror or exc}") from None
    text = decode(raw)
    with gc_paused():
        return parse_toml(text) if kind == "toml" else parse_json(text)


def plan_format(path: FilePath, verb: str = "reads") -> Literal["json", "toml"]:
    """The format of a plan file by its suffix; anything but ``.json`` and ``.toml`` is refused, saying what
    relplan ``verb`` (reads, or writes)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".toml"):
        return "json" if suffix == ".json" else "toml"
    raise DocumentError(f"relplan {verb} .json and .toml plan files, not {suffix or 'files without a suffix'}")


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
    value: JSON = json.loads(
        text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants, parse_float=_finite, parse_int=_whole
    )
    return value


def parse_json(text: str) -> dict[str, JSON]:
    """Parse a plan from JSON text: strict JSON (no NaN, no number too large to hold), no duplicate keys, an
    object at the top, and nothing that could not be written back (see :func:`check_writable`)."""
    if not text.strip():
        raise DocumentError("is empty; a release plan is a JSON object")
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
    return check_writable(_plan_object(value, "JSON"))


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
    where = _find(value, lambda v: isinstance(v, date | datetime | time))
    if where is not None:
        raise DocumentError(f"has a TOML date or time at {_show(where)}, which a JSON plan cannot hold")
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
    for path, node, depth in _nodes(value):
        if depth >= MAX_DEPTH and isinstance(node, dict | list):
            raise DocumentError(_TOO_DEEP)
        if isinstance(node, str) and _lone_surrogate(node):
            raise DocumentError(f"has text at {_show(path)} {_SURROGATE.format(_show_surrogate(node))}")
        if isinstance(node, dict):
            for key in filter(_lone_surrogate, node):
                where = f"in {_show(path)}" if path else "at the top"
                raise DocumentError(f"has a key {where} {_SURROGATE.format(_show_surrogate(key))}")
    return value


_SURROGATE = "with a lone surrogate ({}), which UTF-8 cannot hold"


def _nodes(value: JSON) -> Iterator[tuple[Path, JSON, int]]:
    """Every value in ``value``, depth first, with its path and how many objects and lists it is inside."""
    stack: list[tuple[Path, JSON, int]] = [((), value, 0)]
    while stack:
        path, node, depth = stack.pop()
        yield path, node, depth
        if isinstance(node, dict):
            stack.extend(((*path, key), item, depth + 1) for key, item in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, index), item, depth + 1) for index, item in reversed(list(enumerate(node))))


def _lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _show_surrogate(text: str) -> str:
    bad = next(char for char in text if 0xD800 <= ord(char) <= 0xDFFF)
    return f"\\u{ord(bad):04x}"


def _plan_object(value: Any, kind: str) -> dict[str, JSON]:
    if not isinstance(value, dict):
        name = "an array" if isinstance(value, list) else "a string" if isinstance(value, str) else "a single value"
        raise DocumentError(f"holds {name} at the top; a release plan is a {kind} object")
    return check_size(value)


def check_size(plan: dict[str, JSON]) -> dict[str, JSON]:
    """``plan`` itself, once sure that it holds no more than :data:`MAX_COMPONENTS` components and
    :data:`MAX_VALUES` values: what relplan can judge, show and send in bounded time and memory."""
    components = plan.get("components")
    if isinstance(components, list) and len(components) > MAX_COMPONENTS:
        raise DocumentError(
            f"holds {len(components):,} components; relplan opens plans of up to {MAX_COMPONENTS:,} "
            "(the console releases at most 64 in a batch)"
        )
    if _count_values(plan) > MAX_VALUES:
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
        raise DocumentError(f"the number at {_show(_find(data, _not_finite) or ())} is not finite") from None


def dump_toml(data: dict[str, JSON]) -> str:
    """The plan as TOML text; refused when it holds a null, which TOML cannot."""
    where = _find(data, lambda v: v is None)
    if where is not None:
        raise DocumentError(f"TOML cannot hold null (at {_show(where)}); remove the value or save as .json")
    too_big = _find(data, lambda v: isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63)
    if too_big is not None:
        raise DocumentError(f"TOML integers are 64-bit; the one at {_show(too_big)} is larger; save as .json")
    bad_float = _find(data, _not_finite)
    if bad_float is not None:
        raise DocumentError(f"the number at {_show(bad_float)} is not finite")
    try:
        return tomli_w.dumps(data)
    except RecursionError:
        raise DocumentError("the plan is nested too deeply for TOML to write; save it as .json") from None


def _not_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def find_not_finite(value: JSON) -> Path | None:
    """The path of the first number in ``value`` that is not finite (NaN or an infinity), which JSON cannot hold."""
    return _find(value, _not_finite)


def loads_strict(raw: str | bytes) -> JSON:
    """JSON as the API means it: ``NaN``, ``Infinity`` and numbers too large for a float raise :class:`ValueError`."""
    value: JSON = json.loads(raw, parse_constant=_no_constants, parse_float=_finite, parse_int=_whole)
    return value


def _find(value: Any, predicate: Any) -> Path | None:
    """The path of the first value (depth first) that ``predicate`` holds for."""
    return next((path for path, node, _ in _nodes(value) if predicate(node)), None)


def write_atomic(path: FilePath, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never half of one.

    The bytes go to a temporary file beside ``path``, which is flushed to disk and renamed over it. A symbolic
    link is written through (the file it points at is replaced, the link stays). ``mode`` sets the file's
    permissions (before any byte is written); without it, an existing file's permissions and owner are kept.
    """
    path = through_links(path)
    directory = path.parent if str(path.parent) else FilePath(".")
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            elif info is not None:
                os.fchmod(handle.fileno(), info.st_mode & 0o7777)
                with suppress(OSError):  # only root may give a file away; others keep their own
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise DocumentError(f"cannot write {path.name}: {exc.strerror or exc}") from None
    with suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

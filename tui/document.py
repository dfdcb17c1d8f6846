"""The editable document: a plan as raw JSON values, edited by path, with undo and redo.

The document is the truth. It holds the plan exactly as loaded (dicts in their key order, lists, strings,
numbers, booleans, null) and changes only where a person edits it: no key appears because a model has a default,
``"1"`` never becomes ``1``, and keys no model knows survive untouched. Loading and saving with no edit gives the
same JSON value in the same key order.

Every edit sets, deletes, inserts or moves at one path and returns the path it touched, so the validator can
re-check just that. The baseline (the plan as opened) is not a copy: it shares every object and list of the plan
that no edit has reached, and an edit first copies, one level each, the objects and lists on its path that the
baseline may hold, so that the baseline never changes and a plan is held about once however large it is.

Edits can be grouped with :meth:`Document.transaction` into one undo step. Files are read and written by
:mod:`tui.jsonfiles`; :meth:`Document.changes` is :func:`tui.diff.diff` against the baseline. Each change is an
op of :mod:`tui.tree_ops`, which applies and reverses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path as FilePath

from tui.diff import Change, diff
from tui.errors import DocumentError, PathError
from tui.jsonfiles import FileState, FileStyle, read_plan, write_plan
from tui.jsontree import copy_json, gc_paused, owned_at
from tui.paths import at, format_path
from tui.tree_ops import MISSING, Op, Step, forward, put, reverse
from tui.types import JSON, Path

__all__ = ["Document"]


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
        self._baseline: dict[str, JSON] | None = None
        """The plan as it was opened (or last sent); None until kept (see :meth:`keep_baseline`)."""
        self._own: set[int] = set()
        """The ids of the objects and lists inside the plan that the baseline does not hold: those made by
        :meth:`_writable` since the baseline was kept. Only these are changed in place; any other is copied first.
        (A baseline's objects outlive every id here, so an id here is never one of theirs.) The plan's own top
        object is never the baseline's (a baseline always gets a top object of its own), so it is never copied:
        whoever holds :attr:`data` sees every edit."""
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._serial = 0
        self._saved_serial = 0
        self._open: Step | None = None
        self.watch: Callable[[str, Path, JSON, int], None] | None = None
        """Told of each change as it is made: ``put`` (path, value, position as :func:`~tui.tree_ops.put` takes
        it), ``remove`` (path), ``move`` (path, to), and ``rebased`` when the baseline is replaced (the draft's
        journal keeps them)."""

    # -- reading

    @property
    def data(self) -> dict[str, JSON]:
        """The plan's JSON tree. Read it freely; change it only through the document's methods.

        An edit may put a copy in the place of any object or list on its path (see :meth:`_writable`): read the
        plan again after an edit instead of keeping a part of it.
        """
        return self._data

    def get(self, path: Path) -> JSON:
        """The value at ``path``; :class:`PathError` when there is none."""
        return at(self._data, path)

    def has(self, path: Path) -> bool:
        """Whether ``path`` leads to a value."""
        try:
            self.get(path)
        except PathError:
            return False
        return True

    @property
    def baseline(self) -> dict[str, JSON]:
        """The plan as it was opened (or last sent): what :meth:`changes` compares against. Read it, never change it."""
        return self.keep_baseline()

    @baseline.setter
    def baseline(self, plan: dict[str, JSON]) -> None:
        # it may hold any part of the plan: each is copied before a change, but the top object, its own
        self._baseline, self._own = dict(plan) if plan is self._data else plan, set()

    def peek_baseline(self) -> dict[str, JSON]:
        """The baseline's value for a comparison made at once: the plan itself while nothing has changed it."""
        return self._data if self._baseline is None else self._baseline

    def keep_baseline(self) -> dict[str, JSON]:
        """Keep the plan as it is as the baseline, if not done yet; returns the baseline.

        Only the plan's top object is copied: the baseline shares the rest, and every edit from now on copies
        what it changes below it (see :meth:`_writable`).
        """
        if self._baseline is None:
            self._baseline, self._own = dict(self._data), set()
        return self._baseline

    @property
    def dirty(self) -> bool:
        """Whether the document differs from what was last loaded or saved."""
        return self.state != self._saved_serial

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
            return self._apply(Op("set", (), self._data, copy_json(value)))
        parent = self.get(path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            old = parent.get(key, MISSING)
            position = len(parent) if old is MISSING else -1
            return self._apply(Op("set", path, old, copy_json(value), position), "typing" if typing else None)
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            return self._apply(Op("set", path, parent[key], copy_json(value)), "typing" if typing else None)
        raise PathError(f"nothing at {format_path(path, root='the plan')} to set")

    def delete(self, path: Path) -> Path:
        """Remove the key or list item at ``path`` (a removed value is deleted, never written as null)."""
        if not path:
            raise DocumentError("the plan itself cannot be deleted")
        parent = self.get(path[:-1])
        old = self.get(path)
        key = path[-1]
        position = list(parent).index(key) if isinstance(parent, dict) and isinstance(key, str) else key
        assert isinstance(position, int)
        return self._apply(Op("delete", path, old, MISSING, position))

    def insert(self, path: Path, value: JSON) -> Path:
        """Insert a copy of ``value`` into a list so that it ends up at ``path``; returns the list's path."""
        if not path:
            raise PathError("insert needs a path that ends in a list index")
        parent = self.get(path[:-1])
        index = path[-1]
        if not (isinstance(parent, list) and isinstance(index, int) and 0 <= index <= len(parent)):
            raise PathError(f"{format_path(path, root='the plan')} is not a place in a list")
        self._apply(Op("insert", path, MISSING, copy_json(value)))
        return path[:-1]

    def move(self, path: Path, to: int) -> Path:
        """Move the list item at ``path`` to index ``to`` of the same list; returns the list's path."""
        if not path:
            raise PathError("move needs a path that ends in a list index")
        parent = self.get(path[:-1])
        index = path[-1]
        if not (isinstance(parent, list) and isinstance(index, int) and 0 <= index < len(parent)):
            raise PathError(f"{format_path(path, root='the plan')} is not an item of a list")
        if not 0 <= to < len(parent):
            raise PathError(f"index {to} is outside the list at {format_path(path[:-1], root='the plan')}")
        self._apply(Op("move", path, position=to))
        return path[:-1]

    @contextmanager
    def transaction(self, label: str = "edit") -> Iterator[None]:
        """Group the edits made inside into one undo step. Nested transactions join the outer one."""
        if self._open is not None:
            yield
            return
        step = self._open = Step(0, label, [])
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
        touched = [reverse(self._data_holder(), op) for op in reversed(step.ops)]
        self._redo.append(step)
        return touched

    def redo(self) -> list[Path]:
        """Redo the last undone edit; returns the paths it touched."""
        if not self._redo:
            return []
        step = self._redo.pop()
        touched = [forward(self._data_holder(), op) for op in step.ops]
        self._undo.append(step)
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
        """Make ``plan`` (by default the current plan) the baseline, as after it was sent and the server holds it.

        The current plan becomes the baseline as it is, shared below its top object (see :meth:`_writable`);
        another is copied.
        """
        if plan is None:
            self._baseline, self._own = dict(self._data), set()
        else:
            with gc_paused():
                self._baseline = copy_json(dict(plan))
        if self.watch is not None:
            self.watch("rebased", (), None, int(plan is None))  # 1: the baseline is the plan as it is

    def changes(self) -> list[Change]:
        """What changed since the baseline, by path."""
        return diff(self.baseline, self._data)

    # -- files

    @classmethod
    def load(cls, path: FilePath) -> Document:
        """Open a plan from a ``.json`` or ``.toml`` file, remembering what the file held (see :attr:`disk`)."""
        data, held = read_plan(path)
        document = cls(data, source=path)
        document.disk = held
        document.style = FileStyle.of(held.raw) if held is not None else FileStyle()
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
        same = not over_disk and self.source is not None and _same_file(target, self.source)
        self.disk = write_plan(target, self._data, self.style, expected=self.disk if same else None)
        self.source = target
        self.mark_saved()
        return target

    # -- internals

    def _data_holder(self) -> _Root:
        self.keep_baseline()  # every change goes through here: the baseline is kept before the first
        return _Root(self)

    def _writable(self, path: Path) -> JSON:
        """The value at ``path``, to be changed in place: it and what holds it made the plan's own first."""
        at(self._data, path)  # a path that leads nowhere is refused before anything is copied
        return owned_at(self._data, path, self._own)

    def _coalesce(self, path: Path, value: JSON) -> bool:
        """Fold a keystroke's set into the last step when that step was a keystroke's set of the same path."""
        if self._open is not None or self._redo or not self._undo:
            return False
        step = self._undo[-1]
        if step.label != "typing" or len(step.ops) != 1 or step.ops[0].path != path or not self.has(path):
            return False
        first = step.ops[0]
        op = Op("set", path, first.old, copy_json(value), first.position)
        put(self._data_holder(), path, op.new, -1)
        step.ops[0] = op
        self._serial += 1
        step.serial = self._serial
        return True

    def _apply(self, op: Op, label: str | None = None) -> Path:
        touched = forward(self._data_holder(), op)
        if self._open is not None:
            self._open.ops.append(op)
        else:
            self._push(Step(0, label or op.kind, [op]))
        return touched

    def _push(self, step: Step) -> None:
        self._serial += 1
        step.serial = self._serial
        self._undo.append(step)
        self._redo.clear()


@dataclass(slots=True)
class _Root:
    """Gives the op functions a way to swap the document's whole tree."""

    document: Document

    def get(self, path: Path) -> JSON:
        """The object or list at ``path``, to be changed in place (see ``Document._writable``)."""
        return self.document._writable(path)

    def tell(self, kind: str, path: Path, value: JSON = None, position: int = -1) -> None:
        if self.document.watch is not None:
            self.document.watch(kind, path, value, position)

    def replace(self, data: JSON) -> None:
        assert isinstance(data, dict)
        self.document._data = data


def _same_file(a: FilePath, b: FilePath) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)

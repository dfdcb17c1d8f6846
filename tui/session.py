"""The edit session: one plan being edited, its issues, its baseline and its draft, and every rule an edit follows.

Plain Python: the App owns the screens, the workers and the timers, and wires them to a session; a screen calls the
session's operations and repaints what each returns (a :class:`Changed`). An edit the session will not make is an
:class:`~tui.errors.EditRefusedError`, for the screen to say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.bulk_edits import BulkEdits
from tui.document import Document
from tui.draft_edits import DraftEdits
from tui.draft_keeper import DraftKeeper
from tui.edits import Changed, DiskChange, Notice, Remove, quiet
from tui.errors import EditRefusedError, PathError
from tui.fields import FieldSpec, parse_unlisted
from tui.jsontree import copy_json, same_json
from tui.merge_edits import MergeEdits, MergeStep, conflict_issue
from tui.readable import readable
from tui.selection import Selection
from tui.types import JSON, Issue, Path, Severity

if TYPE_CHECKING:
    from tui.jsonfiles import ChangedOnDiskError
    from tui.merge import Conflict
    from tui.server_check import SentPlan
    from tui.target import Target
    from tui.validation import Validator

__all__ = ["EditSession"]


class EditSession(BulkEdits, MergeEdits, DraftEdits):
    """One plan being edited: the document, its issues, the baseline, the target, the draft and every edit rule.

    The edits of many components at once come from :class:`~tui.bulk_edits.BulkEdits`, the merges with the server's
    plan from :class:`~tui.merge_edits.MergeEdits`, the draft from :class:`~tui.draft_edits.DraftEdits`.
    """

    def __init__(
        self,
        document: Document,
        *,
        title: str | None = None,
        target: Target | None = None,
        validator: Validator | None = None,
    ) -> None:
        self.document = document
        """The plan being edited: the truth."""
        self.title = title or (document.source.name if document.source else "plan")
        """What the plan is called on the screen and in its draft."""
        self.target = target
        """Where the plan came from on ServiceStage and goes back to; None for a plan opened from a file."""
        self.validator = validator
        """The validator, once the API reference's models have loaded (see :meth:`reference_loaded`)."""
        self.issues: list[Issue] = validator.validate(document.data) if validator is not None else []
        """What the validator found in the document as it is now, and what the server's last refusal named."""
        self.server_issues: list[Issue] = []
        """The fields the server's last refusal named, shown with the plan's issues until each is edited."""
        self._opened: dict[str, JSON] | None = None
        self.tell: Callable[[Notice], None] = quiet
        """Says what happens beside an operation (a draft not written, another editor of the plan); may be called
        from the thread that writes the draft."""
        self.on_edit: Callable[[], None] | None = None
        """Called after every edit, for whoever times the draft (see :attr:`draft_due`)."""
        self.drafts = DraftKeeper(lambda notice: self.tell(notice), document)
        """The plan's draft: claimed for this process and written in order."""
        self._draft_since: float | None = None
        """When the oldest edit the draft does not hold yet was made (``monotonic``)."""
        self.selection = Selection(document)
        """The components selected in the table, following every edit, undo and redo."""
        self.last_sent: SentPlan | None = None
        """The update last sent that may have been applied: when the server holds exactly it, it arrived."""
        self.conflicts: list[Conflict] = []
        """The conflicts the last merge left open, shown as issues until an edit at each (or a take) resolves it."""
        self.merge_steps: dict[int, MergeStep] = {}
        """The merges made, by the document's state after each: what undo and redo put back beside the plan."""

    # -- state

    @property
    def opened(self) -> dict[str, JSON]:
        """The plan as the server last held it to our knowledge: the lost-update check compares with it.

        The document's baseline until set, and shared with it, never changed in place (a copy of a large plan
        costs a quarter of a second).
        """
        return self._opened if self._opened is not None else self.document.baseline

    @opened.setter
    def opened(self, plan: dict[str, JSON]) -> None:
        self._opened = plan

    def sent_arrived(self) -> bool:
        """The server holds exactly :attr:`last_sent` (its answer never came): take it as sent, as after a verified
        send. It becomes what the lost-update check compares with and the review's baseline; edits made after it
        was sent stay edits. False when nothing was sent."""
        sent = self.last_sent
        if sent is None:
            return False
        self.opened = sent.plan
        self.document.rebase(sent.plan)
        self.forget_merges()
        if sent.state >= 0:
            self.document.mark_saved(sent.state)
        return True

    @property
    def ready(self) -> bool:
        """Whether the API reference has loaded and the plan has been checked: until then no edit is made."""
        return self.validator is not None

    def reference_loaded(self, validator: Validator, checked: tuple[int, list[Issue]] | None = None) -> list[Issue]:
        """Take the validator; ``checked`` is what it found in the document's state ``checked[0]`` (in a thread).

        The plan is checked again when it changed since (a draft restored meanwhile). Returns the issues.
        """
        self.validator = validator
        state, issues = checked if checked is not None else (-1, [])
        self.issues = issues if state == self.document.state else validator.validate(self.document.data)
        self.issues += [conflict_issue(conflict) for conflict in self.conflicts]  # a draft merged meanwhile
        return self.issues

    @property
    def unsent(self) -> bool:
        """Whether a plan from the server has edits the server does not have (saved to a file or not)."""
        on_server = self.target is not None and bool(self.target.plan_id)
        return on_server and not same_json(self.document.data, self.document.baseline)

    def selected_components(self) -> list[int]:
        """The indices of the selected components as the plan is now, in plan order (what the bulk edits act on)."""
        return self.selection.indices()

    # -- edits

    def typed(self, path: Path, text: str) -> Changed | None:
        """Text typed into the field at ``path``, parsed by its spec: kept as typed when it does not parse.

        Empty text removes an optional field; None when the field already holds that value.
        """
        spec = _spec_at(path)
        if text == "" and (spec is None or not spec.required):
            return self.unset(path, typing=True)
        value: JSON = spec.parse(text) if spec is not None else parse_unlisted(text)
        if self._holds(path, value):
            return None
        return self._changed([self.document.set(path, value, typing=True)], typing=path)

    def choose(self, path: Path, value: JSON, *, typing: bool = False) -> Changed | None:
        """A value chosen for ``path`` (``typing`` when typed in a text area); None when it is there already."""
        if self._holds(path, value):
            return None
        return self._changed([self.document.set(path, value, typing=typing)], typing=path if typing else None)

    def unset(self, path: Path, *, typing: bool = False) -> Changed | None:
        """Remove the value at ``path`` (the key goes, no null is written); None when there is none."""
        if not self.document.has(path):
            return None
        return self._changed([self.document.delete(path)], typing=path if typing else None)

    def add_field(self, path: Path) -> Changed | None:
        """Set the missing field at ``path`` from its spec's template; None where the models know no such field."""
        from tui.templates import template

        spec = _spec_at(path)
        if spec is None:
            return None
        return self._changed([self.document.set(path, template(spec, self.document.data))], cursor=path)

    def add_item(self, path: Path) -> Changed:
        """Add a new item to the list at ``path`` (or after the list item at ``path``); the cursor goes to it."""
        from tui.templates import template

        value = self.document.get(path)
        if isinstance(value, list):
            list_path, index = path, len(value)
        elif path and isinstance(path[-1], int):
            list_path, index = path[:-1], path[-1] + 1
        else:
            raise EditRefusedError("Put the cursor on a list or a list item to add to it.")
        spec = _spec_at((*list_path, 0))
        item = template(spec, self.document.data) if spec is not None else {}
        return self._changed([self.document.insert((*list_path, index), item)], cursor=(*list_path, index))

    def delete(self, path: Path) -> Changed:
        """Delete the node at ``path``; the cursor goes to the item now in its place, else the one before, else up."""
        if not path:
            raise EditRefusedError("The plan itself cannot be deleted.")
        touched = self.document.delete(path)
        parent, cursor = path[:-1], path[:-1]
        siblings = self.document.get(parent)
        if isinstance(path[-1], int) and isinstance(siblings, list) and siblings:
            cursor = (*parent, min(path[-1], len(siblings) - 1))
        return self._changed([touched], cursor=cursor)

    def duplicate(self, path: Path) -> Changed:
        """Insert a copy of the list item at ``path`` just after it; a component's copy is named ``-copy``.

        A copied component's ``component_id`` is emptied: the copy is a new component, not the same one twice.
        """
        if not path or not isinstance(path[-1], int):
            raise EditRefusedError("Put the cursor on a list item to duplicate it.")
        copy = copy_json(self.document.get(path))
        if path[:1] == ("components",) and len(path) == 2 and isinstance(copy, dict):
            copy["component_id"] = ""
            if isinstance(copy.get("name"), str):
                copy["name"] = f"{copy['name']}-copy"
        new = (*path[:-1], path[-1] + 1)
        return self._changed([self.document.insert(new, copy)], cursor=new)

    def move(self, path: Path, step: int) -> Changed:
        """Move the list item at ``path`` by ``step`` places; past either end it stays (nothing changes)."""
        if not path or not isinstance(path[-1], int):
            raise EditRefusedError("Put the cursor on a list item to move it.")
        siblings = self.document.get(path[:-1])
        to = path[-1] + step
        if not isinstance(siblings, list) or not 0 <= to < len(siblings):
            return Changed((), self.issues, cursor=path)
        return self._changed([self.document.move(path, to)], cursor=(*path[:-1], to))

    def replace(self, path: Path, value: JSON) -> Changed:
        """Replace the node at ``path`` with ``value`` (the JSON editor's); a plan that is not an object is refused.

        Raises:
            DocumentError: the value cannot go there.
        """
        return self._changed([self.document.set(path, value)], cursor=path)

    def edit_many(self, edits: Iterable[tuple[Path, JSON | Remove]], *, label: str = "edit") -> Changed | None:
        """Set (or, with :data:`REMOVE`, remove) many paths as one undo step; None when nothing changed.

        Nothing is changed unless every path can be: a path that leads nowhere is refused before any edit.
        """
        todo = [(path, value) for path, value in edits if not self._holds(path, value)]
        for path, value in todo:
            if not self._settable(path, removing=isinstance(value, Remove)):
                raise EditRefusedError(f"Nothing at {readable(path, self.document.data).text} to change.")
        touched = []
        with self.document.transaction(label):
            for path, value in todo:
                if isinstance(value, Remove):
                    if self.document.has(path):
                        touched.append(self.document.delete(path))
                else:
                    touched.append(self.document.set(path, value))
        return self._changed(touched) if touched else None

    def undo(self) -> Changed | None:
        """Undo the last edit; None when there was none."""
        before = self.document.state
        touched = self.document.undo()
        return self.merge_moved(before, self._changed(touched)) if touched else None

    def redo(self) -> Changed | None:
        """Redo the last undone edit; None when there was none."""
        before = self.document.state
        touched = self.document.redo()
        return self.merge_moved(before, self._changed(touched)) if touched else None

    def _holds(self, path: Path, value: JSON | Remove) -> bool:
        """Whether the plan already has ``value`` at ``path`` (no value, for :data:`REMOVE`), as JSON sees it."""
        if isinstance(value, Remove):
            return not self.document.has(path)
        if not self.document.has(path):
            return False
        current = self.document.get(path)
        return current == value and same_json(current, value)  # ``==`` first: it says no to most values in C

    def _settable(self, path: Path, *, removing: bool) -> bool:
        """Whether a set (or a removal) of ``path`` can be made: the value is there, or its object is."""
        if self.document.has(path) or removing:
            return bool(path)
        try:
            parent = self.document.get(path[:-1])
        except PathError:
            return False
        return isinstance(parent, dict) and isinstance(path[-1], str)

    def _changed(
        self, paths: list[Path], *, typing: Path | None = None, cursor: Path | None = None, notice: Notice | None = None
    ) -> Changed:
        """Re-check what ``paths`` can affect, drop what the server said about them, and say what changed."""
        if self.validator is not None:
            self.server_issues = [
                issue for issue in self.server_issues if not any(issue.path[: len(path)] == path for path in paths)
            ]
            conflicts = self.conflict_issues(paths) if self.conflicts else []
            self.issues = self.validator.revalidate(self.document.data, paths) + self.server_issues + conflicts
        # else the plan is checked once the reference has loaded (see ``reference_loaded``)
        self._edited()
        return Changed(tuple(paths), self.issues, cursor=cursor, typing=typing, notice=notice)

    # -- what the server said

    def server_refused(self, named: list[Issue]) -> list[Issue] | None:
        """Mark the fields a refusal names, where they still are and are not already errors; the issues now.

        None when none is left to mark (or the plan has not been checked yet).
        """
        flagged = {issue.path for issue in self.issues if issue.severity is Severity.ERROR}
        named = [issue for issue in named if self.document.has(issue.path) and issue.path not in flagged]
        if not named or self.validator is None:
            return None
        return self._server_said(named)

    def forget_server_issues(self) -> list[Issue] | None:
        """Drop what the server's last refusal said (a new send is on its way); the issues now, None if nothing."""
        return self._server_said([]) if self.server_issues else None

    def _server_said(self, named: list[Issue]) -> list[Issue]:
        self.server_issues = named
        self.issues = [issue for issue in self.issues if issue.code != "server"] + named
        return self.issues

    # -- files

    def file_name(self, *, other: bool = False) -> str:
        """A name to save the plan as: from its name, or (``other``) beside its file, ``-mine`` added."""
        import re

        source = self.document.source
        if other:
            return str(source.with_name(f"{source.stem}-mine{source.suffix}")) if source is not None else "plan.json"
        name = self.document.data.get("name")
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") if isinstance(name, str) else ""
        return f"{stem or 'plan'}.json"

    def disk_change(self, error: ChangedOnDiskError) -> DiskChange:
        """What the plan's file held when read and holds now (see ``error``), and what changed there."""
        assert self.document.disk is not None, "only a file that was read can change on disk"
        return DiskChange.read(error, self.document.disk)

    def reload_on_top(self, change: DiskChange) -> Changed:
        """Take what the file holds now and put this editor's edits on top (one undo step); conflicts are said."""
        from tui.jsonfiles import FileStyle
        from tui.merge import merge3

        assert change.base is not None and change.theirs is not None, "an unreadable file is not reloaded"
        name = change.error.path.name
        merged = merge3(change.base, change.theirs, self.document.data)
        if self.target is None:  # a file's review compares with the file; a server plan's with the server
            self.document.rebase(change.theirs)
        self.document.disk = change.error.now
        self.document.style = FileStyle.of(change.error.now.raw)
        self.document.set((), merged.plan)
        self.document.mark_saved(-1)  # not what the file holds: ctrl+s is still to do
        if not (conflicts := merged.conflicts):
            return self._changed([()], notice=Notice(f"Reloaded {name} with your edits on top; ctrl+s saves it."))
        more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        paths = ", ".join(conflict.where.text for conflict in merged.details[:5]) + more
        said = f"Reloaded {name}; {len(conflicts)} value(s) changed on disk and here too, yours kept: {paths}."
        return self._changed([()], notice=Notice(f"{said} ctrl+s saves, ctrl+z takes the reload back.", "warning", 20))


def _spec_at(path: Path) -> FieldSpec | None:
    """The field spec at ``path``; the models load on first use, after the first frame."""
    from tui.schema import spec_at

    return spec_at(path)

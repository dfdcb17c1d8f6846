"""The edit session's merges with the server's plan: a rebase of the edits on it (one undo step), the conflicts it
leaves listed as issues at their paths until resolved, and their resolution by taking mine or theirs.

:class:`MergeEdits` is a part of :class:`~tui.session.EditSession`. A merge puts the merged plan in the document as
one undo step and makes the server's plan the baseline (what the review and the lost-update check compare with);
undoing that step puts the baseline back as it was, and redoing it makes the server's plan the baseline again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, Protocol

from tui.edits import Changed, Notice
from tui.readable import readable
from tui.text import plural
from tui.types import JSON, Issue, Path, Severity

if TYPE_CHECKING:  # the merge loads with the first merge, not with the editor
    from tui.document import Document
    from tui.drafts import Draft
    from tui.edits import Remove
    from tui.merge import Conflict, Merged, Take

__all__ = ["CONFLICT", "MergeEdits", "MergeStep", "conflict_issue"]

CONFLICT: Final = "conflict"
"""The code of an issue that marks a conflict left by a merge."""

_NAMED: Final = 3
"""How many conflicts a notice names."""


@dataclass(frozen=True, slots=True)
class MergeStep:
    """What a merge changed beside the document, for undo and redo to put back."""

    baseline: dict[str, JSON]
    """The baseline before the merge."""
    opened: dict[str, JSON]
    """The plan the lost-update check compared with before the merge."""
    conflicts: tuple[Conflict, ...]
    """The conflicts open before the merge."""
    theirs: dict[str, JSON]
    """The baseline the merge made: the server's plan."""
    after: tuple[Conflict, ...]
    """The conflicts the merge left."""


class _Session(Protocol):
    """What the merges need of the session they are part of."""

    document: Document
    issues: list[Issue]
    conflicts: list[Conflict]
    merge_steps: dict[int, MergeStep]

    @property
    def opened(self) -> dict[str, JSON]: ...

    @opened.setter
    def opened(self, plan: dict[str, JSON]) -> None: ...

    def _changed(
        self, paths: list[Path], *, typing: Path | None = None, cursor: Path | None = None, notice: Notice | None = None
    ) -> Changed: ...

    def edit_many(self, edits: Iterable[tuple[Path, JSON | Remove]], *, label: str = "edit") -> Changed | None: ...


def conflict_issue(conflict: Conflict) -> Issue:
    """A conflict as an issue at its path, with its three values."""
    from tui.merge_review import side_text

    path = conflict.path
    opened, server, yours = (side_text(value, path, 24) for value in (conflict.base, conflict.theirs, conflict.mine))
    message = f"changed on the server too: opened {opened}, server {server}, yours {yours}; M keeps yours, T theirs"
    return Issue(path, Severity.WARNING, message, CONFLICT)


def _touches(a: Path, b: Path) -> bool:
    """Whether one of the paths holds the other (or they are the same)."""
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


class MergeEdits:
    """Rebase the edits on the server's plan, restore a draft on top of it, and resolve the conflicts left."""

    def rebase_on(self: _Session, theirs: dict[str, JSON]) -> Changed:
        """Merge ``theirs`` (the server's plan now) under the edits, as one undo step; it becomes the baseline."""
        from tui.merge import merge3

        merged = merge3(self.opened, theirs, self.document.data)
        said = merged.taken_summary()
        return MergeEdits.merge_in(self, merged, theirs, f"Rebased on the plan on the server: {said}")

    def merge_in(self: _Session, merged: Merged, theirs: dict[str, JSON], said: str) -> Changed:
        """Put ``merged`` in the document as one undo step, with ``theirs`` as the baseline; its conflicts become
        issues. ``said`` begins the notice."""
        step = MergeStep(self.document.baseline, self.opened, tuple(self.conflicts), theirs, tuple(merged.details))
        with self.document.transaction("merge"):
            self.document.set((), merged.plan)
        self.merge_steps[self.document.state] = step
        self.document.rebase(theirs)
        self.opened = self.document.baseline  # the server's plan as fetched
        self.conflicts = []
        changed = self._changed([()])
        self.conflicts = list(merged.details)
        self.issues = [issue for issue in self.issues if issue.code != CONFLICT] + [
            conflict_issue(conflict) for conflict in self.conflicts
        ]
        if not self.conflicts:
            notice = Notice(f"{said}. ctrl+z takes it back.")
        else:
            named = ", ".join(readable(c.path, self.document.data).text for c in self.conflicts[:_NAMED])
            more = f" and {len(self.conflicts) - _NAMED} more" if len(self.conflicts) > _NAMED else ""
            count = plural(len(self.conflicts), "conflict")
            notice = Notice(
                f"{said}; {count}, yours kept: {named}{more}. n goes to each; M keeps yours, T takes theirs; "
                "ctrl+z takes it back.",
                "warning",
                20,
            )
        return replace(changed, issues=self.issues, notice=notice)

    def restore_merged(self: _Session, draft: Draft) -> Changed:
        """Put a draft's edits on top of the plan on the server as it is now (the document as fetched), which
        changed since the draft was made: their changes are kept, and where both changed, the draft's value is
        kept as a conflict."""
        from tui.merge import merge3

        now = dict(self.document.data)  # its top object is the document's own, which the merge step replaces
        merged = merge3(draft.baseline, now, draft.plan)
        said = f"The draft is restored on top of the plan on the server as it is now: {merged.taken_summary()}"
        return MergeEdits.merge_in(self, merged, now, said)

    def conflict_issues(self: _Session, paths: Iterable[Path]) -> list[Issue]:
        """The conflicts left open by an edit of ``paths`` (an edit at a conflict, or around it, resolves it)."""
        edited = list(paths)
        self.conflicts = [c for c in self.conflicts if not any(_touches(c.path, path) for path in edited)]
        return [conflict_issue(conflict) for conflict in self.conflicts]

    def conflict_at(self: _Session, path: Path) -> Conflict | None:
        """The open conflict at ``path``, or holding it, or else the first one inside it."""
        holding = [c for c in self.conflicts if path[: len(c.path)] == c.path]
        inside = [c for c in self.conflicts if c.path[: len(path)] == path]
        return holding[-1] if holding else inside[0] if inside else None

    def take(self: _Session, path: Path, side: Take) -> Changed | None:
        """Resolve the conflict at ``path`` (see :meth:`conflict_at`) by keeping mine or taking theirs (one undo
        step); None when there is no conflict there."""
        from tui.merge import Absent, Take

        conflict = MergeEdits.conflict_at(self, path)
        if conflict is None:
            return None
        where = readable(conflict.path, self.document.data).text
        if side is Take.MINE:
            return self._changed([conflict.path], notice=Notice(f"Kept yours at {where}."))
        value, at = conflict.theirs, conflict.path
        with self.document.transaction("take theirs"):
            if isinstance(value, Absent):
                if self.document.has(at):
                    self.document.delete(at)
            elif isinstance(conflict.mine, Absent) and isinstance(at[-1], int):
                self.document.insert(at, value)  # a component mine deleted and they changed: theirs comes back
            else:
                self.document.set(at, value)
        return self._changed([at], cursor=at, notice=Notice(f"Took theirs at {where}."))

    def merge_moved(self: _Session, before: int, changed: Changed) -> Changed:
        """After an undo or redo from the document's state ``before``: a merge step undone puts the baseline and the
        conflicts back as they were before it; redone, as it made them."""
        step = self.merge_steps.get(before)
        undone = step is not None
        if step is None:
            step = self.merge_steps.get(self.document.state)
            if step is None:
                return changed
        self.document.rebase(step.baseline if undone else step.theirs)
        self.opened = step.opened if undone else self.document.baseline
        self.conflicts = list(step.conflicts if undone else step.after)
        self.issues = [issue for issue in self.issues if issue.code != CONFLICT] + [
            conflict_issue(conflict) for conflict in self.conflicts
        ]
        return replace(changed, issues=self.issues)

    def forget_merges(self: _Session) -> None:
        """The baseline moved on (a send arrived): undo no longer puts back a baseline from before."""
        self.merge_steps.clear()

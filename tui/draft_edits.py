"""The edit session's draft: when it is due, writing it, and offering and restoring a draft left before.

:class:`DraftEdits` is a part of :class:`~tui.session.EditSession`. Every edit starts the draft's clock; the App's
timer writes the draft :data:`DRAFT_AFTER` seconds later (edits in between go in the same write), in a thread of
:class:`~tui.draft_keeper.DraftKeeper`. A restored draft is an edit that undo takes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from time import monotonic
from typing import TYPE_CHECKING, Protocol

from tui.draft_keeper import DraftKeeper, where_drafts_go
from tui.edits import Changed, DraftOffer, Notice
from tui.jsontree import same_json
from tui.types import JSON, Path

if TYPE_CHECKING:
    from tui.document import Document
    from tui.drafts import Draft
    from tui.target import Target

__all__ = ["DRAFT_AFTER", "DraftEdits"]

DRAFT_AFTER = 0.5
"""Seconds after an edit by which the draft is written (edits in between go in the same write)."""


class _Session(Protocol):
    """What the draft needs of the session it is part of."""

    document: Document
    title: str
    target: Target | None
    drafts: DraftKeeper
    on_edit: Callable[[], None] | None
    _draft_since: float | None

    @property
    def opened(self) -> dict[str, JSON]: ...

    @opened.setter
    def opened(self, plan: dict[str, JSON]) -> None: ...

    @property
    def unsent(self) -> bool: ...

    def _changed(
        self, paths: list[Path], *, typing: Path | None = None, cursor: Path | None = None, notice: Notice | None = None
    ) -> Changed: ...

    def restore_merged(self, draft: Draft) -> Changed: ...

    def save_draft(self, *, now: bool = False) -> bool: ...


class DraftEdits:
    """Time, write, offer and restore the plan's draft."""

    _draft_since: float | None  # set by the session: when the oldest edit the draft does not hold was made

    def _edited(self: _Session) -> None:
        """An edit was made: the draft's clock starts, unless it runs already, and whoever times the draft hears."""
        if self._draft_since is None:
            self._draft_since = monotonic()
        if self.on_edit is not None:
            self.on_edit()

    @property
    def draft_due(self: _Session) -> bool:
        """Whether the oldest edit the draft does not hold was made :data:`DRAFT_AFTER` seconds ago or more.

        Keys queued ahead of the draft's timer hold it back: then the draft is written at once.
        """
        return self._draft_since is not None and monotonic() - self._draft_since >= DRAFT_AFTER

    def save_draft(self: _Session, *, now: bool = False) -> bool:
        """Keep the plan as a draft when it has edits neither saved nor sent, else remove its draft.

        The file is written in a thread (only the edits since the last write, see :mod:`tui.draft_journal`);
        ``now`` writes it before returning (on quitting and on signals). False when there is nowhere to keep it
        or it could not be written.
        """
        self._draft_since = None
        edited = self.document.dirty or self.unsent
        return self.drafts.save(lambda: _where_drafts_go(self), edited=edited, title=self.title, now=now)

    def offer_draft(self: _Session) -> DraftOffer | None:
        """Take the plan's draft; a draft left by an editor that ended which differs from the plan is offered."""
        return self.drafts.offer(_where_drafts_go(self), self.document.data, self.document.peek_baseline())

    def restore_draft(self: _Session, draft: Draft) -> Changed:
        """Put a draft's plan in the document, as an edit that undo takes back.

        A plan from a server that changed since the draft was made: the draft's edits go on top of the plan as
        fetched (a three-way merge, see :meth:`~tui.merge_edits.MergeEdits.restore_merged`), their changes kept
        and the conflicts listed as issues. A file that changed since the draft was made: the draft's edits go on
        top of what the file holds now, so nothing saved since is undone.
        """
        from tui.drafts import remove_draft

        self.drafts.offered = False
        plan: JSON = draft.plan
        conflicts: list[str] = []
        moved = not same_json(draft.baseline, self.document.baseline)
        if self.target is not None and moved:
            merged: Changed | None = self.restore_merged(draft)
        elif self.target is None and moved:
            from tui.merge import merge3

            merged = None
            together = merge3(draft.baseline, self.document.data, draft.plan)
            plan, conflicts = together.plan, [conflict.where.text for conflict in together.details]
        else:
            merged = None
            self.document.rebase(draft.baseline)
            self.opened = self.document.baseline
        if merged is None:
            self.document.set((), plan)
        changed = merged or self._changed([()])
        left_by_another = self.drafts.place is not None and draft.key != self.drafts.place[0]
        if left_by_another and self.save_draft(now=True):  # this editor's own draft holds it now: the old can go
            remove_draft(draft.key)
        if merged is not None:
            return merged
        notice = Notice("The draft is restored; ctrl+z takes it back.")
        if conflicts:
            paths = ", ".join(conflicts[:5])  # by name, even a component the merge left out
            notice = Notice(
                f"The draft is restored on top of the file as it is now; the draft's value is kept where both "
                f"changed: {paths}. ctrl+z takes it back.",
                "warning",
                20,
            )
        return replace(changed, notice=notice)


def _where_drafts_go(session: _Session) -> tuple[str, str] | None:
    """Where the session's draft is kept: its key and what it is the draft of (see :func:`where_drafts_go`)."""
    return where_drafts_go(session.target, session.document.source)

"""One plan's draft while it is edited: where it goes, this process's claim on it, its writes in order, and the
drafts that editors which ended left behind. The session decides what goes into the draft and when.

See :mod:`tui.drafts` for the files themselves.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tui.edits import DraftOffer, Notice
from tui.errors import RelplanError
from tui.jsontree import same_json
from tui.types import JSON

if TYPE_CHECKING:
    from pathlib import Path

    from tui.document import Document
    from tui.drafts import Claim, Draft
    from tui.target import Target

__all__ = ["DraftKeeper", "where_drafts_go"]


def where_drafts_go(target: Target | None, source: Path | None) -> tuple[str, str] | None:
    """A plan's draft key and where the plan lives, for people: on a server, or in a file; None when nowhere yet."""
    from tui.drafts import draft_key

    if target is not None and target.plan_id:
        server = target.place or target.endpoint
        where = f"{server} · project {target.project_id} · plan {target.plan_id}"
        return draft_key(endpoint=server, project_id=target.project_id, plan_id=target.plan_id), where
    if source is not None:
        return draft_key(path=source), str(source)
    return None


class DraftKeeper:
    """The draft of one plan: claimed for this process, written in order, each write as small as the edits since
    the last (see :mod:`tui.draft_journal`)."""

    def __init__(self, tell: Callable[[Notice], None], document: Document) -> None:
        from tui.draft_journal import Journal

        self.tell = tell
        """Says what the person should know: another editor of the plan, a draft not written or not readable.
        Called from the thread that wrote a draft, too."""
        self.place: tuple[str, str] | None = None
        """The claimed draft's key and where the plan lives, for people (see :meth:`claim`)."""
        self.offered = False
        """Whether a draft left behind is being offered: until the person chooses, the draft is left as it is."""
        self.journal = Journal(document)
        """Every change made to the plan since its origin: what a checkpoint holds, and what a write appends."""
        self.writes: Counter[str] = Counter()
        """How many writes of each kind were made: ``checkpoint``, ``append`` and ``remove``."""
        self._claim: Claim | None = None
        self._lock = threading.Lock()
        """Held while a write is made: the writes are made one at a time, in the order they were asked for."""
        self._jobs: deque[Callable[[], str]] = deque()
        self._jobs_lock = threading.Lock()
        self._draining = False
        self._checkpoint: tuple[str, object, object] | None = None
        """The id of the checkpoint the draft holds, with the origin and the baseline it was made of."""
        self._held = 0
        """How many of the journal's changes the draft holds (or will, once the writes asked for are made)."""
        self._failed = False

    def claim(self, place: tuple[str, str] | None) -> bool:
        """Make the plan's draft (``place``: its key, and where the plan lives) this process's own.

        When another relplan holds it, this one gets a draft of its own beside it (see :func:`tui.drafts.claim`),
        and says who has the plan open. False when there is nowhere to keep a draft.
        """
        from tui.drafts import claim

        if place is None:
            return False
        self.let_go()
        try:
            self._claim = claimed = claim(place[0])
        except (RelplanError, OSError) as exc:
            self.tell(Notice(f"Drafts cannot be kept: {exc}", "error"))
            return False
        self.place = (claimed.key, place[1])
        self._checkpoint = None
        if claimed.other is not None:
            said = claimed.other.describe()
            text = f"This plan is {said}. Your edits go to a draft of their own, and ctrl+s checks the file first."
            self.tell(Notice(text, "warning", 30, subtitle=said))
        return True

    def let_go(self) -> None:
        """Let go of the draft's lock (the draft itself stays)."""
        if self._claim is not None:
            self._claim.release()
            self._claim = None
        self.place = None

    def save(self, place: Callable[[], tuple[str, str] | None], *, edited: bool, title: str, now: bool = False) -> bool:
        """Keep the plan's edits in its draft (claimed first at ``place()`` when it is not yet, see :meth:`claim`),
        or remove the draft when the plan has none (not ``edited``). While a draft is offered, it is left as it is.

        The draft is written in a thread, in order; ``now`` writes it (and every write asked for before) before
        returning. False when no draft can be claimed, or (with ``now``) it could not be written.
        """
        if self.offered:
            return True
        if self.place is None and not self.claim(place()):
            return False
        assert self.place is not None
        key, where = self.place
        if self._failed:  # what a failed write held is written again, from the checkpoint on
            self._failed, self._checkpoint = False, None
        journal = self.journal
        job: Callable[[], str] | None = None
        if not edited:
            self._checkpoint = None
            job = partial(self._remove, key)
        else:
            from tui.draft_journal import COMPACT_AFTER

            if journal.size > COMPACT_AFTER:
                journal.compact()
            baseline, origin, changes = journal.document.baseline, journal.origin, journal.changes
            if self._checkpoint is None or self._checkpoint[1] is not origin or self._checkpoint[2] is not baseline:
                self._checkpoint, self._held = (uuid.uuid4().hex, origin, baseline), len(changes)
                header: dict[str, JSON] = {"relplan_draft": 2, "where": where, "title": title}
                header |= {"saved_at": time.time(), "id": self._checkpoint[0]}
                job = partial(self._write_checkpoint, key, header, baseline, origin, changes[:])
            elif len(changes) > self._held:
                job = partial(self._append, key, self._checkpoint[0], changes[self._held :])
                self._held = len(changes)
        return self._queue(job, now=now)

    def _queue(self, job: Callable[[], str] | None, *, now: bool) -> bool:
        # A thread of its own, not a worker: a worker's thread starts only when the event loop gets a turn, which a
        # burst of keys can hold back for seconds. Not a daemon: a write under way finishes before the process ends.
        with self._jobs_lock:
            if job is not None:
                self._jobs.append(job)
            start = not now and not self._draining and bool(self._jobs)
            self._draining = self._draining or start
        if now:
            return self._drain(background=False)
        if start:
            threading.Thread(target=self._drain, name="relplan-draft", daemon=False).start()
        return True

    def _drain(self, *, background: bool = True) -> bool:
        """Make the writes asked for, one at a time in order; False when one could not be made."""
        written = True
        while True:
            failure = None
            with self._lock:
                with self._jobs_lock:
                    if not self._jobs:
                        if background:
                            self._draining = False
                        return written
                    job = self._jobs.popleft()
                try:
                    self.writes[job()] += 1
                except (RelplanError, OSError) as exc:
                    self._failed, written = True, False
                    failure = f"The draft could not be written: {exc}"
            if failure is not None:  # said without the lock: the main thread may be waiting for it
                self.tell(Notice(failure, "error"))

    def _write_checkpoint(
        self, key: str, header: dict[str, JSON], baseline: dict[str, JSON], origin: object, changes: list[bytes]
    ) -> str:
        """Write a checkpoint. The baseline is encoded for each (once per open, unless the plan was replaced or its
        changes grew long), a component at a time as it is written: its bytes are never held whole, nor kept."""
        from tui.draft_journal import checkpoint_parts, encode, encoded_parts
        from tui.drafts import drafts_dir, write_draft

        plan = None if origin is baseline else origin if isinstance(origin, bytes) else encode(origin)
        write_draft(key, checkpoint_parts(header, encoded_parts(baseline), plan, changes))
        with contextlib.suppress(FileNotFoundError):  # its lines belong to the checkpoint before
            (drafts_dir() / f"{key}.journal").unlink()
        return "checkpoint"

    def _append(self, key: str, of: str, changes: list[bytes]) -> str:
        from tui.draft_journal import append_line, journal_line
        from tui.drafts import drafts_dir

        append_line(drafts_dir() / f"{key}.journal", journal_line(of, time.time(), changes))
        return "append"

    def _remove(self, key: str) -> str:
        from tui.drafts import remove_draft

        remove_draft(key)
        return "remove"

    def offer(
        self, place: tuple[str, str] | None, plan: dict[str, JSON], baseline: dict[str, JSON]
    ) -> DraftOffer | None:
        """Claim the plan's draft (see :meth:`claim`); the draft to offer, when an editor that ended left one."""
        if place is None or not self.claim(place):
            return None
        draft = self._left_behind(place[0], plan)
        if draft is None:
            return None
        self.offered = True
        return DraftOffer(draft, plan, not same_json(draft.baseline, baseline))

    def keep(self) -> None:
        """The offered draft is neither restored nor discarded: it stays, to be offered again."""
        self.offered = False

    def discard(self, draft: Draft) -> None:
        """The offered draft is not wanted: remove it."""
        from tui.drafts import remove_draft

        self.offered = False
        remove_draft(draft.key)

    def _left_behind(self, key: str, plan: dict[str, JSON]) -> Draft | None:
        """The newest draft of the plan (``key``) left by an editor that ended which differs from ``plan``.

        Those that hold nothing ``plan`` does not are removed; those that cannot be read are said, by the name
        they are kept under; the others stay, to be offered when the plan is opened again. Call after :meth:`claim`.
        """
        from tui.drafts import broken_drafts, orphans, remove_draft
        from tui.text import printable

        own = self._claim.key if self._claim is not None else ""
        found = []
        for draft in orphans(key, own=own):  # one that cannot be read is set aside, to be said next
            if same_json(draft.plan, plan):
                remove_draft(draft.key)
            else:
                found.append(draft)
        for broken in broken_drafts(key=key):
            folder = printable(str(broken.file.parent))
            self.tell(Notice(f"A draft exists but cannot be read; kept as {broken.file.name} in {folder}", "error", 30))
        if len(found) > 1:
            others = len(found) - 1
            kept = f"{others} more draft{'s' * (others != 1)} of this plan {'are' if others != 1 else 'is'} kept"
            self.tell(Notice(f"{kept}: offered when the plan is opened again; relplan drafts lists them.", timeout=20))
        return found[0] if found else None

"""One plan's draft while it is edited: where it goes, this process's claim on it, its writes in order, and the
drafts that editors which ended left behind. The session decides what goes into the draft and when.

See :mod:`tui.drafts` for the files themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.edits import DraftOffer, Notice
from tui.errors import RelplanError
from tui.jsontree import same_json
from tui.types import JSON

if TYPE_CHECKING:
    from pathlib import Path

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
    """The draft of one plan: claimed for this process, written in order, a later write never undone by an earlier."""

    def __init__(self, tell: Callable[[Notice], None]) -> None:
        self.tell = tell
        """Says what the person should know: another editor of the plan, a draft not written or not readable.
        Called from the thread that wrote a draft, too."""
        self.place: tuple[str, str] | None = None
        """The claimed draft's key and where the plan lives, for people (see :meth:`claim`)."""
        self.offered = False
        """Whether a draft left behind is being offered: until the person chooses, the draft is left as it is."""
        self._claim: Claim | None = None
        self._lock = threading.Lock()
        self._serial = 0
        self._written = 0

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

    def save(
        self,
        place: Callable[[], tuple[str, str] | None],
        data: Callable[[str], bytes | None],
        *,
        now: bool = False,
    ) -> bool:
        """Write ``data(where)`` as the plan's draft, claimed first at ``place()`` when it is not yet (see
        :meth:`claim` and :meth:`write`). While a draft is offered, it is left as it is.
        """
        if self.offered:
            return True
        if self.place is None and not self.claim(place()):
            return False
        assert self.place is not None
        return self.write(data(self.place[1]), now=now)

    def write(self, data: bytes | None, *, now: bool = False) -> bool:
        """Write ``data`` as the draft (None removes it), in a thread, or before returning with ``now``.

        False when no draft is claimed, or (with ``now``) it could not be written.
        """
        if self.place is None:
            return False
        self._serial += 1
        if now:
            return self._write(self.place[0], data, self._serial)
        # A thread of its own, not a worker: a worker's thread starts only when the event loop gets a turn, which a
        # burst of keys can hold back for seconds. Not a daemon: a write under way finishes before the process ends.
        threading.Thread(
            target=self._write, args=(self.place[0], data, self._serial), name="relplan-draft", daemon=False
        ).start()
        return True

    def _write(self, key: str, data: bytes | None, serial: int) -> bool:
        """Write (or, with no data, remove) a draft, unless a later one has been written already."""
        from tui.drafts import remove_draft, write_draft

        failure = None
        with self._lock:
            if serial > self._written:
                try:
                    if data is None:
                        remove_draft(key)
                    else:
                        write_draft(key, data)
                    self._written = serial
                except (RelplanError, OSError) as exc:
                    failure = f"The draft could not be written: {exc}"
        if failure is None:
            return True
        self.tell(Notice(failure, "error"))
        return False

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

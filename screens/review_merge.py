"""The review's merge: when the plan changed on the server, what merges cleanly, each conflict with its three values
and the keys that resolve it, "Merge and send", and "Overwrite their changes" saying how many it reverts."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from tui.merge import Conflict, SetValue, Take
from tui.merge_review import ServerMerge, choice_words
from tui.text import plural
from widgets.change_list import ChangeList
from widgets.conflict_list import ConflictList

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from tui.diff import Change

__all__ = ["MergeReview", "Review"]

MERGE_KEYS = "m keeps yours · t takes theirs · e sets a value · tab to the buttons"
"""The line under the conflicts that says how to resolve them."""


class Review(StrEnum):
    """What the person chose on the review screen."""

    SEND = "send"
    """Send: the plan on the server is as it was opened, and the plan has no errors or the person said anyway."""
    OVERWRITE = "overwrite"
    """Send over changes someone else made on the server since the plan was opened."""
    MERGE = "merge"
    """Merge the server's changes under the edits (each conflict resolved), then send (:attr:`MergeReview.merge`)."""


class MergeReview(ModalScreen[Review | None]):
    """The part of the review that shows the merge with the server's plan and resolves its conflicts by keys."""

    MERGE_BINDINGS = [
        Binding("m", "take('mine')", "Keep yours", id="review.take_mine"),
        Binding("t", "take('theirs')", "Take theirs", id="review.take_theirs"),
        Binding("e", "set_value", "Set a value", id="review.set_value"),
    ]
    """The keys that resolve the highlighted conflict (on the review only while it lists conflicts)."""

    changes: list[Change]
    errors: int
    merge: ServerMerge | None = None
    """The merge with the plan on the server; None until the check found changes there (or when it could not)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("take", "set_value"):
            return self.merge is not None and bool(self.merge.conflicts)
        return True

    def show_merge(self, merge: ServerMerge, *, taken: list[RichText]) -> None:
        """Show ``merge``: ``taken`` (their changes that merge cleanly, as lines), the conflicts, and the buttons."""
        self.merge = merge
        listing = self.query_one("#review-changes", ChangeList)
        if self.changes:
            listing.prepend([Text("Your changes:")])
        if taken:
            heading = Text(f"Taken from the server: {plural(len(merge.taken), 'change')}")
            listing.prepend([heading, *taken], warning=True)
        box = listing.parent
        assert isinstance(box, Widget)
        if merge.conflicts:
            conflicts = ConflictList(merge.conflicts, self._state, id="review-conflicts")
            box.mount(conflicts, before=listing)
            box.mount(Static(Text(MERGE_KEYS), id="review-merge-keys", classes="review-line"), before=listing)
        if not self.changes:  # nothing of yours to send: merging or overwriting would send only theirs
            self._merge_stands(moved=False)
            self.query_one("#review-back", Button).focus()
            return
        buttons = self.query_one("#review-buttons")
        buttons.mount(Button("Merge and send", id="review-merge", variant="primary", compact=True))
        label = f"Overwrite their changes (reverts {merge.reverts})"
        buttons.mount(Button(label, id="review-overwrite", variant="error", compact=True))
        self.call_after_refresh(self._merge_stands)

    def _state(self, conflict: Conflict) -> str:
        assert self.merge is not None
        return choice_words(self.merge.choice(conflict))

    def _merge_stands(self, *, moved: bool = True) -> None:
        """Say how the merge stands: the server line, the merge button's label, and where the focus goes."""
        merge = self.merge
        if merge is None:
            return
        left, conflicts = merge.open, len(merge.conflicts)
        said = f"! Changed on the server: {plural(len(merge.taken), 'change')} taken"
        if conflicts:
            said += f"; {plural(conflicts, 'conflict')}, " + (f"{left} to resolve" if left else "all resolved")
        self.query_one("#review-server", Static).update(Text(said))
        for button in self.query("#review-merge").results(Button):
            button.disabled = bool(left)  # the line above says how many are left
            button.label = "Merge and send anyway" if self.errors else "Merge and send"
            if moved:  # with errors in the plan, the focus stays on Back, as for Send
                target = self.query_one(ConflictList) if left else button if not self.errors else None
                if target is not None:
                    target.focus()

    def action_take(self, side: str) -> None:
        """Resolve the highlighted conflict by keeping yours or taking theirs."""
        self._choose(Take(side))

    def action_set_value(self) -> None:
        """Resolve the highlighted conflict by a value typed, checked by the field's rules."""
        merge, conflict = self.merge, self._current()
        if merge is None or conflict is None:
            return
        from screens.conflict_value import ConflictValueScreen

        def check(text: str) -> SetValue:
            assert merge is not None and conflict is not None
            return merge.value_for(conflict, text)

        def chosen(value: SetValue | None) -> None:
            if value is not None:
                self._choose(value)

        self.app.push_screen(ConflictValueScreen(conflict, check), chosen)

    def _current(self) -> Conflict | None:
        lists = self.query(ConflictList).results(ConflictList)
        listed = next(lists, None)
        return listed.current if listed is not None else None

    def _choose(self, choice: Take | SetValue) -> None:
        merge, conflict = self.merge, self._current()
        if merge is None or conflict is None:
            return
        merge.choose(conflict, choice)
        listed = self.query_one(ConflictList)
        listed.restate(conflict)
        following = [c for c in merge.conflicts if merge.choice(c) is None]
        if following:
            listed.highlighted = merge.conflicts.index(following[0])
        self._merge_stands(moved=not following)

    @on(Button.Pressed, "#review-merge")
    def _merge_and_send(self) -> None:
        if self.merge is not None and not self.merge.open:
            self.dismiss(Review.MERGE)

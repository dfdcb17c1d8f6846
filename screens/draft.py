"""The offer made when a plan has a draft: restore it, look at the differences first, or discard it."""

from __future__ import annotations

from enum import StrEnum

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.review import change_line
from tui.diff import diff
from tui.drafts import Draft
from tui.text import plural, printable
from tui.types import JSON

__all__ = ["DraftChoice", "DraftScreen"]


class DraftChoice(StrEnum):
    """What to do with a draft."""

    RESTORE = "restore"
    DISCARD = "discard"


class DraftScreen(ModalScreen[DraftChoice]):
    """A draft of this plan exists: restore it, show how it differs first, or discard it.

    There is no escape: until the person chooses, the draft stays as it is.
    """

    DEFAULT_CSS = """
    DraftScreen {
        align: center middle;
        & > Vertical { width: 100%; max-width: 100; height: auto; max-height: 90%; border: thick $warning;
                       background: $surface; padding: 0 1; }
        & .draft-line { height: auto; }
        & #draft-diff { height: auto; max-height: 14; display: none; border-top: hkey $panel; }
        & #draft-diff.-shown { display: block; }
        & .draft-change { text-wrap: nowrap; text-overflow: ellipsis; }
        & Horizontal { height: 1; margin-top: 1; align-horizontal: right; }
        & Button { margin-left: 2; }
    }
    """

    def __init__(self, draft: Draft, current: JSON, *, baseline_moved: bool) -> None:
        super().__init__()
        self.draft = draft
        self.changes = diff(draft.baseline if baseline_moved else current, draft.plan)
        """The draft's own edits: how it differs from the plan it was made against (what a restore puts on top)."""
        self.baseline_moved = baseline_moved

    def compose(self) -> ComposeResult:
        when = _when(self.draft.saved_at)
        count = len(self.changes)
        with Vertical() as box:
            box.border_title = "A draft of this plan"
            yield Static(
                Text(
                    f"A draft from {when} has {plural(count, 'change')} "
                    f"that {'is' if count == 1 else 'are'} neither saved nor sent."
                ),
                classes="draft-line",
            )
            if self.baseline_moved:
                yield Static(
                    Text(
                        "The plan changed after the draft was made; restored, the draft's edits go on top of it as "
                        "it is now: those changes are kept, and where both changed, the draft's value is kept and said."
                    ),
                    classes="draft-line",
                )
            with VerticalScroll(id="draft-diff"):
                for change in self.changes:
                    line = change_line(change, self.draft.plan)  # by the component's name in the draft
                    yield Static(Text(printable(line, lines=True)), classes="draft-change")
            with Horizontal():
                yield Button("Discard", id="draft-discard", compact=True)
                yield Button("Show the changes", id="draft-show", compact=True)
                yield Button("Restore", id="draft-restore", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#draft-restore", Button).focus()

    @on(Button.Pressed, "#draft-show")
    def _show(self) -> None:
        self.query_one("#draft-diff").toggle_class("-shown")

    @on(Button.Pressed, "#draft-restore")
    def _restore(self) -> None:
        self.dismiss(DraftChoice.RESTORE)

    @on(Button.Pressed, "#draft-discard")
    def _discard(self) -> None:
        self.dismiss(DraftChoice.DISCARD)


def _when(seconds: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))

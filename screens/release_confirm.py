"""The question before a release: the plan, its components and batches, its fail strategy; ``enter`` releases."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.text import printable

__all__ = ["ReleaseConfirmScreen"]


class ReleaseConfirmScreen(ModalScreen[bool]):
    """Asks before releasing; dismisses with True on ``enter``, False on ``escape``."""

    DEFAULT_CSS = """
    ReleaseConfirmScreen {
        align: center middle;
        & > Vertical { width: 70; max-width: 100%; height: auto; border: thick $warning; background: $surface;
                       padding: 1 2; }
    }
    """

    BINDINGS = [
        Binding("enter", "answer(True)", "Release", id="release_confirm.yes", priority=True),
        Binding("escape,n", "answer(False)", "Cancel", id="release_confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        """The question, as plain text."""
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(printable(self.question, lines=True)), id="release-question")  # it names the plan

    def action_answer(self, yes: bool) -> None:
        """Answer the question (once: a second ``enter`` typed behind the first does nothing)."""
        if not self._answered:
            self._answered = True
            self.dismiss(yes)

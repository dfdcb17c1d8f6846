"""A value of one's own for a conflict of a merge, checked by the field's rules before it is taken."""

from __future__ import annotations

import json
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.errors import EditRefusedError
from tui.merge import Absent, Conflict, SetValue
from tui.secrets import is_secret
from tui.text import printable
from widgets.conflict_list import conflict_prompt

__all__ = ["ConflictValueScreen"]


class ConflictValueScreen(ModalScreen[SetValue | None]):
    """The conflict with its three values, and a box for the value to put there (yours to start with).

    ``enter`` hands the text to ``check``, which parses it by the field's spec and checks it by the field's rules:
    a refusal shows here, with what was typed kept; a value taken closes the screen with it. ``escape`` cancels.
    """

    DEFAULT_CSS = """
    ConflictValueScreen {
        align: center middle;
        & > Vertical { width: 80%; max-width: 90; height: auto; border: thick $accent; background: $surface;
                       padding: 0 1; }
        & #conflict-refused { color: $error; height: auto; }
        & #conflict-keys { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="conflict_value.cancel")]

    def __init__(self, conflict: Conflict, check: Callable[[str], SetValue]) -> None:
        super().__init__()
        self.conflict = conflict
        self.check = check
        """Parses and checks the text typed; raises :class:`EditRefusedError` to refuse it."""

    def compose(self) -> ComposeResult:
        mine = self.conflict.mine
        start = ""
        if not isinstance(mine, Absent) and not is_secret(self.conflict.path):
            start = mine if isinstance(mine, str) else json.dumps(mine, ensure_ascii=False)
            if printable(start) != start:  # control characters: shown escaped above, never typed in
                start = ""
        with Vertical() as box:
            box.border_title = "A value for the conflict"
            yield Static(conflict_prompt(self.conflict, "set a value"))
            yield Input(start, id="conflict-value", select_on_focus=False, compact=True)
            yield Static("", id="conflict-refused")
            yield Static(Text("enter takes it (checked by the field's rules) · escape cancels"), id="conflict-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        try:
            value = self.check(event.value)
        except EditRefusedError as exc:
            self.query_one("#conflict-refused", Static).update(Text(printable(str(exc))))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Take no value: the conflict stays as it was."""
        self.dismiss(None)

"""Ask where to save a plan that has no file yet."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from widgets.first_keys import FirstKeys, FirstKeysInput

__all__ = ["SaveAsScreen"]


class SaveAsScreen(ModalScreen[Path | None]):
    """A path to save to (``.json`` or ``.toml``); ``escape`` cancels."""

    DEFAULT_CSS = """
    SaveAsScreen {
        align: center middle;
        & > Vertical { width: 70; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_as.cancel")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.first_keys = FirstKeys(self)
        """Keys typed with the key that asked, before the path had the focus: typed into it once it has."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Save the plan as (.json or .toml):"))
            yield FirstKeysInput(self.suggestion, id="save-path")

    def on_mount(self) -> None:
        self.first_keys.focus(self.query_one(FirstKeysInput))

    def on_key(self, event: events.Key) -> None:
        self.first_keys.take(event)

    @on(Input.Submitted)
    def _chosen(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.dismiss(Path(text).expanduser() if text else None)

    def action_cancel(self) -> None:
        """Do not save."""
        self.dismiss(None)

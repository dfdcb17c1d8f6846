"""The whole outcome of the last update or save: the status line uncut, what was sent, and the server's answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

__all__ = ["ResponseScreen"]


class ResponseScreen(ModalScreen[None]):
    """The last outcome as plain text (made printable by :mod:`tui.sending`), read-only and scrollable; ``escape``
    closes it."""

    DEFAULT_CSS = """
    ResponseScreen {
        align: center middle;
        & > Vertical { width: 100%; max-width: 120; height: 100%; max-height: 40; border: thick $accent;
                       background: $surface; }
        & TextArea { height: 1fr; border: none; }
    }
    """

    BINDINGS = [Binding("escape,f6", "close", "Close", id="response.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "The last update or save, whole"
            yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False)

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)

"""The server's whole answer to the last request, headers and body, as plain text."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

from tui.text import printable

__all__ = ["ResponseScreen", "response_text"]


def response_text(request: str, status: str, headers: Iterable[tuple[str, str]], body: str) -> str:
    """``request`` (method and URL), the status line, the headers and the body, with controls made visible."""
    lines = [request, status, *(f"{name}: {value}" for name, value in headers), "", body]
    return printable("\n".join(lines), lines=True)


class ResponseScreen(ModalScreen[None]):
    """The last answer, read-only and scrollable; ``escape`` closes it."""

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
            box.border_title = "The server's answer"
            yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False)

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)

"""Edit one node of the plan as JSON text, checked before it is applied."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.errors import DocumentError
from tui.jsontext import dump_json, parse_value
from tui.readable import readable
from tui.text import json_for_terminal, printable
from tui.types import JSON, Path
from widgets.readable_text import path_text

__all__ = ["JsonNodeScreen"]


class JsonNodeScreen(ModalScreen[tuple[JSON] | None]):
    """A text editor for a node's JSON. ``ctrl+s`` applies it when it parses; ``escape`` leaves it unchanged.

    Dismisses with the new value in a 1-tuple (so that ``null`` is a value), or None. While the text does not
    parse, the error (with line and column) shows and nothing is applied.
    """

    DEFAULT_CSS = """
    JsonNodeScreen {
        align: center middle;
        & > Vertical { width: 100%; height: 100%; border: thick $accent; background: $surface; }
        & TextArea { height: 1fr; }
        & #json-error { color: $error; height: auto; display: none; }
        & #json-error.shown { display: block; }
        & #json-help { color: $text-muted; height: 1; }
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="json.apply", priority=True),
        # before the text area's own escape, which with tab indents only moves the focus (here, back to itself)
        Binding("escape", "cancel", "Cancel", id="json.cancel", priority=True),
    ]

    def __init__(
        self, path: Path, value: JSON, *, finish: Callable[[JSON], JSON] | None = None, plan: JSON = None
    ) -> None:
        """Edit ``value`` (at ``path`` of ``plan``, which names its component in the title); ``finish`` turns what
        parsed into what is applied, or says why not."""
        super().__init__()
        self.path = path
        self.where = path_text(readable(path, plan))
        """Where the node is, as the title says it: ``orders-000 #0 › source``."""
        # JSON escapes C0 controls itself; DEL, C1 and bidi controls as \\uXXXX too, read back as the same value
        self.text = json_for_terminal(dump_json(value).rstrip("\n"))
        self.finish = finish

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("JSON of ").append_text(self.where)  # text, never read as markup
            yield TextArea(self.text, id="json-text", soft_wrap=False, show_line_numbers=True, tab_behavior="indent")
            yield Static("", id="json-error")
            yield Static(Text("ctrl+s applies · escape cancels"), id="json-help")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_apply(self) -> None:
        """Apply the text when it parses; otherwise say where it does not."""
        text = self.query_one(TextArea).text
        error = self.query_one("#json-error", Static)
        try:
            value = parse_value(text)
            if self.finish is not None:
                value = self.finish(value)
        except DocumentError as exc:
            error.update(Text(printable(str(exc), lines=True)))
            error.add_class("shown")
            return
        self.dismiss((value,))

    def action_cancel(self) -> None:
        """Leave the node as it was."""
        self.dismiss(None)

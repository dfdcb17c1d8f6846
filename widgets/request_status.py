"""The request status: the update being sent, with a spinner and the time it has taken, then the server's answer.

A view only: whoever sends the update tells it the seconds as they pass (see :class:`tui.sending.InFlight`), then
the outcome.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui.sending import Outcome
from tui.text import printable

__all__ = ["Outcome", "RequestStatus"]

_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
WHOLE_ACTION = "app.show_response"
"""The action that shows the whole outcome: its key ends a line cut to fit."""


class RequestStatus(Widget):
    """One line about the request in flight or the last one's outcome; hidden until there has been one.

    An outcome longer than the line is cut to fit and ends with ``… f6`` (the key that shows it whole). Everything
    shown is plain text: a server's message cannot style the screen or hide behind escapes.
    """

    COMPONENT_CLASSES = {"request-status--ok", "request-status--warning", "request-status--failed"}
    """The outcomes' colours."""

    DEFAULT_CSS = """
    RequestStatus {
        height: 1;
        background: $panel;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        display: none;
        &.-shown { display: block; }
        & > .request-status--ok { color: $success; text-style: bold; }
        & > .request-status--warning { color: $warning; text-style: bold; }
        & > .request-status--failed { color: $error; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        """What the line says, as plain text."""
        self.outcome: Outcome | None = None
        """How the last request ended; None while one is in flight or before the first."""
        self.hint = ""
        """A key on offer after the outcome (``f5 Release``), kept whole when the line is cut."""
        self.release = False
        """Whether the line tells of a release being watched rather than of a request."""

    @property
    def in_flight(self) -> bool:
        """Whether the line shows a request being waited for."""
        return self.has_class("-shown") and self.outcome is None and not self.release

    def sending(self, method: str, url: str, seconds: float) -> None:
        """Show that ``method url`` is on its way and has taken ``seconds``, with a spinner that turns with them."""
        frame = _SPINNER[int(seconds * 10) % len(_SPINNER)]
        self.text = f"{frame} {seconds:.1f} s · {method} {printable(url)} · escape stops waiting"
        self.outcome = None
        self.hint, self.release = "", False
        self.add_class("-shown")
        self.refresh()

    def finished(self, outcome: Outcome, message: str) -> None:
        """Show how the request ended."""
        self.outcome = outcome
        self.text = printable(message)
        self.hint, self.release = "", False
        self.add_class("-shown")
        self.refresh()

    def offer(self, hint: str) -> None:
        """Offer a key after the outcome shown (``f5 Release``); it stays whole when the line is cut."""
        self.hint = printable(hint)
        self.refresh()

    def releasing(self, line: str, outcome: Outcome | None = None) -> None:
        """Tell how a release being watched stands (``releasing 12/64``); ``outcome`` once it ended."""
        self.outcome = outcome
        self.text = printable(line)
        self.hint, self.release = "", True
        self.add_class("-shown")
        self.refresh()

    def _whole_key(self) -> str:
        """The key that shows the whole outcome, as the screen binds it (the config's ``[keymap]`` may move it)."""
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == WHOLE_ACTION:
                return printable(self.app.get_key_display(binding))
        return "f6"

    @property
    def cut(self) -> bool:
        """Whether the outcome is longer than the line, so that the line is cut and ends with the key's hint."""
        tail = cell_len(f" · {self.hint}") if self.hint else 0
        return self.outcome is not None and cell_len(self._line()) + tail > self.content_size.width

    def _line(self) -> str:
        if self.outcome is None:
            return self.text
        return {Outcome.OK: "✓ ", Outcome.WARNING: "! ", Outcome.FAILED: "✗ "}[self.outcome] + self.text

    def render(self) -> Text:
        if self.outcome is None:
            return Text(self.text, no_wrap=True, overflow="ellipsis", end="")
        style = self.get_component_rich_style(f"request-status--{self.outcome}")
        line = Text(self._line(), style=style, no_wrap=True, end="")
        width = self.content_size.width
        tail = f" · {self.hint}" if self.hint else ""
        if line.cell_len + cell_len(tail) > width:
            hint = "…" if self.release else f"… {self._whole_key()}"
            line.truncate(max(0, width - cell_len(hint) - cell_len(tail)), overflow="crop")
            line.append(hint)
        line.append(tail)
        line.truncate(width, overflow="crop")
        return line

"""An optional field that is not set: one line in the form until the person fills it in."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.fields import FieldSpec
from tui.text import printable
from tui.types import Issue, Path
from widgets.field_row import IssueLine

__all__ = ["UnsetRow"]

NOT_SET = "(not set: enter)"
"""What an unset field shows where its input would be."""


class UnsetRow(Static, IssueLine, can_focus=True):
    """An optional field that is not set: one line until the person asks to fill it in (``enter``)."""

    DEFAULT_CSS = """
    UnsetRow {
        height: 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { background: $accent 30%; }
        & > .unset-row--error { color: $error; }
        & > .unset-row--warning { color: $warning; }
    }
    """

    BINDINGS = [Binding("enter", "fill", "Fill in", id="form.fill_in")]

    COMPONENT_CLASSES = {"unset-row--error", "unset-row--warning"}
    """The mark of an unset field that must be set (an error) or had better be (a warning)."""

    def __init__(self, path: Path, spec: FieldSpec) -> None:
        super().__init__(Text(f"{printable(spec.name):<19} {NOT_SET}"))
        self.path = path
        self.spec = spec
        self.issues: list[Issue] = []

    _style_prefix = "unset-row"

    def retarget(self, path: Path) -> None:
        """Stand for the same field of another node (``path``), not set there either."""
        self.path = path
        self.show_issues([])

    def on_mount(self) -> None:
        if self.issues:
            self._render_line()

    def _render_line(self) -> None:
        prefix = f"{printable(self.spec.name):<19} "
        text = self._issue_text(prefix) if self.issues else Text(prefix + NOT_SET)
        self.update(text, layout=False)

    @dataclass
    class FillRequested(Message):
        """The person asked to fill the field in (``on_unset_row_fill_requested``)."""

        row: UnsetRow

    def action_fill(self) -> None:
        """Ask the form to turn the line into the field's input."""
        self.post_message(self.FillRequested(self))

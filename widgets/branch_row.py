"""A nested object or list in a form: a link that opens it in the tree, or adds it when it is not set."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.fields import FieldSpec
from tui.outline import node_label
from tui.text import printable
from tui.types import JSON, Path

__all__ = ["BranchRow"]


class BranchRow(Static, can_focus=True):
    """A nested object or list, shown as a link: ``enter`` opens it in the tree (or adds it when absent)."""

    DEFAULT_CSS = """
    BranchRow {
        height: 1;
        padding-left: 1;
        color: $accent;
        &:focus { background: $accent 30%; }
    }
    """

    BINDINGS = [Binding("enter", "open", "Open", id="form.open_branch")]

    def __init__(self, path: Path, spec: FieldSpec | None, value: JSON, present: bool) -> None:
        super().__init__()
        self.path = path
        self.spec = spec
        self.present = present
        self._shown = self._text(value)
        self.update(Text(self._shown))

    def _text(self, value: JSON) -> str:
        if self.present:
            return f"▸ {node_label(self.path, value)}"
        return f"+ {printable(str(self.path[-1]))}  (not set: enter adds it)"

    def retarget(self, path: Path, value: JSON) -> None:
        """Show the same branch of another node (``path``, where it is set as it is here, or not set as here)."""
        self.path = path
        text = self._text(value)
        if text != self._shown:  # most branches of the next component read the same: no repaint for those
            self._shown = text
            self.update(Text(text), layout=False)  # one line, always

    @dataclass
    class Opened(Message):
        """The person asked to open the branch (``on_branch_row_opened``)."""

        path: Path

    @dataclass
    class AddRequested(Message):
        """The person asked to add the branch, which is not set (``on_branch_row_add_requested``)."""

        path: Path

    def action_open(self) -> None:
        """Ask to open the branch (or to add it)."""
        if self.present:
            self.post_message(self.Opened(self.path))
        elif self.spec is not None:
            self.post_message(self.AddRequested(self.path))

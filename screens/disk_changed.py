"""The file changed on disk since it was read: what changed there, and what to do about it before saving."""

from __future__ import annotations

from enum import StrEnum

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.review import change_line
from tui.diff import Change
from tui.text import plural, printable
from tui.types import JSON

__all__ = ["DiskChangedScreen", "DiskChoice"]


class DiskChoice(StrEnum):
    """What to do when the file changed on disk."""

    OVERWRITE = "overwrite"
    """Save over it: what the disk holds now is replaced."""
    SAVE_AS = "save-as"
    """Save as another file; the changed file is left as it is."""
    RELOAD = "reload"
    """Read the file again and put my edits on top of it (a three-way merge)."""


class DiskChangedScreen(ModalScreen[DiskChoice | None]):
    """The file changed on disk: save over it, save as another file, or reload with my edits on top; ``escape``
    does nothing."""

    DEFAULT_CSS = """
    DiskChangedScreen {
        align: center middle;
        & > Vertical { width: 100%; max-width: 100; height: auto; max-height: 90%; border: thick $error;
                       background: $surface; padding: 0 1; }
        & .disk-line { height: auto; }
        & #disk-changes { height: auto; max-height: 12; border-top: hkey $panel; }
        & .disk-change { text-wrap: nowrap; text-overflow: ellipsis; }
        & Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
        & Button { margin-left: 1; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="disk_changed.cancel")]

    def __init__(self, name: str, changes: list[Change] | None, unreadable: str = "", *, plan: JSON = None) -> None:
        super().__init__()
        self.file_name = name
        self.changes = changes
        """What changed on disk since the file was read (None when the file cannot be read as a plan now)."""
        self.plan = plan
        """What the file holds now, for the changes to name their components (None: by index)."""
        self.unreadable = unreadable

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Changed on disk"
            name = printable(self.file_name)
            if self.changes is None:
                said = f"{name} changed on disk since it was read, and cannot be read as a plan now: "
                yield Static(Text(said + printable(self.unreadable)), classes="disk-line")
            else:
                count = len(self.changes)
                said = f"{name} changed on disk since it was read, at {plural(count, 'place')}:"
                yield Static(Text(said), classes="disk-line")
                with VerticalScroll(id="disk-changes"):
                    for change in self.changes:
                        yield Static(Text(printable(change_line(change, self.plan), lines=True)), classes="disk-change")
            yield Static(Text("Nothing is written until you choose; escape goes back."), classes="disk-line")
            with Horizontal():
                yield Button("Save over it", id="disk-overwrite", variant="error", compact=True)
                yield Button("Save as…", id="disk-save-as", compact=True)
                if self.changes is not None:
                    yield Button("Reload, my edits on top", id="disk-reload", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#disk-reload" if self.changes is not None else "#disk-save-as", Button).focus()

    @on(Button.Pressed, "#disk-overwrite")
    def _overwrite(self) -> None:
        self.dismiss(DiskChoice.OVERWRITE)

    @on(Button.Pressed, "#disk-save-as")
    def _save_as(self) -> None:
        self.dismiss(DiskChoice.SAVE_AS)

    @on(Button.Pressed, "#disk-reload")
    def _reload(self) -> None:
        self.dismiss(DiskChoice.RELOAD)

    def action_cancel(self) -> None:
        """Save nothing."""
        self.dismiss(None)

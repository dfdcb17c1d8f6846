"""The title bar: the screen's title and sub-title on one line, drawn as Textual's ``Header`` draws them."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

__all__ = ["TitleBar"]

ICON = "⭘"
"""The icon at the left, as ``Header`` draws it: a click on it opens the command palette."""
ICON_WIDTH = 8
"""The columns of the icon, its padding included."""
CLOCK_WIDTH = 10
"""The columns ``Header`` keeps for a clock on the right (blank when it shows none)."""


class TitleBar(Widget):
    """The line ``Header`` draws (icon, title centred, room for a clock), as one widget.

    ``Header`` is four widgets (itself, the icon, the title and the clock's room), each styled and laid out when
    the editor starts: a tenth of its first frame. This draws the same line, and a click on the icon opens the
    command palette as there.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitled, init=False)
            self.watch(owner, "sub_title", self._retitled, init=False)

    def _retitled(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        return Content.assemble(icon, title.pad(left, room - title.cell_length - left), " " * CLOCK_WIDTH)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")

"""The editor's title bar draws the line Textual's ``Header`` draws, and its icon opens the command palette."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Header

from widgets.title_bar import TitleBar


class _Titled(App[None]):
    def __init__(self, bar: type[Widget], title: str, sub_title: str) -> None:
        super().__init__()
        self.bar, self.titles = bar, (title, sub_title)

    def compose(self) -> ComposeResult:
        yield self.bar()

    def on_mount(self) -> None:
        self.screen.title, self.screen.sub_title = self.titles


async def _line(bar: type[Widget], title: str, sub_title: str, width: int) -> list[tuple[str, str]]:
    """The top line as drawn: each cell's character, with its style where the cell is not blank."""
    app = _Titled(bar, title, sub_title)
    async with app.run_test(size=(width, 3)) as pilot:
        await pilot.pause()
        strip = app.screen._compositor.render_strips()[0]
    return [(char, str(segment.style) if char != " " else "") for segment in strip for char in segment.text]


@pytest.mark.parametrize(
    ("title", "sub_title", "width"),
    [
        ("small.json", "", 80),
        ("plan.json", "read-only · a note", 80),
        ("x" * 100, "cut short", 80),
        ("é漢字 wide", "", 51),
        ("t", "", 18),
    ],
)
async def test_the_title_bar_draws_what_the_header_draws(title: str, sub_title: str, width: int) -> None:
    assert await _line(TitleBar, title, sub_title, width) == await _line(Header, title, sub_title, width)


async def test_a_new_title_is_drawn() -> None:
    app = _Titled(TitleBar, "before", "")
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        app.screen.title = "after"
        await pilot.pause()
        line = "".join(segment.text for segment in app.screen._compositor.render_strips()[0])
    assert "after" in line and "before" not in line


async def test_a_click_on_the_icon_opens_the_command_palette() -> None:
    app = _Titled(TitleBar, "plan.json", "")
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

"""Plans and server answers full of what could break or fool a terminal are shown literally, and the app stays up."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.helpers import load
from tests.ui.conftest import editing
from tui.app import RelplanApp
from tui.document import Document

HOSTILE = {
    "markup": "[bold red]release[/] [@click=app.quit]x[/]",
    "escape": "\x1b[2J\x1b]0;owned\x07cleared?",
    "controls": "a\x00b\x08c\rd",
    "rtl": "\u202eevil\u202c שלום مرحبا",
    "emoji": "🚀👩‍💻 ready",
    "combining": "e\u0301e\u0301 Z\u0351\u0352\u0353",
}


def hostile_plan() -> Document:
    plan = load("minimal.json")
    plan["name"] = HOSTILE["markup"]
    plan["desc"] = "x" * 100_000
    component = plan["components"][0]
    component["name"] = HOSTILE["rtl"] + HOSTILE["emoji"]
    component["description"] = HOSTILE["escape"] + HOSTILE["controls"] + HOSTILE["combining"]
    component["workload_name"] = HOSTILE["markup"]
    return Document(plan)


async def walk(pilot: Pilot[None]) -> None:
    await pilot.press("down", "l", "down", "enter")  # the first component's form
    for _ in range(12):
        await pilot.press("tab")


async def test_a_hostile_plan_is_shown_literally_and_nothing_runs() -> None:
    app = RelplanApp(hostile_plan())
    async with editing(app) as pilot:
        shot = app.export_screenshot()
        assert "[bold red]release[/]" in shot.replace("&#160;", " ")
        await walk(pilot)
        # The description's controls are on the screen as visible escapes: the bell too, which Rich alone would drop.
        assert "\\x1b[2J\\x1b]0;owned\\x07" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape", "home", "enter")  # the plan's own form, with the 100,000-character desc
        await pilot.pause()
        assert app.is_running
        assert not app.session.document.dirty  # looking changed nothing, whatever the values held
        shot = app.export_screenshot()
        assert "\x1b" not in shot  # no escape reached the screen as an escape (Rich removes a bell by itself)

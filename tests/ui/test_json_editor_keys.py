"""The JSON node editor does what its help line says: ``escape`` leaves it, whatever was typed, changing nothing."""

from __future__ import annotations

import json

from screens.editor import PlanEditorScreen
from screens.json_node import JsonNodeScreen
from tests.ui.conftest import ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path
from widgets.plan_tree import PlanTree


async def test_escape_leaves_the_json_editor_after_typing_and_a_refused_apply() -> None:
    app = RelplanApp(Document.load(sample_path("small.json")))
    before = json.dumps(app.session.document.data)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down")
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 0)
        for keys in (["escape"], ["x", "tab", "escape"], ["x", "ctrl+s", "escape"]):
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, JsonNodeScreen), "the JSON editor opened")
            assert "escape cancels" in str(app.screen.query_one("#json-help").render())
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, PlanEditorScreen), f"still in the JSON editor after {keys}"
    assert json.dumps(app.session.document.data) == before

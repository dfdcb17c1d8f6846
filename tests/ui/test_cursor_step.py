"""A step of the tree's cursor fills the form already built with the next component's values: a row whose issues
and name stay as they are is not drawn again (its input draws its new value), and every value shown is the new one."""

from __future__ import annotations

from typing import Any

import pytest

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.field_row import FieldInput, FieldRow
from widgets.plan_tree import PlanTree


async def test_a_step_redraws_no_row_that_shows_the_same_name_and_issues(monkeypatch: pytest.MonkeyPatch) -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        tree, form = editor.query_one(PlanTree), editor.query_one(FieldEditor)
        tree.focus()
        while tree.cursor_path != ("components", 0):
            await pilot.press("j")
        await until(pilot, lambda: settled(app) and form.path == ("components", 0), "the first component's form")
        assert not editor.session.issues
        redrawn: list[FieldRow] = []
        real = FieldRow.refresh

        def counting(self: FieldRow, *args: Any, **kwargs: Any) -> Any:
            redrawn.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(FieldRow, "refresh", counting)
        await pilot.press("j")
        await until(pilot, lambda: settled(app) and form.path == ("components", 1), "the next component's form")
        assert redrawn == []
        rows = form.rows()
        name = rows[("components", 1, "name")].editor
        assert isinstance(name, FieldInput)
        assert name.value == app.session.document.get(("components", 1, "name"))

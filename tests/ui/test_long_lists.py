"""A long list's form shows its first items, one row each, and says how many more the tree lists."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import LIST_ROWS, BranchRow, FieldEditor


@pytest.mark.parametrize("size", [LIST_ROWS, LIST_ROWS + 6])
async def test_a_list_form_shows_its_first_items_and_says_how_many_more(size: int) -> None:
    app = RelplanApp(Document(sample_plan(size)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        editor.go_to(("components",))
        form = editor.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components",) and settled(app), "the list's form")
        rows = list(form.query(BranchRow))
        assert [row.path for row in rows] == [("components", i) for i in range(min(size, LIST_ROWS))]
        said = [str(line.render()) for line in form.query(Static).filter(".field-help")]
        more = [line for line in said if "more" in line]
        assert more == ([f"… {size - LIST_ROWS} more: the tree lists every item"] if size > LIST_ROWS else [])

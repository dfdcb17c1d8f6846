"""Jumps between nodes of the same shape (one component to another) show the new node in the form on the screen."""

from __future__ import annotations

from textual.widgets import Input

from tests.ui.conftest import find, focused_row, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.outline import value_text
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor, FieldRow


def _shown(form: FieldEditor) -> dict[tuple[str | int, ...], str]:
    return {path: row.editor.value for path, row in form.rows().items() if isinstance(row.editor, Input)}


async def test_a_jump_to_another_component_shows_its_values_and_typing_edits_it() -> None:
    plan = sample_plan(8)
    plan["components"][2]["version"] = "2.0.0"
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.1.version", focus=("components", 1, "version"))
        form = app.screen.query_one(FieldEditor)
        first_rows = set(form.rows().values())

        await pilot.press("escape")
        await find(pilot, "components.2.version", focus=("components", 2, "version"))
        await until(pilot, lambda: settled(app), "the form settled")

        document = app.session.document
        assert form.path == ("components", 2)
        for path, text in _shown(form).items():
            assert path[:2] == ("components", 2)
            assert text == (value_text(document.get(path)) if document.has(path) else "")
        assert set(form.rows().values()) == first_rows, "the rows on the screen were built again"

        await pilot.press("end", "1")
        assert document.get(("components", 2, "version")) == "2.0.01"
        assert document.get(("components", 1, "version")) == plan["components"][1]["version"]
        row = focused_row(app)
        assert isinstance(row, FieldRow) and row.path == ("components", 2, "version")


async def test_a_jump_to_a_node_of_another_shape_builds_its_form() -> None:
    app = RelplanApp(Document(sample_plan(4)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.1.version", focus=("components", 1, "version"))
        await pilot.press("escape")
        await find(pilot, "name", focus=("name",))
        form = app.screen.query_one(FieldEditor)
        assert form.path == ()
        assert all(len(path) == 1 for path in form.rows())

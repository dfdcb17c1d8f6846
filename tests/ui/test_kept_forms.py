"""The forms of the plan and of a component are built once: a jump between them shows the form kept for the shape."""

from __future__ import annotations

from textual.widgets import Input

from tests.ui.conftest import find, focused_row, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.outline import value_text
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor, FieldRow


def _values(form: FieldEditor) -> dict[tuple[str | int, ...], str]:
    return {path: row.editor.value for path, row in form.rows().items() if isinstance(row.editor, Input)}


async def test_the_first_jump_to_a_component_shows_a_form_built_while_nothing_happened() -> None:
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        form = app.screen.query_one(FieldEditor)
        assert form.path == ()
        await until(pilot, lambda: len(app.screen.query(FieldRow)) > len(form.rows()), "a component's form, built")
        built = set(app.screen.query(FieldRow))

        await find(pilot, "components.5.replica", focus=("components", 5, "replica"))
        await until(pilot, lambda: settled(app), "the form settled")

        assert form.path == ("components", 5)
        assert set(form.rows().values()) <= built, "the component's form was built again"
        document = app.session.document
        for path, text in _values(form).items():
            assert path[:2] == ("components", 5)
            assert text == (value_text(document.get(path)) if document.has(path) else "")
        row = focused_row(app)
        assert row is not None and row.path == ("components", 5, "replica")
        assert form.content_region.contains_region(row.editor.region), "the field jumped to is out of sight"
        await pilot.press("ctrl+u", "7")
        assert document.get(("components", 5, "replica")) == 7
        assert document.get(("components", 0, "replica")) == sample_plan(8)["components"][0]["replica"]


async def test_jumps_between_the_plan_and_a_component_show_the_forms_kept_for_each() -> None:
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        form = app.screen.query_one(FieldEditor)
        plan_rows = set(form.rows().values())
        await find(pilot, "components.2.version", focus=("components", 2, "version"))
        component_rows = set(form.rows().values())

        await pilot.press("escape")
        await find(pilot, "name", focus=("name",))
        assert form.path == ()
        assert set(form.rows().values()) == plan_rows, "the plan's form was built again"
        assert [widget for widget in form.children if widget.display and widget.has_class("form-body")] == [
            form.rows()[("name",)].parent
        ], "another form shows beside the plan's"

        await pilot.press("escape")
        await find(pilot, "components.3.version", focus=("components", 3, "version"))
        assert set(form.rows().values()) == component_rows, "the component's form was built again"
        version = sample_plan(8)["components"][3]["version"]
        assert form.rows()[("components", 3, "version")].editor.value == version
        await pilot.press("end", "1")
        assert app.session.document.get(("components", 3, "version")) == version + "1"


async def test_a_form_built_hidden_and_dropped_before_it_is_composed_breaks_nothing() -> None:
    from tui.schema import spec_at

    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        form = app.screen.query_one(FieldEditor)
        document = app.session.document
        stacks = [("components", index, "runtime_stack") for index in (1, 2)]
        spec = spec_at(stacks[0])
        assert spec is not None and any(field.choices for field in spec.fields.values()), "a form with a select"
        form.prepare(stacks[0], document.get(stacks[0]), spec)  # built hidden, and in the same turn
        form.show(stacks[1], document.get(stacks[1]), spec)  # a form of its shape is asked for: it goes
        await until(pilot, lambda: settled(app) and form.path == stacks[1], "the form settled")
        await pilot.pause(0.2)
        assert [row.path for row in form.rows().values()][:1] == [(*stacks[1], "name")]

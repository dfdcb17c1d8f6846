"""The table of components (``t``), driven by keys: filter, sort, jump, select, and rows that follow the edits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from screens.editor import PlanEditorScreen
from screens.help import key_lines
from tests.ui.conftest import editing, told, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.components_table import ComponentsTable
from widgets.field_editor import FieldEditor
from widgets.plan_tree import PlanTree

FIXTURE = Path(__file__).parents[1] / "fixtures" / "plans" / "64-components.json"


@pytest.fixture
def plan_64(tmp_path: Path) -> Path:
    target = tmp_path / "plan.json"
    shutil.copy(FIXTURE, target)
    return target


def table(app: RelplanApp) -> ComponentsTable:
    return app.screen.query_one(ComponentsTable)


def row_text(app: RelplanApp, row: int) -> list[str]:
    """The cells of the table's ``row``, as a person reads them."""
    return [cell.plain for cell in app.screen.query_one(DataTable).get_row_at(row)]


def names(app: RelplanApp) -> list[str]:
    components = app.session.document.get(("components",))
    assert isinstance(components, list)
    return [component["name"] for component in components]


def names_shown(app: RelplanApp) -> list[str]:
    rows = app.screen.query_one(DataTable)
    return [rows.get_row_at(i)[2].plain for i in range(rows.row_count)]


async def open_table(app: RelplanApp, pilot: Pilot[None]) -> ComponentsTable:
    """Press ``t`` and wait until the table shows."""
    await pilot.press("t")
    await until(pilot, lambda: bool(app.screen.query(ComponentsTable)) and table(app).display, "the table shows")
    return table(app)


async def test_t_shows_every_component_in_place_of_the_tree_and_t_hides_it(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        assert not app.screen.query_one("#body").display
        assert isinstance(app.screen.focused, DataTable)
        assert app.screen.query_one(DataTable).row_count == 64
        assert row_text(app, 0)[1:7] == ["1", "orders-000", "1.0.0", "2", "orders-000.war", "GrayRelease"]
        assert "0 of 64 selected" in str(shown.border_title)
        await pilot.press("t")
        await pilot.pause()
        assert not shown.display and app.screen.query_one("#body").display
        assert isinstance(app.screen.focused, PlanTree)


async def test_the_filter_box_filters_by_any_text_and_by_seq(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"cart", "enter")
        assert names_shown(app) == [f"cart-{i:03d}" for i in range(3, 64, 8)]
        assert isinstance(app.screen.focused, DataTable), "enter goes back to the rows"
        assert "8 shown" in str(shown.border_title)
        await pilot.press("slash", "ctrl+u", *"seq:2", "enter")
        assert [row_text(app, i)[1] for i in range(len(names_shown(app)))] == ["2"] * 16
        await pilot.press("slash", *" 009", "enter")  # seq:2 and the text 009 together
        assert names_shown(app) == ["payments-009"]
        await pilot.press("escape")
        assert len(names_shown(app)) == 64
        assert app.screen.query_one(Input).value == ""


async def test_s_sorts_by_each_column_in_turn_and_shift_s_reverses(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        await pilot.press("s")  # by seq: the first batch first, each in plan order
        assert shown.sort_column == "seq"
        assert names_shown(app)[:3] == ["orders-000", "search-004", "orders-008"]
        await pilot.press("s")
        assert shown.sort_column == "name"
        assert names_shown(app)[:2] == ["billing-006", "billing-014"]
        await pilot.press("S")
        assert names_shown(app)[0] == "users-061"
        assert "by name" in str(shown.border_subtitle)


async def test_enter_on_a_row_goes_to_its_component_in_the_tree_and_form(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        await pilot.press("slash", *"cart-011", "enter", "enter")
        await until(pilot, lambda: app.screen.query_one(FieldEditor).path == ("components", 11), "the form shows it")
        assert not shown.display
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 11)


async def test_space_ctrl_a_and_escape_select_count_and_clear(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        await pilot.press("space", "space")  # space selects and moves down: a run of rows
        assert app.session.selected_components() == [0, 1]
        assert "2 of 64 selected" in str(shown.border_title)
        assert row_text(app, 0)[0] == "\u25cf" and row_text(app, 2)[0] == " "
        await pilot.press("k", "space")  # on a selected row, space unselects it
        assert app.session.selected_components() == [0]
        await pilot.press("slash", *"seq:4", "enter", "ctrl+a")
        assert app.session.selected_components() == [0, *range(3, 64, 4)]
        assert "17 of 64 selected · 16 shown" in str(shown.border_title)
        await pilot.press("escape")  # the filter first
        assert len(names_shown(app)) == 64 and len(app.session.selected_components()) == 17
        await pilot.press("escape")  # then the selection
        assert app.session.selected_components() == []
        assert "0 of 64 selected" in str(shown.border_title)
        await pilot.press("escape")  # then back to the tree
        await pilot.pause()
        assert not shown.display and isinstance(app.screen.focused, PlanTree)


async def test_an_edit_shows_in_its_row_and_undo_from_the_table_redraws_that_row_only(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app, "components.2.version", focus=("components", 2, "version")) as pilot:
        await pilot.press("ctrl+u", *"7.7.7", "escape")
        await until(pilot, lambda: app.session.document.get(("components", 2, "version")) == "7.7.7", "typed")
        shown = await open_table(app, pilot)
        assert row_text(app, 2)[3] == "7.7.7"
        rebuilt: list[int] = []
        rebuild = shown._rebuild
        shown._rebuild = lambda: (rebuilt.append(1), rebuild())[1]  # type: ignore[method-assign]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert row_text(app, 2)[3] == "1.0.2"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert row_text(app, 2)[3] == "7.7.7"
        assert rebuilt == [], "a field's edit redraws its row, not the table"
        assert shown.display, "undo and redo work from the table, which stays"


async def test_the_selection_survives_a_delete_and_its_undo(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        await open_table(app, pilot)
        await pilot.press("j", "space", "j", "space")  # payments-001 and cart-003
        await pilot.press("t", "j", "j", "d", "y")  # the tree: from the plan down to orders-000, deleted
        await until(
            pilot, lambda: len(app.session.selected_components()) == 2 and app.session.document.dirty, "deleted"
        )
        assert names(app)[:3] == ["payments-001", "catalog-002", "cart-003"]
        assert app.session.selected_components() == [0, 2]
        await pilot.press("ctrl+z")
        await until(pilot, lambda: app.session.selected_components() == [1, 3], "the undo keeps the selection")
        await open_table(app, pilot)
        assert [row_text(app, i)[0] for i in range(5)] == [" ", "\u25cf", " ", "\u25cf", " "]


async def test_an_undo_of_a_delete_from_the_table_puts_every_row_back(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        await pilot.press("j", "j", "d", "y")  # the tree: from the plan down to orders-000, deleted
        await until(pilot, lambda: len(names(app)) == 63, "deleted")
        shown = await open_table(app, pilot)
        assert names_shown(app)[0] == "payments-001"
        await pilot.press("ctrl+z")  # from the table, which shows
        await until(pilot, lambda: len(names(app)) == 64, "undone")
        assert names_shown(app) == names(app)  # every row is its component again: none stale, none missing
        await pilot.press("space")  # the row under the cursor is the component it shows
        assert app.session.selected_components() == [0]
        assert "1 of 64 selected" in str(shown.border_title)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: len(names(app)) == 63, "redone")
        assert names_shown(app) == names(app)


async def test_structure_keys_are_off_in_the_table(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        await open_table(app, pilot)
        before = json.dumps(app.session.document.data)
        await pilot.press("d", "a", "c", "J")
        await pilot.pause()
        assert json.dumps(app.session.document.data) == before
        assert isinstance(app.screen, PlanEditorScreen)


async def test_plan_text_in_a_row_is_never_markup(plan_64: Path) -> None:
    plan = json.loads(plan_64.read_text(encoding="utf-8"))
    plan["components"][0]["version"] = "[bold]1[/bold]\x1b[31m"
    plan_64.write_text(json.dumps(plan), encoding="utf-8")
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        await open_table(app, pilot)
        assert row_text(app, 0)[3] == "[bold]1[/bold]\\x1b[31m"


async def test_a_read_only_view_opens_the_table_and_selects_but_does_not_edit(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64), read_only=True)
    async with editing(app) as pilot:
        shown = await open_table(app, pilot)
        before = json.dumps(app.session.document.data)
        await pilot.press("space", "ctrl+a", "ctrl+z", "d")
        await pilot.pause()
        assert app.session.selected_components() == list(range(64))
        assert "64 of 64 selected" in str(shown.border_title)
        assert json.dumps(app.session.document.data) == before
        await told(pilot, lambda text: "read-only" in text)


async def test_a_filter_typed_in_one_burst_behind_the_slash_reaches_the_filter_box(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app) as pilot:
        await open_table(app, pilot)
        for key, character in [("slash", "/"), *((c, c) for c in "cart-01"), ("enter", "\r")]:
            app.post_message(events.Key(key, character))  # all at once, as keys read together from a slow link
        await until(pilot, lambda: len(names_shown(app)) == 2, "filtered")
        assert names_shown(app) == ["cart-011", "cart-019"]


async def test_t_in_a_field_is_typed_and_the_help_lists_the_table_s_keys(plan_64: Path) -> None:
    app = RelplanApp(Document.load(plan_64))
    async with editing(app, "components.0.version", focus=("components", 0, "version")) as pilot:
        await pilot.press("end", "t")
        await until(pilot, lambda: app.session.document.get(("components", 0, "version")) == "1.0.0t", "typed")
        assert not app.screen.query(ComponentsTable), "t in a field is a character, not the table"
        await pilot.press("ctrl+z", "escape")
        await open_table(app, pilot)
        ids = {binding_id for _keys, _what, binding_id in key_lines(app.screen)}
        assert {"editor.table", "table.select", "table.select_shown", "table.filter", "table.sort"} <= ids
        assert {"table.reverse", "table.clear"} <= ids

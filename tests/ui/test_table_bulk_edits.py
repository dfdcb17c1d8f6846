"""Many components changed in one step, as an operator does it: filter the table to a batch, select its rows, then
`=`, `+` or `p` act on every selected component (or, with none selected, on the row under the table's cursor)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.editor import PlanEditorScreen
from tests.ui.conftest import editing, told, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.components_table import ComponentsTable
from widgets.plan_tree import PlanTree

FIXTURE = Path(__file__).parents[1] / "fixtures" / "plans" / "64-components.json"
BATCH_2 = list(range(1, 64, 4))
"""The components of batch 2 (``seq`` 2) in the 64-component sample: every fourth, from the second."""


@pytest.fixture
def app(tmp_path: Path) -> RelplanApp:
    target = tmp_path / "plan.json"
    shutil.copy(FIXTURE, target)
    return RelplanApp(Document.load(target))


def versions(app: RelplanApp) -> list[object]:
    components = app.session.document.get(("components",))
    assert isinstance(components, list)
    return [component["version"] for component in components]


def version_cells(app: RelplanApp) -> list[str]:
    rows = app.screen.query_one(DataTable)
    return [rows.get_row_at(i)[3].plain for i in range(rows.row_count)]


async def select_batch_2(app: RelplanApp, pilot: Pilot[None]) -> None:
    """``t``, filter to ``seq:2``, select every row shown."""
    await pilot.press("t")
    await until(pilot, lambda: bool(app.screen.query(ComponentsTable)), "the table shows")
    await pilot.press("slash", *"seq:2", "enter", "ctrl+a")
    assert app.session.selected_components() == BATCH_2


async def test_a_batch_selected_in_the_table_gets_a_new_version_in_one_undo_step(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        before = versions(app)
        await select_batch_2(app, pilot)
        await pilot.press("equals_sign", *"version", "tab", *"2.0.0", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the prompt closed")
        after = versions(app)
        assert [after[i] for i in BATCH_2] == ["2.0.0"] * 16
        assert [v for i, v in enumerate(after) if i not in BATCH_2] == [
            v for i, v in enumerate(before) if i not in BATCH_2
        ]
        assert version_cells(app) == ["2.0.0"] * 16  # every row shown follows the edit
        await told(pilot, lambda text: "Set version to" in text and "16 components" in text)

        await pilot.press("ctrl+z")  # from the table, the whole step at once
        assert versions(app) == before
        await until(pilot, lambda: version_cells(app) == [before[i] for i in BATCH_2], "the rows show the undo")
        assert app.session.selected_components() == BATCH_2  # the selection survives the undo
        await pilot.press("ctrl+y")
        assert versions(app) == after


async def test_plus_bumps_every_selected_version_and_undoes_in_one_step(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        before = versions(app)
        await select_batch_2(app, pilot)
        await pilot.press("plus")
        after = versions(app)
        assert [after[i] for i in BATCH_2] == [_bumped(str(before[i])) for i in BATCH_2]
        assert [after[i] for i in range(64) if i not in BATCH_2] == [before[i] for i in range(64) if i not in BATCH_2]
        await pilot.press("ctrl+z")
        assert versions(app) == before


async def test_a_probe_copied_in_the_tree_is_pasted_onto_three_selected_components(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        probe = {"type": "tcp", "delay": 7, "timeout": 2, "port": 9090}
        screen = app.screen
        assert isinstance(screen, PlanEditorScreen)
        screen.show_change(app.session.replace(("components", 0, "startup_probe"), probe))
        tree = app.screen.query_one(PlanTree)
        tree.select_path(("components", 0, "startup_probe"))
        await pilot.pause()
        await pilot.press("y")
        await pilot.press("t")
        await until(pilot, lambda: bool(app.screen.query(ComponentsTable)), "the table shows")
        await pilot.press("down", "space", "space", "space")  # space selects and moves down: rows 1 to 3
        assert app.session.selected_components() == [1, 2, 3]
        others = app.session.document.get(("components", 4, "startup_probe"))
        await pilot.press("p")
        for index in (1, 2, 3):
            assert app.session.document.get(("components", index, "startup_probe")) == probe
        assert app.session.document.get(("components", 4, "startup_probe")) == others
        await told(pilot, lambda text: "Pasted" in text and "3 replaced" in text)
        await pilot.press("ctrl+z")
        assert all(app.session.document.get(("components", i, "startup_probe")) != probe for i in (1, 2, 3))


async def test_with_nothing_selected_a_key_acts_on_the_row_under_the_table_cursor(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        before = versions(app)
        await pilot.press("t")
        await until(pilot, lambda: bool(app.screen.query(ComponentsTable)), "the table shows")
        await pilot.press("down", "down", "plus")
        after = versions(app)
        assert after[2] == _bumped(str(before[2]))
        assert [v for i, v in enumerate(after) if i != 2] == [v for i, v in enumerate(before) if i != 2]


def _bumped(version: str) -> str:
    *head, last = version.split(".")
    return ".".join([*head, str(int(last) + 1)])

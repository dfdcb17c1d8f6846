"""What a person sees at 80x24 in the table of components: the rows, the marks of a selection and its count."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.components_table import ComponentsTable

SnapCompare = Callable[..., bool]

FIXTURE = Path(__file__).parents[1] / "fixtures" / "plans" / "64-components.json"


def test_table_with_a_selection(snap_compare: SnapCompare, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    shutil.copy(FIXTURE, target)

    async def selected(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("t")
        await until(pilot, lambda: bool(pilot.app.screen.query(ComponentsTable)), "the table shows")
        await pilot.press("space", "down", "space", "space", "slash", *"seq:3", "enter", "ctrl+a", "down", "down")
        await until(pilot, lambda: settled(pilot.app), "the screen is settled")
        assert isinstance(pilot.app, RelplanApp)
        assert len(pilot.app.session.selected_components()) == 18
        no_blinking(pilot.app)
        await pilot.pause()

    assert snap_compare(RelplanApp(Document.load(target)), run_before=selected)

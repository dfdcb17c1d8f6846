"""Open the editor on a copy of a sample plan, as `relplan edit FILE` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path
from widgets.field_editor import FieldEditor, FieldRow


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    target = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), target)
    return target


@pytest.fixture
def app(plan_file: Path) -> RelplanApp:
    return RelplanApp(Document.load(plan_file))


async def ready(pilot: Pilot[None], timeout: float = 20.0) -> None:
    """Wait until the editor has loaded the API reference and checked the plan, as a person waits for the form."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    waited = 0.0
    while not app.ready:
        assert waited < timeout, "the editor never became ready"
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()


def focused_row(app: RelplanApp) -> FieldRow | None:
    """The form row whose input has the focus."""
    for row in app.screen.query_one(FieldEditor).rows().values():
        if row.editor.has_focus:
            return row
    return None


async def tab_to(pilot: Pilot[None], path: tuple[str | int, ...], limit: int = 40) -> FieldRow:
    """Press tab until the focus is in the field at ``path``."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    for _ in range(limit):
        row = focused_row(app)
        if row is not None and row.path == path:
            return row
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {path}")


def no_blinking(app: RelplanApp) -> None:
    """Stop cursors blinking, so that screenshots are the same from one run to the next."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False

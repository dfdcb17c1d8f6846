"""What a person sees at 80x24: the editor, a field in error, the issues panel, the JSON node editor."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import find, no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path
from widgets.field_editor import FieldEditor

SnapCompare = Callable[..., bool]


def editor_on(name: str, tmp_path: Path) -> RelplanApp:
    target = tmp_path / name
    shutil.copy(sample_path(name), target)
    return RelplanApp(Document.load(target))


def keys(*pressed: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press(*pressed)
        await until(pilot, lambda: settled(pilot.app), "the screen shows what the keys asked for")
        assert isinstance(pilot.app, RelplanApp)
        no_blinking(pilot.app)
        await pilot.pause()

    return run


@pytest.mark.usefixtures("tmp_path")
def test_plan_open(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(editor_on("small.json", tmp_path), run_before=keys("down", "l", "down"))


def test_field_in_error(snap_compare: SnapCompare, tmp_path: Path) -> None:
    version = ("components", 0, "version")

    async def typing(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await find(pilot, "components.0.version", focus=version)
        await pilot.press("end", "ctrl+u", "1", ".", "0")
        row = pilot.app.screen.query_one(FieldEditor).rows()[version]
        await until(pilot, lambda: "3 or 4 whole numbers" in row.issues_shown, "the error shows after a pause")
        await until(pilot, lambda: settled(pilot.app), "the screen is settled")
        assert isinstance(pilot.app, RelplanApp)
        no_blinking(pilot.app)
        await pilot.pause()

    assert snap_compare(editor_on("small.json", tmp_path), run_before=typing)


def test_issues_panel(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(editor_on("mistakes.json", tmp_path), run_before=keys("f2", "tab", "down", "down"))


def test_json_node_editor(snap_compare: SnapCompare, tmp_path: Path) -> None:
    walk = keys("down", "l", "down", "l", "down", "e", "down", "down", "end", "backspace", "ctrl+s")
    assert snap_compare(editor_on("small.json", tmp_path), run_before=walk)


def test_plan_open_at_60x20(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(editor_on("small.json", tmp_path), run_before=keys("down", "down"), terminal_size=(60, 20))

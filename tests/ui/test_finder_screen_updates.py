"""What opening and closing the finder costs the screens: the finder laid out once for its size and once for what its
widgets ask, the editor under it not at all; a jump from it drawn in the layout's one frame; the key bar of a screen
not in front not read at each move of its focus."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from screens.editor import PlanEditorScreen
from screens.finder import FinderScreen
from tests.ui.conftest import focused_row, no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor, FieldRow
from widgets.key_bar import KeyBar

REPLICA = ("components", 5, "replica")


@dataclass
class Updates:
    """What the screens did while the block ran."""

    layouts: dict[str, int] = field(default_factory=dict)
    """Layouts (a scroll's included), by the screen's class."""
    frames: list[bool] = field(default_factory=list)
    """Each frame drawn: whether it drew the whole screen."""
    keys_read: dict[str, int] = field(default_factory=dict)
    """How often a key bar read its keys, by its screen's class."""


async def quiet(pilot: Pilot[None]) -> None:
    """Wait until the editor has done all it does after start-up: the component's form built, hidden, laid out."""
    app = pilot.app
    await ready(pilot)
    form = app.screen.query_one(FieldEditor)
    await until(pilot, lambda: len(app.screen.query(FieldRow)) > len(form.rows()), "a component's form, built")
    await until(pilot, lambda: settled(app) and form.settled, "the form settled")
    await pilot.pause(0.3)


@contextmanager
def counting(app: RelplanApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Updates]:
    """Count the layouts of every screen, the frames drawn and the reads of every key bar while the block runs."""
    updates = Updates()
    layout, display, offered = Screen._refresh_layout, app._display, KeyBar._offered

    def laid_out(screen: Screen[object], size: Size | None = None, scroll: bool = False) -> None:
        name = type(screen).__name__
        updates.layouts[name] = updates.layouts.get(name, 0) + 1
        layout(screen, size, scroll)

    def displayed(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None and not app._batch_count:
            updates.frames.append(isinstance(renderable, LayoutUpdate))
        display(screen, renderable)

    def read(bar: KeyBar) -> object:
        name = type(bar.screen).__name__
        updates.keys_read[name] = updates.keys_read.get(name, 0) + 1
        return offered(bar)

    with monkeypatch.context() as patch:
        patch.setattr(Screen, "_refresh_layout", laid_out)
        patch.setattr(app, "_display", displayed)
        patch.setattr(KeyBar, "_offered", read)
        yield updates


async def test_opening_the_finder_lays_out_the_finder_once_for_its_size_and_the_editor_under_it_not_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        no_blinking(app)
        with counting(app, monkeypatch) as updates:
            await pilot.press("slash")
            await until(pilot, lambda: isinstance(app.screen, FinderScreen), "the finder opened")
            await pilot.pause(0.3)

        # the editor's size is the one it was laid out at; the finder's, once, then what its widgets ask for
        assert "PlanEditorScreen" not in updates.layouts, f"layouts: {updates.layouts}"
        assert updates.layouts.get("FinderScreen", 0) <= 2, f"layouts: {updates.layouts}"
        assert "PlanEditorScreen" not in updates.keys_read, f"keys read: {updates.keys_read}"  # under the finder's


async def test_a_jump_from_the_finder_is_drawn_in_the_one_frame_of_its_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        path = ".".join(map(str, REPLICA))
        await pilot.press("slash", *path, "enter")  # the first jump: the component's form shown from now on
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == REPLICA, "the field")
        await until(pilot, lambda: settled(app), "the form settled")
        await pilot.press("escape")  # to the tree
        await pilot.pause(0.3)
        await pilot.press("slash", *path)
        await until(pilot, lambda: isinstance(app.screen, FinderScreen) and app.screen.answered == path, "answered")
        no_blinking(app)  # the finder's query: a blink is a frame
        for box in editor.query(Input):
            box.cursor_blink = False  # and the form's fields
        await pilot.pause(0.3)

        with counting(app, monkeypatch) as updates:
            await pilot.press("enter")
            await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == REPLICA, "the field")
            await until(pilot, lambda: settled(app), "the form settled")
            await pilot.pause(0.3)

        assert updates.layouts == {"PlanEditorScreen": 1}, f"layouts: {updates.layouts}"
        assert updates.frames == [True], f"frames, whole or not: {updates.frames}"  # the whole screen, the finder gone
        assert updates.keys_read.get("FinderScreen", 0) == 0, f"keys read: {updates.keys_read}"  # nobody sees them

"""The finder's ``enter`` lands in the field found with as little work as the screen can do: the form shown is one
built while nothing happened, laid out already, so the screen lays it out once, and draws the jump in one frame."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from textual.geometry import Size
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from tests.ui.conftest import focused_row, no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor, FieldRow

REPLICA = ("components", 5, "replica")


@dataclass
class Work:
    """What the screen did during a jump."""

    layouts: int = 0
    """Layouts of the whole screen (a scroll alone places only what shows)."""
    frames: int = 0
    """Frames drawn."""
    first_sized: list[Widget] = field(default_factory=list)
    """Widgets of the form given their first size (each asks for another layout)."""


@contextmanager
def watching(screen: Screen[object], form: FieldEditor, monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    """Count what ``screen`` does while the block runs."""
    work = Work()
    layout, draw, sized = screen._refresh_layout, screen._compositor_refresh, Widget._size_updated

    def laid_out(size: Size | None = None, scroll: bool = False) -> None:
        if not scroll:
            work.layouts += 1
        layout(size, scroll)

    def drawn() -> None:
        work.frames += 1
        draw()

    def size_updated(widget: Widget, size: Size, virtual: Size, container: Size, layout: bool = True) -> bool:
        first = not widget._size and not isinstance(widget, ScrollBar)  # one shown as a text grows is no news
        if first and size and form in widget.ancestors:
            work.first_sized.append(widget)
        return sized(widget, size, virtual, container, layout)

    with monkeypatch.context() as patch:
        patch.setattr(screen, "_refresh_layout", laid_out)
        patch.setattr(screen, "_compositor_refresh", drawn)
        patch.setattr(Widget, "_size_updated", size_updated)
        yield work


async def test_the_finder_jumps_to_a_component_in_one_layout_and_frame_and_typing_goes_into_the_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: len(screen.query(FieldRow)) > len(form.rows()), "a component's form, built")
        await until(pilot, lambda: settled(app) and form.settled, "the form settled")
        await pilot.pause(0.3)  # the component's form laid out, unseen, and put away
        no_blinking(app)  # a cursor's blink is a frame
        await pilot.press("slash", *".".join(map(str, REPLICA)))
        await pilot.pause(0.3)

        with watching(screen, form, monkeypatch) as work:
            await pilot.press("enter")
            await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == REPLICA, "the field")
            await until(pilot, lambda: settled(app), "the form settled")
            await pilot.pause(0.2)
        await pilot.press("ctrl+u", "7")

        assert app.session.document.get(REPLICA) == 7
        assert form.path == REPLICA[:2]
        row = focused_row(app)
        assert row is not None and form.content_region.contains_region(row.editor.region), "the field is out of sight"
        assert work.first_sized == [], "widgets of the form got their first size as it showed: never laid out before"
        assert work.layouts <= 2, f"the screen was laid out {work.layouts} times"
        assert work.frames <= 4, f"the jump took {work.frames} frames"

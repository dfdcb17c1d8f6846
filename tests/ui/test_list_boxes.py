"""A list of strings (or a string map) edited as lines shows every line up to a limit, and scrolls beyond it."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from tests.ui.conftest import find, focused_row, ready
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.lines_box import LINES_SHOWN

COMMAND = ("components", 0, "post_start", "command")


def _visible_lines(area: TextArea) -> range:
    """The document lines the text area shows."""
    top = round(area.scroll_offset.y)
    return range(top, top + area.scrollable_content_region.height)


def _cursor_on_screen(app: RelplanApp, area: TextArea) -> bool:
    """Whether the text area's cursor is inside the form's window, and inside the box's own."""
    form = app.screen.query_one(FieldEditor)
    x, y = area.cursor_screen_offset
    return area.cursor_location[0] in _visible_lines(area) and form.scrollable_content_region.contains(x, y)


@pytest.mark.parametrize("rows", [24, 16])  # at 16 the box outgrows the form's window, which must follow its cursor
async def test_a_list_box_grows_with_its_items_and_scrolls_past_the_limit(rows: int) -> None:
    plan = sample_plan(1)
    assert plan["components"][0]["post_start"]["command"] == ["/bin/sh", "-c", "echo started"]
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, rows)) as pilot:
        await ready(pilot)
        await find(pilot, "components.0.post_start.command", focus=COMMAND)
        row = focused_row(app)
        assert row is not None
        area = row.editor
        assert isinstance(area, TextArea)
        await pilot.pause()
        assert area.scroll_offset.y == 0
        assert len(_visible_lines(area)) >= 3, "the third item is hidden"
        assert row.size.height == area.outer_size.height + 1, "the line under the box is covered"

        items = ["/bin/sh", "-c", "echo started"]
        await pilot.press("down", "down", "end")
        for number in range(LINES_SHOWN + 3):
            item = f"x{number}" + ("-" * 60 if number == 1 else "")  # one wider than the box: a scroll bar shows
            await pilot.press("enter", *item)
            items.append(item)
            await pilot.pause()
            assert app.session.document.get(COMMAND) == items
            assert len(_visible_lines(area)) == min(len(items), LINES_SHOWN)
            assert _cursor_on_screen(app, area), f"the cursor is out of sight at item {len(items)}"
            assert row.size.height == area.outer_size.height + 1
        await pilot.press(*["up"] * len(items))
        await pilot.pause()
        assert _cursor_on_screen(app, area)
        assert area.scroll_offset.y == 0

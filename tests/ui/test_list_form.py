"""A list's form: its items as links, one line each, that the keys go through and open, however long the list."""

from __future__ import annotations

from textual.geometry import Region

from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.item_rows import ItemRows
from widgets.plan_tree import PlanTree


async def _to_components(app: RelplanApp, pilot: object) -> FieldEditor:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await ready(pilot)
    await pilot.press("down")  # the tree's cursor on the components: their form
    form = app.screen.query_one(FieldEditor)
    await until(pilot, lambda: form.path == ("components",) and settled(app), "the components' form")
    return form


async def _tab_to_items(app: RelplanApp, pilot: object) -> ItemRows:
    """Tab from the tree to the list's items (past the form itself, which takes the focus when it scrolls)."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(3):
        await pilot.press("tab")
        if isinstance(app.focused, ItemRows):
            return app.focused
    raise AssertionError(f"tab never reached the items: {app.focused}")


def _cursor_line_shows(form: FieldEditor, items: ItemRows) -> bool:
    """Whether the cursor's line is in the part of the form on the screen (above its help bar)."""
    window = form.scrollable_content_region
    window = Region(window.x, window.y, window.width, window.height - 3)
    return window.contains_region(Region(items.region.x, items.region.y + items.cursor, items.region.width, 1))


async def test_tab_goes_from_item_to_item_and_enter_opens_the_one_under_the_cursor() -> None:
    app = RelplanApp(Document(sample_plan(30)))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _to_components(app, pilot)
        items = await _tab_to_items(app, pilot)
        assert items.item_path == ("components", 0)

        await pilot.press(*["tab"] * 26)
        await pilot.pause()
        assert items.item_path == ("components", 26)
        assert form.scroll_y > 0 and _cursor_line_shows(form, items), "the item under the cursor is not in view"

        await pilot.press("shift+tab", "shift+tab")
        assert items.item_path == ("components", 24)
        await pilot.press("enter")
        await until(pilot, lambda: form.path == ("components", 24) and settled(app), "the item's form")
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 24)


async def test_the_ends_of_the_list_lead_out_of_it_and_back_in_at_the_item_next_to_them() -> None:
    app = RelplanApp(Document(sample_plan(5)))
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_components(app, pilot)
        items = await _tab_to_items(app, pilot)
        await pilot.press("shift+tab")  # before the first item: out of the list, to the form or the tree
        assert isinstance(app.focused, FieldEditor | PlanTree)

        await pilot.press("tab")
        assert app.focused is items and items.item_path == ("components", 0)
        await pilot.press(*["tab"] * 4)
        assert app.focused is items and items.item_path == ("components", 4)
        await pilot.press("tab")  # past the last item: out of the list
        assert app.focused is not items
        await pilot.press("shift+tab")  # and back in, at the last item
        assert app.focused is items and items.item_path == ("components", 4)


async def test_a_thousand_components_are_one_widget_in_the_form() -> None:
    app = RelplanApp(Document(sample_plan(1000)))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _to_components(app, pilot)
        # The form on the screen is the one holding the items. Others are not this one's: the forms kept hidden, and
        # the component's form built after the check, which shows (off the screen) until it has been laid out, at
        # any moment of a slow run.
        body = form.query_one(ItemRows).parent
        assert body is not None and body.display
        assert len(list(body.walk_children())) < 20, "a widget per item"
        items = await _tab_to_items(app, pilot)
        await pilot.press("end")  # scrolls the form, as it did
        assert items.item_path == ("components", 0)
        app.screen.query_one(FieldEditor).focus_field(("components", 998))
        await until(pilot, lambda: items.item_path == ("components", 998) and app.focused is items, "item 998")
        await until(pilot, lambda: _cursor_line_shows(form, items), "item 998 in view")


async def test_opening_a_node_that_makes_the_tree_taller_than_the_screen_gives_it_a_scroll_bar() -> None:
    app = RelplanApp(Document(sample_plan(2)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        assert not tree.show_vertical_scrollbar
        await pilot.press("down", "down", "enter")  # the first component, opened
        await until(pilot, lambda: tree.show_vertical_scrollbar, "the tree's scroll bar")
        await pilot.press("escape", "end")
        await until(pilot, lambda: tree.scroll_y > 0, "the tree scrolled to its end")

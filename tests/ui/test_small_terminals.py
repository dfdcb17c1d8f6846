"""Small terminals: the tree takes a share of the width and leaves the form room; the key bar keeps help and quit."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rich.cells import cell_len
from textual.app import App
from textual.geometry import Size
from textual.widgets import Input, Static

from screens.confirm import ConfirmScreen
from screens.editor import PlanEditorScreen
from screens.finder import FinderScreen
from screens.help import HelpScreen
from screens.json_node import JsonNodeScreen
from screens.picker import PlanPickerScreen
from screens.response import ResponseScreen
from screens.review import ReviewScreen
from screens.save_as import SaveAsScreen
from tests.ui.conftest import find, ready, settled, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.standin import Credentials, Faults, PlanStore, create_app
from tui.target import Target
from widgets.key_bar import KeyBar
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus


@pytest.mark.parametrize(("columns", "tree", "form"), [(80, 32, 48), (60, 24, 36), (52, 16, 36), (120, 48, 72)])
async def test_the_tree_takes_two_fifths_and_the_form_keeps_36_columns(
    plan_file: Path, columns: int, tree: int, form: int
) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(columns, 20)) as pilot:
        await ready(pilot)
        assert app.screen.query_one(PlanTree).region.width == tree
        assert app.screen.query_one("#right").region.width == form


async def test_the_tree_follows_the_terminal_when_it_is_resized(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        assert tree.region.width == 40
        await pilot.resize_terminal(60, 20)
        await until(pilot, lambda: tree.region.width == 24, "the tree laid out for 60 columns")


async def test_the_editor_is_laid_out_again_only_when_the_terminal_changes_size(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        sizes: list[object] = []
        lay_out = screen._refresh_layout

        def counted(size: object = None, scroll: bool = False) -> None:
            sizes.append(size)
            lay_out(size, scroll)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        await pilot.resize_terminal(100, 24)  # the size it has: Textual passes it on all the same
        await pilot.resize_terminal(60, 20)
        tree = screen.query_one(PlanTree)
        await until(pilot, lambda: tree.region.width == 24, "the tree laid out for 60 columns")
        # A resize lays the screen out at its size; a layout for any other reason (a form built after the check,
        # say) at None. The resizes come in order: one to the size the screen has would be laid out before this.
        assert [size for size in sizes if size is not None] == [Size(60, 20)]


async def test_a_narrow_key_bar_drops_other_keys_before_help_and_quit(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = app.screen.query_one(KeyBar)
        wide = bar.render().plain
        assert all(key in wide for key in (" a Add", " d Delete", " e JSON", " ^r Review", " ^q Quit", " f1 Help"))
        for columns in (60, 40, 22, 16):
            await pilot.resize_terminal(columns, 20)
            await until(pilot, lambda columns=columns: bar.size.width == columns, f"the bar laid out at {columns}")
            line = bar.render()
            assert line.cell_len <= columns, "the bar is cut rather than showing every key it can"
            assert " ^q Quit" in line.plain and " f1 Help" in line.plain
            if columns >= 40:
                assert " ^r Review" in line.plain, "review goes after the keys the screen does not rank"
        assert bar.render().plain.strip() == "^q Quit f1 Help"


def sideways(app: App[None]) -> list[str]:
    """The widgets of the screen on top that reach past its right edge or scroll sideways (an input's own text
    aside: a value longer than its field scrolls inside it, as in any text field)."""
    width = app.screen.size.width
    return [
        f"{type(widget).__name__}#{widget.id} at {widget.region}"
        for widget in app.screen.query("*")
        if widget.display
        and widget.region.area
        and not isinstance(widget, Input)
        and (widget.region.right > width or widget.allow_horizontal_scroll or widget.show_horizontal_scrollbar)
    ]


async def test_every_screen_fits_80_columns_without_scrolling_sideways() -> None:
    store = PlanStore.with_samples()
    api = create_app(store, Credentials(token="t"))
    target = Target("https://servicestage.example", "demo", TokenAuth("t"), "", transport=httpx.ASGITransport(app=api))
    app = RelplanApp(target=target)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: len(picker.plans) >= 3, "the plans are listed")
        seen["picker"] = sideways(app)
        await pilot.press(*"2026-11", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
        await ready(pilot)
        await until(pilot, lambda: settled(app), "the form is shown")
        seen["editor"] = sideways(app)
        for name, keys, screen in [
            ("help", ["f1"], HelpScreen),
            ("confirm", ["down", "down", "d"], ConfirmScreen),
            ("finder", ["slash"], FinderScreen),
            ("json", ["e"], JsonNodeScreen),
            ("save as", ["ctrl+s"], SaveAsScreen),
        ]:
            await pilot.press(*keys)
            await until(pilot, lambda screen=screen: isinstance(app.screen, screen), f"the {name} screen opened")
            await pilot.pause()
            seen[name] = sideways(app)
            if screen is HelpScreen:  # its text is cut with an ellipsis, not scrolled: no line may be cut either
                text = app.screen.query_one(Static)
                room = text.content_size.width
                seen["help lines"] = [line for line in str(text.content).splitlines() if cell_len(line) > room]
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "back in the editor")
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!", "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        seen["review"] = sideways(app)
        api.state.faults = Faults(status=500)
        await pilot.press("enter")
        editor = app.editor
        assert editor is not None
        await until(pilot, lambda: editor.query_one(RequestStatus).outcome is not None, "the answer came")
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ResponseScreen), "the response screen opened")
        seen["response"] = sideways(app)
    assert len(seen) == 10 and not any(seen.values()), seen

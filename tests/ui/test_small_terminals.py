"""Small terminals: the tree takes a share of the width and leaves the form room; the key bar keeps help and quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import ready
from tui.app import RelplanApp
from tui.document import Document
from widgets.key_bar import KeyBar
from widgets.plan_tree import PlanTree


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
        assert app.screen.query_one(PlanTree).region.width == 40
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.query_one(PlanTree).region.width == 24


async def test_a_narrow_key_bar_drops_other_keys_before_help_and_quit(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = app.screen.query_one(KeyBar)
        wide = bar.render().plain
        assert all(key in wide for key in (" a Add", " d Delete", " e JSON", " ^r Review", " ^q Quit", " f1 Help"))
        for columns in (60, 40, 22, 16):
            await pilot.resize_terminal(columns, 20)
            await pilot.pause()
            line = bar.render()
            assert line.cell_len <= columns, "the bar is cut rather than showing every key it can"
            assert " ^q Quit" in line.plain and " f1 Help" in line.plain
            if columns >= 40:
                assert " ^r Review" in line.plain, "review goes after the keys the screen does not rank"
        assert bar.render().plain.strip() == "^q Quit f1 Help"

"""The plan tree lays its lines out only when they change: not when the focus comes or goes, nor for a node on the
way to a jump that is open already."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.dom import DOMNode
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree

from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.plan_tree import PlanTree


async def test_each_line_is_measured_as_wide_as_the_tree_draws_it() -> None:
    app = RelplanApp(Document(sample_plan(6)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        version = ("components", 2, "runtime_stack", "version")  # a field of an object in a component: opens it
        await find(pilot, "components.2.runtime_stack.version", focus=version)
        tree = app.screen.query_one(PlanTree)
        nodes = [line.node for line in tree._tree_lines]
        assert any(node.allow_expand and node.is_expanded for node in nodes)
        assert any(node.allow_expand and not node.is_expanded for node in nodes)
        assert any(not node.allow_expand for node in nodes)
        for node in nodes:
            assert tree.get_label_width(node) == Tree.get_label_width(tree, node), node.data


async def test_the_focus_leaving_the_tree_repaints_its_cursor_and_keeps_its_lines() -> None:
    app = RelplanApp(Document(sample_plan(6)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        await pilot.press("down")
        await until(pilot, lambda: tree.cursor_line == 1 and tree.has_focus, "the cursor on the second line")
        lines = tree._tree_lines
        row = tree.cursor_line - tree.scroll_offset.y
        focused = tree.render_line(row)

        await pilot.press("tab")
        await until(pilot, lambda: not tree.has_focus, "the focus left the tree")
        kept = tree._tree_lines is lines
        assert kept, "the tree's lines were laid out again"
        assert tree.render_line(row).text == focused.text
        assert tree.render_line(row) != focused, "the cursor still looks focused"

        await pilot.press("shift+tab")
        await until(pilot, lambda: tree.has_focus, "the focus back in the tree")
        kept = tree._tree_lines is lines
        assert kept
        assert tree.render_line(row) == focused


async def test_the_tree_reads_its_own_style_once_for_all_the_lines_it_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    app = RelplanApp(Document(sample_plan(6)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        reads = 0

        def own(widget: PlanTree) -> Style:
            style: Style = DOMNode.rich_style.__get__(widget)
            return style

        def counted(widget: PlanTree) -> Style:
            nonlocal reads
            reads += widget is tree
            return own(widget)

        styles: list[Style] = []
        draw = tree._render_line

        def drawn(y: int, x1: int, x2: int, style: Style) -> Strip:
            styles.append(style)
            return draw(y, x1, x2, style)

        monkeypatch.setattr(PlanTree, "rich_style", property(counted))
        monkeypatch.setattr(tree, "_render_line", drawn)
        tree._line_cache.clear()
        tree._styles_cache.clear()
        tree.render_lines(Region(0, 0, *tree.size))
        assert reads == 1, "the tree's style was read for each line"
        assert len(styles) == tree.size.height
        assert set(styles) == {own(tree)}


async def test_a_jump_into_an_open_component_keeps_the_tree_lines() -> None:
    app = RelplanApp(Document(sample_plan(6)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.2.version", focus=("components", 2, "version"))
        await pilot.press("escape")
        tree = app.screen.query_one(PlanTree)
        await until(pilot, lambda: tree.has_focus, "the focus in the tree")
        lines = tree._tree_lines
        await find(pilot, "components.2.replica", focus=("components", 2, "replica"))
        kept = tree._tree_lines is lines
        assert kept, "the tree's lines were laid out again"
        assert tree.cursor_path == ("components", 2)


def test_a_label_of_one_line_is_kept_as_it_is_and_of_more_only_its_first() -> None:
    from rich.text import Text

    tree = PlanTree(sample_plan(2))
    label = Text("1 · orders-000")
    assert tree.process_label(label) is label  # not split and copied for every row added
    assert tree.process_label(Text("one\ntwo")).plain == "one"
    assert tree.process_label("[b]markup[/b]").plain == "markup"

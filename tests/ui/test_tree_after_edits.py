"""The tree shows the plan as it is after a list changes length: no ghost rows, no labels that name another item."""

from __future__ import annotations

from textual.widgets.tree import TreeNode

from tests.ui.conftest import ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.outline import node_label
from tui.samples import sample_path, sample_plan
from tui.types import Path
from widgets.field_editor import FieldEditor
from widgets.plan_tree import PlanTree


def _rows(tree: PlanTree) -> list[TreeNode[Path]]:
    components = next(node for node in tree.root.children if node.data == ("components",))
    return list(components.children)


def _agrees(app: RelplanApp) -> list[str]:
    """What is wrong with the component rows: a row for no component, or a label that is not its component's."""
    tree = app.screen.query_one(PlanTree)
    document = app.session.document
    components = document.get(("components",))
    assert isinstance(components, list)
    rows = _rows(tree)
    wrong = [f"{len(rows)} rows for {len(components)} components"] if len(rows) != len(components) else []
    for row in rows:
        path = row.data or ()
        if not document.has(path):
            wrong.append(f"a row for {path}, which is gone")
        elif str(row.label).split(" ✗")[0].split(" !")[0] != node_label(path, document.get(path)):
            wrong.append(f"row {path} reads {str(row.label)!r}")
    return wrong


async def test_deleting_a_component_leaves_no_ghost_row() -> None:
    app = RelplanApp(Document.load(sample_path("small.json")))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down")  # plan, components, 1 · order-api
        tree = app.screen.query_one(PlanTree)
        assert tree.cursor_path == ("components", 0)
        await pilot.press("d", "y")
        await until(pilot, lambda: len(app.session.document.get(("components",))) == 1, "order-api is deleted")
        await pilot.pause()
        assert _agrees(app) == []
        assert [str(row.label) for row in _rows(tree)] == ["2 · web-frontend"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _agrees(app) == []
        assert [str(row.label) for row in _rows(tree)] == ["1 · order-api", "2 · web-frontend"]


async def test_after_a_delete_each_row_opens_the_component_it_names() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        await pilot.press("down", "down", "down", "down")
        assert tree.cursor_path == ("components", 2)
        await pilot.press("d", "y")
        await until(pilot, lambda: len(app.session.document.get(("components",))) == 63, "a component is deleted")
        await pilot.pause()
        assert _agrees(app) == []
        for _ in range(3):
            await pilot.press("down")
        row = tree.cursor_node
        assert row is not None and row.data == ("components", 5)
        await pilot.press("enter")
        form = app.screen.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components", 5), "the form shows the row's component")
        name = app.session.document.get(("components", 5, "name"))
        assert isinstance(name, str) and str(row.label).endswith(name)
        await pilot.press("escape", "c")  # a duplicate makes the list longer again
        await pilot.pause()
        assert _agrees(app) == []

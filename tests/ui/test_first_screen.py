"""The editor opens on the plan's content: its components are rows of the tree at once."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual.screen import Screen

from tests.ui.conftest import ready
from tui.app import RelplanApp
from tui.document import Document
from tui.jsontext import dump_json
from tui.samples import sample_plan
from widgets.plan_tree import PlanTree


def visible_lines(app: RelplanApp) -> list[str]:
    """The tree's lines as the screen shows them, top to bottom."""
    tree = app.screen.query_one(PlanTree)
    top = int(tree.scroll_y)
    return [tree.render_line(y).text for y in range(min(tree.size.height, tree.last_line + 1 - top))]


async def test_a_plan_opens_with_its_components_shown(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        shown = "\n".join(visible_lines(app))
        components = app.session.document.data["components"]
        assert isinstance(components, list)
        first = components[0]
        assert isinstance(first, dict)
        assert f"{first['seq']} · {first['name']}" in shown
        assert f"components ({len(components)})" in shown


async def test_a_thousand_components_open_as_rows_only(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    path.write_text(dump_json(sample_plan(1000)), encoding="utf-8")
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(PlanTree)
        await pilot.pause()
        rows = tree.root.children[[node.data for node in tree.root.children].index(("components",))]
        assert rows.is_expanded and len(rows.children) == 1000
        assert not any(row.is_expanded or row.children for row in rows.children), "a component opened on its own"
        await pilot.press("down", "down", "l", "down")  # a component still opens when asked
        assert tree.cursor_path[:2] == ("components", 0) and len(tree.cursor_path) == 3


async def test_the_editor_is_drawn_once_textual_has_started_not_in_its_start_up_batch(plan_file: Path) -> None:
    # A frame drawn while Textual batches the app's start-up is thrown away, and the screen drawn again after it.
    app = RelplanApp(Document.load(plan_file))
    drawn: list[tuple[str, int]] = []
    display = app._display

    def spy(screen: Screen[object], update: RenderableType | None) -> None:
        if update is not None:
            drawn.append((type(screen).__name__, app._batch_count))
        display(screen, update)

    app._display = spy  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
    editor_frames = [batched for name, batched in drawn if name == "PlanEditorScreen"]
    assert editor_frames, "the editor was drawn"
    assert not any(editor_frames), "an editor frame was drawn inside the start-up batch"

"""What a keystroke in a field costs the screen: one frame that shows all it changed, and no repaint elsewhere.

Frames are counted as :mod:`tests.ui.frames` counts them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widget import Widget

from tests.ui.conftest import editing, focused_row, no_blinking, settled, until
from tests.ui.frames import Frames
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import BranchRow, FieldEditor, FieldRow, UnsetRow
from widgets.issues_panel import IssuesPanel
from widgets.key_bar import KeyBar
from widgets.plan_tree import PlanTree

REPLICA = ("components", 1, "replica")


@pytest.fixture
def app() -> RelplanApp:
    """The editor on a sample plan of eight components."""
    return RelplanApp(Document(sample_plan(8)))


async def test_a_fix_typed_shows_in_the_tree_the_field_and_the_issues_in_the_frame_that_echoes_the_key(
    app: RelplanApp,
) -> None:
    async with editing(app, "components.1.replica", focus=REPLICA) as pilot:
        row = focused_row(app)
        assert row is not None
        no_blinking(app)
        await pilot.press("end", "x", "tab", "shift+tab")  # leaving the field shows its new error
        await until(pilot, lambda: row.issues_shown != "" and settled(app), "the error shown")
        screen = app.screen
        frames = Frames(
            app,
            {
                "input": row.editor,
                "row": row,
                "tree": screen.query_one(PlanTree),
                "issues": screen.query_one(IssuesPanel),
            },
        )
        tree = screen.query_one(PlanTree)
        assert "✗" in str(tree.root.label)
        value = app.session.document.get(REPLICA)

        await pilot.press("backspace")
        await until(pilot, lambda: row.issues_shown == "" and settled(app), "the fix shown")
        await pilot.pause()  # every frame the key caused is drawn

        assert app.session.document.get(REPLICA) == int(value[:-1]) and row.issues_shown == ""
        echo = next(frame for frame in frames.frames if value not in "".join(frame["input"].values()))
        last = frames.frames[-1]
        assert "✗" not in "".join(last["tree"].values())  # the marks went with the error
        assert echo == last, "the key's echo came a frame before what it changed"


async def test_a_keystroke_lays_nothing_out_and_repaints_no_other_row(app: RelplanApp) -> None:
    async with editing(app, "components.1.replica", focus=REPLICA) as pilot:
        typed_in = focused_row(app)
        value = app.session.document.get(REPLICA)
        screen = app.screen
        form = screen.query_one(FieldEditor)
        tree = screen.query_one(PlanTree)
        await pilot.pause()
        others: list[Widget] = [
            row for row in form.query("*") if isinstance(row, BranchRow | UnsetRow | FieldRow) and row is not typed_in
        ]
        others += [screen.query_one(KeyBar), tree.vertical_scrollbar, form.vertical_scrollbar]
        assert any(isinstance(row, BranchRow) for row in others) and any(isinstance(row, FieldRow) for row in others)
        repainted: list[str] = []
        for widget in others:
            widget.render = _counting(widget, repainted)  # type: ignore[method-assign]
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append, immediate=True)

        await pilot.press("end", *"12", "x", "backspace", "backspace", "backspace")
        await until(pilot, lambda: settled(app), "the pause after typing")
        await pilot.pause(0.1)

        assert app.session.document.get(REPLICA) == value
        assert layouts == []
        assert repainted == []


def _counting(widget: Widget, repainted: list[str]) -> Callable[[], object]:
    render = widget.render

    def counted() -> object:
        repainted.append(type(widget).__name__)
        return render()

    return counted

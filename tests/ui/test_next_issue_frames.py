"""``n`` from the tree to the next issue's field: one frame shows the whole jump, and keys typed behind it reach it.

The tree's cursor on the new node, the form at the field with its new values, the field's help and the issues
panel's highlight all change in the frame the jump draws first; no later frame changes any of them again (the
tree scrolled once, the form scrolled once). Frames are counted as :mod:`tests.ui.frames` counts them.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from screens.editor import PlanEditorScreen
from tests.ui.conftest import find, focused_row, no_blinking, ready, settled, until
from tests.ui.frames import Frames
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.issues_panel import IssuesPanel
from widgets.item_rows import ItemRows
from widgets.plan_tree import PlanTree

COMPONENTS = 40
AT = 30
"""The component with the issue: far enough down that the tree scrolls to it."""
REPLICA = ("components", AT, "replica")
"""The field with the issue: below the form's first screen, so that the form scrolls to it."""


def _plan() -> dict[str, object]:
    plan = sample_plan(COMPONENTS)
    plan["components"][AT]["replica"] = "45x"  # type: ignore[index]
    return plan  # type: ignore[return-value]


async def test_n_draws_the_tree_the_form_its_help_and_the_panel_in_one_frame() -> None:
    app = RelplanApp(Document(_plan()))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, f"components.{AT - 1}")  # the component before: its form shown, the tree's cursor on it
        screen = app.screen
        tree = screen.query_one(PlanTree)
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: settled(app) and screen.focused is tree, "the tree on the component before")
        assert form.path == ("components", AT - 1)
        no_blinking(app)
        await pilot.pause(0.1)
        watched: dict[str, Widget] = {"tree": tree, "issues": screen.query_one(IssuesPanel)}
        watched |= {f"form {index}": widget for index, widget in enumerate(form.query("*"))}
        frames = Frames(app, watched)

        await pilot.press("n")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == REPLICA, "the field focused")
        await until(pilot, lambda: settled(app), "the jump settled")
        await pilot.pause(0.2)

        assert tree.cursor_path == ("components", AT)
        assert form.path == ("components", AT)
        row = focused_row(app)
        assert row is not None and form.region.contains_region(row.region), "the field is on the screen"
        changing = frames.changing()
        assert changing, "the jump drew nothing"
        first = changing[0]
        shows = "".join(text for name, lines in first.items() if name.startswith("form") for text in lines.values())
        assert "45x" in shows and "Number of instances" in shows, "the first frame lacks the field or its help"
        assert len(changing) == 1, f"the jump took {len(changing)} frames that changed what the screen shows"


async def test_keys_typed_right_behind_n_reach_the_field() -> None:
    app = RelplanApp(Document(_plan()))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, f"components.{AT - 1}")
        await until(pilot, lambda: settled(app), "the form settled")

        await pilot.press("n", "7", "N")  # N: the previous issue, which is the same one (the plan has one)
        await until(pilot, lambda: settled(app), "the jump settled")

        assert app.session.document.get(REPLICA) == "45x7N"
        row = focused_row(app)
        assert row is not None and row.path == REPLICA


async def test_the_first_jump_to_a_list_reads_no_styles() -> None:
    """The styles of a list's form are read while the editor waits for keys, not by the first jump to a list."""
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        stylesheet = app.stylesheet
        await until(pilot, lambda: any("ItemRows" in str(where) for where in stylesheet.source), "the styles read")
        await until(pilot, lambda: settled(app), "the form settled")
        parse = stylesheet.parse
        parsed: list[None] = []

        def counted() -> None:
            parsed.append(None)
            parse()

        stylesheet.parse = counted  # type: ignore[method-assign]

        screen = app.screen
        assert isinstance(screen, PlanEditorScreen)
        screen.go_to(("components",))  # as ``n`` to an issue of the list does
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components",) and settled(app), "the list's form")

        assert any(isinstance(widget, ItemRows) for widget in form.query("*"))
        assert parsed == [], "the first list's form read the styles again"


async def test_a_jump_to_a_list_draws_the_tree_with_the_new_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree's cursor moves in the frame that shows the list's form, not frames before it (the form is mounted
    hidden, then swapped in: nothing is drawn in between)."""
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.3")
        screen = app.screen
        assert isinstance(screen, PlanEditorScreen)
        tree = screen.query_one(PlanTree)
        await until(pilot, lambda: settled(app) and screen.focused is tree, "the tree on a component")
        frames = Frames(app, {"tree": tree})
        first_list_frame: list[int] = []
        render_lines = ItemRows.render_lines

        def drawn(rows: ItemRows, crop: Region) -> list[Strip]:
            if not first_list_frame:
                first_list_frame.append(len(frames.frames))
            return render_lines(rows, crop)

        monkeypatch.setattr(ItemRows, "render_lines", drawn)

        screen.go_to(("components",))
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components",) and settled(app), "the list's form")
        await pilot.pause(0.2)

        assert tree.cursor_path == ("components",)
        before = frames.frames.index(frames.changing()[0])  # the first frame that moved the tree's cursor
        assert first_list_frame == [before], "the tree's cursor moved in a frame before the list's form showed"

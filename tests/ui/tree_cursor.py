"""The editor on the sample plan with the tree's cursor on the first component, its form shown: where a step of the
cursor (``j``) starts, for the test of what a step redraws and for the benchmark of what it costs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from textual.pilot import Pilot

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.plan_tree import PlanTree


@dataclass
class TreeCursor:
    """The running editor, its tree and its form."""

    app: RelplanApp
    pilot: Pilot[None]
    editor: PlanEditorScreen
    tree: PlanTree
    form: FieldEditor

    def rested(self) -> bool:
        """Whether the form shows the node under the tree's cursor, and the editor shows all it holds back."""
        return settled(self.app) and self.form.path == self.tree.cursor_path


@asynccontextmanager
async def on_the_first_component(size: int) -> AsyncIterator[TreeCursor]:
    """The editor on ``sample_plan(size)`` at 80x24, the tree focused, its cursor on the first component at rest."""
    app = RelplanApp(Document(sample_plan(size)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        walk = TreeCursor(app, pilot, editor, editor.query_one(PlanTree), editor.query_one(FieldEditor))
        walk.tree.focus()
        while walk.tree.cursor_path != ("components", 0):
            await pilot.press("j")
        await until(pilot, lambda: walk.rested() and walk.form.path == ("components", 0), "the first component's form")
        yield walk

"""A bulk edit repaints each row of the tree once: a version set in 64 components relabels the plan's root and the
components' row once each, not once for every component below them."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.widgets.tree import TreeNode

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from tui.types import Path
from widgets.plan_tree import PlanTree

SIZE = 64


async def test_a_bulk_set_relabels_each_row_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = RelplanApp(Document(sample_plan(SIZE)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        await pilot.press("down", "l", "down")
        await until(pilot, lambda: settled(app), "the form is shown")
        relabelled: Counter[Path] = Counter()
        real = PlanTree._relabel

        def counting(self: PlanTree, node: TreeNode[Path]) -> None:
            relabelled[node.data or ()] += 1
            real(self, node)

        monkeypatch.setattr(PlanTree, "_relabel", counting)
        editor.show_bulk(app.session.set_field(range(SIZE), "version", "9.9.9"))
        await pilot.pause()
        assert relabelled[()] == 1 and relabelled[("components",)] == 1
        assert max(relabelled.values()) == 1
        assert all(("components", index) in relabelled for index in range(SIZE))

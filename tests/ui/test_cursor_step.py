"""A step of the tree's cursor fills the form already built with the next component's values: a row whose issues
and name stay as they are is not drawn again (its input draws its new value), and every value shown is the new one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import settled, until
from tests.ui.tree_cursor import on_the_first_component
from widgets.field_row import FieldInput, FieldRow


async def test_a_step_redraws_no_row_that_shows_the_same_name_and_issues(monkeypatch: pytest.MonkeyPatch) -> None:
    async with on_the_first_component(64) as walk:
        app, pilot, form = walk.app, walk.pilot, walk.form
        assert not walk.editor.session.issues
        redrawn: list[FieldRow] = []
        real = FieldRow.refresh

        def counting(self: FieldRow, *args: Any, **kwargs: Any) -> Any:
            redrawn.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(FieldRow, "refresh", counting)
        await pilot.press("j")
        await until(pilot, lambda: settled(app) and form.path == ("components", 1), "the next component's form")
        assert redrawn == []
        rows = form.rows()
        name = rows[("components", 1, "name")].editor
        assert isinstance(name, FieldInput)
        assert name.value == app.session.document.get(("components", 1, "name"))


async def test_a_step_redraws_no_branch_that_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from widgets.branch_row import BranchRow

    async with on_the_first_component(64) as walk:
        app, pilot, form = walk.app, walk.pilot, walk.form
        before = {row.path[-1]: str(row.render()) for row in form.query(BranchRow) if row.path[:2] == form.path}
        assert before
        redrawn: list[BranchRow] = []
        real = BranchRow.refresh

        def counting(self: BranchRow, *args: Any, **kwargs: Any) -> Any:
            redrawn.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(BranchRow, "refresh", counting)
        await pilot.press("j")
        await until(pilot, lambda: settled(app) and form.path == ("components", 1), "the next component's form")
        after = {row.path[-1]: str(row.render()) for row in form.query(BranchRow) if row.path[:2] == form.path}
        assert after.keys() == before.keys()  # the same rows, showing the next component
        changed = {key for key, text in after.items() if before.get(key) != text}
        assert {row.path[-1] for row in redrawn} == changed

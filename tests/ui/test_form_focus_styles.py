"""The form gaining and losing the focus (``tab`` from the tree, ``escape`` back) restyles the form alone, not every
widget inside it: no style of what it holds depends on the form's own focus."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor, FieldRow
from widgets.plan_tree import PlanTree


async def test_tab_and_escape_between_the_tree_and_the_form_restyle_neither_the_form_rows_nor_their_inputs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    restyled: list[DOMNode] = []
    update_nodes = Stylesheet.update_nodes

    def counting(stylesheet: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.extend(nodes)
        update_nodes(stylesheet, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    app = RelplanApp(Document(sample_plan(4)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down")  # a component: a form of a hundred widgets and more
        form = app.screen.query_one(FieldEditor)
        await until(pilot, lambda: settled(app) and len(form.query(FieldRow)) > 10, "the component's form")
        inside = set(form.walk_children())
        assert len(inside) > 100
        for key, focused in (("tab", FieldEditor), ("escape", PlanTree), ("tab", FieldEditor), ("escape", PlanTree)):
            restyled.clear()
            await pilot.press(key)
            await until(pilot, lambda: isinstance(app.focused, focused) and settled(app), f"{key} done")  # noqa: B023
            assert not inside.intersection(restyled), key
            assert form in restyled, key  # its own look may follow its focus

"""An item added with ``a`` holds empty fields where a person must fill something in, and each is reported."""

from __future__ import annotations

from tests.ui.conftest import ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from tui.types import Severity
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree


async def test_a_label_added_with_a_reports_its_empty_key() -> None:
    labels = ("components", 0, "labels")
    app = RelplanApp(Document(sample_plan(2)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.session.issues == []
        await pilot.press("slash", *"components.0.labels", "enter")
        tree = app.screen.query_one(PlanTree)
        await until(pilot, lambda: tree.cursor_path == labels and tree.has_focus, "the tree is on the labels")
        await pilot.press("a")
        await until(pilot, lambda: len(app.session.document.get(labels)) == 3, "a label is added")
        assert app.session.document.get((*labels, 2)) == {"key": "", "value": ""}
        key = (*labels, 2, "key")
        assert [(issue.path, issue.severity) for issue in app.session.issues] == [(key, Severity.ERROR)]
        panel = app.screen.query_one(IssuesPanel)
        await until(pilot, lambda: [issue.path for issue in panel.issues] == [key], "the issues panel names it")
        await until(pilot, lambda: tree.cursor_path == (*labels, 2), "the cursor is on the new label")
        await pilot.press("enter", *"app2")  # enter puts the focus in the new label's first field, its key
        assert app.session.document.get(key) == "app2"
        await until(pilot, lambda: app.session.issues == [], "the key, typed in, is no longer an issue")

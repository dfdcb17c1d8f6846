"""The form is drawn before the plan has been checked; the check's issues then show without a key."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.text import Text

from tests.ui.conftest import focused_row, tab_to, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path
from widgets.field_editor import FieldEditor
from widgets.field_row import FieldRow
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree


class HeldCheck:
    """The app's check of the plan, held in its thread until :meth:`go_on`."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self._may = threading.Event()

    def go_on(self) -> None:
        self._may.set()

    def hold(self, load: Callable[..., None]) -> Callable[..., None]:
        def held(app: RelplanApp, *args: object) -> None:
            self.started.set()
            assert self._may.wait(20)
            load(app, *args)

        return held


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldCheck]:
    """The check waits until the test lets it go on (and goes on at the test's end, whatever happened)."""
    held = HeldCheck()
    monkeypatch.setattr(RelplanApp, "_load_reference", held.hold(RelplanApp._load_reference))
    yield held
    held.go_on()


async def test_the_form_shows_before_the_check_and_its_issues_come_after(tmp_path: Path, check: HeldCheck) -> None:
    path = tmp_path / "mistakes.json"
    shutil.copy(sample_path("mistakes.json"), path)
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen.query_one(FieldEditor)
        await until(pilot, lambda: form.shown and bool(form.rows()), "the form of the plan is shown")
        await until(pilot, check.started.is_set, "the check has started")
        assert not app.ready
        assert app.screen.query_one(IssuesPanel).issues == []
        check.go_on()
        await until(pilot, lambda: app.ready, "the plan has been checked")
        await until(pilot, lambda: bool(app.screen.query_one(IssuesPanel).issues), "the issues are shown, no key")
        assert app.screen.query_one(IssuesPanel).issues == app.session.issues


async def test_what_is_typed_before_the_check_lands_is_checked_with_the_plan(tmp_path: Path, check: HeldCheck) -> None:
    path = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), path)
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen.query_one(FieldEditor)
        await until(pilot, lambda: bool(form.rows()), "the form of the plan is shown")
        await tab_to(pilot, ("name",))
        await pilot.press("ctrl+u")  # the plan's name cleared before the check: an error once it lands
        await until(pilot, lambda: app.session.document.get(("name",)) == "", "the name is cleared")
        assert not app.ready
        check.go_on()
        await until(pilot, lambda: app.ready, "the plan has been checked")
        from tui.validation import validate

        assert app.session.issues == validate(app.session.document.data)
        assert any(issue.path == ("name",) for issue in app.session.issues)


async def test_the_check_and_the_draft_start_after_the_frame_that_shows_the_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), path)
    drawn: list[str] = []
    started: list[list[str]] = []
    render, start = FieldRow.render, RelplanApp._start_checking

    def render_row(row: FieldRow) -> Text:
        drawn.append(row.spec.name)
        return render(row)

    def start_checking(app: RelplanApp) -> None:
        started.append(list(drawn))
        start(app)

    monkeypatch.setattr(FieldRow, "render", render_row)
    monkeypatch.setattr(RelplanApp, "_start_checking", start_checking)
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(started), "the check has started")
        assert "name" in started[0], "the form's rows were drawn before the check and the draft's look-up began"


async def test_keys_that_need_the_check_wait_for_it_in_order_and_none_is_lost(tmp_path: Path, check: HeldCheck) -> None:
    """``/desc`` typed on the tree before the check: no ``d`` deletes, no ``e`` opens JSON; the finder opens once the
    check lands, with ``desc`` in it, and ``enter`` goes to the field."""
    path = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), path)
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        editor = app.screen
        await until(pilot, lambda: bool(editor.query_one(FieldEditor).rows()), "the form of the plan is shown")
        before = app.session.document.data
        await pilot.press("down", "slash", *"desc", "enter")
        await pilot.pause()
        assert not app.ready and app.screen is editor, "a key that needs the check ran before it"
        assert app.session.document.data == before
        check.go_on()
        await until(pilot, lambda: app.ready, "the plan has been checked")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == ("desc",), "focus in desc")
        assert app.screen is editor and app.session.document.data == before


async def test_a_key_that_needs_no_check_is_not_held_before_the_check(tmp_path: Path, check: HeldCheck) -> None:
    path = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), path)
    app = RelplanApp(Document.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        tree = app.screen.query_one(PlanTree)
        await until(pilot, lambda: bool(app.screen.query_one(FieldEditor).rows()), "the form of the plan is shown")
        line = tree.cursor_line
        await pilot.press("down")
        await until(pilot, lambda: tree.cursor_line == line + 1, "the cursor moved before the check")
        assert not app.ready
        check.go_on()

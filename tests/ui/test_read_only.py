"""``relplan view``: the editor with every key that would edit refused, and saying so once; the rest works."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events

from screens.editor import PlanEditorScreen
from screens.help import HelpScreen
from screens.read_only import READ_ONLY_SAID, ReadOnly
from tests.ui.conftest import find, focused_row, ready, said, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree

EDIT_KEYS_IN_THE_TREE = ["a", "d", "c", "K", "J", "e", "E", "ctrl+z", "ctrl+y", "ctrl+s"]
"""add, delete, duplicate, move up and down, JSON, $EDITOR, undo, redo, save."""


def read_only_app(plan_file: Path) -> RelplanApp:
    return RelplanApp(Document.load(plan_file), read_only=True)


async def test_every_edit_key_is_refused_and_said_once(plan_file: Path) -> None:
    app = read_only_app(plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        assert "read-only" in str(editor.sub_title)
        before = json.dumps(app.session.document.data)
        told: list[str] = []

        def tell(text: str) -> None:
            told.append(text)
            editor.notify(text, severity="warning", markup=False)

        # the notice counted as it is said, on a clock that stands still: what is said must not hang on how fast
        # the keys go (a notice expires, and is said again after a while)
        editor.refusals = ReadOnly(tell, clock=lambda: 0.0)
        editor.query_one(PlanTree).select_path(("components", 0))
        await pilot.pause()
        for key in EDIT_KEYS_IN_THE_TREE:
            await pilot.press(key)
            assert app.screen is editor, f"{key} opened {app.screen}"
        assert editor.refusals.refused == len(EDIT_KEYS_IN_THE_TREE)

        await find(pilot, "components.0.replica", focus=("components", 0, "replica"))
        row = focused_row(app)
        assert row is not None
        shown = row.editor.value  # type: ignore[union-attr]
        await pilot.press("end", "x", "backspace", "delete", "ctrl+u", "ctrl+v")
        app.post_message(events.Paste("42"))
        await pilot.pause()
        assert row.editor.value == shown  # type: ignore[union-attr]
        assert editor.refusals.refused == len(EDIT_KEYS_IN_THE_TREE) + 6

        await pilot.press("escape")  # out of the field, as to find anything
        await find(pilot, "fail_strategy", focus=("fail_strategy",))
        await pilot.press("enter", "up", "enter")  # would open the choice's list and choose another
        await pilot.pause()
        assert editor.refusals.refused == len(EDIT_KEYS_IN_THE_TREE) + 6 + 3
        assert json.dumps(app.session.document.data) == before
        assert not app.session.document.dirty
        assert told == [READ_ONLY_SAID]


async def test_navigation_the_finder_and_help_work(plan_file: Path) -> None:
    app = read_only_app(plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        tree = editor.query_one(PlanTree)
        await pilot.press("down", "l", "down")
        assert tree.cursor_path == ("components", 0)
        await find(pilot, "components.1.version", focus=("components", 1, "version"))
        await pilot.press("tab", "shift+tab", "left", "right", "escape")
        await until(pilot, lambda: tree.has_focus, "back in the tree")
        editor.query_one(IssuesPanel).focus()
        await pilot.press("down", "j", "up", "k")  # the panel's own keys, though the screen's "move" is an edit
        editor.query_one(PlanTree).focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is editor
        assert editor.refusals.refused == 0
        assert READ_ONLY_SAID not in said(app)


async def test_an_editable_app_is_not_read_only(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        assert "read-only" not in str(editor.sub_title)
        await find(pilot, "components.0.replica", focus=("components", 0, "replica"))
        await pilot.press("end", "1")
        assert app.session.document.get(("components", 0, "replica")) == 31

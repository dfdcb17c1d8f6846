"""``E``: a node edited in the person's own editor, here a small script set as ``EDITOR``, as a person does it."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, told, until
from tui.app import RelplanApp
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus

SCRIPT = """\
import json, pathlib, sys

file = pathlib.Path(sys.argv[-1])
log = pathlib.Path(sys.argv[1])
runs = log.read_text().count("\\x00") if log.exists() else 0
text = file.read_text()
with log.open("a") as stream:
    stream.write(text + "\\x00")
plan = sys.argv[2].split(",")[runs]
if plan == "quit":
    sys.exit(0)
if plan == "bad":
    file.write_text('{"version": "9.9.9",\\n')
    sys.exit(0)
def parsed(text):
    return json.loads("\\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
try:
    value = parsed(text)
except ValueError:  # the broken text came back: start again from the first
    value = parsed(log.read_text().split("\\x00")[0])
value["version"] = plan
file.write_text(json.dumps(value, indent=2))
"""
"""An editor: at its n-th run it does the n-th of its plans (``quit``, ``bad`` JSON, or a version to set), and
logs the text it was given."""


@pytest.fixture
def editor_log(tmp_path: Path) -> Path:
    script = tmp_path / "editor.py"
    script.write_text(SCRIPT)
    return tmp_path / "seen.log"


def set_editor(monkeypatch: pytest.MonkeyPatch, log: Path, *plans: str) -> None:
    script = log.parent / "editor.py"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script), str(log), ",".join(plans)]))


def seen(log: Path) -> list[str]:
    return log.read_text().split("\x00")[:-1]


def run_in_place(argv: Sequence[str]) -> int:
    """The editor run as the App's would be, minus handing over the terminal (a headless app has none)."""
    return subprocess.run(list(argv), check=False, stdin=subprocess.DEVNULL).returncode


async def on_first_component(app: RelplanApp) -> PlanEditorScreen:
    """Put the tree's cursor on the first component, with the editor run in place."""
    editor = app.screen
    assert isinstance(editor, PlanEditorScreen)
    editor.run_outside = run_in_place
    tree = editor.query_one(PlanTree)
    tree.select_path(("components", 0))
    return editor


async def test_an_edit_in_the_editor_is_applied_as_one_undo_step(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "3.5.0")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await on_first_component(app)
        await pilot.pause()
        await pilot.press("E")
        await told(pilot, lambda note: "applied from the editor" in note)  # said once the edit is applied
        assert app.session.document.get(("components", 0, "version")) == "3.5.0"
        assert len(seen(editor_log)) == 1
        await pilot.press("ctrl+z")
        await until(pilot, lambda: app.session.document.get(("components", 0, "version")) == "3.4.1", "undone")
        assert not app.session.document.dirty


async def test_bad_json_reopens_with_the_error_on_top_then_the_fix_applies(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "bad", "3.6.0")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await on_first_component(app)
        await pilot.pause()
        await pilot.press("E")
        await told(pilot, lambda note: "applied from the editor" in note)
        first, second = seen(editor_log)
        assert not first.splitlines()[2].startswith("#")  # the first time, only the short note on top
        head = [line for line in second.splitlines() if line.startswith("#")]
        assert "# The text was not applied:" in head
        assert any("line 7, column 1" in line for line in head)  # the line after the text, in the file as reopened
        assert '{"version": "9.9.9",' in second
        assert app.session.document.get(("components", 0, "version")) == "3.6.0"


async def test_a_new_error_reopens_the_editor(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "", "3.7.0")  # an empty version: an error the plan did not have
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        errors_before = [issue for issue in app.session.issues if issue.severity == "error"]
        await on_first_component(app)
        await pilot.pause()
        await pilot.press("E")
        await told(pilot, lambda note: "applied from the editor" in note)
        second = seen(editor_log)[1]
        assert "# The text was not applied:" in second
        assert "error at components.0.version" in second
        assert app.session.document.get(("components", 0, "version")) == "3.7.0"
        assert [issue for issue in app.session.issues if issue.severity == "error"] == errors_before


async def test_quitting_the_editor_without_saving_changes_nothing_and_says_so(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "quit")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        before = json.dumps(app.session.document.data)
        await on_first_component(app)
        await pilot.pause()
        await pilot.press("E")
        await told(pilot, lambda note: "quit without saving a change: nothing changed" in note)
        assert json.dumps(app.session.document.data) == before
        assert not app.session.document.dirty
        await pilot.press("ctrl+z")
        await told(pilot, lambda note: note == "Nothing to undo.")


async def test_without_a_terminal_to_hand_over_it_says_so(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "3.5.0")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        before = json.dumps(app.session.document.data)
        await pilot.press("E")  # the App's own runner: a headless app cannot be suspended
        await told(pilot, lambda note: "cannot be handed over to an editor" in note)
        assert json.dumps(app.session.document.data) == before
        assert not editor_log.exists()


async def test_while_an_update_is_on_its_way_the_editor_waits(
    app: RelplanApp, editor_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_editor(monkeypatch, editor_log, "3.5.0")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = await on_first_component(app)
        editor.query_one(RequestStatus).sending("PUT", "http://127.0.0.1:1/plan", 0.5)
        await pilot.pause()
        await pilot.press("E")
        await told(pilot, lambda note: "E waits for its answer" in note)
        assert not editor_log.exists()
        assert app.session.document.get(("components", 0, "version")) == "3.4.1"

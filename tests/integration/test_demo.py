"""``relplan demo`` keeps its drafts in a temporary folder of its own: the person's data folder is never touched."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from screens.confirm import ConfirmScreen
from screens.editor import PlanEditorScreen
from screens.picker import PlanPickerScreen
from tests.integration.pty_editor import PtyEditor, wait_until
from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.demo import NOTE, demo
from tui.drafts import drafts_dir

END, CTRL_Q = "\x1b[F", "\x11"


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


async def test_a_demo_edit_writes_its_draft_in_the_demo_s_folder_only(
    private_folders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = private_folders / "data"  # the data folder every test has of its own (tests/conftest.py)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with demo() as run:
        app = RelplanApp(run.document, title=run.title, target=run.target)
        async with app.run_test(size=(80, 24)) as pilot:
            picker = app.screen
            assert isinstance(picker, PlanPickerScreen)
            assert picker.title == NOTE  # the first screen says where its drafts go
            await until(pilot, lambda: len(picker.plans) >= 3, "the sample plans are listed")
            await pilot.press(*"2026-11", "enter")
            await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
            await ready(pilot)
            await find(pilot, "desc", focus=("desc",))
            await pilot.press("end", "!")
            await until(pilot, lambda: bool(list((run.folder / "drafts").glob("*.json"))), "the draft is written")
            assert app.screen.sub_title == NOTE
            assert files_under(real) == []
            await pilot.press("ctrl+q")  # the question says what a quit loses: here, the edit with the demo
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "quitting asks")
            asked = app.screen.question
            assert "The demo's drafts end with it: they will be lost." in asked
            assert "offered when you open the plan again" not in asked
    assert run.folder.parent == tmp_path
    assert not run.folder.exists(), "the demo's folder outlived it"
    assert files_under(real) == []
    assert not drafts_dir().is_relative_to(run.folder), "the data folder is the real one again"


@pytest.fixture
def temporary(tmp_path: Path) -> Path:
    """The temporary folder the demo's process is given (``TMPDIR``), to see what it makes there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


@pytest.fixture
def terminal(private_folders: Path, temporary: Path) -> Iterator[PtyEditor]:
    started = PtyEditor(["demo"], private_folders, env={"TMPDIR": str(temporary)})
    yield started
    started.close()


def test_relplan_demo_says_so_and_leaves_no_file_behind(
    terminal: PtyEditor, private_folders: Path, temporary: Path
) -> None:
    at = terminal.wait_for(NOTE)
    at = terminal.wait_for("enter opens the highlighted one", after=at)
    terminal.type(*"2026-11", "\r")
    # the form is there: the editor takes keys; / waits for the plan's check if it has not landed yet
    at = terminal.wait_for("Release task name.", after=at)
    at = terminal.find("desc", "Description. (text)")  # the help bar names the field: the jump has landed
    terminal.type(END, "!", "!")
    at = terminal.wait_for("!!", after=at)  # the edit has landed in the field: its draft is due
    wait_until(lambda: bool(list(temporary.glob("relplan-demo-*/drafts/*.json"))), "the demo wrote its draft")
    terminal.type(CTRL_Q)
    terminal.wait_for("Quit?", after=at)
    terminal.type("y")
    assert terminal.exit_status() == 0
    assert list(temporary.iterdir()) == [], "the demo's folder outlived it"
    assert files_under(private_folders / "data") == []

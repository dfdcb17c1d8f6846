"""Drafts through the editor: written as you type, removed on save, offered when the plan opens again."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import editing, find, offered, ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.drafts import draft_key, encode_draft, read_draft, write_draft
from tui.types import JSON

DESC = ("desc",)


async def test_typing_writes_a_draft_and_saving_removes_it(app: RelplanApp, plan_file: Path) -> None:
    key = draft_key(path=plan_file)
    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!")
        await until(pilot, lambda: read_draft(key) is not None, "a draft was written")
        draft = read_draft(key)
        assert draft is not None
        assert str(draft.plan["desc"]).endswith("!")
        assert draft.baseline == Document.load(plan_file).data
        await pilot.press("ctrl+s")
        await until(pilot, lambda: read_draft(key) is None, "saving removed the draft")


async def test_typing_writes_the_plan_once_and_then_only_what_was_typed(app: RelplanApp, plan_file: Path) -> None:
    key = draft_key(path=plan_file)
    async with editing(app, "desc", focus=DESC) as pilot:
        for typed in "abc":
            await pilot.press("end", typed)

            def holds_it() -> bool:
                draft = read_draft(key)
                return draft is not None and draft.plan["desc"] == app.session.document.get(DESC)

            await until(pilot, holds_it, f"the draft holds {typed!r}")
        assert app.session.drafts.writes["checkpoint"] == 1
        assert app.session.drafts.writes["append"] >= 2


async def test_a_draft_is_offered_and_restored_and_undo_takes_it_back(app: RelplanApp, plan_file: Path) -> None:
    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!", "ctrl+q")  # quitting writes the draft before it asks
        assert read_draft(draft_key(path=plan_file)) is not None
        await pilot.press("y")

    original = Document.load(plan_file).get(DESC)
    again = RelplanApp(Document.load(plan_file))
    async with again.run_test(size=(80, 24)) as pilot:
        offer = await offered(pilot)
        assert [change.path for change in offer.changes] == [DESC]
        await pilot.press("enter")  # Restore has the focus
        await ready(pilot)
        await until(pilot, lambda: str(again.session.document.get(DESC)).endswith("!"), "the draft was restored")
        assert [change.path for change in again.session.document.changes()] == [DESC]
        await pilot.press("ctrl+z")
        assert again.session.document.get(DESC) == original


def crash_draft(plan_file: Path) -> tuple[str, dict[str, JSON]]:
    """A draft left by a crash, whose description reads "from a crash"; its key and the plan it was made on."""
    key = draft_key(path=plan_file)
    plan = Document.load(plan_file).data
    write_draft(key, encode_draft(str(plan_file), "p", {**plan, "desc": "from a crash"}, plan, 1_000.0))
    return key, plan


async def test_a_discarded_draft_is_gone(plan_file: Path) -> None:
    key, plan = crash_draft(plan_file)
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await offered(pilot)
        await pilot.press("shift+tab", "shift+tab", "enter")  # Discard
        await until(pilot, lambda: read_draft(key) is None, "the draft was removed")
        assert app.session.document.get(DESC) == plan["desc"]


async def test_a_draft_waiting_for_an_answer_survives_a_hangup(plan_file: Path) -> None:
    key, _ = crash_draft(plan_file)
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await offered(pilot)
        assert app.save_draft(now=True)  # what SIGHUP and SIGTERM do
        draft = read_draft(key)
        assert draft is not None
        assert draft.plan["desc"] == "from a crash"


async def test_a_draft_restored_at_once_is_checked_as_restored(plan_file: Path) -> None:
    from tui.validation import validate

    plan = Document.load(plan_file).data
    broken = {**plan, "fail_strategy": "sometimes", "components": plan["components"][:1]}  # type: ignore[index]
    write_draft(draft_key(path=plan_file), encode_draft(str(plan_file), "p", broken, plan, 1_000.0))
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await offered(pilot)
        await pilot.press("enter")  # at once: the reference may still be loading
        await ready(pilot)
        await until(pilot, lambda: app.session.document.get(("fail_strategy",)) == "sometimes", "restored")
        assert app.session.issues == validate(app.session.document.data)
        assert [issue.path for issue in app.session.issues] == [("fail_strategy",)]


async def test_ctrl_s_on_a_file_changed_on_disk_shows_the_change_and_reloads_with_my_edits_on_top(
    app: RelplanApp, plan_file: Path
) -> None:
    import json

    from screens.disk_changed import DiskChangedScreen
    from tui.jsonfiles import load_file

    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!")
        theirs = load_file(plan_file)
        theirs["name"] = "changed-by-someone-else"
        theirs["components"][0]["version"] = "9.9.9"
        plan_file.write_text(json.dumps(theirs, indent=4) + "\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiskChangedScreen), "the change on disk is shown")
        screen = app.screen
        assert isinstance(screen, DiskChangedScreen)
        assert {change.path for change in screen.changes or []} == {("name",), ("components", 0, "version")}
        lines = [str(line.render()) for line in screen.query(".disk-change")]
        assert any(line.startswith("~ order-api \u203a version") for line in lines), lines  # by name, not index
        assert load_file(plan_file)["name"] == "changed-by-someone-else"  # nothing written yet
        await pilot.press("enter")  # Reload, my edits on top has the focus
        await until(pilot, lambda: app.session.document.get(("name",)) == "changed-by-someone-else", "reloaded")
        assert str(app.session.document.get(DESC)).endswith("!")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: str(load_file(plan_file)[DESC[0]]).endswith("!"), "saved")
        saved = load_file(plan_file)
        assert saved["name"] == "changed-by-someone-else"
        assert plan_file.read_text(encoding="utf-8").startswith('{\n    "name"')  # their four-space indent kept


async def test_save_over_a_change_on_disk_is_a_choice_and_escape_writes_nothing(
    app: RelplanApp, plan_file: Path
) -> None:
    from screens.disk_changed import DiskChangedScreen
    from tui.jsonfiles import load_file

    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!")
        plan_file.write_text('{"name": "other", "components": []}\n', encoding="utf-8")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiskChangedScreen), "the change on disk is shown")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DiskChangedScreen), "back to editing")
        assert load_file(plan_file) == {"name": "other", "components": []}
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiskChangedScreen), "asked again")
        await pilot.press("shift+tab", "shift+tab", "enter")  # Save over it
        await until(pilot, lambda: str(load_file(plan_file)["desc"]).endswith("!"), "saved over it")


async def test_ctrl_s_on_a_read_only_file_leaves_it_and_asks_where_to_save_instead(plan_file: Path) -> None:
    from screens.save_as import SaveAsScreen
    from tui.jsonfiles import load_file

    before = plan_file.read_bytes()
    plan_file.chmod(0o444)  # no write bit for anyone: refused even as root
    app = RelplanApp(Document.load(plan_file))
    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SaveAsScreen), "asked where to save instead")
        assert plan_file.read_bytes() == before and plan_file.stat().st_mode & 0o777 == 0o444
        assert any("is read-only (mode 0444)" in str(note.message) for note in app._notifications)
        await pilot.press("enter")  # the suggestion: plan-mine.json beside it
        mine = plan_file.with_name(f"{plan_file.stem}-mine{plan_file.suffix}")
        await until(pilot, lambda: mine.exists(), "saved as another file")
        assert str(load_file(mine)["desc"]).endswith("!")
        assert plan_file.read_bytes() == before


async def test_a_second_editor_of_the_same_file_is_told_and_keeps_a_draft_of_its_own(plan_file: Path) -> None:
    import os

    first = RelplanApp(Document.load(plan_file))
    second = RelplanApp(Document.load(plan_file))
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await ready(one)
        await ready(two)
        editor = second.editor
        assert editor is not None
        assert str(editor.sub_title).startswith(f"open in another relplan (pid {os.getpid()}) since ")
        await find(one, "desc", focus=DESC)
        await one.press("end", "1")
        await find(two, "desc", focus=DESC)
        await two.press("end", "2")
        assert first.save_draft(now=True) and second.save_draft(now=True)
        mine, theirs = read_draft(draft_key(path=plan_file)), read_draft(f"{draft_key(path=plan_file)}-{os.getpid()}")
        assert mine is not None and str(mine.plan["desc"]).endswith("1")
        assert theirs is not None and str(theirs.plan["desc"]).endswith("2")


async def test_a_server_plan_saved_to_a_file_but_not_sent_still_asks_on_quit_and_keeps_its_draft(
    plan_file: Path, tmp_path: Path
) -> None:
    from screens.confirm import ConfirmScreen
    from screens.save_as import SaveAsScreen
    from tui.auth import TokenAuth
    from tui.jsonfiles import load_file
    from tui.target import Target

    target = Target("http://127.0.0.1:9", "proj", TokenAuth("t"), "plan-1", timeout=1.0)  # nothing is sent
    app = RelplanApp(Document(load_file(plan_file)), title="plan", target=target)
    key = draft_key(endpoint=target.endpoint, project_id="proj", plan_id="plan-1")
    async with editing(app, "desc", focus=DESC) as pilot:
        await pilot.press("end", "!", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SaveAsScreen), "asked where to save")
        await pilot.press("home", *f"{tmp_path}/", "enter")
        saved = tmp_path / "storefront-2026-11.json"
        await until(pilot, lambda: saved.exists(), "saved to the file")
        assert str(load_file(saved)["desc"]).endswith("!")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: read_draft(key) is not None, "the draft is kept: the server lacks the edit")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "quitting asks")
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert "edits the server does not have" in screen.question
        await pilot.press("n")
        assert app.is_running


async def test_a_draft_that_cannot_be_read_is_said_on_open_and_kept(plan_file: Path) -> None:
    from tui.drafts import drafts_dir

    drafts_dir().mkdir(parents=True)
    key = draft_key(path=plan_file)
    (drafts_dir() / f"{key}.json").write_bytes(b'{"relplan_draft": 1, "plan": {"na')
    app = RelplanApp(Document.load(plan_file))
    async with editing(app) as pilot:
        said = [notice.message for notice in app._notifications]
        assert f"A draft exists but cannot be read; kept as {key}.broken in {drafts_dir()}" in said
        assert (drafts_dir() / f"{key}.broken").read_bytes() == b'{"relplan_draft": 1, "plan": {"na'
        await find(pilot, "desc", focus=DESC)
        await pilot.press("end", "!")
        assert app.save_draft(now=True)
        assert (drafts_dir() / f"{key}.broken").exists()
        assert read_draft(key) is not None

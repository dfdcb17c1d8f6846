"""Drafts through the editor: written as you type, removed on save, offered when the plan opens again."""

from __future__ import annotations

from pathlib import Path

from screens.draft import DraftScreen
from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.drafts import draft_key, encode_draft, read_draft, write_draft
from tui.types import JSON

DESC = ("desc",)


async def test_typing_writes_a_draft_and_saving_removes_it(plan_file: Path) -> None:
    key = draft_key(path=plan_file)
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "desc", focus=DESC)
        await pilot.press("end", "!")
        await until(pilot, lambda: read_draft(key) is not None, "a draft was written")
        draft = read_draft(key)
        assert draft is not None
        assert str(draft.plan["desc"]).endswith("!")
        assert draft.baseline == Document.load(plan_file).data
        await pilot.press("ctrl+s")
        await until(pilot, lambda: read_draft(key) is None, "saving removed the draft")


async def test_a_draft_is_offered_and_restored_and_undo_takes_it_back(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "desc", focus=DESC)
        await pilot.press("end", "!", "ctrl+q")  # quitting writes the draft before it asks
        assert read_draft(draft_key(path=plan_file)) is not None
        await pilot.press("y")

    original = Document.load(plan_file).get(DESC)
    again = RelplanApp(Document.load(plan_file))
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(again.screen, DraftScreen), "the draft is offered")
        offer = again.screen
        assert isinstance(offer, DraftScreen)
        assert [change.path for change in offer.changes] == [DESC]
        await pilot.press("enter")  # Restore has the focus
        await ready(pilot)
        await until(pilot, lambda: str(again.document.get(DESC)).endswith("!"), "the draft was restored")
        assert [change.path for change in again.document.changes()] == [DESC]
        await pilot.press("ctrl+z")
        assert again.document.get(DESC) == original


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
        await until(pilot, lambda: isinstance(app.screen, DraftScreen), "the draft is offered")
        await pilot.press("shift+tab", "shift+tab", "enter")  # Discard
        await until(pilot, lambda: read_draft(key) is None, "the draft was removed")
        assert app.document.get(DESC) == plan["desc"]


async def test_a_draft_waiting_for_an_answer_survives_a_hangup(plan_file: Path) -> None:
    key, _ = crash_draft(plan_file)
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftScreen), "the draft is offered")
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
        await until(pilot, lambda: isinstance(app.screen, DraftScreen), "the draft is offered")
        await pilot.press("enter")  # at once: the reference may still be loading
        await ready(pilot)
        await until(pilot, lambda: app.document.get(("fail_strategy",)) == "sometimes", "restored")
        assert app.issues == validate(app.document.data)
        assert [issue.path for issue in app.issues] == [("fail_strategy",)]

"""Merging with a colleague's changes by keys, against the real stand-in on a loopback port: "Merge and send" in the
review, each conflict resolved (keep yours, take theirs, a value), the overwrite's count, a rebase in the editor and
its undo, and a draft restored after the server changed."""

from __future__ import annotations

import copy

from textual.pilot import Pilot
from textual.widgets import Button

from screens.conflict_value import ConflictValueScreen
from screens.draft import DraftScreen
from screens.review import ReviewScreen
from tests.helpers import colleague_edit
from tests.integration.conftest import PROJECT, Standin
from tests.integration.test_send_ui import answered, edit_and_review, opened
from tests.ui.conftest import find, focused_row, offered, ready, said, until
from tui.app import RelplanApp
from tui.drafts import draft_key, encode_draft, write_draft
from tui.merge_edits import CONFLICT
from tui.plan_wire import editable
from tui.types import JSON
from widgets.change_list import ChangeList
from widgets.conflict_list import ConflictList
from widgets.request_status import Outcome

DESC = ("desc",)
VERSION = ("components", 0, "version")
REPLICA = ("components", 1, "replica")


def colleague(standin: Standin, plan_id: str, *, version: str = "", replica: int = 0, desc: str = "") -> JSON:
    """Change the plan on the server as a colleague would; returns the plan as it was before."""
    held = standin.store.get(plan_id)
    assert held is not None
    before = editable(held)
    standin.store.update(plan_id, colleague_edit(before, version=version, replica=replica, desc=desc))
    return before


def held(standin: Standin, plan_id: str) -> dict[str, JSON]:
    plan = standin.store.get(plan_id)
    assert plan is not None
    return editable(plan)


async def typed(pilot: Pilot[None], path: tuple[str | int, ...], text: str) -> None:
    """Find the field at ``path``, type ``text`` in place of its value, and go back to the tree."""
    await find(pilot, ".".join(map(str, path)), focus=path)
    await pilot.press("ctrl+u", *text, "escape")


async def merge_shown(pilot: Pilot[None]) -> ReviewScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
    review = app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: review.merge is not None, "the review merged the server's changes")
    await pilot.pause()
    return review


async def test_merge_and_send_keeps_a_colleague_s_change_and_the_server_holds_both(
    standin: Standin, plan_id: str
) -> None:
    app = await opened(standin, plan_id)
    colleague(standin, plan_id, replica=9)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_review(pilot)
        review = await merge_shown(pilot)
        merge_button = review.query_one("#review-merge", Button)
        await until(pilot, lambda: merge_button.has_focus, "Merge and send has the focus")
        assert str(merge_button.label) == "Merge and send"
        assert str(review.query_one("#review-overwrite", Button).label) == "Overwrite their changes (reverts 1)"
        listing = review.query_one(ChangeList).plain
        assert (
            "Taken from the server: 1 change\nweb-frontend #1: 1 change\n  ~ replica\n      was 2\n      now 9"
            in listing
        )
        assert not review.query(ConflictList)
        await pilot.press("enter")
        shown = await answered(pilot)
        assert shown.outcome is Outcome.OK, shown.text
        server = held(standin, plan_id)
        assert str(server["desc"]).endswith("!") and server["components"][1]["replica"] == 9  # type: ignore[index]
        document = app.session.document
        assert document.data == server and document.baseline == server and document.changes() == []
        assert editable(app.session.opened) == server
        await pilot.press("ctrl+z")  # the merge, undone: theirs goes, mine stays
        assert document.get(REPLICA) == 2 and str(document.get(DESC)).endswith("!")
        assert document.baseline == server  # what was sent stays what the server holds


async def test_each_conflict_resolved_by_keys_before_merge_and_send(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await typed(pilot, DESC, "mine")
        await typed(pilot, VERSION, "3.5.0")
        await typed(pilot, REPLICA, "5")
        colleague(standin, plan_id, version="3.4.2", replica=9, desc="theirs")
        await pilot.press("ctrl+r")
        review = await merge_shown(pilot)
        conflicts = review.query_one(ConflictList)
        assert [conflict.path for conflict in conflicts.conflicts] == [DESC, VERSION, REPLICA]
        assert conflicts.has_focus and conflicts.highlighted == 0
        merge_button = review.query_one("#review-merge", Button)
        assert merge_button.disabled and str(merge_button.label) == "Merge and send"
        assert "3 conflicts, 3 to resolve" in str(review.query_one("#review-server").render())
        assert str(review.query_one("#review-overwrite", Button).label) == "Overwrite their changes (reverts 3)"
        await pilot.press("e")  # desc: a value of its own
        await until(pilot, lambda: isinstance(app.screen, ConflictValueScreen), "the value is asked for")
        await pilot.press("ctrl+u", *"both", "enter")
        await until(pilot, lambda: app.screen is review, "the value taken")
        assert conflicts.highlighted == 1  # on to the next conflict to resolve
        await pilot.press("e")  # version: a value the field's rules refuse is not taken
        await until(pilot, lambda: isinstance(app.screen, ConflictValueScreen), "the value is asked for")
        await pilot.press("ctrl+u", *"1.0", "enter")
        await pilot.pause()
        value_screen = app.screen
        assert isinstance(value_screen, ConflictValueScreen)
        assert "nothing changed" in str(value_screen.query_one("#conflict-refused").render())
        await pilot.press("escape", "m", "t")  # version: keep mine; replica: take theirs
        await until(pilot, lambda: merge_button.has_focus, "every conflict resolved")
        assert str(merge_button.label) == "Merge and send"
        await pilot.press("enter")
        shown = await answered(pilot)
        assert shown.outcome is Outcome.OK, shown.text
        server = held(standin, plan_id)
        components = server["components"]
        assert isinstance(components, list)
        assert (server["desc"], components[0]["version"], components[1]["replica"]) == ("both", "3.5.0", 9)  # type: ignore[index]
        assert app.session.document.data == server


async def test_a_rebase_takes_theirs_under_mine_lists_the_conflict_and_undo_takes_it_back(
    standin: Standin, plan_id: str
) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await typed(pilot, VERSION, "3.5.0")
        before = colleague(standin, plan_id, version="3.4.2", replica=9)
        document = app.session.document
        await pilot.press("ctrl+g")
        await until(pilot, lambda: document.get(REPLICA) == 9, "rebased on the server's plan")
        assert document.get(VERSION) == "3.5.0" and document.baseline == held(standin, plan_id)
        assert [issue.path for issue in app.session.issues if issue.code == CONFLICT] == [VERSION]
        assert any("1 conflict, yours kept: order-api › version" in text for text in said(app))
        await pilot.press("n")  # the conflict is an issue: n reaches it
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == VERSION, "at the conflict")
        await pilot.press("escape", "T")  # from the tree: take theirs
        await until(pilot, lambda: document.get(VERSION) == "3.4.2", "theirs taken")
        assert not [issue for issue in app.session.issues if issue.code == CONFLICT]
        await pilot.press("ctrl+z")  # the take, undone: the conflict is back
        assert document.get(VERSION) == "3.5.0"
        assert [issue.path for issue in app.session.issues if issue.code == CONFLICT] == [VERSION]
        await pilot.press("ctrl+z")  # the rebase, undone in one step, baseline and all
        assert document.get(REPLICA) == 2 and document.get(VERSION) == "3.5.0"
        assert document.baseline == before and editable(app.session.opened) == before
        assert not [issue for issue in app.session.issues if issue.code == CONFLICT]


async def test_a_draft_restored_after_the_server_changed_keeps_their_change(standin: Standin, plan_id: str) -> None:
    made_against = held(standin, plan_id)
    mine = copy.deepcopy(made_against)
    mine["desc"] = "from the draft"
    key = draft_key(endpoint=standin.url, project_id=PROJECT, plan_id=plan_id)
    write_draft(key, encode_draft("x", "plan", mine, made_against, 1_000.0))
    colleague(standin, plan_id, replica=9)
    app: RelplanApp = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        offer = await offered(pilot)
        assert isinstance(offer, DraftScreen) and offer.baseline_moved
        assert [change.path for change in offer.changes] == [DESC]  # the draft's own edit, not a revert of theirs
        await pilot.press("enter")  # Restore
        document = app.session.document
        await until(pilot, lambda: document.get(DESC) == "from the draft", "the draft restored")
        assert document.get(REPLICA) == 9  # the server's change is not reverted
        assert document.baseline == held(standin, plan_id)
        assert [change.path for change in document.changes()] == [DESC]

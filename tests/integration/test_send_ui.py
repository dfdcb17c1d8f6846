"""Review and send through the editor, against the real stand-in on a loopback port."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from screens.review import ReviewScreen
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.ui.conftest import find, focused_row, ready, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.drafts import draft_key, read_draft
from tui.plan_wire import editable
from tui.target import Target
from widgets.change_list import ChangeList
from widgets.request_status import Outcome, RequestStatus

DESC = ("desc",)


async def opened(standin: Standin, plan_id: str) -> RelplanApp:
    """The editor on a plan fetched from the stand-in, as `relplan edit --plan-id` opens it."""
    target = Target(standin.url, PROJECT, TokenAuth(TOKEN), plan_id, timeout=5.0)
    async with target.client() as client:
        plan = editable(await client.get_plan(plan_id))
    return RelplanApp(Document(plan), title="plan", target=target)


def status(app: RelplanApp) -> RequestStatus:
    assert app.editor is not None
    return app.editor.query_one(RequestStatus)


async def edit_and_review(pilot: Pilot[None]) -> None:
    """Add "!" to the plan's description, then open the review and wait for its check of the server."""
    await ready(pilot)
    await find(pilot, "desc", focus=DESC)
    await pilot.press("end", "!", "ctrl+r")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    await until(pilot, lambda: screen.server_changes is not None, "the review checked the server")


async def sent_with_faults(pilot: Pilot[None], standin: Standin, **faults: object) -> RequestStatus:
    """Edit, review, switch the stand-in's faults on for the PUT, send, and wait for the outcome."""
    await edit_and_review(pilot)
    standin.set_faults(**faults, methods={"PUT"})
    await pilot.press("enter")
    return await answered(pilot)


async def answered(pilot: Pilot[None]) -> RequestStatus:
    app = pilot.app
    assert isinstance(app, RelplanApp)
    await until(pilot, lambda: status(app).outcome is not None, "the server answered", timeout=15)
    return status(app)


async def test_an_edit_is_reviewed_sent_and_found_on_the_server(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_review(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [change.path for change in review.changes] == [DESC]
        await pilot.press("enter")  # the focused Send button
        shown = await answered(pilot)
        assert shown.outcome is Outcome.OK
        assert "200" in shown.text
        assert "the server holds exactly what was sent" in shown.text
        held = standin.store.get(plan_id)
        assert held is not None
        assert str(held["desc"]).endswith("!")
        assert app.session.document.changes() == []  # the baseline is now what the server holds
        assert not app.session.document.dirty


async def test_a_refusal_keeps_every_edit(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, status=400)
        assert shown.outcome is Outcome.FAILED
        assert shown.text.startswith("400: ")
        assert "request id" in shown.text
        assert str(app.session.document.get(DESC)).endswith("!")
        assert [change.path for change in app.session.document.changes()] == [DESC]
        held = standin.store.get(plan_id)
        assert held is not None
        assert not str(held["desc"]).endswith("!")


async def test_a_dropped_connection_keeps_every_edit_and_the_update_that_arrived_is_no_one_else_s_change(
    standin: Standin, plan_id: str
) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, drop_after=True)
        assert shown.outcome is Outcome.FAILED
        assert "your edits are kept" in shown.text
        assert [change.path for change in app.session.document.changes()] == [DESC]
        held = standin.store.get(plan_id)
        assert held is not None and str(held["desc"]).endswith("!")  # it arrived; its answer did not
        standin.clear_faults()
        await pilot.press("ctrl+r")  # the review finds the server holding exactly what was sent, and opens again
        await until(
            pilot,
            lambda: isinstance(app.screen, ReviewScreen) and app.screen.server_changes == [],
            "the review made again from what was sent",
        )
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.changes == []  # nothing left to send: the update is taken as sent
        assert not review.query("#review-overwrite")
        assert app.session.document.changes() == []
        assert editable(app.session.opened) == editable(held)


async def test_with_nothing_of_yours_changed_the_review_offers_no_overwrite(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    held = standin.store.get(plan_id)
    assert held is not None
    standin.store.update(plan_id, {**editable(held), "fail_strategy": "continue"})  # someone else's edit
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")  # no edit: sending the plan as opened would only revert theirs
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        await pilot.pause()
        assert [change.path for change in review.server_changes or []] == [("fail_strategy",)]
        assert not review.query("#review-send") and not review.query("#review-overwrite")
        await pilot.press("enter")  # on Back
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the review closed")
    held = standin.store.get(plan_id)
    assert held is not None and held["fail_strategy"] == "continue"


async def test_a_plan_changed_on_the_server_is_not_overwritten_by_enter(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    held = standin.store.get(plan_id)
    assert held is not None
    standin.store.update(plan_id, {**editable(held), "fail_strategy": "continue"})  # someone else's edit
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_review(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [change.path for change in review.server_changes or []] == [("fail_strategy",)]
        await until(pilot, lambda: review.merge is not None, "the review merged the server's changes")
        await pilot.pause()
        shown = review.query_one(ChangeList).plain
        taken = 'Taken from the server: 1 change\nthe plan: 1 change\n  ~ fail_strategy\n      was "stop"\n'
        assert f'{taken}      now "continue"\n' in shown
        assert not review.query("#review-send")  # Send is gone: the default is Merge and send; overwriting says more
        assert str(review.query_one("#review-overwrite", Button).label) == "Overwrite their changes (reverts 1)"
        await pilot.press("escape")  # back: nothing is sent
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the review closed")
        assert status(app).outcome is None
        after = standin.store.get(plan_id)
        assert after is not None
        assert after["fail_strategy"] == "continue"
        assert not str(after["desc"]).endswith("!")


async def test_no_second_send_while_one_is_in_flight_and_escape_stops_waiting(standin: Standin, plan_id: str) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_review(pilot)
        standin.set_faults(delay=3.0, methods={"PUT"})
        await pilot.press("enter")
        await until(pilot, lambda: app.sending and status(app).in_flight, "the update is on its way")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)  # no second review, so no second send
        await pilot.press("escape")
        shown = await answered(pilot)
        assert shown.outcome is Outcome.WARNING
        assert "may still apply" in shown.text
        assert not app.sending
        assert [change.path for change in app.session.document.changes()] == [DESC]


async def test_a_refusal_that_names_a_field_marks_it_and_f6_shows_the_whole_answer(
    standin: Standin, plan_id: str
) -> None:
    replica = ("components", 1, "replica")
    refusal = "Invalid release plan: components[1].replica: exceeds the quota of the environment"
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, status=400, message=refusal)
        assert shown.outcome is Outcome.FAILED
        assert shown.text.startswith("400: SVCSTG.00100400 Invalid release plan: components[1].replica")
        said = [issue for issue in app.session.issues if issue.code == "server"]
        assert [(issue.path, issue.message) for issue in said] == [
            (replica, "the server said: components[1].replica: exceeds the quota of the environment")
        ]
        await pilot.press("f6")
        answer = app.screen.query_one("TextArea")
        assert answer.text.startswith("400: SVCSTG.00100400 ")  # type: ignore[attr-defined]
        request = f"PUT {standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}"
        assert f"The server's answer:\n{request}\nHTTP 400" in answer.text  # type: ignore[attr-defined]
        assert "x-request-id: " in answer.text.lower()  # type: ignore[attr-defined]
        assert '"error_code":"SVCSTG.00100400"' in answer.text.replace(" ", "")  # type: ignore[attr-defined]
        await pilot.press("escape", "escape")  # close the answer, then from the field to the tree
        await find(pilot, "components.1.replica", focus=replica)
        await pilot.press("end", "backspace", "1")  # editing the field clears what the server said about it
        assert not [issue for issue in app.session.issues if issue.code == "server"]


async def test_what_the_plan_s_own_check_already_marks_is_not_marked_twice(standin: Standin, plan_id: str) -> None:
    version = ("components", 0, "version")
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.0.version", focus=version)
        await pilot.press("ctrl+u", "1", ".", "0", "ctrl+r")  # an error the stand-in refuses too
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
        await pilot.press("tab", "enter")  # the focus starts on Back; the other button says "Send anyway"
        shown = await answered(pilot)
        assert shown.text.startswith("400: SVCSTG.00100400 Invalid release plan: components.0.version")
        assert [issue.path for issue in app.session.issues] == [version]


NOT_HELD = "the server's plan differs from what was sent at desc"


@pytest.mark.parametrize(
    ("faults", "outcome", "says"),
    [
        ({"status": 401}, Outcome.FAILED, "^401: "),
        ({"status": 404}, Outcome.FAILED, "^404: "),
        ({"status": 500}, Outcome.FAILED, "^500: "),
        ({"body": "html"}, Outcome.WARNING, rf"^200 in \d\.\d\d s · .* body that is not JSON · {NOT_HELD}"),
        ({"body": "empty"}, Outcome.WARNING, rf"^200 in \d\.\d\d s · .* an empty body · {NOT_HELD}"),
        ({"drop": True}, Outcome.FAILED, "^The connection to .* dropped before the whole answer came"),
    ],
)
async def test_every_failure_says_what_happened_and_keeps_the_edits(
    standin: Standin, plan_id: str, faults: dict[str, object], outcome: Outcome, says: str
) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, **faults)
        assert shown.outcome is outcome
        assert re.search(says, shown.text), shown.text
        assert "your edits are kept" in shown.text
        assert [change.path for change in app.session.document.changes()] == [DESC]
        key = draft_key(endpoint=standin.url, project_id=PROJECT, plan_id=plan_id)
        await until(
            pilot, lambda: (draft := read_draft(key)) is not None and draft.plan == app.session.document.data, "drafted"
        )
        standin.clear_faults()
        await pilot.press("ctrl+r")  # and trying again works
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened again")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        await pilot.press("enter")
        await until(pilot, lambda: status(app).outcome is Outcome.OK, "the retry was sent")
        assert app.session.document.changes() == []
        await until(pilot, lambda: read_draft(key) is None, "the verified send removed the draft")


async def test_a_server_too_slow_for_the_timeout_is_a_failure_that_keeps_the_edits(
    standin: Standin, plan_id: str
) -> None:
    app = await opened(standin, plan_id)
    assert app.session.target is not None
    # The timeout covers the check fetch before the PUT too: long enough for that fetch on a loaded machine, while
    # the PUT is held far longer than it, so the verdict is the same however fast the machine is.
    app.session.target = replace(app.session.target, timeout=3.0)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, delay=120.0)
        assert shown.outcome is Outcome.FAILED
        assert shown.text.startswith("No answer after 3.0 s (waiting); ")
        assert "the server may still apply the update" in shown.text
        assert [change.path for change in app.session.document.changes()] == [DESC]


async def test_a_hostile_server_message_is_shown_as_text(standin: Standin, plan_id: str) -> None:
    from tests.ui.test_hostile_ui import HOSTILE

    message = f"{HOSTILE['markup']} {HOSTILE['escape']} {HOSTILE['rtl']} {'y' * 100_000}"
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await sent_with_faults(pilot, standin, status=400, message=message)
        assert "[bold red]release[/] [@click=app.quit]x[/]" in shown.text
        assert "\x1b" not in shown.text and "\\x1b[2J" in shown.text
        assert "\u202e" not in shown.text and "\\u202e" in shown.text
        await pilot.press("f6")
        await pilot.pause()
        assert app.is_running
        assert [change.path for change in app.session.document.changes()] == [DESC]


async def test_edits_typed_while_an_update_is_on_its_way_stay_unsaved_and_drafted(
    standin: Standin, plan_id: str
) -> None:
    app = await opened(standin, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_review(pilot)
        standin.set_faults(delay=1.5, methods={"PUT"})
        await pilot.press("enter")
        await until(pilot, lambda: app.sending, "the update is on its way")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == DESC, "back in the field")
        await pilot.press("end", "Z", "Z")
        shown = await answered(pilot)
        assert shown.outcome is Outcome.OK
        held = standin.store.get(plan_id)
        assert held is not None
        assert str(held["desc"]).endswith("!")
        assert str(app.session.document.get(DESC)).endswith("!ZZ")
        assert app.session.document.dirty
        assert [change.path for change in app.session.document.changes()] == [DESC]
        key = draft_key(endpoint=standin.url, project_id=PROJECT, plan_id=plan_id)
        drafted = lambda: (draft := read_draft(key)) is not None and str(draft.plan["desc"]).endswith("ZZ")  # noqa: E731
        await until(pilot, drafted, "the later edits are in the draft")

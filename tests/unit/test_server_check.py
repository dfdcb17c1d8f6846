"""The lost-update check: someone else's change, and our own update whose answer never came."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.helpers import load
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.document import Document
from tui.errors import PlanChangedError
from tui.plan_wire import editable
from tui.server_check import SentPlan, compare
from tui.session import EditSession
from tui.types import JSON

PLAN_ID = "plan-1"


def plans() -> tuple[dict[str, JSON], dict[str, JSON]]:
    opened = load("minimal.json")
    return opened, {**opened, "desc": "sent, answer lost"}


def test_a_server_holding_what_was_last_sent_is_our_own_update() -> None:
    opened, sent = plans()
    check = compare(opened, json.loads(json.dumps(sent)), sent)
    assert check.ours
    assert check.changes == []


def test_a_server_holding_anything_else_is_someone_else_s_change() -> None:
    opened, sent = plans()
    theirs = {**opened, "desc": "theirs"}
    check = compare(opened, theirs, sent)
    assert not check.ours
    assert [change.path for change in check.changes] == [("desc",)]
    assert compare(opened, theirs, None).changes == check.changes


def test_a_server_still_as_opened_is_not_our_update_even_when_we_sent_that() -> None:
    opened, _ = plans()
    check = compare(opened, dict(opened), opened)
    assert (check.ours, check.changes) == (False, [])


def server(holding: dict[str, JSON], puts: list[bytes]) -> ServiceStageClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            puts.append(request.content)
            return httpx.Response(200, json={"release_plan_id": PLAN_ID})
        return httpx.Response(200, json={"id": PLAN_ID, **holding})

    transport = httpx.MockTransport(handler)
    return ServiceStageClient("https://ss.example.com/", "proj", TokenAuth("t"), transport=transport)


async def test_submit_sends_when_the_server_holds_what_was_last_sent_and_refuses_otherwise() -> None:
    opened, sent = plans()
    puts: list[bytes] = []
    async with server(sent, puts) as api:
        check = await api.check_server(PLAN_ID, {"id": PLAN_ID, **opened}, sent=sent)
        assert check.ours
        assert check.now == sent
        submission = await api.submit(PLAN_ID, {**sent, "name": "again"}, opened=opened, sent=sent)
    assert submission.server_changes == []
    assert len(puts) == 1
    async with server(sent, puts) as api:
        with pytest.raises(PlanChangedError):
            await api.submit(PLAN_ID, {**sent, "name": "again"}, opened=opened)
    assert len(puts) == 1


def test_the_session_takes_its_last_update_as_sent_and_keeps_later_edits() -> None:
    opened, sent = plans()
    session = EditSession(Document(opened))
    assert not session.sent_arrived()
    session.document.set(("desc",), "sent, answer lost")
    state = session.document.state
    session.last_sent = SentPlan(json.dumps(sent).encode(), sent, state)
    session.document.set(("name",), "typed after the send")
    assert session.sent_arrived()
    assert session.opened == sent
    assert [change.path for change in session.document.changes()] == [("name",)]
    assert session.document.dirty  # the edit typed after the send is still to save or send
    assert editable(session.opened) == sent

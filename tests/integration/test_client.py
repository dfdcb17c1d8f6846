"""The real client against the real stand-in over HTTP on loopback: auth, every outcome, and the safe update."""

from __future__ import annotations

import socket

import pytest

from tests.integration.conftest import ACCESS_KEY, PROJECT, SECRET_KEY, TOKEN, Standin
from tui.auth import AkSkAuth, TokenAuth
from tui.client import ServiceStageClient
from tui.errors import (
    ConnectionFailedError,
    ConnectionLostError,
    PlanChangedError,
    RequestTimeoutError,
    ResponseError,
    StatusError,
)
from tui.plan_wire import editable


def token_client(standin: Standin, token: str = TOKEN, timeout: float = 5.0) -> ServiceStageClient:
    return ServiceStageClient(standin.url, PROJECT, TokenAuth(token), timeout=timeout)


def aksk_client(standin: Standin, secret_key: str = SECRET_KEY) -> ServiceStageClient:
    return ServiceStageClient(standin.url, PROJECT, AkSkAuth(ACCESS_KEY, secret_key, PROJECT))


async def test_token_is_accepted(standin: Standin, plan_id: str) -> None:
    async with token_client(standin) as client:
        plans = await client.list_plans()
    assert plan_id in {plan.id for plan in plans}


async def test_a_wrong_token_is_401(standin: Standin, plan_id: str) -> None:
    async with token_client(standin, token="wrong") as client:
        with pytest.raises(StatusError) as caught:
            await client.get_plan(plan_id)
    assert (caught.value.status, caught.value.error_code) == (401, "APIGW.0301")
    assert caught.value.request_id


async def test_aksk_is_accepted_for_every_call(standin: Standin, plan_id: str) -> None:
    async with aksk_client(standin) as client:
        plan = editable(await client.get_plan(plan_id))
        plan["desc"] = "signed édit"
        submission = await client.submit(plan_id, plan)
    assert submission.arrival.verified


async def test_a_wrong_secret_key_is_401(standin: Standin, plan_id: str) -> None:
    async with aksk_client(standin, secret_key="SK-wrong") as client:
        with pytest.raises(StatusError) as caught:
            await client.list_plans()
    assert caught.value.status == 401


async def test_an_edit_is_accepted_and_arrives(standin: Standin, plan_id: str) -> None:
    async with token_client(standin) as client:
        opened = await client.get_plan(plan_id)
        mine = editable(opened)
        mine["components"][0]["replica"] = 5  # type: ignore[index]
        submission = await client.submit(plan_id, mine, opened=opened)
    assert submission.release_plan_id == plan_id
    assert (submission.answer.status, submission.answer.method) == (200, "PUT")
    assert submission.answer.request_id
    assert submission.arrival.verified
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["components"][0]["replica"] == 5  # type: ignore[index]


async def test_a_plan_with_errors_is_400_naming_the_field(standin: Standin, plan_id: str) -> None:
    async with token_client(standin) as client:
        mine = editable(await client.get_plan(plan_id))
        mine["components"][0]["version"] = "1.0"  # type: ignore[index]
        with pytest.raises(StatusError) as caught:
            await client.submit(plan_id, mine)
    error = caught.value
    assert (error.status, error.error_code) == (400, "SVCSTG.00100400")
    assert "components.0.version" in (error.error_msg or "")


async def test_an_unknown_plan_is_404(standin: Standin) -> None:
    async with token_client(standin) as client:
        with pytest.raises(StatusError) as caught:
            await client.get_plan("no-such-plan")
    assert caught.value.status == 404


async def test_a_server_error_is_500_and_nothing_changes(standin: Standin, plan_id: str) -> None:
    before = standin.store.get(plan_id)
    standin.set_faults(status=500, methods={"PUT"})
    async with token_client(standin) as client:
        mine = editable(await client.get_plan(plan_id))
        mine["desc"] = "x"
        with pytest.raises(StatusError) as caught:
            await client.submit(plan_id, mine)
    assert caught.value.status == 500
    assert standin.store.get(plan_id) == before


async def test_a_slow_server_times_out(standin: Standin, plan_id: str) -> None:
    standin.set_faults(delay=120.0)  # held far past the timeout, which is ample for connecting on a loaded machine
    async with token_client(standin, timeout=2.0) as client:
        with pytest.raises(RequestTimeoutError, match="no answer after"):
            await client.get_plan(plan_id)


async def test_a_dropped_connection(standin: Standin, plan_id: str) -> None:
    standin.set_faults(drop=True)
    async with token_client(standin) as client:
        with pytest.raises(ConnectionLostError, match="dropped before the whole answer came") as caught:
            await client.list_plans()
    assert caught.value.may_have_applied


@pytest.mark.parametrize("body", ["html", "garbage", "empty"])
async def test_a_body_that_is_not_json(standin: Standin, plan_id: str, body: str) -> None:
    standin.set_faults(body=body)
    async with token_client(standin) as client:
        with pytest.raises(ResponseError):
            await client.get_plan(plan_id)


async def test_nobody_listening_is_a_connection_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ServiceStageClient(f"http://127.0.0.1:{port}", PROJECT, TokenAuth(TOKEN), timeout=2) as client:
        with pytest.raises(ConnectionFailedError, match="could not connect"):
            await client.list_plans()


async def test_the_lost_update_guard_sees_a_change_made_behind_the_clients_back(standin: Standin, plan_id: str) -> None:
    async with token_client(standin) as mine, aksk_client(standin) as theirs:
        opened = await mine.get_plan(plan_id)
        their_edit = editable(opened)
        their_edit["desc"] = "changed by a colleague"
        await theirs.submit(plan_id, their_edit)
        my_edit = editable(opened)
        my_edit["components"][0]["replica"] = 9  # type: ignore[index]
        with pytest.raises(PlanChangedError) as caught:
            await mine.submit(plan_id, my_edit, opened=opened)
    assert [change.path for change in caught.value.changes] == [("desc",)]
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["desc"] == "changed by a colleague"
    assert stored["components"][0]["replica"] != 9  # type: ignore[index]

"""The client's release calls, execute and deploy-info, against httpx.MockTransport: request shape and every failure."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.errors import ConnectionLostError, ResponseError, StatusError
from tui.release import Phase
from tui.release_watch import retry_after_seconds

Handler = Callable[[httpx.Request], httpx.Response]
PLAN_ID = "bb09c189-d17e-480a-a0e4-3a102b3795b0"
BASE = f"/v3/proj/cas/release-plans/{PLAN_ID}"


def client(handler: Handler) -> ServiceStageClient:
    return ServiceStageClient("https://ss.example.com/", "proj", TokenAuth("t"), transport=httpx.MockTransport(handler))


def deploy_info() -> dict[str, object]:
    return {
        "id": PLAN_ID,
        "components": [
            {"name": "web", "id": "c1", "seq": "1", "status": "SUCCESS", "job_status": "SUCCEEDED", "start_time": 5},
            {"name": "api", "id": "c2", "seq": "2", "status": "RUNNING", "fail_message": ""},
        ],
    }


async def test_execute_posts_no_body_with_the_credentials_and_accepts_an_empty_or_json_answer() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(200, headers={"X-Request-Id": "req-1"})
        return httpx.Response(200, json={"release_plan_id": PLAN_ID})

    async with client(handler) as api:
        answer = await api.execute_plan(PLAN_ID)
        await api.execute_plan(PLAN_ID)
    assert (answer.method, answer.status, answer.request_id) == ("POST", 200, "req-1")
    assert (seen[0].method, seen[0].url.path, seen[0].content) == ("POST", f"{BASE}/execute", b"")
    assert seen[0].headers["X-Auth-Token"] == "t"


async def test_a_second_execute_is_a_status_error_with_the_servers_code_and_message() -> None:
    body = {"error_code": "SVCSTG.00100400", "error_msg": "The release plan is already being released"}
    async with client(lambda request: httpx.Response(400, json=body)) as api:
        with pytest.raises(StatusError) as caught:
            await api.execute_plan(PLAN_ID)
    error = caught.value
    assert (error.status, error.error_code, error.error_msg) == (400, body["error_code"], body["error_msg"])


@pytest.mark.parametrize(
    "response",
    [httpx.Response(200, text="<html><h1>Welcome</h1></html>"), httpx.Response(200, content=b"\xff\xfe\x00junk")],
)
async def test_an_execute_answered_with_a_body_that_is_not_json_may_have_started_the_release(
    response: httpx.Response,
) -> None:
    async with client(lambda request: response) as api:
        with pytest.raises(ResponseError, match="not JSON") as caught:
            await api.execute_plan(PLAN_ID)
    assert caught.value.may_have_applied


async def test_deploy_info_is_fetched_and_read_into_typed_jobs() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("GET", f"{BASE}/deploy-info")
        return httpx.Response(200, json=deploy_info())

    async with client(handler) as api:
        info = await api.deploy_info(PLAN_ID)
    assert info.plan_id == PLAN_ID
    assert [(job.name, job.seq, job.phase) for job in info.jobs] == [
        ("web", "1", Phase.SUCCEEDED),
        ("api", "2", Phase.IN_PROGRESS),
    ]
    assert [batch.seq for batch in info.batches] == ["1", "2"]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(200, text="<!DOCTYPE html><html>502 Bad Gateway</html>"), "not JSON"),
        (httpx.Response(200, content=b"\xff\xfe garbage \x00"), "not JSON"),
        (httpx.Response(200), "empty body"),
        (httpx.Response(200, json=["not", "an", "object"]), "no components list"),
        (httpx.Response(200, json={"id": PLAN_ID, "components": "none"}), "no components list"),
    ],
)
async def test_a_deploy_info_answer_that_is_not_what_the_api_sends_is_a_response_error(
    response: httpx.Response, message: str
) -> None:
    async with client(lambda request: response) as api:
        with pytest.raises(ResponseError, match=message):
            await api.deploy_info(PLAN_ID)


async def test_a_busy_server_is_a_status_error_whose_retry_after_the_watch_reads() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error_code": "APIGW.0308", "error_msg": "busy"}
        return httpx.Response(503, json=body, headers={"Retry-After": "7"})

    async with client(handler) as api:
        with pytest.raises(StatusError) as caught:
            await api.deploy_info(PLAN_ID)
    assert caught.value.status == 503
    assert caught.value.retry_after == "7 s"
    assert retry_after_seconds(caught.value) == 7.0


@pytest.mark.parametrize("call", ["execute_plan", "deploy_info"])
async def test_a_dropped_connection_is_a_lost_connection(call: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    async with client(handler) as api:
        with pytest.raises(ConnectionLostError) as caught:
            await getattr(api, call)(PLAN_ID)
    assert caught.value.may_have_applied

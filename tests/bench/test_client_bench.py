"""Client speed: serialising and signing a 64-component plan, and a full round trip to the stand-in on loopback.

Run with ``pytest tests/bench --benchmark-only``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tui.auth import AkSkAuth
from tui.client import ServiceStageClient
from tui.plan_wire import editable, put_body
from tui.samples import sample_plan
from tui.standin import Credentials, PlanStore, StandinServer, create_app
from tui.standin.store import LARGE_ID

URL = "https://servicestage.ap-southeast-1.myhuaweicloud.com/v3/p/cas/release-plans/x"


def test_serialise_and_sign_64_components(benchmark: Any) -> None:
    benchmark.group = "client"
    plan = sample_plan(64)
    auth = AkSkAuth("AK", "SK", "p")

    def serialise_and_sign() -> httpx.Request:
        request = httpx.Request("PUT", URL, content=put_body(plan), headers={"Content-Type": "application/json"})
        return next(auth.sync_auth_flow(request))

    signed = benchmark(serialise_and_sign)
    assert signed.headers["Authorization"].startswith("SDK-HMAC-SHA256 ")


@pytest.fixture(scope="module")
def server() -> Iterator[StandinServer]:
    app = create_app(PlanStore.with_samples(), Credentials(access_key="AK", secret_key="SK"), project_id="p")
    with StandinServer(app) as running:
        yield running


def test_round_trip_64_components_on_loopback(benchmark: Any, server: StandinServer) -> None:
    """The editor's send: fetch to guard against lost updates, PUT, fetch again to check arrival (one client)."""
    benchmark.group = "client"
    loop = asyncio.new_event_loop()
    client = ServiceStageClient(server.url, "p", AkSkAuth("AK", "SK", "p"))
    opened = loop.run_until_complete(client.get_plan(LARGE_ID))
    plan = editable(opened)

    async def send() -> bool:
        submission = await client.submit(LARGE_ID, plan, opened=opened)
        return submission.arrival.verified

    try:
        assert benchmark(lambda: loop.run_until_complete(send()))
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()

"""The editor's release calls against the stand-in's app: execute, then deploy-info read into jobs, one a component."""

from __future__ import annotations

from tests.snapshots.test_send_snapshots import Stage
from tui.releasing import ServerRelease
from tui.standin.store import SMALL_ID


async def test_the_release_calls_reach_the_server_through_one_client() -> None:
    stage = Stage()
    calls = ServerRelease(stage.target)
    try:
        await calls.execute()
        info = await calls.deploy_info()
    finally:
        await calls.aclose()
    assert info.plan_id == SMALL_ID
    assert [(job.name, job.seq) for job in info.jobs] == [("order-api", "1"), ("web-frontend", "2")]
    assert [batch.seq for batch in info.batches] == ["1", "2"]

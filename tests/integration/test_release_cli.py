"""Releasing against the stand-in on loopback: ``relplan execute`` and ``status``, their lines and exit codes.

The stand-in's releases run on a clock the tests move. The command line's own runs use a release that ends the
moment it starts; the watch's runs are given a sleep that moves the stand-in's clock instead of waiting, so every
batch is seen to start and end, and no test sleeps.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator

import pytest

from tests.integration.conftest import PROJECT, TOKEN, Standin, relplan
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.release_follow import follow
from tui.standin import Credentials, PlanStore, StandinServer, create_app
from tui.standin.store import SMALL_ID

pytestmark = pytest.mark.usefixtures("cli_environment")

BATCH = 10.0
"""Seconds a batch takes when a test follows a release over time."""


class Clock:
    """The stand-in's clock, in epoch seconds: it moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def standin(clock: Clock) -> Iterator[Standin]:
    """A stand-in of this module's own, on the clock above (the shared one runs on the real time)."""
    store = PlanStore.with_samples(clock=clock)
    with StandinServer(create_app(store, Credentials(token=TOKEN))) as server:
        yield Standin(server.url, store)


@pytest.fixture
def plan_id(standin: Standin) -> Iterator[str]:
    """A fresh copy of the small sample (order-api in batch 1, web-frontend in batch 2, fail strategy stop)."""
    source = standin.store.get(SMALL_ID)
    assert source is not None
    standin.store.release_seconds = 0.0
    yield standin.store.add({key: value for key, value in source.items() if key != "id"})
    standin.clear_faults()


def lines(out: str, plan: str) -> list[str]:
    """What was printed, each line without its ``plan ID:`` and with ``in N s`` and request ids left out."""
    shown = [line.removeprefix(f"plan {plan}: ") for line in out.splitlines()]
    return [re.sub(r" in \d+\.\d s|, request id [0-9a-f-]+", "", line) for line in shown]


async def watch(
    standin: Standin,
    clock: Clock,
    plan: str,
    *,
    start: bool = True,
    as_json: bool = False,
    between: Callable[[int], None] = lambda polls: None,
) -> tuple[int, str, list[float]]:
    """Follow the plan's release with a sleep that moves the stand-in's clock; ``between(n)`` runs after poll n."""
    waits: list[float] = []
    standin.store.release_seconds = BATCH

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds
        between(len(waits))

    out = io.StringIO()
    async with ServiceStageClient(standin.url, PROJECT, TokenAuth(TOKEN)) as client:
        status = await follow(client, plan, out, start=start, watch=True, interval=2.0, as_json=as_json, sleep=sleep)
    return status, out.getvalue(), waits


async def test_execute_and_watch_follow_each_change_once_to_a_release(
    standin: Standin, clock: Clock, plan_id: str
) -> None:
    status, out, waits = await watch(standin, clock, plan_id)
    assert status == 0
    assert lines(out, plan_id) == [
        "release started (200 OK)",
        "batch 1: order-api: in progress (RUNNING)",
        "batch 2: web-frontend: in progress (WAITING)",
        "batch 1: order-api: released (SUCCESS)",
        "batch 2: web-frontend: in progress (RUNNING)",
        "batch 2: web-frontend: released (SUCCESS)",
        "released 2, failed 0 of 2",
    ]
    assert len(waits) == 10  # ten polls two seconds apart, five lines of changes: none printed per poll
    plan = standin.store.get(plan_id)
    assert plan is not None and plan["status"] == "SUCCEEDED"


async def test_a_failing_component_under_stop_rolls_back_and_the_later_batch_never_runs(
    standin: Standin, clock: Clock, plan_id: str
) -> None:
    standin.set_faults(fail_components=["order-api"], fail_message="probe failed \x1b[2J\nforged line")
    status, out, _ = await watch(standin, clock, plan_id)
    escaped = "probe failed \\x1b[2J\\nforged line"
    cancelled = "not run: an earlier batch failed and the plan's fail strategy is stop"
    assert status == 1
    assert lines(out, plan_id) == [
        "release started (200 OK)",
        "batch 1: order-api: in progress (RUNNING)",
        "batch 2: web-frontend: in progress (WAITING)",
        f"batch 1: order-api: rolling back (ROLLING_BACK, rollback RUNNING): {escaped}",
        f"batch 1: order-api: rolled back (ROLLED_BACK, rollback SUCCESS): {escaped}",
        f"batch 2: web-frontend: failed (CANCELLED): {cancelled}",
        "released 0, failed 2 of 2",
        f"failed: batch 1: order-api: rolled back: {escaped}",
        f"failed: batch 2: web-frontend: failed: {cancelled}",
    ]
    plan = standin.store.get(plan_id)
    assert plan is not None and plan["status"] == "FAILED"


async def test_under_continue_the_later_batch_runs_after_a_failure(
    standin: Standin, clock: Clock, plan_id: str
) -> None:
    plan = standin.store.get(plan_id)
    assert plan is not None
    standin.store.update(plan_id, {**plan, "fail_strategy": "continue"})
    standin.set_faults(fail_components=["order-api"])
    status, out, _ = await watch(standin, clock, plan_id, as_json=True)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [record["event"] for record in records[:1] + records[-1:]] == ["executed", "summary"]
    jobs = [(record["name"], record["phase"], record["status"]) for record in records if record["event"] == "job"]
    assert jobs[-3:] == [  # order-api's rollback ends its batch: then web-frontend starts
        ("order-api", "rolled_back", "ROLLED_BACK"),
        ("web-frontend", "in_progress", "RUNNING"),
        ("web-frontend", "succeeded", "SUCCESS"),
    ]
    summary = records[-1]
    assert (summary["released"], summary["failed"], summary["total"], summary["released_all"]) == (1, 1, 2, False)
    assert [failure["name"] for failure in summary["failures"]] == ["order-api"]
    assert "fault switch" in summary["failures"][0]["fail_message"]


async def test_the_watch_goes_on_through_a_dropped_connection_and_a_503_with_retry_after(
    standin: Standin, clock: Clock, plan_id: str
) -> None:
    def between(polls: int) -> None:  # after the first answer: two polls dropped, then one busy, then well again
        if polls == 1:
            standin.set_faults(drop=True, methods=["GET"])
        elif polls == 3:
            standin.set_faults(status=503, retry_after=20, methods=["GET"])
        elif polls == 4:
            standin.clear_faults()

    status, out, waits = await watch(standin, clock, plan_id, between=between)
    assert status == 0
    said = lines(out, plan_id)
    lost = [line for line in said if line.startswith("lost contact")]
    assert [line.split(":")[0] for line in lost] == [
        "lost contact, retrying in 2 s",
        "lost contact, retrying in 4 s",
        "lost contact, retrying in 20 s",
    ]
    assert "the server answered 503 Service Unavailable" in lost[2] and "retry after 20 s" in lost[2]
    assert said[said.index(lost[2]) + 1] == "contact regained"
    assert waits == [2.0, 2.0, 4.0, 20.0]  # the third failure would wait 8 s: the server asked for 20
    assert said[-1] == "released 2, failed 0 of 2"


def test_relplan_execute_watch_and_status_with_their_exit_codes(standin: Standin, plan_id: str) -> None:
    never = [
        "batch 1: order-api: not started (CREATED)",
        "batch 2: web-frontend: not started (CREATED)",
        f"never executed: no job has started; relplan execute {plan_id} starts it",
    ]
    for watching in ([], ["--watch"]):  # never executed: nothing to wait for, nothing released
        status, out = relplan(standin, "status", plan_id, *watching)
        assert (status, lines(out, plan_id)) == (1, never)
        status, out = relplan(standin, "status", plan_id, *watching, "--format", "json")
        records = [json.loads(line) for line in out.splitlines()]
        assert status == 1
        assert [(record["event"], record.get("phase")) for record in records] == [
            ("job", "not_started"),
            ("job", "not_started"),
            ("not_executed", None),
        ]

    status, out = relplan(standin, "execute", plan_id, "--watch")
    assert status == 0, out
    assert lines(out, plan_id) == [
        "release started (200 OK)",
        "batch 1: order-api: released (SUCCESS)",
        "batch 2: web-frontend: released (SUCCESS)",
        "released 2, failed 0 of 2",
    ]
    status, out = relplan(standin, "status", "--plan-id", plan_id, "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [record["event"] for record in records] == ["job", "job", "summary"]
    assert records[-1]["released_all"] is True


def test_a_second_execute_while_releasing_is_refused_with_the_servers_message(standin: Standin, plan_id: str) -> None:
    standin.store.release_seconds = BATCH  # the clock stands still: the release goes on
    status, out = relplan(standin, "execute", plan_id)
    assert status == 0
    assert lines(out, plan_id) == [f"release started (200 OK); follow it with relplan status {plan_id} --watch"]
    status, out = relplan(standin, "execute", plan_id, "--watch")
    assert status == 1
    first = lines(out, plan_id)[0]
    assert first.startswith(f"POST {standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}/execute failed: ")
    assert first.endswith(
        f"the server answered 400 Bad Request: SVCSTG.00100400: The release plan {plan_id} is already being released"
    )
    status, out = relplan(standin, "status", plan_id)
    assert status == 1
    assert lines(out, plan_id)[-1] == "released 0, failed 0 of 2; not ended: 2 in progress, 0 unknown"


def test_an_unknown_plan_is_a_failed_call_and_a_missing_id_a_usage_error(standin: Standin) -> None:
    status, out = relplan(standin, "status", "no-such-plan", "--watch")
    assert status == 1
    assert "deploy-info failed: the server answered 404 Not Found" in out
    with pytest.raises(SystemExit) as caught:
        relplan(standin, "execute", "--watch")
    assert caught.value.code == 2

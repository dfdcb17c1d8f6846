"""The stand-in's releases, run by a clock the test moves: batches in order, failures, rollbacks and fail strategies."""

from __future__ import annotations

from typing import Any

import pytest

from tui.release import Phase, parse_deploy_info
from tui.standin.faults import Faults
from tui.standin.releases import AlreadyReleasingError
from tui.standin.store import PlanStore


class Clock:
    """Epoch seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def plan(strategy: str | None = "stop") -> dict[str, Any]:
    components = [
        {"name": name, "component_id": f"id-{name}", "seq": seq, "version": "1.0.0"}
        for name, seq in (("c", 2), ("a", 1), ("b", 1), ("d", 3))
    ]
    body: dict[str, Any] = {"name": "p", "components": components}
    if strategy is not None:
        body["fail_strategy"] = strategy
    return body


def store_with(body: dict[str, Any], clock: Clock, seconds: float = 10.0) -> PlanStore:
    store = PlanStore(clock=clock, release_seconds=seconds)
    store.add(body, "p1")
    return store


def states(store: PlanStore) -> dict[str, str]:
    info = store.deploy_info("p1")
    assert info is not None
    return {job["name"]: job["status"] for job in info["components"]}


def plan_status(store: PlanStore) -> str:
    got = store.get("p1")
    assert got is not None
    return str(got["status"])


def test_batches_run_in_seq_order_over_the_release_seconds_and_the_plan_status_follows() -> None:
    clock = Clock()
    store = store_with(plan(), clock)
    assert set(states(store).values()) == {"CREATED"}
    assert store.execute("p1")
    assert plan_status(store) == "RELEASING"
    assert states(store) == {"c": "WAITING", "a": "RUNNING", "b": "RUNNING", "d": "WAITING"}
    clock.now += 7.6  # a ends at 3/4 of the batch, b at its end
    assert states(store) == {"c": "WAITING", "a": "SUCCESS", "b": "RUNNING", "d": "WAITING"}
    clock.now += 2.5
    assert states(store) == {"c": "RUNNING", "a": "SUCCESS", "b": "SUCCESS", "d": "WAITING"}
    clock.now += 10
    assert states(store) == {"c": "SUCCESS", "a": "SUCCESS", "b": "SUCCESS", "d": "RUNNING"}
    assert plan_status(store) == "RELEASING"
    clock.now += 10
    info = store.deploy_info("p1")
    assert info is not None
    jobs = {job["name"]: job for job in info["components"]}
    assert [job["name"] for job in info["components"]] == ["c", "a", "b", "d"]  # the plan's order
    assert {job["status"] for job in jobs.values()} == {"SUCCESS"}
    assert jobs["a"]["start_time"] == 1_800_000_000_000
    assert jobs["d"]["start_time"] == 1_800_000_020_000 and jobs["d"]["end_time"] == 1_800_000_030_000
    assert plan_status(store) == store.summaries()[0]["status"] == "SUCCEEDED"
    assert parse_deploy_info(info).tally.released == 4


def test_a_failing_component_rolls_back_and_under_stop_the_later_batches_are_cancelled() -> None:
    clock = Clock()
    store = store_with(plan("stop"), clock)
    store.execute("p1", failing=frozenset({"a"}), message="probe \x1b[31mfailed\n")
    clock.now += 7.5
    info = store.deploy_info("p1")
    assert info is not None
    failed = info["components"][1]
    words = (failed["status"], failed["job_status"], failed["rollback_job_status"])
    assert words == ("ROLLING_BACK", "FAILED", "RUNNING")
    assert failed["fail_message"] == "probe \x1b[31mfailed\n"
    assert failed["rollback_start_time"] == str(failed["end_time"]) and failed["rollback_job_id"]
    assert states(store)["c"] == "WAITING"
    clock.now += 5  # a's rollback takes half a batch: the batch ends at 12.5 s
    info = store.deploy_info("p1")
    assert info is not None
    assert states(store) == {"c": "CANCELLED", "a": "ROLLED_BACK", "b": "SUCCESS", "d": "CANCELLED"}
    rolled = info["components"][1]
    assert (rolled["rollback_job_status"], rolled["rollback_end_time"]) == ("SUCCESS", str(1_800_000_012_500))
    cancelled = info["components"][0]
    assert cancelled["start_time"] == 0 and "fail strategy is stop" in cancelled["fail_message"]
    assert plan_status(store) == "FAILED"
    phases = {job.name: job.phase for job in parse_deploy_info(info).jobs}
    assert phases == {"c": Phase.FAILED, "a": Phase.ROLLED_BACK, "b": Phase.SUCCEEDED, "d": Phase.FAILED}
    assert parse_deploy_info(info).tally.finished


@pytest.mark.parametrize("strategy", ["continue"])
def test_under_continue_the_later_batches_run_after_a_failure(strategy: str) -> None:
    clock = Clock()
    store = store_with(plan(strategy), clock)
    store.execute("p1", failing=frozenset({"c"}))
    clock.now += 10 + 15 + 10
    assert states(store) == {"c": "ROLLED_BACK", "a": "SUCCESS", "b": "SUCCESS", "d": "SUCCESS"}
    assert plan_status(store) == "FAILED"
    info = store.deploy_info("p1")
    assert info is not None
    assert "fault switch" in info["components"][0]["fail_message"]


def test_a_plan_cannot_be_executed_while_it_releases_but_can_after() -> None:
    clock = Clock()
    store = store_with(plan(), clock)
    store.execute("p1")
    clock.now += 29
    with pytest.raises(AlreadyReleasingError, match="already being released"):
        store.execute("p1")
    clock.now += 1
    assert store.execute("p1")
    assert plan_status(store) == "RELEASING"
    assert not store.execute("unknown")


def test_with_no_release_seconds_a_release_ends_the_moment_it_starts() -> None:
    clock = Clock()
    store = store_with(plan(), clock, seconds=0)
    store.execute("p1", failing=frozenset({"d"}))
    assert states(store) == {"c": "SUCCESS", "a": "SUCCESS", "b": "SUCCESS", "d": "ROLLED_BACK"}
    assert plan_status(store) == "FAILED"


def test_the_fault_switch_reads_and_checks_its_release_keys() -> None:
    faults = Faults.from_json({"fail_components": ["a", "b"], "fail_message": "no", "status": 503, "retry_after": 3})
    assert faults.to_json()["fail_components"] == ["a", "b"]
    assert Faults.from_json(faults.to_json()) == faults
    with pytest.raises(ValueError, match="fail_components"):
        Faults.from_json({"fail_components": "a"})
    with pytest.raises(ValueError, match="retry_after"):
        Faults.from_json({"retry_after": -1})

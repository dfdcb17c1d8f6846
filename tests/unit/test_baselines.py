"""The plans kept beside fetched files: found by file, and an update sent whose answer never came."""

from __future__ import annotations

from pathlib import Path

from tui import baselines

ENDPOINT, PROJECT = "http://127.0.0.1:8780", "demo"


def test_a_file_s_plan_is_found_by_the_file_and_only_where_it_was_fetched(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    assert baselines.plans_of(ENDPOINT, PROJECT, plan_file) == []
    baselines.remember(ENDPOINT, PROJECT, "p1", plan_file, {"name": "a"})
    baselines.remember(ENDPOINT, PROJECT, "p2", tmp_path / "other.json", {"name": "b"})
    assert baselines.plans_of(ENDPOINT, PROJECT, plan_file) == ["p1"]
    assert baselines.plans_of(ENDPOINT, "elsewhere", plan_file) == []
    assert baselines.plans_of("https://other.example.com", PROJECT, plan_file) == []


def test_an_update_sent_without_an_answer_is_kept_beside_the_baseline_until_the_next_is_verified(
    tmp_path: Path,
) -> None:
    plan_file = tmp_path / "plan.json"
    baselines.remember_sent(ENDPOINT, PROJECT, "p1", plan_file, {"name": "sent"})  # not fetched: nothing kept
    assert baselines.recall_sent(ENDPOINT, PROJECT, "p1", plan_file) is None
    baselines.remember(ENDPOINT, PROJECT, "p1", plan_file, {"name": "fetched"})
    baselines.remember_sent(ENDPOINT, PROJECT, "p1", plan_file, {"name": "sent"})
    assert baselines.recall(ENDPOINT, PROJECT, "p1", plan_file) == {"name": "fetched"}  # the baseline stays
    assert baselines.recall_sent(ENDPOINT, PROJECT, "p1", plan_file) == {"name": "sent"}
    baselines.remember(ENDPOINT, PROJECT, "p1", plan_file, {"name": "sent"})  # sent and verified
    assert baselines.recall_sent(ENDPOINT, PROJECT, "p1", plan_file) is None

"""What the release's question says, how a watched release tells its progress and summary, and the watch's rows."""

from __future__ import annotations

from tui.release import DeployInfo, Job, Phase
from tui.releasing import BatchRow, JobRow, MessageRow, PlanFacts, Release, Stage, bar, confirmation, watch_rows
from tui.types import JSON

PLAN: dict[str, JSON] = {
    "name": "shop",
    "fail_strategy": "stop",
    "components": [{"name": "a", "seq": 1}, {"name": "b", "seq": 2}, {"name": "c", "seq": 2}],
}


def test_the_question_names_the_plan_its_components_batches_and_fail_strategy() -> None:
    facts = PlanFacts.of(PLAN, "id-1")
    asked = confirmation(facts)
    assert asked.startswith("Release plan shop (id-1): 3 components in 2 batches, fail strategy stop")
    assert "a failure stops the later batches" in asked and "different" not in asked
    one = confirmation(PlanFacts.of({"components": [{"seq": 1}]}, "id-2"))
    assert "plan id-2 (id-2): 1 component in 1 batch, fail strategy not set" in one


def test_the_question_says_when_the_server_holds_another_plan() -> None:
    asked = confirmation(PlanFacts.of(PLAN, "id-1"), "the editor has edits the server does not have")
    assert asked.startswith("The server holds a different plan than the editor: the editor has edits")
    assert "enter releases what the server holds" in asked


def _job(name: str, seq: str, status: str, fail: str = "") -> Job:
    return Job(name, f"id-{name}", seq, status=status, start_time=1_000, end_time=31_000, fail_message=fail)


def test_rows_go_batch_by_batch_with_messages_under_their_component() -> None:
    info = DeployInfo("p", (_job("b", "10", "RUNNING"), _job("a", "2", "FAILED", "no image"), _job("c", "10", "OK?")))
    rows = watch_rows(info, 100_000)
    assert [type(row) for row in rows] == [BatchRow, JobRow, MessageRow, BatchRow, JobRow, JobRow]
    assert [row.seq for row in rows if isinstance(row, BatchRow)] == ["2", "10"]
    job = rows[1]
    assert isinstance(job, JobRow) and job.phase is Phase.FAILED and job.elapsed == "30 s"
    unknown = rows[5]
    assert isinstance(unknown, JobRow) and unknown.phase is Phase.UNKNOWN and unknown.word == "OK?"


def test_a_release_tells_its_progress_and_ends_with_a_summary() -> None:
    now = [100.0]
    release = Release(PlanFacts.of(PLAN, "id-1"), clock=lambda: now[0])
    assert release.running and release.progress() == "starting the release of shop"
    release.polled(DeployInfo("id-1", (_job("a", "1", "SUCCESS"), _job("b", "2", "RUNNING"))), regained=False)
    assert release.progress() == "releasing 1/2" and release.headline() == "releasing"
    release.lost("connection dropped", 4.0)
    assert release.headline() == "lost contact, retrying in 4 s"
    assert "lost contact, retrying in 4 s: connection dropped" in release.progress()
    now[0] += 2.5
    assert release.headline() == "lost contact, retrying in 2 s"  # counting down
    end = DeployInfo("id-1", (_job("a", "1", "SUCCESS"), _job("b", "2", "FAILED", "probe failed")))
    release.ended(end)
    assert not release.running
    assert release.summary() == ["released 1, failed 1", "b (batch 2): failed: probe failed"]
    release.stopped(Stage.STOPPED)
    assert "the release goes on on the server; relplan status id-1 --watch follows it" in release.progress()


def test_a_bar_fills_in_proportion() -> None:
    assert bar(1, 4, 8) == "██░░░░░░"
    assert bar(0, 0, 3) == "░░░" and bar(5, 5, 3) == "███"

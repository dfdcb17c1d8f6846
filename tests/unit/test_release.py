"""Status words classified, deploy-info read leniently, jobs grouped by batch, and the watch's polling."""

from __future__ import annotations

import asyncio

import pytest

from tui.errors import ConnectionLostError, StatusError
from tui.release import DeployInfo, Phase, Tally, changes, classify, parse_deploy_info
from tui.release_watch import LostContact, Polled, ReleaseWatch, retry_after_seconds
from tui.types import JSON


@pytest.mark.parametrize(
    ("word", "phase"),
    [
        ("RUNNING", Phase.IN_PROGRESS),
        ("waiting", Phase.IN_PROGRESS),
        (" Releasing ", Phase.IN_PROGRESS),
        ("SUCCESS", Phase.SUCCEEDED),
        ("completed", Phase.SUCCEEDED),
        ("Timeout", Phase.FAILED),
        ("Cancelled", Phase.FAILED),
        ("ROLLING_BACK", Phase.ROLLING_BACK),
        ("rolling-back", Phase.ROLLING_BACK),
        ("ROLLBACK_SOMETHING_NEW", Phase.ROLLING_BACK),
        ("ROLLED_BACK", Phase.ROLLED_BACK),
        ("ROLLBACK_FAILED", Phase.ROLLBACK_FAILED),
        ("SUCCEEDEDISH", Phase.UNKNOWN),
        ("", Phase.UNKNOWN),
        (None, Phase.UNKNOWN),
    ],
)
def test_status_words_are_classified_and_an_unknown_word_is_never_success(word: str | None, phase: Phase) -> None:
    assert classify(word) is phase


def _job(name: str, seq: str, status: str, **more: JSON) -> dict[str, JSON]:
    return {"name": name, "id": f"id-{name}", "seq": seq, "status": status, "job_status": status, **more}


def test_deploy_info_is_read_leniently_and_grouped_by_batch_in_numeric_order() -> None:
    info = parse_deploy_info(
        {
            "id": "plan-1",
            "components": [
                _job("b", "10", "RUNNING", start_time=1000, end_time=0),
                _job("a", "2", "SUCCESS"),
                "not a job",
                {"name": 7, "seq": 2, "status": None, "start_time": "abc"},
            ],
        }
    )
    assert info.plan_id == "plan-1"
    assert [batch.seq for batch in info.batches] == ["2", "10"]
    assert [job.name for job in info.batches[0].jobs] == ["a", "7"]
    assert info.jobs[0].start_time == 1000 and info.jobs[0].end_time is None
    assert info.jobs[0].elapsed(3500) == 2.5
    assert info.jobs[2].start_time is None and info.jobs[2].phase is Phase.UNKNOWN
    assert info.tally == Tally(total=3, released=1, failed=0, in_progress=1, unknown=1)
    assert parse_deploy_info(["nonsense"], "fallback") == DeployInfo("fallback", ())


def test_a_rollback_status_decides_the_phase() -> None:
    rolled = parse_deploy_info({"components": [_job("a", "1", "FAILED", rollback_job_status="SUCCESS")]})
    failing = parse_deploy_info({"components": [_job("a", "1", "FAILED", rollback_job_status="FAILED")]})
    assert rolled.jobs[0].phase is Phase.ROLLED_BACK
    assert failing.jobs[0].phase is Phase.ROLLBACK_FAILED
    assert rolled.tally.finished and rolled.tally.failed == 1


def test_changes_name_new_and_changed_jobs_but_not_a_timestamp_alone() -> None:
    first = parse_deploy_info({"components": [_job("a", "1", "RUNNING", start_time=5), _job("b", "1", "WAITING")]})
    later = parse_deploy_info({"components": [_job("a", "1", "RUNNING", start_time=9), _job("b", "1", "RUNNING")]})
    assert [change.after.name for change in changes(None, first)] == ["a", "b"]
    found = changes(first, later)
    assert [(c.before.status if c.before else None, c.after.status) for c in found] == [("WAITING", "RUNNING")]


def _status_error(status: int, *headers: tuple[str, str]) -> StatusError:
    return StatusError("busy", status=status, headers=headers)


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    assert retry_after_seconds(_status_error(503, ("Retry-After", "7"))) == 7.0
    dated = _status_error(429, ("retry-after", "Wed, 21 Oct 2015 07:28:10 GMT"))
    assert retry_after_seconds(dated, now=1445412480.0) == 10.0
    assert retry_after_seconds(_status_error(500, ("Retry-After", "7"))) is None
    assert retry_after_seconds(_status_error(503, ("Retry-After", "soon"))) is None


def test_the_watch_backs_off_through_errors_honours_retry_after_and_ends_when_every_job_ended() -> None:
    answers: list[object] = [
        parse_deploy_info({"components": [_job("a", "1", "RUNNING")]}),
        ConnectionLostError("the connection dropped"),
        ConnectionLostError("the connection dropped"),
        _status_error(503, ("Retry-After", "9")),
        parse_deploy_info({"components": [_job("a", "1", "SUCCESS")]}),
    ]
    waits: list[float] = []
    events: list[object] = []

    async def fetch() -> DeployInfo:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, DeployInfo)
        return answer

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    final = asyncio.run(ReleaseWatch(fetch, interval=2.0, sleep=sleep).run(events.append))
    assert final.tally.released == 1
    assert waits == [2.0, 2.0, 4.0, 9.0]
    assert [type(event) for event in events] == [Polled, LostContact, LostContact, LostContact, Polled]
    last = events[-1]
    assert isinstance(last, Polled) and last.regained and [c.after.status for c in last.changes] == ["SUCCESS"]


def test_the_watch_gives_up_on_an_answer_another_try_would_not_change() -> None:
    async def fetch() -> DeployInfo:
        raise _status_error(404)

    async def sleep(seconds: float) -> None:
        raise AssertionError("no retry after a 404")

    with pytest.raises(StatusError):
        asyncio.run(ReleaseWatch(fetch, sleep=sleep).run(lambda event: None))


def test_a_release_with_a_job_rolling_back_has_not_finished() -> None:
    rolling = parse_deploy_info({"components": [_job("a", "1", "SUCCESS"), _job("b", "1", "ROLLING_BACK")]})
    assert rolling.tally.failed == 1 and rolling.tally.rolling_back == 1 and not rolling.tally.finished
    rolled = parse_deploy_info({"components": [_job("a", "1", "SUCCESS"), _job("b", "1", "ROLLED_BACK")]})
    assert rolled.tally.finished

"""A release as deploy-info tells it: status words classified, jobs grouped into batches, changes between two polls.

The reference does not list the status words a job can carry. They are classified case-insensitively into the
phases of :class:`Phase`; a word not known is :attr:`Phase.UNKNOWN`, shown as the word itself and never counted as
released. A job's phase is read from its rollback status when a rollback started, else from its ``status``, else
from its ``job_status``.

Everything here is plain data: the text is kept as the server sent it, and whoever shows it escapes it
(:func:`tui.text.printable`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from tui.json_fields import lenient_moment, lenient_text
from tui.types import JSON

__all__ = [
    "Batch",
    "DeployInfo",
    "Job",
    "JobChange",
    "Phase",
    "Tally",
    "changes",
    "classify",
    "parse_deploy_info",
]


class Phase(StrEnum):
    """Where a component's release stands, as a person reads it."""

    IN_PROGRESS = "in progress"
    SUCCEEDED = "released"
    FAILED = "failed"
    ROLLING_BACK = "rolling back"
    ROLLED_BACK = "rolled back"
    ROLLBACK_FAILED = "rollback failed"
    UNKNOWN = "unknown"

    @property
    def finished(self) -> bool:
        """Whether nothing more happens to the job: released, failed for good, rolled back or its rollback failed.

        :attr:`FAILED` counts as finished; a rollback that starts later turns it into :attr:`ROLLING_BACK` again.
        An unknown word is not finished: the watch goes on until it turns into a known one.
        """
        return self in _FINISHED

    @property
    def bad(self) -> bool:
        """Whether the job did not release: failed, rolling back, rolled back, or its rollback failed."""
        return self in _BAD


_FINISHED: Final = frozenset({Phase.SUCCEEDED, Phase.FAILED, Phase.ROLLED_BACK, Phase.ROLLBACK_FAILED})
_BAD: Final = frozenset({Phase.FAILED, Phase.ROLLING_BACK, Phase.ROLLED_BACK, Phase.ROLLBACK_FAILED})

_WORDS: Final[Mapping[str, Phase]] = {
    **dict.fromkeys(
        ("WAITING", "INIT", "INITIAL", "CREATED", "PENDING", "RUNNING", "EXECUTING", "DEPLOYING", "RELEASING"),
        Phase.IN_PROGRESS,
    ),
    **dict.fromkeys(("SUCCEEDED", "SUCCESS", "FINISHED", "COMPLETED", "RELEASED"), Phase.SUCCEEDED),
    **dict.fromkeys(("FAILED", "FAIL", "ERROR", "TIMEOUT"), Phase.FAILED),
    # Not run at all (a batch after a failure under the ``stop`` strategy): not released, and nothing more to come.
    **dict.fromkeys(("CANCELLED", "CANCELED", "ABORTED", "SKIPPED"), Phase.FAILED),
    **dict.fromkeys(("ROLLING_BACK", "ROLLINGBACK", "ROLLBACKING", "ROLLBACK_RUNNING"), Phase.ROLLING_BACK),
    **dict.fromkeys(("ROLLED_BACK", "ROLLEDBACK", "ROLLBACK_SUCCESS", "ROLLBACK_SUCCEEDED"), Phase.ROLLED_BACK),
    **dict.fromkeys(("ROLLBACK_FAILED", "ROLLBACK_FAIL", "ROLLBACK_ERROR"), Phase.ROLLBACK_FAILED),
}


def classify(word: str | None) -> Phase:
    """The phase a status word names; :attr:`Phase.UNKNOWN` for an empty or unknown word.

    Case, surrounding blanks and ``-`` or blank in place of ``_`` do not matter. Any other word starting with
    ``ROLLBACK`` is :attr:`Phase.ROLLING_BACK`: a rollback whose outcome is not known yet, never a success.
    """
    key = (word or "").strip().upper().replace("-", "_").replace(" ", "_")
    phase = _WORDS.get(key)
    if phase is not None:
        return phase
    return Phase.ROLLING_BACK if key.startswith("ROLLBACK") else Phase.UNKNOWN


def _rollback_phase(word: str) -> Phase:
    """The phase of a job whose rollback has the status ``word`` (``SUCCESS`` there means rolled back)."""
    phase = classify(word)
    if phase is Phase.SUCCEEDED:
        return Phase.ROLLED_BACK
    if phase is Phase.FAILED:
        return Phase.ROLLBACK_FAILED
    if phase is Phase.IN_PROGRESS:
        return Phase.ROLLING_BACK
    return phase


@dataclass(frozen=True, slots=True)
class Job:
    """One component's release job, as one ``job_info`` of deploy-info gives it (text as sent, unescaped)."""

    name: str
    component_id: str
    seq: str
    """The release batch, as the server sent it (a string of digits, normally)."""
    version: str = ""
    job_id: str = ""
    status: str = ""
    job_status: str = ""
    start_time: int | None = None
    """Epoch milliseconds; None when not started (or the server sent 0)."""
    end_time: int | None = None
    fail_message: str = ""
    rollback_job_id: str = ""
    rollback_job_status: str = ""
    rollback_start_time: str = ""
    rollback_end_time: str = ""
    rollback_fail_message: str = ""

    @property
    def not_started(self) -> bool:
        """Whether the job is as deploy-info shows it for a plan never executed: ``CREATED``, with no job id and no
        start time."""
        return (self.status or self.job_status).upper() == "CREATED" and not self.job_id and self.start_time is None

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the job from one poll to the next: its component's id, name and batch."""
        return (self.component_id, self.name, self.seq)

    @property
    def word(self) -> str:
        """The status word the phase is read from (see the module's docstring)."""
        return self.rollback_job_status or self.status or self.job_status

    @property
    def phase(self) -> Phase:
        """Where this job stands."""
        if self.rollback_job_status:
            return _rollback_phase(self.rollback_job_status)
        return classify(self.status or self.job_status)

    def elapsed(self, now_ms: int) -> float | None:
        """Seconds since the job started, up to its end or ``now_ms``; None when it has not started."""
        if self.start_time is None:
            return None
        end = self.end_time if self.end_time is not None and self.end_time >= self.start_time else now_ms
        return max(0.0, (end - self.start_time) / 1000)


@dataclass(frozen=True, slots=True)
class Tally:
    """How many jobs stand in each phase."""

    total: int
    released: int
    failed: int
    """Failed, rolling back, rolled back or rollback failed: every job that did not release."""
    in_progress: int
    unknown: int
    rolling_back: int = 0
    """Of :attr:`failed`, the jobs whose rollback has not ended yet."""

    @classmethod
    def of(cls, jobs: Iterable[Job]) -> Tally:
        """Count ``jobs`` by phase."""
        total = released = failed = unknown = rolling_back = 0
        for job in jobs:
            total += 1
            phase = job.phase
            if phase is Phase.SUCCEEDED:
                released += 1
            elif phase.bad:
                failed += 1
                rolling_back += phase is Phase.ROLLING_BACK
            elif phase is Phase.UNKNOWN:
                unknown += 1
        return cls(total, released, failed, total - released - failed - unknown, unknown, rolling_back)

    @property
    def done(self) -> int:
        """Jobs that reached an end (released, failed, rolled back): what a progress bar fills with."""
        return self.released + self.failed

    @property
    def finished(self) -> bool:
        """Whether every job reached an end (see :attr:`Phase.finished`); an empty release is never finished.

        A job rolling back has not: the watch goes on until its rollback ends.
        """
        return self.total > 0 and self.released + self.failed == self.total and self.rolling_back == 0


@dataclass(frozen=True, slots=True)
class Batch:
    """The jobs of one release batch (one ``seq``), in the order deploy-info lists them."""

    seq: str
    jobs: tuple[Job, ...]

    @property
    def tally(self) -> Tally:
        """The batch's jobs counted by phase."""
        return Tally.of(self.jobs)


@dataclass(frozen=True, slots=True)
class DeployInfo:
    """A plan's deploy-info: its jobs, and the batches they form in ``seq`` order."""

    plan_id: str
    jobs: tuple[Job, ...]

    @property
    def batches(self) -> tuple[Batch, ...]:
        """The jobs grouped by ``seq``, batches in numeric order (a ``seq`` that is not a number goes last)."""
        groups: dict[str, list[Job]] = {}
        for job in self.jobs:
            groups.setdefault(job.seq, []).append(job)
        ordered = sorted(groups, key=_seq_order)
        return tuple(Batch(seq, tuple(groups[seq])) for seq in ordered)

    @property
    def tally(self) -> Tally:
        """Every job counted by phase."""
        return Tally.of(self.jobs)

    @property
    def never_executed(self) -> bool:
        """Whether the plan was never executed: it has jobs, and every one is ``CREATED`` and has not started."""
        return bool(self.jobs) and all(job.not_started for job in self.jobs)


def _seq_order(seq: str) -> tuple[int, int, str]:
    text = seq.strip()
    return (0, int(text), "") if text.isdigit() and len(text) < 10 else (1, 0, text)


def parse_deploy_info(data: JSON, plan_id: str = "") -> DeployInfo:
    """The deploy-info answer's jobs, read leniently: a missing or mistyped field is empty, a non-object job skipped.

    ``plan_id`` is used when the answer names none. Raises nothing: the caller has checked that ``data`` came as
    JSON; what it holds is only ever shown.
    """
    body = data if isinstance(data, dict) else {}
    raw_jobs = body.get("components")
    jobs = tuple(_job(item) for item in (raw_jobs if isinstance(raw_jobs, list) else []) if isinstance(item, dict))
    return DeployInfo(lenient_text(body.get("id")) or plan_id, jobs)


def _job(item: Mapping[str, JSON]) -> Job:
    return Job(
        name=lenient_text(item.get("name")),
        component_id=lenient_text(item.get("id")),
        seq=lenient_text(item.get("seq")),
        version=lenient_text(item.get("version")),
        job_id=lenient_text(item.get("job_id")),
        status=lenient_text(item.get("status")),
        job_status=lenient_text(item.get("job_status")),
        start_time=lenient_moment(item.get("start_time")),
        end_time=lenient_moment(item.get("end_time")),
        fail_message=lenient_text(item.get("fail_message")),
        rollback_job_id=lenient_text(item.get("rollback_job_id")),
        rollback_job_status=lenient_text(item.get("rollback_job_status")),
        rollback_start_time=lenient_text(item.get("rollback_start_time")),
        rollback_end_time=lenient_text(item.get("rollback_end_time")),
        rollback_fail_message=lenient_text(item.get("rollback_fail_message")),
    )


@dataclass(frozen=True, slots=True)
class JobChange:
    """A job whose status, job status, rollback status or failure message differs between two polls."""

    before: Job | None
    """The job at the previous poll; None when it is new in this one."""
    after: Job


def changes(before: DeployInfo | None, after: DeployInfo) -> list[JobChange]:
    """The jobs of ``after`` that are new or whose status words or messages changed since ``before``.

    Timestamps alone do not count: a watch prints one line per change, never one per poll.
    """
    previous = {job.key: job for job in before.jobs} if before is not None else {}
    found: list[JobChange] = []
    for job in after.jobs:
        old = previous.get(job.key)
        if old is None or _state(old) != _state(job):
            found.append(JobChange(old, job))
    return found


def _state(job: Job) -> tuple[str, ...]:
    return (
        job.status,
        job.job_status,
        job.rollback_job_status,
        job.fail_message,
        job.rollback_fail_message,
        job.version,
    )

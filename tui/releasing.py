"""Releasing from the editor, as plain data: what the confirmation says, how a release being watched stands, the
rows of the watch view, and the summary at its end.

The calls themselves go through :class:`ReleaseCalls`, a narrow protocol: :class:`ServerRelease` makes them on the
plan's server, a test gives scripted answers. Text here is kept as the plan or the server wrote it; whoever shows it
escapes it (:func:`tui.text.printable`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

from tui.release import DeployInfo, Job, Phase, Tally
from tui.types import JSON

if TYPE_CHECKING:
    from tui.client import ServiceStageClient
    from tui.target import Target

__all__ = [
    "BatchRow",
    "JobRow",
    "MessageRow",
    "PlanFacts",
    "Release",
    "ReleaseCalls",
    "Row",
    "ServerRelease",
    "Stage",
    "bar",
    "confirmation",
    "elapsed_text",
    "follow_hint",
    "watch_rows",
]

FULL: Final = "█"
EMPTY: Final = "░"
"""A progress bar's cells: shapes, not colours, so that it reads with ``NO_COLOR``."""


class ReleaseCalls(Protocol):
    """The two calls a release needs, for one plan."""

    async def execute(self) -> None:
        """Start releasing the plan as the server holds it."""

    async def deploy_info(self) -> DeployInfo:
        """How the release stands now."""

    async def aclose(self) -> None:
        """Let go of the connection (the release goes on on the server)."""


class ServerRelease:
    """:class:`ReleaseCalls` on the plan's server, through one client kept open for the whole watch."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._client: ServiceStageClient | None = None

    def _open(self) -> ServiceStageClient:
        if self._client is None:
            self._client = self.target.client()
        return self._client

    async def execute(self) -> None:
        """POST the plan's execute call."""
        await self._open().execute_plan(self.target.plan_id)

    async def deploy_info(self) -> DeployInfo:
        """GET the plan's deploy-info."""
        return await self._open().deploy_info(self.target.plan_id)

    async def aclose(self) -> None:
        """Close the client, if one was opened."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What the confirmation names of the plan to release."""

    plan_id: str
    name: str
    components: int
    batches: int
    fail_strategy: str

    @classmethod
    def of(cls, plan: Mapping[str, JSON], plan_id: str) -> PlanFacts:
        """The facts of ``plan`` (as the server holds it, to our knowledge)."""
        raw = plan.get("components")
        components = [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
        seqs = {str(item.get("seq", "")) for item in components}
        strategy = plan.get("fail_strategy")
        name = plan.get("name")
        return cls(
            plan_id,
            name if isinstance(name, str) and name else plan_id,
            len(components),
            len(seqs),
            strategy if isinstance(strategy, str) and strategy else "not set",
        )


_STRATEGIES: Final = {
    "stop": "a failure stops the later batches",
    "continue": "the later batches run after a failure",
}


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}es" if word.endswith("h") else f"{number} {word}s"


def confirmation(facts: PlanFacts, differs: str = "") -> str:
    """The question put before releasing: the plan, its components and batches, its fail strategy.

    ``differs`` says why the server's plan is not the editor's (unsent edits, a failed arrival check); then the
    question says so, and offers only to release what the server holds.
    """
    strategy = facts.fail_strategy
    meaning = _STRATEGIES.get(strategy.lower())
    said = f"fail strategy {strategy}" + (f" ({meaning})" if meaning else "")
    what = (
        f"plan {facts.name} ({facts.plan_id}): {_count(facts.components, 'component')} in "
        f"{_count(facts.batches, 'batch')}, {said}"
    )
    if differs:
        return (
            f"The server holds a different plan than the editor: {differs}.\n\n"
            f"Only what the server holds can be released, as last known: {what}.\n\n"
            "enter releases what the server holds · escape does not"
        )
    return f"Release {what}?\n\nenter releases it · escape does not"


def follow_hint(plan_id: str) -> str:
    """How to follow the release from the command line."""
    return f"relplan status {plan_id} --watch"


class Stage(StrEnum):
    """Where watching a release stands."""

    STARTING = "starting"
    RELEASING = "releasing"
    LOST = "lost contact"
    ENDED = "ended"
    STOPPED = "stopped watching"
    NOT_STARTED = "not started"
    GAVE_UP = "gave up watching"


_RUNNING: Final = frozenset({Stage.STARTING, Stage.RELEASING, Stage.LOST})


@dataclass
class Release:
    """A release started from the editor, as far as the watch has seen it."""

    facts: PlanFacts
    stage: Stage = Stage.STARTING
    info: DeployInfo | None = None
    """The latest deploy-info; None before the first answer."""
    problem: str = ""
    """What went wrong last (lost contact, a refusal), as the error said it."""
    retry_at: float = 0.0
    """When the next try is due after lost contact, by :attr:`clock`."""
    regained: bool = False
    """Whether the latest answer ended a run of failed polls."""
    failures: list[Job] = field(default_factory=list)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    """Where the seconds to the next try are counted from: a monotonic clock."""

    @property
    def running(self) -> bool:
        """Whether the watch still follows it (it may run on the server even when not)."""
        return self.stage in _RUNNING

    @property
    def tally(self) -> Tally:
        """The jobs counted by phase; nothing before the first answer."""
        return self.info.tally if self.info is not None else Tally(0, 0, 0, 0, 0)

    def polled(self, info: DeployInfo, *, regained: bool) -> None:
        """A poll answered with ``info``."""
        self.info, self.stage, self.problem, self.regained = info, Stage.RELEASING, "", regained

    def lost(self, problem: str, retry_in: float) -> None:
        """A poll failed; the next is in ``retry_in`` seconds."""
        self.stage, self.problem, self.regained = Stage.LOST, problem, False
        self.retry_at = self.clock() + retry_in

    @property
    def retry_in(self) -> int:
        """Whole seconds left until the next try after lost contact (counting down as time passes)."""
        return max(0, math.ceil(self.retry_at - self.clock()))

    def ended(self, info: DeployInfo) -> None:
        """Every job reached an end."""
        self.info, self.stage, self.problem = info, Stage.ENDED, ""
        self.failures = [job for job in info.jobs if job.phase.bad]

    def stopped(self, stage: Stage, problem: str = "") -> None:
        """The watch ended before the release did: stopped, refused at the start, or given up."""
        self.stage, self.problem = stage, problem

    def progress(self) -> str:
        """One line: ``releasing 12/64``, ``lost contact, retrying in 4 s``, or how it ended."""
        tally = self.tally
        done = f"{tally.done}/{tally.total}" if tally.total else "…"
        failed = f", {tally.failed} failed" if tally.failed else ""
        if self.stage is Stage.STARTING:
            return f"starting the release of {self.facts.name}"
        if self.stage is Stage.RELEASING:
            regained = " (contact regained)" if self.regained else ""
            return f"releasing {done}{failed}{regained}"
        if self.stage is Stage.LOST:
            return f"releasing {done}{failed} · lost contact, retrying in {self.retry_in} s: {self.problem}"
        if self.stage is Stage.ENDED:
            return f"release ended: {self.summary_line()}"
        if self.stage is Stage.NOT_STARTED:
            return f"not released: {self.problem}"
        hint = f"; {follow_hint(self.facts.plan_id)} follows it"
        cause = f" ({self.problem})" if self.problem else ""
        return f"{self.stage}{cause} at {done}{failed}: the release goes on on the server{hint}"

    def headline(self) -> str:
        """The plan's status in a few words, for the watch view's head."""
        tally = self.tally
        if self.stage is Stage.RELEASING:
            return "releasing, with failures" if tally.failed else "releasing"
        if self.stage is Stage.LOST:
            return f"lost contact, retrying in {self.retry_in} s"
        if self.stage is Stage.ENDED:
            return "released" if tally.released == tally.total else "ended with failures"
        if self.stage is Stage.STOPPED:
            return "not watched: the release goes on on the server"
        return str(self.stage)

    def note(self) -> list[str]:
        """What the watch view says under its rows: lost contact, the summary, why the watch ended; else nothing."""
        if self.stage is Stage.ENDED:
            return self.summary()
        if self.stage is Stage.RELEASING:
            return ["contact regained"] if self.regained else []
        if self.stage is Stage.STARTING:
            return []
        return [self.progress()]

    def summary_line(self) -> str:
        """``released N, failed M``."""
        tally = self.tally
        unknown = f", unknown {tally.unknown}" if tally.unknown else ""
        return f"released {tally.released}, failed {tally.failed}{unknown}"

    def summary(self) -> list[str]:
        """The summary at the end: the counts, then each failure with its messages."""
        lines = [self.summary_line()]
        for job in self.failures:
            messages = " · ".join(filter(None, (job.fail_message, job.rollback_fail_message)))
            lines.append(f"{job.name} (batch {job.seq}): {job.phase}" + (f": {messages}" if messages else ""))
        return lines


def bar(done: int, total: int, width: int) -> str:
    """A progress bar ``width`` cells wide, filled in proportion of ``done`` to ``total``."""
    filled = 0 if total <= 0 else min(width, done * width // total)
    return FULL * filled + EMPTY * (width - filled)


def elapsed_text(seconds: float | None) -> str:
    """``42 s``, ``3m05s`` or ``1h02m``; ``-`` when not started."""
    if seconds is None:
        return "-"
    whole = int(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


@dataclass(frozen=True, slots=True)
class BatchRow:
    """A batch's line: its ``seq`` and how far its jobs are."""

    seq: str
    tally: Tally

    @property
    def key(self) -> tuple[str, ...]:
        """What identifies the row from one poll to the next."""
        return ("batch", self.seq)


@dataclass(frozen=True, slots=True)
class JobRow:
    """A component's line: its name, phase, status word, job status and elapsed time."""

    name: str
    seq: str
    component_id: str
    phase: Phase
    word: str
    job_status: str
    elapsed: str

    @property
    def key(self) -> tuple[str, ...]:
        """What identifies the row from one poll to the next."""
        return ("job", self.component_id, self.name, self.seq)


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A failure's or a rollback's message, under its component's line."""

    owner: tuple[str, ...]
    rollback: bool
    text: str

    @property
    def key(self) -> tuple[str, ...]:
        """What identifies the row from one poll to the next."""
        return ("rollback" if self.rollback else "failure", *self.owner)


Row = BatchRow | JobRow | MessageRow


def watch_rows(info: DeployInfo, now_ms: int) -> list[Row]:
    """The watch view's rows: each batch in ``seq`` order, then its components, each with its messages."""
    rows: list[Row] = []
    for batch in info.batches:
        rows.append(BatchRow(batch.seq, batch.tally))
        for job in batch.jobs:
            row = JobRow(
                job.name,
                job.seq,
                job.component_id,
                job.phase,
                job.word,
                job.job_status,
                elapsed_text(job.elapsed(now_ms)),
            )
            rows.append(row)
            if job.fail_message:
                rows.append(MessageRow(row.key, False, job.fail_message))
            if job.rollback_fail_message:
                rows.append(MessageRow(row.key, True, job.rollback_fail_message))
    return rows

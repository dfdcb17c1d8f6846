"""A release on the stand-in: batches run in ``seq`` order over time, read off the store's clock.

A :class:`Release` is planned in full when the plan is executed, and what deploy-info shows is worked out from the
clock at each call: no thread runs it, so a test with its own clock moves a release on by moving the clock.

Each batch takes ``batch_seconds``. When a batch starts, its components go from ``WAITING`` to ``RUNNING``; they
finish one after another over the second half of the batch, ``SUCCESS``. A component named to fail (the fault
switch's ``fail_components``, fixed when the release starts) fails at its finish with a message and rolls back
at once: its ``status`` is ``ROLLING_BACK`` with ``job_status`` ``FAILED``, ``rollback_job_status`` ``RUNNING``
and ``rollback_start_time`` set, and half a batch later ``ROLLED_BACK`` with ``rollback_job_status`` ``SUCCESS``
and ``rollback_end_time``. A batch ends when its last component finished or rolled back; the next starts then.

After a batch with a failure, the plan's ``fail_strategy`` decides: ``continue`` runs the later batches;
``stop`` (and any other value, or none) runs no more. The jobs of the batches not run stay ``WAITING`` until the
failed batch ends, then show ``status`` and ``job_status`` ``CANCELLED`` with no start time and a
``fail_message`` saying why: a word a client counts as not released, so a watch ends. The plan's own status is
``RELEASING`` until the last batch run ends, then ``SUCCEEDED``, or ``FAILED`` when any component failed.

With ``batch_seconds`` 0 a release ends the moment it starts, as the stand-in's releases did before.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from tui.types import JSON

__all__ = [
    "DEFAULT_RELEASE_SECONDS",
    "RELEASING",
    "AlreadyReleasingError",
    "Release",
    "not_released_jobs",
]

DEFAULT_RELEASE_SECONDS: Final = 7.0
"""Seconds per batch for ``relplan standin`` and the demo: the 64-component sample's four batches take about 30 s."""
RELEASING: Final = "RELEASING"
"""The plan's status while a release runs."""
FORCED_FAILURE: Final = "Forced by the stand-in's fault switch: the component did not become healthy in time"
"""The failure message of a component the fault switch fails, unless the switch gives another."""


class AlreadyReleasingError(Exception):
    """The plan is being released: it cannot be executed again until that release ends."""


@dataclass(frozen=True, slots=True)
class _Slot:
    """When things happen to one component's job in a release (epoch milliseconds)."""

    index: int
    """The component's place in the plan (deploy-info lists jobs in that order)."""
    item: Mapping[str, JSON]
    batch: str
    start: int = 0
    end: int = 0
    fails: bool = False
    rollback_end: int = 0
    cancelled_at: int | None = None
    """When the job is cancelled because an earlier batch failed under ``stop``; None when it runs."""


@dataclass(frozen=True, slots=True)
class Release:
    """One run of a plan's release, planned from the moment it started."""

    plan_id: str
    number: int
    """Which release of the plan this is (1 for the first): keeps each run's job ids apart."""
    slots: tuple[_Slot, ...]
    ends: int
    """When the last batch run ends (epoch milliseconds)."""
    failed: bool
    """Whether any component fails in it."""
    message: str

    @classmethod
    def start(
        cls,
        plan_id: str,
        plan: Mapping[str, JSON],
        now: int,
        *,
        batch_seconds: float,
        failing: frozenset[str] = frozenset(),
        message: str | None = None,
        number: int = 1,
    ) -> Release:
        """The release of ``plan`` starting at ``now`` (epoch ms); components named in ``failing`` fail."""
        items = _items(plan)
        batches: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            batches.setdefault(_seq(item), []).append(index)
        stop = plan.get("fail_strategy") != "continue"
        span = max(0, round(batch_seconds * 1000))
        slots: dict[int, _Slot] = {}
        clock, stopped, failed = now, False, False
        for seq in sorted(batches, key=_seq_order):
            members = batches[seq]
            if stopped:
                slots.update((i, _Slot(i, items[i], seq, cancelled_at=clock)) for i in members)
                continue
            ends, count, batch_failed = clock, len(members), False
            for place, index in enumerate(members):
                end = clock + span * (count + place + 1) // (2 * count)
                fails = items[index].get("name") in failing
                rollback_end = end + span // 2 if fails else 0
                slots[index] = _Slot(index, items[index], seq, clock, end, fails, rollback_end)
                ends = max(ends, end, rollback_end)
                batch_failed |= fails
            clock, failed = ends, failed or batch_failed
            stopped = batch_failed and stop
        ordered = tuple(slots[index] for index in range(len(items)))
        return cls(plan_id, number, ordered, clock, failed, message or FORCED_FAILURE)

    def running(self, now: int) -> bool:
        """Whether the release is still going at ``now``."""
        return now < self.ends

    def status(self, now: int) -> str:
        """The plan's status at ``now``: ``RELEASING``, then ``SUCCEEDED`` or ``FAILED``."""
        if self.running(now):
            return RELEASING
        return "FAILED" if self.failed else "SUCCEEDED"

    def jobs(self, now: int) -> list[dict[str, Any]]:
        """Deploy-info's ``components`` at ``now``: one job per component, in the plan's order."""
        return [self._job(slot, now) for slot in self.slots]

    def _job(self, slot: _Slot, now: int) -> dict[str, Any]:
        job = _blank(slot.item, slot.batch)
        if slot.cancelled_at is not None:
            if now >= slot.cancelled_at:
                why = "not run: an earlier batch failed and the plan's fail strategy is stop"
                job.update(status="CANCELLED", job_status="CANCELLED", fail_message=why)
            return job
        if now < slot.start:
            return job
        job.update(
            job_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.plan_id}/{self.number}/{slot.index}")),
            status="RUNNING",
            job_status="RUNNING",
            start_time=slot.start,
        )
        if now < slot.end:
            return job
        job["end_time"] = slot.end
        if not slot.fails:
            job.update(status="SUCCESS", job_status="SUCCEEDED")
            return job
        job.update(
            status="ROLLING_BACK",
            job_status="FAILED",
            fail_message=self.message,
            rollback_job_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.plan_id}/{self.number}/{slot.index}/back")),
            rollback_job_status="RUNNING",
            rollback_start_time=str(slot.end),
        )
        if now >= slot.rollback_end:
            job.update(status="ROLLED_BACK", rollback_job_status="SUCCESS", rollback_end_time=str(slot.rollback_end))
        return job


def not_released_jobs(plan: Mapping[str, JSON]) -> list[dict[str, Any]]:
    """Deploy-info's ``components`` for a plan never executed: every job ``CREATED``, none started."""
    return [{**_blank(item, _seq(item)), "status": "CREATED", "job_status": "CREATED"} for item in _items(plan)]


def _blank(item: Mapping[str, JSON], batch: str) -> dict[str, Any]:
    """A job that has not started: the component's name, id, batch and version, every other field empty."""
    return {
        "job_id": "",
        "status": "WAITING",
        "job_status": "WAITING",
        "name": item.get("name"),
        "id": item.get("component_id"),
        "seq": batch,
        "version": item.get("version"),
        "start_time": 0,
        "end_time": 0,
        "fail_message": "",
        "rollback_job_id": "",
        "rollback_job_status": "",
        "rollback_start_time": "",
        "rollback_end_time": "",
        "rollback_fail_message": "",
    }


def _items(plan: Mapping[str, JSON]) -> list[Mapping[str, JSON]]:
    """The plan's components, anything that is not an object read as an empty one."""
    components = plan.get("components")
    return [item if isinstance(item, dict) else {} for item in (components if isinstance(components, list) else [])]


def _seq(item: Mapping[str, JSON]) -> str:
    value = item.get("seq")
    return "" if value is None else str(value)


def _seq_order(seq: str) -> tuple[int, int, str]:
    """Batches in numeric order; a ``seq`` that is not a number goes last."""
    text = seq.strip()
    return (0, int(text), "") if text.isdigit() and len(text) < 10 else (1, 0, text)

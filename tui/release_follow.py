"""A release followed from the command line: ``relplan execute`` and ``relplan status``, with or without ``--watch``.

Watching prints one line per change of a job (never one per poll), a line when contact is lost and when it is
regained, and a summary at the end, so that a CI log reads as the release went. In text, each line starts with
``plan ID:`` and everything the server sent is made printable (:func:`tui.text.printable`); with ``as_json``, each
is one JSON object (jsonl) whose ``event`` says what it is: ``executed``, ``job``, ``lost_contact``,
``contact_regained``, ``summary``, ``not_executed`` or ``error``.

A plan never executed (every job ``CREATED``, none started) has no release to follow: its jobs read ``not started``,
and in place of the summary it says so, with or without ``--watch``.

Exit status: 0 when every component released; 1 when any did not (failed, rolled back, cancelled), or the plan was
never executed, or the server could not be asked, or (without ``--watch``) the release has not ended yet.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from tui.client import ServiceStageClient
from tui.connection import Connection
from tui.errors import ClientError
from tui.release import DeployInfo, Job, Phase, Tally, changes
from tui.release_watch import DEFAULT_INTERVAL, LostContact, Polled, ReleaseWatch, WatchEvent
from tui.sending import call_failed
from tui.text import json_for_terminal, printable

__all__ = ["ReleasePrinter", "follow", "release"]

RELEASED, NOT_RELEASED = 0, 1
NOT_STARTED = "not started"
"""How a job of a plan never executed reads, in place of its phase (``CREATED`` alone reads as in progress)."""


async def release(
    connection: Connection,
    plan_id: str,
    out: TextIO,
    *,
    start: bool,
    watch: bool,
    interval: float = DEFAULT_INTERVAL,
    as_json: bool = False,
    timeout: float,
) -> int:
    """Execute the plan when ``start``, then show its release, following it to the end when ``watch``."""
    async with connection.client(timeout=timeout) as client:
        return await follow(client, plan_id, out, start=start, watch=watch, interval=interval, as_json=as_json)


async def follow(
    client: ServiceStageClient,
    plan_id: str,
    out: TextIO,
    *,
    start: bool = False,
    watch: bool = False,
    interval: float = DEFAULT_INTERVAL,
    as_json: bool = False,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """:func:`release` with a client of the caller's (and, for tests, the sleep between polls)."""
    printer = ReleasePrinter(out, plan_id, as_json=as_json)
    url = client.plan_url(plan_id)
    if start:
        try:
            answer = await client.execute_plan(plan_id)
        except ClientError as exc:
            return printer.failed("POST", f"{url}/execute", exc)
        printer.executed(answer.status, answer.reason, answer.request_id, watch=watch)
        if not watch:
            return RELEASED

    async def fetch() -> DeployInfo:
        return await client.deploy_info(plan_id)

    try:
        if not watch:
            info = await fetch()
            printer.report(Polled(info, changes(None, info)))
            if info.never_executed:
                return printer.never_executed(info)
            return printer.summary(info, ended=info.tally.finished)
        idle = None if start else _never_executed  # once executed here, the jobs are about to start
        info = await ReleaseWatch(fetch, interval=interval, sleep=sleep).run(printer.report, until=idle)
    except ClientError as exc:
        return printer.failed("GET", f"{url}/deploy-info", exc)
    if not info.tally.finished:
        return printer.never_executed(info)
    return printer.summary(info, ended=True)


def _never_executed(info: DeployInfo) -> bool:
    return info.never_executed


class ReleasePrinter:
    """Writes what a release does as lines of text, or as JSON objects one a line."""

    def __init__(self, out: TextIO, plan_id: str, *, as_json: bool = False) -> None:
        self._out = out
        self._plan_id = plan_id
        self._as_json = as_json
        self._about = f"plan {printable(plan_id)}: "

    # -- what happened

    def executed(self, status: int, reason: str, request_id: str | None, *, watch: bool) -> None:
        """The execute call was accepted."""
        if self._as_json:
            self._json(event="executed", status=status, request_id=request_id)
            return
        said = f"release started ({status} {printable(reason)}".strip()
        said += f", request id {printable(request_id)})" if request_id else ")"
        if not watch:
            said += f"; follow it with relplan status {printable(self._plan_id)} --watch"
        self._line(said)

    def report(self, event: WatchEvent) -> None:
        """One poll's outcome: a line per changed job, or a line for contact lost or regained."""
        if isinstance(event, LostContact):
            if self._as_json:
                error = str(event.error)
                self._json(event="lost_contact", retry_in=event.retry_in, failures=event.failures, error=error)
            else:
                self._line(f"lost contact, retrying in {event.retry_in:g} s: {printable(str(event.error))}")
            return
        if event.regained:
            if self._as_json:
                self._json(event="contact_regained")
            else:
                self._line("contact regained")
        if event.changes:
            rank = {batch.seq: place for place, batch in enumerate(event.info.batches)}
            idle = event.info.never_executed
            for change in sorted(event.changes, key=lambda change: rank[change.after.seq]):
                self.job(change.after, not_started=idle)

    def job(self, job: Job, *, not_started: bool = False) -> None:
        """One job as it stands now; ``not_started``, of a plan never executed: it reads so, not as in progress."""
        if self._as_json:
            self._json(event="job", **_job_fields(job, not_started=not_started))
            return
        phase = NOT_STARTED if not_started else job.phase
        line = f"batch {printable(job.seq)}: {printable(job.name)}: {phase} ({_words(job)})"
        if job.phase is Phase.SUCCEEDED and job.start_time is not None and job.end_time is not None:
            line += f" in {max(0, job.end_time - job.start_time) / 1000:.1f} s"
        self._line(line + _messages(job))

    def summary(self, info: DeployInfo, *, ended: bool) -> int:
        """The release's outcome, or where it stands when it has not ended; returns the exit status."""
        tally = info.tally
        failures = [job for batch in info.batches for job in batch.jobs if job.phase.bad]
        released = tally.total > 0 and tally.released == tally.total
        if self._as_json:
            counts = _counts(tally)
            listed = [_job_fields(job) for job in failures]
            self._json(event="summary", ended=ended, **counts, released_all=released, failures=listed)
        else:
            said = f"released {tally.released}, failed {tally.failed} of {tally.total}"
            if not ended:
                said += f"; not ended: {tally.in_progress} in progress, {tally.unknown} unknown"
            self._line(said)
            for job in failures:
                self._line(f"failed: batch {printable(job.seq)}: {printable(job.name)}: {job.phase}{_messages(job)}")
        return RELEASED if released else NOT_RELEASED

    def never_executed(self, info: DeployInfo) -> int:
        """The plan was never executed, so there is no release to follow: said, and the exit status returned."""
        if self._as_json:
            self._json(event="not_executed", total=info.tally.total)
        else:
            self._line(f"never executed: no job has started; relplan execute {printable(self._plan_id)} starts it")
        return NOT_RELEASED

    def failed(self, method: str, url: str, exc: ClientError) -> int:
        """A call that failed: said, and the exit status returned."""
        if self._as_json:
            said = {key: getattr(exc, key, None) for key in ("status", "error_code", "error_msg", "request_id")}
            applied = exc.may_have_applied
            self._json(event="error", method=method, url=url, message=str(exc), may_have_applied=applied, **said)
        else:
            lines = call_failed("GET", url, exc)  # without the lines about an update: this is no update
            lines[0] = f"{method}{lines[0].removeprefix('GET')}"
            if method == "POST" and exc.may_have_applied:
                lines.append(f"the release may have started: check with relplan status {printable(self._plan_id)}")
            for line in lines:
                self._line(line)
        return NOT_RELEASED

    # -- writing

    def _line(self, text: str) -> None:
        self._out.write(f"{self._about}{text}\n")
        self._out.flush()

    def _json(self, **fields: Any) -> None:
        record = {"event": fields.pop("event"), "plan_id": self._plan_id, "time": round(time.time(), 3), **fields}
        self._out.write(json_for_terminal(json.dumps(record, ensure_ascii=False)) + "\n")
        self._out.flush()


def _words(job: Job) -> str:
    """The status words as sent: the component's status (else its job status), and its rollback's when one ran."""
    words = printable(job.status or job.job_status or "no status")
    if job.rollback_job_status:
        words += f", rollback {printable(job.rollback_job_status)}"
    return words


def _messages(job: Job) -> str:
    """The failure and rollback messages, escaped, after a colon; empty when there are none."""
    said = printable(job.fail_message) if job.fail_message else ""
    if job.rollback_fail_message:
        said += ("; " if said else "") + f"rollback: {printable(job.rollback_fail_message)}"
    return f": {said}" if said else ""


def _job_fields(job: Job, *, not_started: bool = False) -> dict[str, Any]:
    return {
        "name": job.name,
        "component_id": job.component_id,
        "seq": job.seq,
        "version": job.version,
        "phase": NOT_STARTED.replace(" ", "_") if not_started else job.phase.name.lower(),
        "status": job.status,
        "job_status": job.job_status,
        "rollback_job_status": job.rollback_job_status,
        "start_time": job.start_time,
        "end_time": job.end_time,
        "fail_message": job.fail_message,
        "rollback_fail_message": job.rollback_fail_message,
    }


def _counts(tally: Tally) -> dict[str, int]:
    return {
        "total": tally.total,
        "released": tally.released,
        "failed": tally.failed,
        "in_progress": tally.in_progress,
        "unknown": tally.unknown,
    }

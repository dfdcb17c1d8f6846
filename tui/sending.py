"""How an update ended, in one place: one line for the status bar, the whole story for ``f6``, and the lines
``relplan submit`` prints.

Every outcome of sending a plan (an answer, a refusal, no connection, a lost-update refusal, a wait given up, a
failed arrival check, an internal error) and of saving it becomes a :class:`Report`: its kind, whether the server
may have applied the update, and its telling. The line says each thing once: whether the update went out ("Not
sent", "No answer"), why, and that the edits are kept. The text repeats the line whole, then what was and was not
sent, the cause, the request id, every path involved, and the server's answer when there was one. The command
line's lines say the same outcome in the same words (:data:`HOLDS`, :data:`MAY_APPLY`, ...), a fact a line. While
an update is on its way, an :class:`InFlight` says what it is and since when. Nothing here imports Textual or httpx:
the editor's first frame does not wait for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tui.errors import (
    ClientError,
    ConnectionFailedError,
    LostUpdateCheckError,
    PlanChangedError,
    RelplanError,
    ResponseError,
    StatusError,
)
from tui.paths import format_path
from tui.text import printable
from tui.types import JSON, Path

if TYPE_CHECKING:
    from tui.client import Submission
    from tui.diff import Change

__all__ = [
    "CHECK_FAILED",
    "DIFFERS",
    "HOLDS",
    "KEPT",
    "MAY_APPLY",
    "MAY_HAVE_APPLIED",
    "NOTHING_SENT",
    "NOT_CHECKED",
    "InFlight",
    "Outcome",
    "Report",
    "call_failed",
    "change_lines",
    "failed",
    "internal_error",
    "not_saved",
    "response_text",
    "sent",
    "stopped",
]

KEPT = "your edits are kept"
"""The clause every outcome but a verified send ends with."""
HOLDS = "the server holds exactly what was sent"
"""A verified send: the plan fetched again is what was sent."""
DIFFERS = "the server's plan differs from what was sent at"
"""A send the server answered, whose plan fetched again is not what was sent (the paths follow)."""
NOT_CHECKED = "could not check what the server holds"
"""A send the server answered, whose plan could not be fetched again (the cause follows)."""
MAY_APPLY = "the server may still apply the update"
"""An update sent whose whole answer never came."""
MAY_HAVE_APPLIED = "it may have applied the update"
"""A 2xx answer that is not one the API sends: the server accepted the update all the same."""
NOTHING_SENT = "nothing was sent"
"""An update that never went out."""
CHECK_FAILED = "the plan could not be fetched to check that nobody changed it meanwhile"
"""The lost-update check failed, so the update was not sent."""
SHOWN_BODY = 500
"""How much of a body the command line prints; ``f6`` shows all that was kept."""
LISTED = 20
"""How many changed paths the command line lists."""

SHOWN_PATHS = 5
"""How many paths the line names; the text names them all."""


class Outcome(StrEnum):
    """How a request ended."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"


@dataclass(frozen=True)
class Report:
    """One outcome, as the status line says it, as ``f6`` tells it whole, and as ``relplan submit`` prints it."""

    outcome: Outcome
    """Its kind: a verified send, one to look into, or a failure."""
    line: str
    """One line, each thing said once; cut to the screen's width when shown."""
    text: str
    """The line whole, what was and was not sent, the cause, the request id, and the server's answer if any."""
    may_have_applied: bool = False
    """Whether the server may have applied the update (it answered 2xx, or the whole answer never came)."""
    lines: tuple[str, ...] = ()
    """The outcome as ``relplan submit FILE`` prints it, made printable: each line follows ``FILE: ``, but one
    that starts with two spaces, which lists a path under the line before."""


@dataclass(frozen=True)
class InFlight:
    """An update on its way: the request, and since when (the status line counts its seconds)."""

    method: str
    url: str
    started: float
    """When it was sent, by :attr:`clock`."""
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    """Where the seconds come from: a monotonic clock."""

    @classmethod
    def start(cls, method: str, url: str, clock: Callable[[], float] = time.monotonic) -> InFlight:
        """``method url`` sent now, by ``clock``."""
        return cls(method, url, clock(), clock)

    @property
    def elapsed(self) -> float:
        """Seconds since it was sent."""
        return self.clock() - self.started


F6_POINTERS = (" · f6 shows the answer", " · f6 shows it")
"""How a status line points to the whole answer; the whole story read under ``f6`` leaves them out."""


def response_text(request: str, status: str, headers: Iterable[tuple[str, str]], body: str) -> str:
    """``request`` (method and URL), the status line, the headers and the body, with controls made visible."""
    lines = [request, status, *(f"{name}: {value}" for name, value in headers), "", body]
    return printable("\n".join(lines), lines=True)


def _where(path: Path, plan: JSON) -> str:
    """A path for a person: by its component's name in ``plan`` (``orders-000 › version``); as written without."""
    if plan is None:
        return format_path(path, root="the plan")
    from tui.readable import readable  # with the diff: only when a plan is at hand

    return readable(path, plan).text


def _paths(changes: Sequence[Change], plan: JSON = None) -> str:
    shown = ", ".join(_where(change.path, plan) for change in changes[:SHOWN_PATHS])
    more = len(changes) - SHOWN_PATHS
    return f"{shown} and {more} more" if more > 0 else shown


def _story(line: str, *parts: str, answer: str | None = None) -> str:
    """The line (less its pointer to ``f6``, which is where this is read), then each part that says something, then
    the server's answer under a heading."""
    for pointer in F6_POINTERS:
        line = line.removesuffix(pointer)
    told = [line, "", *(part for part in parts if part)]
    if answer is not None:
        told += ["", "The server's answer:", answer]
    return printable("\n".join(told), lines=True)


def _changes(heading: str, changes: Sequence[Change], plan: JSON = None) -> str:
    if not changes:
        return ""
    lines = (f"  {change.kind}: {_where(change.path, plan)}" for change in changes)
    return "\n".join([heading, *lines])


def sent(submission: Submission, plan: JSON = None) -> Report:
    """The server answered the update with a 2xx: whether it holds what was sent, and what was odd in the answer.

    Given the ``plan`` that was sent, the paths it lists name their components (``orders-000 › version``).
    """
    answer, arrival, odd = submission.answer, submission.arrival, submission.unexpected
    request = f"{answer.method} {answer.url}"
    said = f"{answer.status} in {answer.elapsed:.2f} s"
    if submission.release_plan_id is not None:
        said += f" · release_plan_id {submission.release_plan_id}"
    if odd is not None:
        said += f" · {odd}"
    if arrival.verified:
        outcome, line = Outcome.OK, f"{said} · {HOLDS}"
        checked = "Fetched again after the update, the plan on the server is exactly what was sent."
    elif arrival.error is not None:
        applied = f"{MAY_HAVE_APPLIED}; " if odd is not None else ""
        outcome = Outcome.WARNING
        line = f"{said} · {applied}{NOT_CHECKED}: {arrival.error} · {KEPT}"
        checked = f"The plan could not be fetched again to check what the server holds: {arrival.error}"
    else:
        outcome = Outcome.WARNING
        line = f"{said} · {DIFFERS} {_paths(arrival.differences, plan)} · {KEPT}"
        differs = "Fetched again, the plan on the server differs from what was sent at:"
        checked = _changes(differs, arrival.differences, plan)
    if odd is not None:
        line += " · f6 shows the answer"
    overwritten = _changes(
        "Sent over these changes made on the server since it was opened:", submission.server_changes or [], plan
    )
    request_id = f"Request id: {answer.request_id}" if answer.request_id else ""
    status_line = f"HTTP {answer.status} {answer.reason}".rstrip()
    body = response_text(request, status_line, answer.headers, answer.text)
    told = _story(line, f"Sent: {request}", checked, overwritten, request_id, answer=body)
    return Report(outcome, line, told, may_have_applied=True, lines=tuple(_sent_lines(submission)))


def _sent_lines(submission: Submission) -> list[str]:
    """A 2xx answer to ``relplan submit``: the status, what was odd in the answer, and whether the plan arrived."""
    answer, arrival, odd = submission.answer, submission.arrival, submission.unexpected
    released = submission.release_plan_id
    named = f", release_plan_id {printable(released)}" if released is not None else ""
    request_id = f", request id {printable(answer.request_id)}" if answer.request_id else ""
    status = f"{answer.status} {printable(answer.reason)}".strip()
    lines = [f"{status} in {answer.elapsed:.2f} s{named}{request_id}"]
    if odd is not None:
        after = "the update arrived all the same" if arrival.verified else MAY_HAVE_APPLIED
        lines.append(f"unexpected answer: {printable(odd)}; {after}")
        if answer.text.strip():
            lines.append(f"body: {printable(answer.text[:SHOWN_BODY])}")
    if arrival.verified:
        lines.append(f"arrival: verified, {HOLDS}")
    elif arrival.error is not None:
        lines.append(f"arrival: not verified, {NOT_CHECKED}: {printable(arrival.error)}")
    else:
        lines += [f"arrival: NOT verified, {DIFFERS}:", *change_lines(arrival.differences)]
    return lines


def change_lines(
    changes: Sequence[Change], limit: int = LISTED, *, plan: JSON = None, before: JSON = None
) -> list[str]:
    """``changes`` as the command line lists them under a line: one a line, indented, ``limit`` at most.

    Given the ``plan`` they led to (and the plan ``before`` them), each names its component: ``orders-005 #5 ›
    replica``; without, each path reads as written.
    """
    if plan is None:
        lines = [f"  {change.kind}: {printable(format_path(change.path))}" for change in changes[:limit]]
    else:
        from tui.readable import change_place  # with the diff: only when a plan is at hand

        lines = [f"  {change.kind}: {change_place(change, plan, before).indexed}" for change in changes[:limit]]
    if len(changes) > limit:
        lines.append(f"  and {len(changes) - limit} more")
    return lines


def call_failed(method: str, url: str, exc: ClientError, elapsed: float | None = None) -> list[str]:
    """A call to ``url`` that raised ``exc``, as the command line prints it: what failed and why, the request id
    and the body when they say more, and for an update, whether it went out."""
    took = f" after {elapsed:.2f} s" if elapsed is not None else ""
    lines = [f"{method} {printable(url)} failed{took}: {printable(str(exc))}"]
    if isinstance(exc, StatusError | ResponseError):
        if exc.request_id:
            lines.append(f"request id: {printable(exc.request_id)}")
        if exc.body and not (isinstance(exc, StatusError) and exc.error_code):
            lines.append(f"body: {printable(exc.body[:SHOWN_BODY])}")
    if method != "GET" and exc.may_have_applied:
        lines.append(f"{MAY_APPLY}: check with relplan get before sending again")
    elif method != "GET" and isinstance(exc, ConnectionFailedError):
        lines.append(NOTHING_SENT)
    return lines


def failed(exc: RelplanError, url: str, *, elapsed: float | None = None) -> Report:
    """An update that raised ``exc`` on its way to ``url``; ``elapsed``, the seconds it took, for the command line.

    A bug is no :class:`~tui.errors.RelplanError`: :func:`internal_error` says it.
    """
    request = f"PUT {url}"
    nothing = f"Nothing was sent; the update would have gone as {request}."
    if isinstance(exc, PlanChangedError):
        line = f"Not sent: {exc} · ctrl+r shows what changed · {KEPT}"
        changes = _changes("Changed on the server since the plan was opened:", exc.changes)
        lines = (
            "not sent: the plan changed on the server since the file was fetched, at:",
            *change_lines(exc.changes, plan=exc.plan, before=exc.opened),
            "merge them into the file with --merge, send it over them with --overwrite, or fetch it again with "
            "relplan get -o",
        )
        return Report(Outcome.WARNING, line, _story(line, nothing, changes), lines=lines)
    if isinstance(exc, LostUpdateCheckError):
        line = f"Not sent: {exc} · {KEPT}"  # the message holds its cause
        cause = exc.__cause__
        why = call_failed("GET", url, cause) if isinstance(cause, ClientError) else []
        return Report(Outcome.FAILED, line, _story(line, nothing), lines=(*why, f"not sent: {CHECK_FAILED}"))
    lines = tuple(call_failed("PUT", url, exc, elapsed)) if isinstance(exc, ClientError) else ()
    if isinstance(exc, StatusError):
        said = " ".join(part for part in (exc.error_code, exc.error_msg) if part) or "no error message"
        where = f" · request id {exc.request_id}" if exc.request_id else ""
        later = f" · retry after {exc.retry_after}" if exc.retry_after else ""
        line = f"{exc.status}: {said}{where}{later} · {KEPT} · f6 shows the answer"
        answer = response_text(request, f"HTTP {exc.status}", exc.headers, exc.body)
        return Report(Outcome.FAILED, line, _story(line, f"Sent: {request}; refused.", answer=answer), lines=lines)
    if isinstance(exc, ClientError) and exc.may_have_applied:  # sent, but the answer never came whole
        said = str(exc)  # it says what came of the answer: "no answer after 30 s", "the connection ... dropped"
        line = f"{said[:1].upper()}{said[1:]}; {MAY_APPLY} · ctrl+r shows what it holds · {KEPT}"
        told = f"Sent: {request}; the whole answer never came, so the server may or may not have applied it."
        body = response_text(request, f"HTTP {exc.status}", (), exc.body) if isinstance(exc, ResponseError) else None
        return Report(Outcome.FAILED, line, _story(line, told, answer=body), may_have_applied=True, lines=lines)
    if isinstance(exc, ConnectionFailedError):
        line = f"Not sent: {exc} · {KEPT}"
        return Report(Outcome.FAILED, line, _story(line, nothing), lines=lines)
    if isinstance(exc, ResponseError):  # an answer, but not one the API gives
        line = f"Unexpected answer: {exc} · {KEPT} · f6 shows it"
        answer = response_text(request, f"HTTP {exc.status}", (), exc.body)
        return Report(Outcome.FAILED, line, _story(line, f"Sent: {request}.", answer=answer), lines=lines)
    line = f"Not sent: {exc} · {KEPT}"  # the plan could not be made into a request body
    return Report(Outcome.FAILED, line, _story(line, nothing), lines=lines or (f"not sent: {printable(str(exc))}",))


def internal_error(exc: BaseException, *, sending: str = "") -> Report:
    """A failure nobody foresaw (a bug): said in words, without a traceback or a credential."""
    from tui.auth import redact

    said = redact(f"{type(exc).__name__}: {exc}")
    line = f"Internal error ({said}) · {KEPT}"
    if sending:
        line += " · ctrl+r shows what the server holds"
    told = f"It happened while sending {sending}; the update may or may not have gone out." if sending else ""
    return Report(Outcome.FAILED, line, _story(line, told), may_have_applied=bool(sending))


def stopped(seconds: float, url: str) -> Report:
    """The person stopped waiting for the update to ``url`` after ``seconds``."""
    line = f"Stopped waiting after {seconds:.1f} s; {MAY_APPLY} · {KEPT}"
    told = (
        f"PUT {url} was on its way; no answer had come when the wait was given up. ctrl+r shows what the server holds."
    )
    return Report(Outcome.WARNING, line, _story(line, told), may_have_applied=True)


def not_saved(path: str, exc: Exception) -> Report:
    """The plan could not be saved to ``path``."""
    line = f"Not saved: {exc} · {KEPT}"
    return Report(Outcome.FAILED, line, _story(line, f"File: {path}", "The file was left as it was."))

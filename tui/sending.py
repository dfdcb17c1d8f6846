"""How an update ended, told twice: one line for the status bar, and the whole story for ``f6``.

Every outcome of sending a plan (an answer, a refusal, no connection, a lost-update refusal, a wait given up, a
failed arrival check, an internal error) and of saving it becomes a :class:`Report`. The line says each thing once:
whether the update went out ("Not sent", "No answer"), why, and that the edits are kept. The text repeats the line
whole, then what was and was not sent, the cause, the request id, every path involved, and the server's answer
when there was one. Nothing here imports Textual or httpx: the editor's first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from tui.paths import format_path
from tui.text import printable

if TYPE_CHECKING:
    from tui.client import Submission
    from tui.diff import Change

__all__ = ["KEPT", "Outcome", "Report", "failed", "internal_error", "not_saved", "response_text", "sent", "stopped"]

KEPT = "your edits are kept"
"""The clause every outcome but a verified send ends with."""

SHOWN_PATHS = 5
"""How many paths the line names; the text names them all."""


class Outcome(StrEnum):
    """How a request ended."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"


@dataclass(frozen=True)
class Report:
    """One outcome, as the status line says it and as ``f6`` tells it whole."""

    outcome: Outcome
    line: str
    """One line, each thing said once; cut to the screen's width when shown."""
    text: str
    """The line whole, what was and was not sent, the cause, the request id, and the server's answer if any."""


F6_POINTERS = (" · f6 shows the answer", " · f6 shows it")
"""How a status line points to the whole answer; the whole story read under ``f6`` leaves them out."""


def response_text(request: str, status: str, headers: Iterable[tuple[str, str]], body: str) -> str:
    """``request`` (method and URL), the status line, the headers and the body, with controls made visible."""
    lines = [request, status, *(f"{name}: {value}" for name, value in headers), "", body]
    return printable("\n".join(lines), lines=True)


def _paths(changes: Sequence[Change]) -> str:
    shown = ", ".join(format_path(change.path) or "the plan" for change in changes[:SHOWN_PATHS])
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


def _changes(heading: str, changes: Sequence[Change]) -> str:
    if not changes:
        return ""
    return "\n".join([heading, *(f"  {change.kind}: {format_path(change.path) or 'the plan'}" for change in changes)])


def sent(submission: Submission) -> Report:
    """The server answered the update with a 2xx: whether it holds what was sent, and what was odd in the answer."""
    answer, arrival, odd = submission.answer, submission.arrival, submission.unexpected
    request = f"{answer.method} {answer.url}"
    said = f"{answer.status} in {answer.elapsed:.2f} s"
    if submission.release_plan_id is not None:
        said += f" · release_plan_id {submission.release_plan_id}"
    if odd is not None:
        said += f" · {odd}"
    if arrival.verified:
        outcome, line = Outcome.OK, f"{said} · the server holds what was sent"
        checked = "Fetched again after the update, the plan on the server is exactly what was sent."
    elif arrival.error is not None:
        applied = "it may have applied the update; " if odd is not None else ""
        outcome = Outcome.WARNING
        line = f"{said} · {applied}could not check what the server holds: {arrival.error} · {KEPT}"
        checked = f"The plan could not be fetched again to check what the server holds: {arrival.error}"
    else:
        outcome = Outcome.WARNING
        line = f"{said} · the server's plan differs from what was sent at {_paths(arrival.differences)} · {KEPT}"
        checked = _changes("Fetched again, the plan on the server differs from what was sent at:", arrival.differences)
    if odd is not None:
        line += " · f6 shows the answer"
    overwritten = _changes(
        "Sent over these changes made on the server since it was opened:", submission.server_changes or []
    )
    request_id = f"Request id: {answer.request_id}" if answer.request_id else ""
    status_line = f"HTTP {answer.status} {answer.reason}".rstrip()
    body = response_text(request, status_line, answer.headers, answer.text)
    return Report(outcome, line, _story(line, f"Sent: {request}", checked, overwritten, request_id, answer=body))


def failed(exc: Exception, url: str) -> Report:
    """An update that raised ``exc`` (a :class:`~tui.errors.RelplanError`, or a bug) on its way to ``url``."""
    from tui.errors import (
        ClientError,
        ConnectionFailedError,
        LostUpdateCheckError,
        PlanChangedError,
        RelplanError,
        ResponseError,
        StatusError,
    )

    request = f"PUT {url}"
    nothing = f"Nothing was sent; the update would have gone as {request}."
    if isinstance(exc, PlanChangedError):
        line = f"Not sent: {exc} · ctrl+r shows what changed · {KEPT}"
        changes = _changes("Changed on the server since the plan was opened:", exc.changes)
        return Report(Outcome.WARNING, line, _story(line, nothing, changes))
    if isinstance(exc, LostUpdateCheckError):
        line = f"Not sent: {exc} · {KEPT}"  # the message holds its cause
        return Report(Outcome.FAILED, line, _story(line, nothing))
    if isinstance(exc, StatusError):
        said = " ".join(part for part in (exc.error_code, exc.error_msg) if part) or "no error message"
        where = f" · request id {exc.request_id}" if exc.request_id else ""
        later = f" · retry after {exc.retry_after}" if exc.retry_after else ""
        line = f"{exc.status}: {said}{where}{later} · {KEPT} · f6 shows the answer"
        answer = response_text(request, f"HTTP {exc.status}", exc.headers, exc.body)
        return Report(Outcome.FAILED, line, _story(line, f"Sent: {request}; refused.", answer=answer))
    if isinstance(exc, ClientError) and exc.may_have_applied:  # sent, but the answer never came whole
        said = str(exc)  # it says what came of the answer: "no answer after 30 s", "the connection ... dropped"
        line = (
            f"{said[:1].upper()}{said[1:]}; the server may still apply the update · ctrl+r shows what it holds · {KEPT}"
        )
        told = f"Sent: {request}; the whole answer never came, so the server may or may not have applied it."
        body = response_text(request, f"HTTP {exc.status}", (), exc.body) if isinstance(exc, ResponseError) else None
        return Report(Outcome.FAILED, line, _story(line, told, answer=body))
    if isinstance(exc, ConnectionFailedError):
        line = f"Not sent: {exc} · {KEPT}"
        return Report(Outcome.FAILED, line, _story(line, nothing))
    if isinstance(exc, ResponseError):  # an answer, but not one the API gives
        line = f"Unexpected answer: {exc} · {KEPT} · f6 shows it"
        answer = response_text(request, f"HTTP {exc.status}", (), exc.body)
        return Report(Outcome.FAILED, line, _story(line, f"Sent: {request}.", answer=answer))
    if isinstance(exc, RelplanError):  # the plan could not be made into a request body
        line = f"Not sent: {exc} · {KEPT}"
        return Report(Outcome.FAILED, line, _story(line, nothing))
    return internal_error(exc, sending=request)


def internal_error(exc: BaseException, *, sending: str = "") -> Report:
    """A failure nobody foresaw (a bug): said in words, without a traceback or a credential."""
    from tui.auth import redact

    said = redact(f"{type(exc).__name__}: {exc}")
    line = f"Internal error ({said}) · {KEPT}"
    if sending:
        line += " · ctrl+r shows what the server holds"
    told = f"It happened while sending {sending}; the update may or may not have gone out." if sending else ""
    return Report(Outcome.FAILED, line, _story(line, told))


def stopped(seconds: float, url: str) -> Report:
    """The person stopped waiting for the update to ``url`` after ``seconds``."""
    line = f"Stopped waiting after {seconds:.1f} s; the server may still apply the update · {KEPT}"
    told = (
        f"PUT {url} was on its way; no answer had come when the wait was given up. ctrl+r shows what the server holds."
    )
    return Report(Outcome.WARNING, line, _story(line, told))


def not_saved(path: str, exc: Exception) -> Report:
    """The plan could not be saved to ``path``."""
    line = f"Not saved: {exc} · {KEPT}"
    return Report(Outcome.FAILED, line, _story(line, f"File: {path}", "The file was left as it was."))

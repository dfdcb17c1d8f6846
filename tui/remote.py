"""The command-line calls to ServiceStage: ``relplan list``, ``get`` and ``submit``.

Each prints plain text (anything the server sent is made printable first) and returns an exit status: 0 done,
1 refused or not accepted, 2 bad input or settings (raised as :class:`~tui.errors.RelplanError`). Each line starts
with what it is about, as ``relplan validate`` starts its lines with the file: ``FILE:`` for ``submit FILE`` and
``get -o FILE`` (their failures too), ``plan ID:`` for ``get ID`` to the screen, and ``project ID:`` for ``list``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from tui import baselines
from tui.client import Answer, ServiceStageClient, editable
from tui.connection import Connection
from tui.diff import Change
from tui.document import Document
from tui.errors import (
    ClientError,
    ConnectionFailedError,
    DocumentError,
    LostUpdateCheckError,
    PlanChangedError,
    ResponseError,
    StatusError,
)
from tui.jsonfiles import plan_format
from tui.jsontext import dump_json
from tui.paths import format_path
from tui.text import json_for_terminal, moment, plural, printable
from tui.types import Severity
from tui.validation import validate

__all__ = ["get_plan", "list_plans", "submit_plan"]

DONE, REFUSED = 0, 1


def _client(connection: Connection, timeout: float) -> ServiceStageClient:
    return ServiceStageClient(
        connection.endpoint,
        connection.project_id,
        connection.auth,
        timeout=timeout,
        ca_bundle=connection.ca_bundle,
        allow_insecure_http=connection.allow_insecure_http,
    )


async def list_plans(connection: Connection, out: TextIO, *, timeout: float, as_json: bool = False) -> int:
    """Print the project's plans, one a line; ``as_json``: a JSON list of them as the server described them."""
    project = f"project {printable(connection.project_id)}: "
    async with _client(connection, timeout) as client:
        try:
            if as_json:
                described = await client.list_plan_rows()
            else:
                plans = await client.list_plans()
        except ClientError as exc:
            return _failed(out, "GET", client.plan_url(), exc, subject=project)
    if as_json:  # escaped where a terminal would act on a character: still JSON, with the same values
        out.write(json_for_terminal(json.dumps(described, ensure_ascii=False, indent=2)) + "\n")
        return DONE
    rows = [("ID", "NAME", "STATUS", "CREATOR", "MODIFIED")]
    rows += [
        (printable(p.id), printable(p.name), printable(p.status), printable(p.creator), moment(p.modify_time))
        for p in plans
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[4]]) + "\n")
    out.write(f"{project}{plural(len(plans), 'plan')}\n")
    return DONE


async def get_plan(connection: Connection, plan_id: str, output: Path | None, out: TextIO, *, timeout: float) -> int:
    """Fetch a plan without its read-only keys, to the screen, or to a file that keeps it as its baseline."""
    if output is not None:  # a file relplan cannot write is refused before anything is fetched
        try:
            plan_format(output, "writes")
        except DocumentError as exc:
            raise DocumentError(f"{output}: {exc}") from None
    async with _client(connection, timeout) as client:
        try:
            plan = await client.get_plan(plan_id)
        except ClientError as exc:
            about = f"{printable(str(output))}: " if output is not None else _plan(plan_id)
            return _failed(out, "GET", client.plan_url(plan_id), exc, subject=about)
    if output is None:  # no file holds it, so there is nothing to check a later submit against
        out.write(json_for_terminal(dump_json(plan)))
        return DONE
    Document(plan).save(output)
    baselines.remember(connection.endpoint, connection.project_id, plan_id, output, plan)
    components = plan.get("components")
    count = len(components) if isinstance(components, list) else 0
    out.write(f"{printable(str(output))}: saved plan {printable(plan_id)} ({count} components)\n")
    return DONE


async def submit_plan(
    connection: Connection,
    path: Path,
    plan_id: str,
    out: TextIO,
    *,
    force: bool = False,
    overwrite: bool = False,
    timeout: float,
) -> int:
    """Check a plan file, then send it, guarding against lost updates and checking that it arrived.

    ``force`` sends despite errors in the plan; ``overwrite`` sends despite changes on the server since the file
    was fetched. Either way, what the lost-update check found is printed.
    """
    try:
        document = Document.load(path)
    except DocumentError as exc:
        raise DocumentError(f"{path}: {exc}") from None
    name = printable(str(path))
    about = f"{name}: "
    issues = validate(document)
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    for issue in issues:
        out.write(f"{about}{printable(format_path(issue.path))}: {issue.severity}: {printable(issue.message)}\n")
    if errors and not force:
        out.write(f"{about}not sent: {plural(len(errors), 'error')} (--force sends anyway)\n")
        return REFUSED
    opened = baselines.recall(connection.endpoint, connection.project_id, plan_id, path)
    async with _client(connection, timeout) as client:
        url = client.plan_url(plan_id)

        def sending(changes: list[Change] | None) -> None:  # what the lost-update check found, then the PUT
            if opened is None:
                out.write(
                    f"{about}lost-update check: not made: the file was not fetched with relplan get -o, so there is "
                    "no record of the plan as it was then\n"
                )
            elif changes:
                out.write(f"{about}lost-update check: the plan had changed on the server since the file was fetched; ")
                out.write("--overwrite sends over it at:\n")
                _changes(out, changes)
            else:
                out.write(
                    f"{about}lost-update check: the plan had not changed on the server since the file was fetched\n"
                )
            out.write(f"{about}PUT {printable(url)}\n")

        started = time.perf_counter()
        try:
            submission = await client.submit(
                plan_id, document.data, opened=opened, overwrite=overwrite, sending=sending
            )
        except PlanChangedError as exc:
            out.write(f"{about}not sent: the plan changed on the server since the file was fetched, at:\n")
            _changes(out, exc.changes)
            out.write(f"{about}fetch it again with relplan get -o, or send it over those changes with --overwrite\n")
            return REFUSED
        except LostUpdateCheckError as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError):
                _failed(out, "GET", url, cause, subject=about)
            out.write(f"{about}not sent: the lost-update check could not fetch the plan as the server holds it now\n")
            return REFUSED
        except ClientError as exc:
            return _failed(out, "PUT", url, exc, time.perf_counter() - started, subject=about)
        except DocumentError as exc:  # the plan cannot be made into a request body
            raise DocumentError(f"{path}: {exc}; nothing was sent") from None
    answer = submission.answer
    released = submission.release_plan_id
    named = f", release_plan_id {printable(released)}" if released is not None else ""
    out.write(f"{about}{_status(answer)} in {answer.elapsed:.2f} s{named}{_request_id(answer.request_id)}\n")
    if submission.unexpected is not None:
        outcome = "the update arrived all the same" if submission.arrival.verified else "it may have applied the update"
        out.write(f"{about}unexpected answer: {printable(submission.unexpected)}; {outcome}\n")
        if answer.text.strip():
            out.write(f"{about}body: {printable(answer.text[:500])}\n")
    arrival = submission.arrival
    if arrival.verified:
        baselines.remember(connection.endpoint, connection.project_id, plan_id, path, editable(document.data))
        out.write(f"{about}arrival: verified, the server holds exactly what was sent\n")
        return DONE
    if arrival.error:
        out.write(f"{about}arrival: not verified, the plan could not be fetched again: {printable(arrival.error)}\n")
    else:
        out.write(f"{about}arrival: NOT verified, the server holds something else at:\n")
        _changes(out, arrival.differences)
    return REFUSED


def _plan(plan_id: str) -> str:
    """The start of every line about the plan ``plan_id`` on the server."""
    return f"plan {printable(plan_id)}: "


def _status(answer: Answer) -> str:
    return f"{answer.status} {printable(answer.reason)}".strip()


def _request_id(request_id: str | None) -> str:
    return f", request id {printable(request_id)}" if request_id else ""


def _changes(out: TextIO, changes: list[Change], limit: int = 20) -> None:
    for change in changes[:limit]:
        where = format_path(change.path)
        out.write(f"  {change.kind}: {printable(where)}\n")
    if len(changes) > limit:
        out.write(f"  and {len(changes) - limit} more\n")


def _failed(out: TextIO, method: str, url: str, exc: ClientError, elapsed: float | None = None, *, subject: str) -> int:
    took = f" after {elapsed:.2f} s" if elapsed is not None else ""
    out.write(f"{subject}{method} {printable(url)} failed{took}: {printable(str(exc))}\n")
    if isinstance(exc, StatusError | ResponseError):
        if exc.request_id:
            out.write(f"{subject}request id: {printable(exc.request_id)}\n")
        if exc.body and not (isinstance(exc, StatusError) and exc.error_code):
            out.write(f"{subject}body: {printable(exc.body[:500])}\n")
    if exc.may_have_applied and method != "GET":
        out.write(f"{subject}the server may still have applied it: check with relplan get before sending again\n")
    elif isinstance(exc, ConnectionFailedError) and method != "GET":
        out.write(f"{subject}nothing was sent\n")
    return REFUSED

"""The command-line calls to ServiceStage: ``relplan list``, ``get`` and ``submit``.

Each prints plain text (anything the server sent is made printable first) and returns an exit status: 0 done,
1 refused or not accepted, 2 bad input or settings (raised as :class:`~tui.errors.RelplanError`). Each line starts
with what it is about, as ``relplan validate`` starts its lines with the file: ``FILE:`` for ``submit FILE`` and
``get -o FILE`` (their failures too), ``plan ID:`` for ``get ID`` to the screen, and ``project ID:`` for ``list``.
How a call or an update ended is worded by :mod:`tui.sending`, as the editor words it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tui import baselines
from tui.connection import Connection
from tui.document import Document
from tui.errors import ClientError, DocumentError, LostUpdateCheckError
from tui.jsonfiles import plan_format
from tui.jsontext import dump_json
from tui.plan_wire import editable
from tui.sending import CHECK_FAILED, Outcome, Report, call_failed, change_lines, failed, sent
from tui.server_check import ServerCheck
from tui.text import json_for_terminal, moment, plural, printable
from tui.types import Severity
from tui.validation import validate
from tui.wording import describe_path

__all__ = ["get_plan", "list_plans", "submit_plan", "write_lines"]

DONE, REFUSED = 0, 1


async def list_plans(connection: Connection, out: TextIO, *, timeout: float, as_json: bool = False) -> int:
    """Print the project's plans, one a line; ``as_json``: a JSON list of them as the server described them."""
    project = f"project {printable(connection.project_id)}: "
    async with connection.client(timeout=timeout) as client:
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
    async with connection.client(timeout=timeout) as client:
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
    merge: bool = False,
    timeout: float,
) -> int:
    """Check a plan file, then send it, guarding against lost updates and checking that it arrived.

    ``force`` sends despite errors in the plan; ``overwrite`` sends despite changes on the server since the file
    was fetched; ``merge`` merges those changes into the file's plan first (see :mod:`tui.merge_sending`), and
    sends nothing when they conflict with the file's. Either way, what the lost-update check found is printed. An
    update whose answer never came is remembered: when the next submit finds the server holding exactly it, it
    arrived, and is no one else's change.
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
        where = printable(describe_path(issue.path, document.data))  # as validate names it: components.0 (api).version
        out.write(f"{about}{where}: {issue.severity}: {printable(issue.message)}\n")
    if errors and not force:
        out.write(f"{about}not sent: {plural(len(errors), 'error')} (--force sends anyway)\n")
        return REFUSED
    opened = baselines.recall(connection.endpoint, connection.project_id, plan_id, path)
    last_sent = baselines.recall_sent(connection.endpoint, connection.project_id, plan_id, path)
    async with connection.client(timeout=timeout) as client:
        url = client.plan_url(plan_id)
        said = False  # whether what the lost-update check found is said already
        if opened is not None and (merge or last_sent is not None):
            from tui.merge_sending import merge_in

            try:
                ahead = await merge_in(client, plan_id, document, opened, last_sent, out, about, merge=merge)
            except ClientError as exc:
                refusal = LostUpdateCheckError(f"{CHECK_FAILED} ({exc})")
                refusal.__cause__ = exc
                write_lines(out, about, failed(refusal, url).lines)
                return REFUSED
            if ahead is None:
                return REFUSED
            opened, said = ahead.opened, ahead.said
            if ahead.errors and not force:
                count = plural(ahead.errors, "error")
                out.write(f"{about}not sent: the merged plan, now in the file, has {count} (--force sends anyway)\n")
                return REFUSED

        def sending(check: ServerCheck | None) -> None:  # what the lost-update check found, then the PUT
            changes = None if check is None else check.changes
            if said:
                pass
            elif opened is None:
                out.write(
                    f"{about}lost-update check: not made: the file was not fetched with relplan get -o, so there is "
                    "no record of the plan as it was then\n"
                )
            elif changes:
                out.write(f"{about}lost-update check: the plan had changed on the server since the file was fetched; ")
                out.write("--overwrite sends over it at:\n")
                assert check is not None and opened is not None
                write_lines(out, "", change_lines(changes, plan=check.now, before=opened))
            else:
                out.write(
                    f"{about}lost-update check: the plan had not changed on the server since the file was fetched\n"
                )
            out.write(f"{about}PUT {printable(url)}\n")

        started = time.perf_counter()
        report: Report
        try:
            submission = await client.submit(
                plan_id, document.data, opened=opened, overwrite=overwrite, sending=sending
            )
        except ClientError as exc:
            report = failed(exc, url, elapsed=time.perf_counter() - started)
        except DocumentError as exc:  # the plan cannot be made into a request body
            raise DocumentError(f"{path}: {exc}; nothing was sent") from None
        else:
            report = sent(submission)
    write_lines(out, about, report.lines)
    if report.outcome is not Outcome.OK:
        if report.may_have_applied and opened is not None:  # the next submit tells it from someone else's change
            baselines.remember_sent(connection.endpoint, connection.project_id, plan_id, path, editable(document.data))
        return REFUSED
    baselines.remember(connection.endpoint, connection.project_id, plan_id, path, editable(document.data))
    return DONE


def _plan(plan_id: str) -> str:
    """The start of every line about the plan ``plan_id`` on the server."""
    return f"plan {printable(plan_id)}: "


def write_lines(out: TextIO, subject: str, lines: Iterable[str]) -> None:
    """Print ``lines``, each after ``subject`` but a line that lists under the one before (two spaces first)."""
    for line in lines:
        out.write(f"{line if line.startswith('  ') else subject + line}\n")


def _failed(out: TextIO, method: str, url: str, exc: ClientError, *, subject: str) -> int:
    write_lines(out, subject, call_failed(method, url, exc))
    return REFUSED

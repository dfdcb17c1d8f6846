"""``relplan submit FILE --merge``: the changes made on the server since FILE was fetched, merged into FILE's plan
before it is sent; and, with or without ``--merge``, an update whose answer never came told from someone else's
change.

Nothing is sent when the server's changes conflict with the file's: each conflict is listed with its value as
fetched, on the server and in the file. A clean merge is written to FILE (its format kept), so that FILE holds what
is sent and a later submit of it reverts nothing of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from tui.client import ServiceStageClient
from tui.document import Document
from tui.merge import merge3
from tui.merge_text import conflict_lines, taken_lines
from tui.plan_wire import editable
from tui.text import plural, printable
from tui.types import JSON, Severity

__all__ = ["Ahead", "merge_in"]

OURS = (
    "lost-update check: the server holds exactly what was last sent from this file, whose answer never came: "
    "it arrived, and is no one else's change"
)
"""What ``submit`` says when the plan on the server is its own last update."""


@dataclass(frozen=True, slots=True)
class Ahead:
    """How the send goes on after the check: what its own lost-update check compares with, and what was said."""

    opened: dict[str, JSON]
    """The plan the update's lost-update check compares the server's with."""
    said: bool = False
    """Whether what the lost-update check found is printed already."""
    errors: int = 0
    """The merged plan's errors (0 when nothing was merged)."""


async def merge_in(
    client: ServiceStageClient,
    plan_id: str,
    document: Document,
    opened: dict[str, JSON],
    last_sent: dict[str, JSON] | None,
    out: TextIO,
    about: str,
    *,
    merge: bool,
) -> Ahead | None:
    """Fetch the plan, tell an update of ours that arrived from a change of someone else's, and with ``merge`` merge
    their changes into ``document`` (written to its file). None when the merge has conflicts: nothing is to be sent.

    Raises:
        ClientError: the plan could not be fetched.
    """
    check = await client.check_server(plan_id, opened, sent=last_sent)
    if check.ours:
        out.write(f"{about}{OURS}\n")
        return Ahead(check.now, said=True)
    if not (merge and check.changes):  # the update's own check says what it finds (and refuses changes)
        return Ahead(opened)
    merged = merge3(opened, check.now, editable(document.data))
    if not merged.clean:
        count = plural(len(merged.details), "conflict")
        out.write(f"{about}not sent: {count} with changes made on the server since the file was fetched:\n")
        _write(out, conflict_lines(merged.details))
        out.write(
            f"{about}nothing was sent; where you agree with the server, put its value in the file and merge again; "
            "or send over their changes with --overwrite\n"
        )
        return None
    out.write(f"{about}lost-update check: the plan had changed on the server since the file was fetched; ")
    out.write(f"--merge: {merged.taken_summary()}\n")
    _write(out, taken_lines(merged))
    document.set((), merged.plan)
    document.save()
    out.write(f"{about}written with the merged plan\n")
    return Ahead(check.now, said=True, errors=_errors(document, out, about))


def _errors(document: Document, out: TextIO, about: str) -> int:
    """The merged plan's errors, each printed as ``relplan validate`` prints it."""
    from tui.validation import validate
    from tui.wording import describe_path

    errors = [issue for issue in validate(document) if issue.severity is Severity.ERROR]
    for issue in errors:
        where = printable(describe_path(issue.path, document.data))
        out.write(f"{about}{where}: {issue.severity}: {printable(issue.message)}\n")
    return len(errors)


def _write(out: TextIO, lines: list[str]) -> None:
    for line in lines:
        out.write(f"{line}\n")

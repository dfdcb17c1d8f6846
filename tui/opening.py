"""Opening a plan: a project's plans listed, a typed file read, and the review's lost-update check.

The picker and the review only say what the person asked for; these functions do the work, the HTTP ones as
coroutines and the file ones blocking (the app runs them in a thread).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path as FilePath

from tui.diff import Change
from tui.document import Document
from tui.plan_wire import PlanSummary
from tui.server_check import ServerCheck
from tui.target import Target
from tui.types import JSON

__all__ = ["changes_on_server", "check_on_server", "list_plans", "read_typed"]


async def list_plans(target: Target) -> list[PlanSummary]:
    """The plans of ``target``'s project, the last modified first.

    Raises:
        ClientError: the plans could not be listed.
    """
    async with target.client() as client:
        plans = await client.list_plans()
    return sorted(plans, key=lambda plan: plan.modify_time or 0, reverse=True)


def read_typed(text: str) -> Document | None:
    """The plan in the file ``text`` names (``~`` expanded); None when there is no such file (an id, perhaps).

    Raises:
        DocumentError: the file is there but cannot be read as a plan.
    """
    path = FilePath(text).expanduser()
    try:
        found = path.is_file()
    except OSError:  # a name too long to be a file's, say
        return None
    if not found:
        return None
    return Document.load(path)


async def changes_on_server(target: Target, opened: Mapping[str, JSON]) -> list[Change]:
    """What changed in ``target``'s plan on the server since it was opened as ``opened`` (empty when nothing did).

    Raises:
        ClientError: the plan could not be fetched.
    """
    async with target.client() as client:
        return await client.changed_since(target.plan_id, opened)


async def check_on_server(
    target: Target, opened: Mapping[str, JSON], sent: Mapping[str, JSON] | None = None
) -> ServerCheck:
    """``target``'s plan on the server, what changed in it since it was opened as ``opened``, and whether it is
    exactly the plan last ``sent`` (an update whose answer never came, which then arrived).

    Raises:
        ClientError: the plan could not be fetched.
    """
    async with target.client() as client:
        return await client.check_server(target.plan_id, opened, sent=sent)

"""The session's merges with the server's plan: a rebase under the edits, its conflicts as issues, their resolution
by keeping mine, taking theirs or editing, and undo and redo of the whole rebase in one step."""

from __future__ import annotations

import copy

from tests.helpers import colleague_edit
from tui.document import Document
from tui.merge import Take
from tui.merge_edits import CONFLICT
from tui.session import EditSession
from tui.types import JSON
from tui.validation import Validator

VERSION = ("components", 0, "version")
REPLICA = ("components", 1, "replica")
DESC = ("desc",)


def conflicts(session: EditSession) -> list[tuple[object, ...]]:
    return [issue.path for issue in session.issues if issue.code == CONFLICT]


def test_a_rebase_keeps_my_edits_takes_theirs_and_undo_takes_it_back_whole(
    plan: dict[str, JSON], validator: Validator
) -> None:
    session = EditSession(Document(copy.deepcopy(plan)), validator=validator)
    session.typed(DESC, "mine")
    theirs = colleague_edit(plan, replica=9)
    changed = session.rebase_on(theirs)
    assert session.document.get(DESC) == "mine" and session.document.get(REPLICA) == 9
    assert session.document.baseline == theirs and session.opened == theirs
    assert [change.path for change in session.document.changes()] == [DESC]
    assert changed.notice is not None and "taken from the server: 1 change" in changed.notice.text
    assert conflicts(session) == []
    session.undo()
    assert session.document.get(DESC) == "mine" and session.document.get(REPLICA) == 2
    assert session.document.baseline == plan and session.opened == plan  # the baseline back as it was too
    session.redo()
    assert session.document.get(REPLICA) == 9 and session.document.baseline == theirs


def test_a_conflict_is_an_issue_until_mine_is_kept(plan: dict[str, JSON], validator: Validator) -> None:
    session = EditSession(Document(copy.deepcopy(plan)), validator=validator)
    session.typed(VERSION, "3.5.0")
    changed = session.rebase_on(colleague_edit(plan, version="3.4.2"))
    assert conflicts(session) == [VERSION] and session.document.get(VERSION) == "3.5.0"
    issue = next(issue for issue in changed.issues if issue.code == CONFLICT)
    assert 'opened "3.4.1", server "3.4.2", yours "3.5.0"' in issue.message
    assert changed.notice is not None and "1 conflict, yours kept: order-api › version" in changed.notice.text
    assert session.take(("components", 0), Take.MINE) is not None  # the conflict inside the component
    assert conflicts(session) == [] and session.document.get(VERSION) == "3.5.0"
    assert session.take(VERSION, Take.MINE) is None  # nothing left to resolve there


def test_a_conflict_resolved_by_theirs_or_by_an_edit(plan: dict[str, JSON], validator: Validator) -> None:
    session = EditSession(Document(copy.deepcopy(plan)), validator=validator)
    session.typed(VERSION, "3.5.0")
    session.typed(REPLICA, "5")
    session.rebase_on(colleague_edit(plan, version="3.4.2", replica=7))
    assert conflicts(session) == [VERSION, REPLICA]
    session.take(VERSION, Take.THEIRS)
    assert session.document.get(VERSION) == "3.4.2" and conflicts(session) == [REPLICA]
    session.typed(REPLICA, "6")  # editing the value resolves it
    assert conflicts(session) == []
    assert [change.path for change in session.document.changes()] == [REPLICA]
    session.undo()  # the edit, the take, then the rebase: the conflicts come back with it
    session.undo()
    assert conflicts(session) == [VERSION, REPLICA]
    session.undo()
    assert conflicts(session) == [] and session.document.get(VERSION) == "3.5.0"
    assert session.document.baseline == plan

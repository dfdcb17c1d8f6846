"""The edit session's rules, without a screen: every edit, the issues it leaves, its undo step and its draft."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

import tui.draft_edits
from tui.auth import TokenAuth
from tui.document import Document
from tui.draft_edits import DRAFT_AFTER
from tui.drafts import draft_key, encode_draft, read_draft, write_draft
from tui.edits import REMOVE, Notice
from tui.errors import DocumentError, EditRefusedError
from tui.jsonfiles import ChangedOnDiskError, file_state, load_file
from tui.session import EditSession
from tui.target import Target
from tui.types import JSON, Issue, Severity
from tui.validation import Validator

REPLICA = ("components", 0, "replica")
DESC = ("desc",)


@pytest.fixture
def session(plan: dict[str, JSON], validator: Validator) -> EditSession:
    return EditSession(Document(plan), validator=validator)


def target(plan_id: str = "plan-1") -> Target:
    return Target("http://127.0.0.1:9", "proj", TokenAuth("t"), plan_id, timeout=1.0)


def names(session: EditSession) -> list[JSON]:
    components = session.document.get(("components",))
    assert isinstance(components, list)
    return [component["name"] for component in components if isinstance(component, dict)]


# -- typing and choosing


def test_typed_text_is_parsed_by_the_field_s_spec(session: EditSession) -> None:
    changed = session.typed(REPLICA, "5")
    assert changed is not None
    assert session.document.get(REPLICA) == 5
    assert changed.paths == (REPLICA,) and changed.typing == REPLICA


def test_typed_text_that_does_not_parse_is_kept_as_typed_and_is_an_error(session: EditSession) -> None:
    changed = session.typed(REPLICA, "3x")
    assert changed is not None
    assert session.document.get(REPLICA) == "3x"
    assert [issue.severity for issue in changed.issues if issue.path == REPLICA] == [Severity.ERROR]


def test_empty_text_deletes_an_optional_field_and_keeps_a_required_one(session: EditSession) -> None:
    assert session.typed(DESC, "") is not None
    assert not session.document.has(DESC)
    assert session.typed(DESC, "") is None  # nothing left to delete
    assert session.typed(("name",), "") is not None  # required: kept, empty, an error
    assert session.document.get(("name",)) == ""
    assert ("name",) in {issue.path for issue in session.issues}


def test_a_value_the_field_already_holds_changes_nothing(session: EditSession) -> None:
    assert session.typed(REPLICA, "3") is None
    assert session.choose(("fail_strategy",), "stop") is None
    assert not session.document.dirty and session.document.undo() == []


def test_text_typed_into_a_field_the_reference_does_not_know_is_json_when_it_parses(session: EditSession) -> None:
    session.typed(("extra",), "[1, 2]")
    assert session.document.get(("extra",)) == [1, 2]
    session.typed(("extra",), "[1, 2")
    assert session.document.get(("extra",)) == "[1, 2"


def test_keystrokes_in_one_field_are_one_undo_step(session: EditSession) -> None:
    before = session.document.get(DESC)
    for text in ("a", "ab", "abc"):
        session.typed(DESC, text)
    assert session.undo() is not None
    assert session.document.get(DESC) == before


def test_a_chosen_value_is_set_and_unset_removes_the_key(session: EditSession) -> None:
    changed = session.choose(("fail_strategy",), "continue")
    assert changed is not None and changed.typing is None
    assert session.document.get(("fail_strategy",)) == "continue"
    assert session.unset(("fail_strategy",)) is not None
    assert "fail_strategy" not in session.document.data
    assert session.unset(("fail_strategy",)) is None


# -- structure


def test_add_field_sets_the_template_and_puts_the_cursor_on_it(session: EditSession) -> None:
    path = ("components", 0, "deploy_strategy", "gray_release")
    assert not session.document.has(path)
    changed = session.add_field(path)
    assert changed is not None and changed.cursor == path
    assert isinstance(session.document.get(path), dict)
    assert session.add_field(("no_such_field", "below")) is None


def test_add_item_appends_to_a_list_or_inserts_after_an_item(session: EditSession) -> None:
    count = len(names(session))
    changed = session.add_item(("components",))
    assert changed.cursor == ("components", count)
    assert len(names(session)) == count + 1
    changed = session.add_item(("components", 0))
    assert changed.cursor == ("components", 1)
    with pytest.raises(EditRefusedError, match=re.escape("Put the cursor on a list or a list item to add to it.")):
        session.add_item(("name",))


def test_duplicate_names_a_component_s_copy_and_empties_its_id(session: EditSession) -> None:
    first = session.document.get(("components", 0))
    assert isinstance(first, dict) and first["component_id"]
    changed = session.duplicate(("components", 0))
    assert changed.cursor == ("components", 1)
    copy_ = session.document.get(("components", 1))
    assert isinstance(copy_, dict)
    assert copy_["name"] == f"{first['name']}-copy"
    assert copy_["component_id"] == ""
    assert {**copy_, "name": first["name"], "component_id": first["component_id"]} == first


def test_duplicate_copies_other_list_items_as_they_are(session: EditSession) -> None:
    env = ("components", 0, "envs", 0)
    session.duplicate(env)
    assert session.document.get(("components", 0, "envs", 1)) == session.document.get(env)


def test_duplicate_refuses_what_is_not_a_list_item(session: EditSession) -> None:
    with pytest.raises(EditRefusedError, match=re.escape("Put the cursor on a list item to duplicate it.")):
        session.duplicate(("components",))
    with pytest.raises(EditRefusedError):
        session.duplicate(())


def test_move_swaps_with_a_neighbour_and_stays_at_either_end(session: EditSession) -> None:
    before = names(session)
    last = len(before) - 1
    changed = session.move(("components", 0), 1)
    assert changed.cursor == ("components", 1)
    assert names(session) == [before[1], before[0], *before[2:]]
    session.undo()
    for path, step in ((("components", 0), -1), (("components", last), 1)):
        stayed = session.move(path, step)
        assert stayed.cursor == path and stayed.paths == ()
    assert names(session) == before
    assert session.document.undo() == []  # past an end is no edit at all
    with pytest.raises(EditRefusedError, match=re.escape("Put the cursor on a list item to move it.")):
        session.move(("desc",), 1)


def test_delete_puts_the_cursor_on_the_next_item_the_one_before_or_the_parent(session: EditSession) -> None:
    session.duplicate(("components", 0))
    session.duplicate(("components", 0))
    count = len(names(session))
    assert session.delete(("components", 0)).cursor == ("components", 0)  # the item now in its place
    assert session.delete(("components", count - 2)).cursor == ("components", count - 3)  # the last: the one before
    assert session.delete(("components", 0, "envs", 0)).cursor == ("components", 0, "envs")  # the only one: up
    assert session.delete(("desc",)).cursor == ()  # a key: its object
    with pytest.raises(EditRefusedError, match=re.escape("The plan itself cannot be deleted.")):
        session.delete(())


def test_replace_puts_a_node_and_refuses_a_plan_that_is_not_an_object(session: EditSession) -> None:
    changed = session.replace(("components", 0, "envs"), [])
    assert changed.cursor == ("components", 0, "envs")
    assert session.document.get(("components", 0, "envs")) == []
    with pytest.raises(DocumentError):
        session.replace((), [])


def test_undo_and_redo_say_what_they_touched(session: EditSession) -> None:
    assert session.undo() is None and session.redo() is None
    session.typed(REPLICA, "7")
    undone = session.undo()
    assert undone is not None and undone.paths == (REPLICA,)
    assert session.document.get(REPLICA) == 3
    redone = session.redo()
    assert redone is not None and session.document.get(REPLICA) == 7


def test_an_edit_of_many_paths_is_one_undo_step(session: EditSession) -> None:
    before = copy.deepcopy(session.document.data)
    edits = [(("components", 0, "replica"), 4), (("components", 1, "replica"), 5), (DESC, REMOVE)]
    changed = session.edit_many(edits)
    assert changed is not None
    assert set(changed.paths) == {("components", 0, "replica"), ("components", 1, "replica"), DESC}
    assert session.document.get(("components", 1, "replica")) == 5 and not session.document.has(DESC)
    session.undo()
    assert session.document.data == before
    assert session.document.undo() == []


def test_an_edit_of_many_paths_changes_nothing_unless_it_can_change_every_one(session: EditSession) -> None:
    before = copy.deepcopy(session.document.data)
    with pytest.raises(EditRefusedError, match=re.escape("Nothing at #9 › replica")):
        session.edit_many([(REPLICA, 4), (("components", 9, "replica"), 1)])
    assert session.document.data == before and session.document.undo() == []
    assert session.edit_many([(REPLICA, 3), (("no_such_key",), REMOVE)]) is None  # already so


# -- issues


def test_an_edit_drops_what_the_server_said_about_the_fields_it_touched(session: EditSession) -> None:
    said = [
        Issue(REPLICA, Severity.ERROR, "the server said: too many", "server"),
        Issue(("components", 1, "replica"), Severity.ERROR, "the server said: too many", "server"),
        Issue(("components", 9, "replica"), Severity.ERROR, "the server said: no such", "server"),
    ]
    shown = session.server_refused(said)
    assert shown is not None
    assert [issue.path for issue in shown if issue.code == "server"] == [said[0].path, said[1].path]  # 9 is gone
    changed = session.typed(REPLICA, "2")
    assert changed is not None
    assert [issue.path for issue in changed.issues if issue.code == "server"] == [said[1].path]
    assert session.forget_server_issues() is not None
    assert not [issue for issue in session.issues if issue.code == "server"]
    assert session.forget_server_issues() is None


def test_the_server_s_word_is_not_repeated_where_the_plan_s_check_already_says_error(session: EditSession) -> None:
    session.typed(REPLICA, "3x")
    assert session.server_refused([Issue(REPLICA, Severity.ERROR, "the server said: bad", "server")]) is None


def test_a_validator_that_loaded_while_the_plan_changed_checks_it_again(
    plan: dict[str, JSON], validator: Validator
) -> None:
    session = EditSession(Document(plan))
    assert not session.ready and session.issues == []
    state, stale = session.document.state, validator.validate(plan)
    session.document.set(("fail_strategy",), "sometimes")  # a draft restored before the reference loaded
    issues = session.reference_loaded(validator, (state, stale))
    assert session.ready
    assert [issue.path for issue in issues] == [("fail_strategy",)]


# -- unsent and dirty


def test_a_file_s_edit_is_dirty_until_saved_and_never_unsent(plan_file: Path, validator: Validator) -> None:
    session = EditSession(Document.load(plan_file), validator=validator)
    session.typed(DESC, "changed")
    assert session.document.dirty and not session.unsent
    session.document.save()
    assert not session.document.dirty and not session.unsent


def test_a_server_plan_saved_to_a_file_is_still_unsent(plan: dict[str, JSON], tmp_path: Path) -> None:
    original = plan["desc"]
    session = EditSession(Document(plan), target=target())
    session.document.set(DESC, "changed")
    session.document.save(tmp_path / "mine.json")
    assert not session.document.dirty and session.unsent
    session.document.set(DESC, original)
    assert not session.unsent  # back to what the server holds
    assert not EditSession(Document(plan), target=target(plan_id="")).unsent  # no plan on the server yet


# -- drafts


def test_a_draft_is_due_half_a_second_after_the_oldest_edit_it_does_not_hold(
    session: EditSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [100.0]
    monkeypatch.setattr(tui.draft_edits, "monotonic", lambda: clock[0])
    edits: list[float] = []
    session.on_edit = lambda: edits.append(clock[0])
    assert not session.draft_due
    session.typed(DESC, "a")
    clock[0] += DRAFT_AFTER / 2
    session.typed(DESC, "ab")  # a later edit does not push the draft back
    assert edits == [100.0, 100.0 + DRAFT_AFTER / 2] and not session.draft_due
    clock[0] += DRAFT_AFTER / 2
    assert session.draft_due


def test_a_draft_is_written_while_there_are_edits_and_removed_when_there_are_none(
    plan_file: Path, validator: Validator
) -> None:
    session = EditSession(Document.load(plan_file), validator=validator)
    key = draft_key(path=plan_file)
    session.typed(DESC, "edited")
    assert session.save_draft(now=True)
    assert not session.draft_due
    draft = read_draft(key)
    assert draft is not None and draft.plan["desc"] == "edited" and draft.baseline == load_file(plan_file)
    session.undo()
    assert session.save_draft(now=True)
    assert read_draft(key) is None
    session.drafts.let_go()


def test_a_plan_with_nowhere_to_keep_a_draft_keeps_none(plan: dict[str, JSON]) -> None:
    session = EditSession(Document(plan))
    session.document.set(DESC, "edited")
    assert not session.save_draft(now=True)


def test_a_draft_that_cannot_be_written_is_said(
    plan_file: Path, validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.drafts

    def refused(key: str, data: bytes) -> Path:
        raise DocumentError("the disk is full")

    monkeypatch.setattr(tui.drafts, "write_draft", refused)
    told: list[Notice] = []
    session = EditSession(Document.load(plan_file), validator=validator)
    session.tell = told.append
    session.typed(DESC, "edited")
    assert not session.save_draft(now=True)
    assert told == [Notice("The draft could not be written: the disk is full", "error")]
    session.drafts.let_go()


def left_draft(plan_file: Path, plan: dict[str, JSON], baseline: dict[str, JSON], key: str | None = None) -> str:
    """A draft left by an editor that ended, of ``plan`` made against ``baseline``; its key."""
    key = key or draft_key(path=plan_file)
    write_draft(key, encode_draft(str(plan_file), "p", plan, baseline, 1_000.0))
    return key


def test_a_left_draft_is_offered_and_one_the_plan_already_holds_is_removed(plan_file: Path) -> None:
    opened = load_file(plan_file)
    key = left_draft(plan_file, opened, opened)
    session = EditSession(Document.load(plan_file))
    assert session.offer_draft() is None
    assert read_draft(key) is None
    session.drafts.let_go()
    left_draft(plan_file, {**opened, "desc": "from a crash"}, opened)
    session = EditSession(Document.load(plan_file))
    offer = session.offer_draft()
    assert offer is not None and offer.draft.plan["desc"] == "from a crash" and not offer.baseline_moved
    assert session.drafts.offered and session.save_draft()  # a draft on offer is left as it is
    assert read_draft(key) is not None and read_draft(key).plan["desc"] == "from a crash"  # type: ignore[union-attr]
    session.drafts.discard(offer.draft)
    assert not session.drafts.offered and read_draft(key) is None
    session.drafts.let_go()


def test_a_draft_restored_on_a_server_plan_changed_since_goes_on_top_of_what_the_server_holds(
    plan: dict[str, JSON], validator: Validator
) -> None:
    where = target()
    key = draft_key(endpoint=where.endpoint, project_id="proj", plan_id="plan-1")
    made_against = {**plan, "desc": "as it was"}
    write_draft(key, encode_draft("x", "p", {**made_against, "fail_strategy": "continue"}, made_against, 1_000.0))
    session = EditSession(Document(copy.deepcopy(plan)), target=where, validator=validator)
    offer = session.offer_draft()
    assert offer is not None and offer.baseline_moved
    changed = session.restore_draft(offer.draft)
    assert changed.paths == ((),) and changed.notice is not None
    assert changed.notice.text.startswith("The draft is restored on top of the plan on the server as it is now: ")
    assert session.document.data == {**plan, "fail_strategy": "continue"}  # the server's desc is not reverted
    assert session.document.baseline == plan and session.opened == plan
    assert [change.path for change in session.document.changes()] == [("fail_strategy",)]
    session.undo()
    assert session.document.data == plan
    session.drafts.let_go()


def test_a_draft_restored_on_a_file_changed_since_goes_on_top_of_what_the_file_holds(
    plan_file: Path, validator: Validator
) -> None:
    made_against = load_file(plan_file)
    mine = {**made_against, "desc": "mine", "fail_strategy": "continue"}
    left_draft(plan_file, mine, made_against)
    theirs = {**made_against, "desc": "theirs", "name": "renamed"}
    plan_file.write_text(json.dumps(theirs), encoding="utf-8")
    session = EditSession(Document.load(plan_file), validator=validator)
    offer = session.offer_draft()
    assert offer is not None
    changed = session.restore_draft(offer.draft)
    data = session.document.data
    assert (data["name"], data["fail_strategy"], data["desc"]) == ("renamed", "continue", "mine")
    assert session.document.baseline == theirs  # the review compares with the file as it is
    assert changed.notice is not None and changed.notice.tone == "warning" and "changed: desc." in changed.notice.text
    session.drafts.let_go()


def test_a_file_changed_on_disk_is_reloaded_with_my_edits_on_top_and_conflicts_said(
    plan_file: Path, validator: Validator
) -> None:
    session = EditSession(Document.load(plan_file), validator=validator)
    session.typed(DESC, "mine")
    session.typed(REPLICA, "4")
    theirs = {**load_file(plan_file), "desc": "theirs", "name": "renamed"}
    plan_file.write_text(json.dumps(theirs, indent=4), encoding="utf-8")
    with pytest.raises(ChangedOnDiskError) as raised:
        session.document.save()
    change = session.disk_change(raised.value)
    assert [item.path for item in change.changes or []] == [("name",), DESC]
    changed = session.reload_on_top(change)
    data = session.document.data
    assert (data["name"], data["desc"], session.document.get(REPLICA)) == ("renamed", "mine", 4)
    assert changed.notice is not None and changed.notice.tone == "warning"
    assert "1 value(s) changed on disk and here too, yours kept: desc." in changed.notice.text
    assert session.document.dirty and session.document.disk == file_state(plan_file)
    session.document.save()  # the file as it is now is what the save checks against
    assert load_file(plan_file)["name"] == "renamed" and plan_file.read_text(encoding="utf-8").startswith('{\n    "')
    session.undo()
    assert session.document.get(DESC) == "mine" and session.document.get(("name",)) != "renamed"


def test_a_file_that_cannot_be_read_after_it_changed_is_not_offered_to_reload(
    plan_file: Path, validator: Validator
) -> None:
    session = EditSession(Document.load(plan_file), validator=validator)
    session.typed(DESC, "mine")
    plan_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(ChangedOnDiskError) as raised:
        session.document.save()
    change = session.disk_change(raised.value)
    assert change.theirs is None and change.changes is None and change.unreadable


def test_a_name_to_save_as_comes_from_the_plan_s_name_or_beside_its_file(plan_file: Path) -> None:
    session = EditSession(Document({"name": "Shop / November"}))
    assert session.file_name() == "Shop-November.json"
    assert EditSession(Document({"name": "///"})).file_name() == "plan.json"
    assert EditSession(Document.load(plan_file)).file_name(other=True) == str(plan_file.with_name("plan-mine.json"))


def test_a_second_session_of_one_plan_keeps_a_draft_of_its_own_and_says_who_has_the_plan(
    plan_file: Path, validator: Validator
) -> None:
    first = EditSession(Document.load(plan_file), validator=validator)
    assert first.offer_draft() is None
    told: list[Notice] = []
    second = EditSession(Document.load(plan_file), validator=validator)
    second.tell = told.append
    assert second.offer_draft() is None
    assert [(notice.tone, notice.subtitle is not None) for notice in told] == [("warning", True)]
    assert told[0].subtitle is not None and told[0].subtitle.startswith("open in another relplan (pid ")
    second.typed(DESC, "second")
    assert second.save_draft(now=True)
    assert read_draft(draft_key(path=plan_file)) is None  # the first one's draft is not written over
    first.drafts.let_go()
    second.drafts.let_go()


def test_of_several_left_drafts_the_newest_is_offered_and_the_others_are_said(plan_file: Path) -> None:
    opened = load_file(plan_file)
    key = draft_key(path=plan_file)
    write_draft(f"{key}-1", encode_draft(str(plan_file), "p", {**opened, "desc": "older"}, opened, 1_000.0))
    write_draft(f"{key}-2", encode_draft(str(plan_file), "p", {**opened, "desc": "newer"}, opened, 2_000.0))
    told: list[Notice] = []
    session = EditSession(Document.load(plan_file))
    session.tell = told.append
    offer = session.offer_draft()
    assert offer is not None and offer.draft.plan["desc"] == "newer"
    assert [notice.text for notice in told] == [
        "1 more draft of this plan is kept: offered when the plan is opened again; relplan drafts lists them."
    ]
    session.drafts.let_go()

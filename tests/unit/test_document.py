"""The document: edits by path, undo and redo, the dirty flag, and the diff against the baseline."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import load
from tui.diff import Change, ChangeKind
from tui.document import Document
from tui.errors import DocumentError, PathError
from tui.jsontree import copy_json
from tui.paths import walk
from tui.samples import sample_plan


def order(value: object) -> str:
    """A value's JSON text: equal only when the values and every key order are equal."""
    return json.dumps(value)


@pytest.fixture
def doc() -> Document:
    return Document(load("full-component.json"))


def test_get_and_has(doc: Document) -> None:
    assert doc.get(("components", 0, "source", "kind")) == "package"
    assert doc.has(("components", 0, "labels", 1, "value"))
    assert not doc.has(("components", 1))
    with pytest.raises(PathError, match=r"nothing at components\.0\.nope"):
        doc.get(("components", 0, "nope"))


def test_set_keeps_what_was_typed_and_returns_the_path(doc: Document) -> None:
    assert doc.set(("components", 0, "replica"), "3") == ("components", 0, "replica")
    assert doc.get(("components", 0, "replica")) == "3"
    assert doc.dirty


def test_set_copies_the_value(doc: Document) -> None:
    labels = [{"key": "a", "value": "b"}]
    doc.set(("components", 0, "labels"), labels)
    labels[0]["key"] = "changed"
    assert doc.get(("components", 0, "labels", 0, "key")) == "a"


def test_a_new_key_goes_last_and_undo_removes_it(doc: Document) -> None:
    before = order(doc.data)
    doc.set(("components", 0, "create_mode"), "delay")
    assert list(doc.get(("components", 0)))[-1] == "create_mode"  # type: ignore[arg-type]
    doc.undo()
    assert order(doc.data) == before
    assert not doc.dirty


def test_delete_removes_the_key_and_undo_puts_it_back_in_its_place(doc: Document) -> None:
    before = order(doc.data)
    doc.delete(("components", 0, "version"))
    assert not doc.has(("components", 0, "version"))
    doc.undo()
    assert order(doc.data) == before


def test_delete_of_a_list_item_and_its_undo(doc: Document) -> None:
    before = order(doc.data)
    doc.delete(("components", 0, "labels", 0))
    assert doc.get(("components", 0, "labels")) == [{"key": "tier", "value": "backend"}]
    doc.undo()
    assert order(doc.data) == before


def test_insert_and_move_return_the_list_path(doc: Document) -> None:
    labels = ("components", 0, "labels")
    assert doc.insert((*labels, 0), {"key": "new", "value": "v"}) == labels
    assert [label["key"] for label in doc.get(labels)] == ["new", "app", "tier"]  # type: ignore[union-attr,index]
    assert doc.move((*labels, 0), 2) == labels
    assert [label["key"] for label in doc.get(labels)] == ["app", "tier", "new"]  # type: ignore[union-attr,index]
    assert doc.undo() == [labels]
    assert doc.undo() == [labels]
    assert [label["key"] for label in doc.get(labels)] == ["app", "tier"]  # type: ignore[union-attr,index]


def test_redo_reapplies_and_a_new_edit_clears_it(doc: Document) -> None:
    doc.set(("name",), "a")
    doc.set(("name",), "b")
    doc.undo()
    assert doc.get(("name",)) == "a"
    assert doc.redo() == [("name",)]
    assert doc.get(("name",)) == "b"
    doc.undo()
    doc.set(("name",), "c")
    assert doc.redo() == []


def test_transaction_is_one_undo_step(doc: Document) -> None:
    before = order(doc.data)
    with doc.transaction("duplicate"):
        doc.insert(("components", 1), doc.get(("components", 0)))
        doc.set(("components", 1, "name"), "copy")
    assert len(doc.get(("components",))) == 2  # type: ignore[arg-type]
    doc.undo()
    assert order(doc.data) == before
    assert doc.undo() == []  # nothing left to undo


def test_replacing_the_whole_plan_and_undoing_it(doc: Document) -> None:
    before = order(doc.data)
    doc.set((), {"name": "x", "components": []})
    assert doc.data == {"name": "x", "components": []}
    doc.undo()
    assert order(doc.data) == before
    with pytest.raises(DocumentError):
        doc.set((), [])  # type: ignore[arg-type]


def test_dirty_follows_saves_and_undo(doc: Document) -> None:
    assert not doc.dirty
    doc.set(("name",), "a")
    doc.mark_saved()
    assert not doc.dirty
    doc.undo()
    assert doc.dirty
    doc.redo()
    assert not doc.dirty


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda d: d.set(("components", 5, "name"), "x"), "nothing at components.5"),
        (lambda d: d.insert(("components", 3), {}), "not a place in a list"),
        (lambda d: d.move(("components", 0), 1), "outside the list"),
        (lambda d: d.move(("name",), 0), "not an item of a list"),
        (lambda d: d.delete(()), "cannot be deleted"),
    ],
)
def test_impossible_edits_are_refused_and_change_nothing(doc: Document, action, message: str) -> None:  # type: ignore[no-untyped-def]
    before = order(doc.data)
    with pytest.raises(DocumentError, match=message):
        action(doc)
    assert order(doc.data) == before
    assert doc.undo() == []  # nothing left to undo


def test_keystrokes_in_one_field_are_one_undo_step(doc: Document) -> None:
    path = ("components", 0, "version")
    for text in ("1", "1.", "1.0", "1.0.", "1.0.1"):
        doc.set(path, text, typing=True)
    doc.set(("name",), "x", typing=True)
    doc.set(("name",), "xy", typing=True)
    assert doc.get(path) == "1.0.1"
    doc.undo()
    assert doc.get(("name",)) == "every-table"
    doc.undo()
    assert doc.get(path) == "1.0.0"
    assert doc.undo() == []  # nothing left to undo


def test_typing_after_a_save_is_dirty_again(doc: Document) -> None:
    path = ("components", 0, "version")
    doc.set(path, "2", typing=True)
    doc.mark_saved()
    doc.set(path, "2.", typing=True)
    assert doc.dirty
    doc.undo()
    assert doc.get(path) == "1.0.0"


def test_document_changes_and_rebase(doc: Document) -> None:
    doc.set(("components", 0, "replica"), 5)
    assert doc.changes() == [Change(ChangeKind.CHANGED, ("components", 0, "replica"), 2, 5)]
    doc.rebase()
    assert doc.changes() == []


@pytest.mark.parametrize(
    "edit",
    [
        lambda doc: doc.set(("components", 0, "replica"), 5),
        lambda doc: doc.set(("components", 0, "replica"), 5, typing=True),
        lambda doc: doc.delete(("components", 0, "replica")),
        lambda doc: doc.set((), {"name": "other"}),
    ],
)
def test_opening_copies_nothing_and_the_first_edit_keeps_the_plan_as_opened(edit) -> None:  # type: ignore[no-untyped-def]
    opened = load("full-component.json")
    doc = Document(load("full-component.json"))
    assert doc.peek_baseline() is doc.data  # not copied yet: the plan itself is the baseline's value
    edit(doc)
    assert order(doc.baseline) == order(opened)
    assert doc.peek_baseline() is doc.baseline
    doc.undo()
    assert order(doc.data) == order(opened)
    assert doc.changes() == []


def test_keeping_the_baseline_copies_nothing_and_an_edit_copies_only_its_path() -> None:
    doc = Document(sample_plan(8))
    plan = doc.data
    kept = doc.keep_baseline()
    assert kept == plan and kept is not plan  # the plan as it is, its top object its own
    assert all(kept[key] is plan[key] for key in plan)  # and nothing below it copied
    assert doc.keep_baseline() is kept and doc.baseline is kept
    before = order(kept)
    doc.set(("components", 3, "deploy_strategy", "type"), "rolling_release", typing=True)
    doc.set(("components", 3, "deploy_strategy", "type"), "single", typing=True)
    assert order(doc.baseline) == before, "an edit changed the baseline"
    assert doc.baseline is kept
    assert doc.get(("components", 3, "deploy_strategy", "type")) == "single"
    edited, opened = doc.data["components"], kept["components"]
    assert isinstance(edited, list) and isinstance(opened, list)
    assert edited is not opened and edited[3] is not opened[3]  # the edit's path: copied, one level each
    assert all(edited[i] is opened[i] for i in range(8) if i != 3)  # every other component: shared
    assert edited[3]["source"] is opened[3]["source"]  # and every part of it the edit did not reach
    assert doc.data is plan  # the plan's top object stays: whoever holds it sees every edit
    doc.rebase()
    assert doc.baseline == doc.data and doc.changes() == []
    doc.set(("components", 0, "name"), "renamed")
    assert doc.baseline["components"][0]["name"] != "renamed"  # type: ignore[index, call-overload]


_EDITS = ("set", "set_typing", "delete", "insert", "move", "replace", "undo", "redo", "rebase", "transaction")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_edit_undo_or_redo_ever_changes_the_baseline_or_a_value_an_edit_was_given(data: st.DataObject) -> None:
    """The baseline shares what no edit reached: whatever edits, undos, redos and rebases are made, it stays what
    it was when kept, and so do the values the edits were given and the plan's earlier states."""
    given_values: list[tuple[object, str]] = []
    doc = Document(sample_plan(3))
    opened = baseline = order(doc.keep_baseline())
    for _ in range(data.draw(st.integers(1, 12))):
        kind = data.draw(st.sampled_from(_EDITS))
        paths = [path for path, _ in walk(doc.data)]
        path = data.draw(st.sampled_from(paths))
        value: object = data.draw(st.sampled_from([7, "x", [1, {"a": [2]}], {"k": {"v": [3]}}]))
        given_values.append((value, order(value)))
        try:
            if kind in ("set", "set_typing"):
                doc.set(path, value, typing=kind == "set_typing")  # type: ignore[arg-type]
            elif kind == "delete":
                doc.delete(path)
            elif kind == "insert":
                doc.insert((*path, 0), value)  # type: ignore[arg-type]
            elif kind == "move":
                doc.move(path, 0)
            elif kind == "replace":
                doc.set((), copy_json(doc.data))
            elif kind == "undo":
                doc.undo()
            elif kind == "redo":
                doc.redo()
            elif kind == "rebase":
                doc.rebase()
                baseline = order(doc.baseline)
            else:
                with doc.transaction():
                    doc.set(path, value)  # type: ignore[arg-type]
                    doc.set(path[:-1] if path else (), doc.get(path[:-1] if path else ()))
        except (PathError, DocumentError):
            pass
        assert order(doc.baseline) == baseline
        assert all(order(kept) == text for kept, text in given_values)
    while doc.undo():
        pass
    assert order(doc.baseline) == baseline
    assert order(doc.data) == opened

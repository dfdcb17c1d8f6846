"""The diff between two plans: changes by path, types told apart, components matched and moved as moves."""

from __future__ import annotations

from tui.diff import Change, ChangeKind, diff
from tui.jsontree import same_json


def components(*names: str) -> dict[str, object]:
    return {"name": "p", "components": [{"component_id": n, "name": n, "version": "1.0.0"} for n in names]}


def test_diff_lists_added_removed_and_changed_by_path() -> None:
    old = {"name": "p", "desc": "d", "components": []}
    new = {"name": "q", "components": [], "fail_strategy": "stop"}
    assert diff(old, new) == [
        Change(ChangeKind.CHANGED, ("name",), "p", "q"),
        Change(ChangeKind.ADDED, ("fail_strategy",), new="stop"),
        Change(ChangeKind.REMOVED, ("desc",), old="d"),
    ]


def test_diff_tells_types_apart() -> None:
    assert diff({"a": 1}, {"a": True}) == [Change(ChangeKind.CHANGED, ("a",), 1, True)]
    assert diff({"a": 1}, {"a": 1.0}) == [Change(ChangeKind.CHANGED, ("a",), 1, 1.0)]
    assert diff({"a": "1"}, {"a": 1}) == [Change(ChangeKind.CHANGED, ("a",), "1", 1)]


def test_moving_a_component_is_one_move() -> None:
    old, new = components("a", "b", "c", "d", "e"), components("e", "a", "b", "c", "d")
    assert diff(old, new) == [Change(ChangeKind.MOVED, ("components", 0), old_path=("components", 4))]


def test_inserting_a_component_moves_nothing() -> None:
    old, new = components("a", "b", "c"), components("x", "a", "b", "c")
    assert diff(old, new) == [Change(ChangeKind.ADDED, ("components", 0), new=new["components"][0])]  # type: ignore[index]


def test_a_moved_component_reports_its_changes_at_its_new_place() -> None:
    old, new = components("a", "b"), components("b", "a")
    new["components"][1]["version"] = "2.0.0"  # type: ignore[index]
    assert diff(old, new) == [
        Change(ChangeKind.MOVED, ("components", 0), old_path=("components", 1)),
        Change(ChangeKind.CHANGED, ("components", 1, "version"), "1.0.0", "2.0.0"),
    ]


def test_components_match_by_name_when_they_have_no_id() -> None:
    old = {"components": [{"name": "a", "replica": 1}, {"name": "b", "replica": 1}]}
    new = {"components": [{"name": "b", "replica": 2}, {"name": "a", "replica": 1}]}
    assert diff(old, new) == [
        Change(ChangeKind.MOVED, ("components", 0), old_path=("components", 1)),
        Change(ChangeKind.CHANGED, ("components", 0, "replica"), 1, 2),
    ]


def test_removed_component_is_reported_at_its_old_place() -> None:
    old, new = components("a", "b", "c"), components("a", "c")
    assert diff(old, new) == [Change(ChangeKind.REMOVED, ("components", 1), old=old["components"][1])]  # type: ignore[index]


def test_other_lists_compare_by_index() -> None:
    assert diff({"l": [1, 2]}, {"l": [2]}) == [
        Change(ChangeKind.CHANGED, ("l", 0), 1, 2),
        Change(ChangeKind.REMOVED, ("l", 1), old=2),
    ]


def test_same_json_ignores_key_order_only() -> None:
    assert same_json({"a": 1, "b": [1]}, {"b": [1], "a": 1})
    assert not same_json({"a": [1]}, {"a": [True]})


def test_a_document_diffs_as_its_copies_do_though_it_shares_unedited_parts_with_its_baseline() -> None:
    import copy

    from tui.document import Document
    from tui.samples import sample_plan

    document = Document(sample_plan(8))
    document.set(("components", 3, "source", "url"), "https://elsewhere.example/app.war")
    document.set(("components", 5, "envs", 0, "value"), "test")
    document.move(("components", 6), 5)
    document.set(("desc",), "moved one")
    assert document.data["components"][0] is document.baseline["components"][0]  # shared: an edit did not reach it
    changes = diff(document.baseline, document.data)
    assert changes == diff(copy.deepcopy(document.baseline), copy.deepcopy(document.data))
    assert [change.path for change in changes if change.kind is ChangeKind.CHANGED] == [
        ("desc",),
        ("components", 3, "source", "url"),
        ("components", 6, "envs", 0, "value"),  # the move put it one further down
    ]

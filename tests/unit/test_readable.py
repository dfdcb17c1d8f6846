"""Paths read by component name, and a review's changes grouped by component."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tui.diff import ChangeKind, diff
from tui.jsontree import copy_json
from tui.readable import SEPARATOR, ReadablePath, component_title, group_changes, readable, summarize
from tui.samples import sample_plan
from tui.text import needs_escapes


def plan(*names: Any) -> dict[str, Any]:
    return {"name": "p", "components": [{"name": name} if name is not ... else {} for name in names]}


def test_a_path_in_a_component_reads_by_its_name_with_the_index_apart() -> None:
    big = sample_plan(40)
    big["components"][37]["name"] = "orders-037"
    read = readable(("components", 37, "version"), big)
    assert read == ReadablePath("orders-037", 37, "version")
    assert read.text == "orders-037 › version"
    assert SEPARATOR == " › "


def test_a_component_with_no_name_reads_by_its_index() -> None:
    for name in (..., "", "   ", 7, None):
        assert readable(("components", 0, "source", "url"), plan(name)).text == "#0 › source.url"
    assert readable(("components", 5, "version"), plan("a")).text == "#5 › version"  # not (or no longer) there


def test_the_component_itself_and_paths_outside_components_read_as_written() -> None:
    assert readable(("components", 0), plan("orders-000")).text == "orders-000"
    assert readable(("components", 0), plan("orders-000")).inside == ""
    for path, text in ((("desc",), "desc"), ((), "the plan"), (("components",), "components")):
        read = readable(path, plan("a"))
        assert (read.component, read.index, read.text) == (None, None, text)


def test_keys_inside_read_as_paths_are_written() -> None:
    read = readable(("components", 0, "labels", 2, "a.b"), plan("web"))
    assert read.text == 'web › labels.2."a.b"'


def test_names_and_keys_from_the_plan_are_made_printable() -> None:
    hostile = {"name": "p", "components": [{"name": "evil\x1b[2J\u202ename\n"}]}
    read = readable(("components", 0, "bad\x07key"), hostile)
    assert read.component == "evil\\x1b[2J\\u202ename\\n"
    assert read.inside == "bad\\x07key"
    assert not needs_escapes(read.text)


def test_a_very_long_name_is_cut() -> None:
    title = component_title({"name": "x" * 500}, 0)
    assert len(title) == 64 and title.endswith("…")


@given(name=st.text(), key=st.text(min_size=1), index=st.integers(0, 3))
def test_whatever_the_plan_holds_a_readable_path_is_one_printable_line(name: str, key: str, index: int) -> None:
    read = readable(("components", index, key), {"components": [{"name": name}] * 4})
    assert not needs_escapes(read.text)
    assert read.index == index
    assert read.text.startswith(read.component or "")


def test_changes_are_grouped_by_component_with_counts() -> None:
    before = sample_plan(4)
    after = copy_json(before)
    after["desc"] = "new words"
    after["components"][1]["version"] = "9.9.9"
    after["components"][1]["replica"] = 7
    after["components"][3]["timezone_extra"] = "x"
    del after["components"][2]
    groups = group_changes(diff(before, after), after, before)
    titles = [(group.title, group.index, group.removed) for group in groups]
    assert titles == [
        ("the plan", None, False),
        (before["components"][1]["name"], 1, False),
        (before["components"][3]["name"], 2, False),  # now at index 2
        (before["components"][2]["name"], 2, True),  # named from the baseline, where it was
    ]
    own, changed, added, removed = groups
    assert own.counts == {ChangeKind.CHANGED: 1} and own.where(own.changes[0]) == "desc"
    assert changed.counts == {ChangeKind.CHANGED: 2} and changed.summary == "2 changed"
    assert [changed.where(change) for change in changed.changes] == ["version", "replica"]
    assert added.summary == "1 added" and added.where(added.changes[0]) == "timezone_extra"
    assert removed.summary == "removed"
    assert summarize(groups) == "5 changes in 3 components and the plan's fields"


def test_a_review_without_changes_says_so() -> None:
    same = sample_plan(2)
    assert group_changes(diff(same, same), same, same) == []
    assert summarize([]) == "no changes"
    edited = copy_json(same)
    edited["desc"] = "x"
    assert summarize(group_changes(diff(same, edited), edited, same)) == "1 change to the plan's fields"

"""Three-way merge: what one side changed is taken, what both changed differently is a conflict (mine kept)."""

from __future__ import annotations

from tui.merge import merge3
from tui.types import JSON

COMPONENTS: list[JSON] = [{"name": "a", "replica": 1}, {"name": "b"}]
BASE: dict[str, JSON] = {"name": "p", "desc": "d", "components": COMPONENTS}


def test_changes_on_either_side_are_both_taken() -> None:
    theirs = {**BASE, "desc": "theirs"}
    mine: dict[str, JSON] = {**BASE, "components": [{"name": "a", "replica": 3}, {"name": "b"}]}
    merged = merge3(BASE, theirs, mine)
    assert merged.plan == {"name": "p", "desc": "theirs", "components": [{"name": "a", "replica": 3}, {"name": "b"}]}
    assert merged.conflicts == []


def test_one_value_changed_differently_on_both_sides_is_a_conflict_and_mine_is_kept() -> None:
    merged = merge3(BASE, {**BASE, "desc": "theirs"}, {**BASE, "desc": "mine", "name": "q"})
    assert merged.plan["desc"] == "mine"
    assert merged.plan["name"] == "q"
    assert merged.conflicts == [("desc",)]


def test_additions_and_removals_on_one_side_are_kept() -> None:
    theirs: dict[str, JSON] = {key: value for key, value in BASE.items() if key != "desc"}
    mine: dict[str, JSON] = {**BASE, "fail_strategy": "stop"}
    merged = merge3(BASE, theirs, mine)
    assert "desc" not in merged.plan
    assert merged.plan["fail_strategy"] == "stop"
    assert list(merged.plan) == ["name", "components", "fail_strategy"]


def test_a_list_whose_length_changed_on_both_sides_is_one_value() -> None:
    theirs: dict[str, JSON] = {**BASE, "components": COMPONENTS[:1]}
    mine: dict[str, JSON] = {**BASE, "components": [*COMPONENTS, {"name": "c"}]}
    merged = merge3(BASE, theirs, mine)
    assert merged.conflicts == [("components",)]
    assert merged.plan["components"] == mine["components"]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    same = {**BASE, "desc": "both"}
    assert merge3(BASE, same, dict(same)).conflicts == []
    assert merge3(BASE, BASE, BASE).plan == BASE

"""Properties of the three-way merge, for any two sets of edits made to one plan."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.jsontree import copy_json
from tui.merge import ABSENT, Merged, Take, merge3
from tui.types import JSON

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = "abcdefg"
components = st.builds(
    lambda name, version, replica: {"name": name, "version": version, "replica": replica},
    st.sampled_from(NAMES),
    st.sampled_from(["1", "2"]),
    st.sampled_from([1, 2]),
)
plans = st.builds(
    lambda desc, items: {"name": "p", "desc": desc, "components": items},
    st.sampled_from(["d", "e"]),
    st.lists(components, max_size=5, unique_by=lambda component: component["name"]),
)


@st.composite
def edited(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` after a few edits a person makes: a value changed, a component added, deleted or moved."""
    plan = copy_json(base)
    items: list[dict[str, Any]] = plan["components"]
    for _ in range(draw(st.integers(0, 4))):
        what = draw(st.sampled_from(["value", "add", "delete", "move", "desc", "key"]))
        if what == "desc":
            plan["desc"] = draw(st.sampled_from(["d", "e", "f"]))
        elif what == "add":
            free = [name for name in NAMES if name not in {item["name"] for item in items}]
            if free:
                items.insert(draw(st.integers(0, len(items))), {"name": draw(st.sampled_from(free)), "version": "3"})
        elif not items:
            continue
        elif what == "value":
            item = draw(st.sampled_from(items))
            item[draw(st.sampled_from(["version", "replica"]))] = draw(st.sampled_from(["1", "2", "3", 3]))
        elif what == "delete":
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif what == "move":
            moved = items.pop(draw(st.integers(0, len(items) - 1)))
            items.insert(draw(st.integers(0, len(items))), moved)
        else:  # keys of a component reordered: JSON equal, order not
            index = draw(st.integers(0, len(items) - 1))
            items[index] = dict(reversed(items[index].items()))
    return plan


@st.composite
def three_ways(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = draw(plans)
    return base, draw(edited(base)), draw(edited(base))


def _exactly(value: JSON) -> str:
    """``value`` as text that tells key order and ``1`` from ``"1"``: equal texts, identical values."""
    return json.dumps(value)


def _conflicts(merged: Merged, *, swapped: bool = False) -> set[tuple[object, str, str, str]]:
    out = set()
    for conflict in merged.details:
        theirs, mine = (conflict.mine, conflict.theirs) if swapped else (conflict.theirs, conflict.mine)
        out.add((conflict.key, repr(conflict.base), repr(theirs), repr(mine)))
    return out


@SETTINGS
@given(three_ways())
def test_an_unchanged_server_gives_mine(sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, _, mine = sides
    merged = merge3(base, copy_json(base), mine)
    assert _exactly(merged.plan) == _exactly(mine)
    assert merged.conflicts == []
    assert merged.taken == []


@SETTINGS
@given(three_ways())
def test_unchanged_mine_gives_theirs(sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, theirs, _ = sides
    merged = merge3(base, theirs, copy_json(base))
    assert _exactly(merged.plan) == _exactly(theirs)
    assert merged.conflicts == []


@SETTINGS
@given(three_ways())
def test_identical_sides_give_that_side(sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, theirs, _ = sides
    merged = merge3(base, theirs, copy_json(theirs))
    assert _exactly(merged.plan) == _exactly(theirs)
    assert merged.conflicts == []


@SETTINGS
@given(three_ways())
def test_the_conflicts_are_the_same_when_the_sides_swap(
    sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, theirs, mine = sides
    assert _conflicts(merge3(base, theirs, mine)) == _conflicts(merge3(base, mine, theirs), swapped=True)


@SETTINGS
@given(three_ways())
def test_every_change_of_one_side_that_the_other_left_alone_is_in_the_merge(
    sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, theirs, mine = sides
    merged = merge3(base, theirs, mine)
    by_name = {item["name"]: item for item in merged.plan["components"]}  # type: ignore[union-attr,index]
    for side, other in ((theirs, mine), (mine, theirs)):
        before = {item["name"]: item for item in base["components"]}
        left = {item["name"]: item for item in other["components"]}
        for item in side["components"]:
            name = item["name"]
            if name not in before and name not in left:
                assert by_name[name] == item  # added on one side only
            elif name in before and name in left and left[name] == before[name]:
                assert by_name[name] == item  # changed (or not) on one side, untouched on the other
        for name in before:
            if name not in {item["name"] for item in side["components"]} and left.get(name) == before[name]:
                assert name not in by_name  # deleted on one side, untouched on the other
    if not merged.conflicts:  # made again, the merge gives the same plan
        assert merged.resolve({}).plan == merged.plan


@SETTINGS
@given(three_ways())
def test_every_conflict_resolved_leaves_none_and_keeping_mine_changes_nothing(
    sides: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    merged = merge3(*sides)
    kept = merged.resolve({conflict.key: Take.MINE for conflict in merged.details})
    assert kept.clean
    assert kept.resolved == len(merged.details)
    assert _exactly(kept.plan) == _exactly(merged.plan)
    taken = merged.resolve({conflict.key: Take.THEIRS for conflict in merged.details})
    assert taken.clean
    for conflict in merged.details:  # each place now holds theirs (a component they deleted is gone)
        if conflict.path[:1] != ("components",) or len(conflict.path) > 2:
            assert _at(taken.plan, conflict.path) == conflict.theirs


def _at(plan: JSON, path: tuple[str | int, ...]) -> object:
    node: Any = plan
    for key in path:
        if isinstance(node, dict) and key not in node:
            return ABSENT
        node = node[key]
    return node

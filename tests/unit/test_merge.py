"""Three-way merge: what one side changed is taken, what both changed differently is a conflict (mine kept)."""

from __future__ import annotations

from tui.document import Document
from tui.merge import ABSENT, SetValue, Take, merge3
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
    base: dict[str, JSON] = {**BASE, "tags": ["x", "y"]}
    merged = merge3(base, {**base, "tags": ["x"]}, {**base, "tags": ["x", "y", "z"]})
    assert merged.conflicts == [("tags",)]
    assert merged.plan["tags"] == ["x", "y", "z"]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    same = {**BASE, "desc": "both"}
    assert merge3(BASE, same, dict(same)).conflicts == []
    assert merge3(BASE, BASE, BASE).plan == BASE


# -- components by identity


def _plan(*components: dict[str, JSON], **fields: JSON) -> dict[str, JSON]:
    return {"name": "p", **fields, "components": list(components)}


def _c(name: str, version: str = "1.0", **fields: JSON) -> dict[str, JSON]:
    return {"name": name, "version": version, **fields}


def _names(plan: dict[str, JSON]) -> list[str]:
    components = plan["components"]
    assert isinstance(components, list)
    return [str(component["name"]) for component in components if isinstance(component, dict)]


def test_additions_and_deletions_of_components_on_both_sides_merge_as_such() -> None:
    base = _plan(_c("a"), _c("b"), _c("c"))
    theirs = _plan(_c("a"), _c("c"), _c("t"))  # b deleted, t added at the end
    mine = _plan(_c("m"), _c("a"), _c("b"), _c("c"))  # m added at the start
    merged = merge3(base, theirs, mine)
    assert merged.conflicts == []
    assert _names(merged.plan) == ["m", "a", "c", "t"]


def test_a_move_on_one_side_and_an_edit_on_the_other_both_hold() -> None:
    base = _plan(_c("a"), _c("b"), _c("c"))
    theirs = _plan(_c("c"), _c("a"), _c("b"))  # c moved to the front
    mine = _plan(_c("a"), _c("b", "2.0"), _c("c"))
    merged = merge3(base, theirs, mine)
    assert merged.conflicts == []
    assert merged.plan == _plan(_c("c"), _c("a"), _c("b", "2.0"))
    # swapped: the order is theirs' where only they moved, whichever side is which
    assert merge3(base, mine, theirs).plan == merged.plan


def test_moves_of_different_components_on_both_sides_are_both_kept() -> None:
    base = _plan(_c("a"), _c("b"), _c("c"), _c("d"))
    theirs = _plan(_c("b"), _c("a"), _c("c"), _c("d"))  # a after b
    mine = _plan(_c("a"), _c("b"), _c("d"), _c("c"))  # c after d
    assert _names(merge3(base, theirs, mine).plan) == ["b", "a", "d", "c"]


def test_components_match_by_component_id_before_name() -> None:
    base = _plan({"component_id": "x", "name": "old", "replica": 1})
    theirs = _plan({"component_id": "x", "name": "new", "replica": 1})
    mine = _plan({"component_id": "x", "name": "old", "replica": 3})
    merged = merge3(base, theirs, mine)
    assert merged.plan["components"] == [{"component_id": "x", "name": "new", "replica": 3}]


def test_the_same_value_changed_differently_in_one_component_is_a_conflict_at_its_merged_index() -> None:
    base = _plan(_c("a"), _c("b"))
    theirs = _plan(_c("t"), _c("a"), _c("b", "2.0"))
    mine = _plan(_c("a"), _c("b", "3.0"))
    merged = merge3(base, theirs, mine)
    assert merged.conflicts == [("components", 2, "version")]
    (conflict,) = merged.details
    assert (conflict.base, conflict.theirs, conflict.mine) == ("1.0", "2.0", "3.0")
    assert conflict.where.text == "b › version"
    assert conflict.where.index == 2
    assert merged.plan["components"][2]["version"] == "3.0"  # type: ignore[index,call-overload]


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict_either_way() -> None:
    base = _plan(_c("a"), _c("b"))
    changed = _plan(_c("a"), _c("b", "2.0"))
    deleted = _plan(_c("a"))
    kept = merge3(base, deleted, changed)  # theirs deleted, mine changed: mine kept, so the component stays
    assert kept.conflicts == [("components", 1)]
    assert _names(kept.plan) == ["a", "b"]
    assert kept.details[0].theirs is ABSENT
    gone = merge3(base, changed, deleted)  # mine deleted, theirs changed: mine kept, so it is gone
    assert gone.conflicts == [("components", 1)]
    assert _names(gone.plan) == ["a"]
    assert gone.details[0].where.text == "b"
    assert gone.details[0].mine is ABSENT


def test_a_component_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base = _plan(_c("a"), _c("b"))
    merged = merge3(base, _plan(_c("a")), _plan(_c("a", "2.0"), _c("b")))
    assert merged.plan == _plan(_c("a", "2.0"))
    assert merged.conflicts == []


def test_key_order_is_kept_exactly() -> None:
    base: dict[str, JSON] = {"name": "p", "desc": "d", "components": []}
    mine_reordered: dict[str, JSON] = {"components": [], "desc": "d", "name": "p"}
    theirs: dict[str, JSON] = {"name": "q", "desc": "d", "components": []}
    merged = merge3(base, theirs, mine_reordered)
    assert list(merged.plan) == ["components", "desc", "name"]
    assert merged.plan["name"] == "q"
    assert list(merge3(base, mine_reordered, {**base, "desc": "e"}).plan) == ["components", "desc", "name"]


def test_what_was_taken_from_theirs_is_listed_at_its_merged_path() -> None:
    base = _plan(_c("a"), _c("b"), desc="d")
    theirs = _plan(_c("a", replica=9), _c("b"), desc="d")
    mine = _plan(_c("a"), _c("b", "2.0"), desc="mine")
    merged = merge3(base, theirs, mine)
    assert [change.path for change in merged.taken] == [("components", 0, "replica")]
    assert merged.taken_summary() == "taken from the server: 1 change"


def test_conflicts_resolve_by_mine_theirs_or_a_value_of_their_own() -> None:
    base = _plan(_c("a"), _c("b"), desc="d")
    theirs = _plan(_c("a", "2.0"), desc="theirs")
    mine = _plan(_c("a", "3.0"), _c("b", "3.0"), desc="mine")
    merged = merge3(base, theirs, mine)
    assert [conflict.where.text for conflict in merged.details] == ["desc", "a › version", "b"]
    desc, version, component = merged.details
    final = merged.resolve({desc.key: Take.THEIRS, version.key: SetValue("4.0"), component.key: Take.MINE})
    assert final.clean
    assert final.resolved == 3
    assert final.plan == _plan(_c("a", "4.0"), _c("b", "3.0"), desc="theirs")
    dropped = merged.resolve({component.key: Take.THEIRS})
    assert _names(dropped.plan) == ["a"]
    assert [conflict.where.text for conflict in dropped.details] == ["desc", "a › version"]
    assert "desc" not in merged.resolve({desc.key: SetValue(ABSENT)}).plan


def test_a_component_mine_deleted_comes_back_at_its_place_when_theirs_is_taken() -> None:
    base = _plan(_c("a"), _c("b"), _c("c"))
    theirs = _plan(_c("a"), _c("b", "2.0"), _c("c"))
    mine = _plan(_c("a"), _c("c"))
    merged = merge3(base, theirs, mine)
    assert merged.conflicts == [("components", 1)]
    assert merged.resolve({merged.details[0].key: Take.THEIRS}).plan == theirs


def test_unnamed_and_repeated_components_match_by_their_rank() -> None:
    base = _plan({"replica": 1}, _c("a"), _c("a", "9"))
    theirs = _plan({"replica": 2}, _c("a"), _c("a", "9"))
    mine = _plan({"replica": 1}, _c("a"), _c("a", "10"))
    assert merge3(base, theirs, mine).plan == _plan({"replica": 2}, _c("a"), _c("a", "10"))


def test_the_merged_plan_set_in_a_document_shares_nothing_with_the_sides() -> None:
    base = _plan(_c("a"))
    theirs = _plan(_c("a", "2.0"))
    merged = merge3(base, theirs, base)
    document = Document({"name": "p", "components": []})
    document.set((), merged.plan)
    document.set(("components", 0, "version"), "x")
    assert theirs["components"][0]["version"] == "2.0"  # type: ignore[index,call-overload]


def test_values_orjson_cannot_write_are_compared_too() -> None:
    huge = 2**70
    base = _plan(_c("a", replica=huge), _c("b"))
    theirs = _plan(_c("a", replica=huge), _c("b", "2.0"))
    mine = _plan(_c("a", replica=huge + 1), _c("b"))
    assert merge3(base, theirs, mine).plan == _plan(_c("a", replica=huge + 1), _c("b", "2.0"))
    assert merge3(base, _plan(_c("a", replica=1.0), _c("b")), _plan(_c("a", replica=1), _c("b"))).conflicts == [
        ("components", 0, "replica")
    ]


def test_taking_theirs_on_a_component_i_deleted_and_they_changed_puts_theirs_back_where_it_was() -> None:
    base = _plan(_c("a"), _c("b"), _c("c"), desc="d")
    changed_b = _c("b", "2.0", replica=3)
    theirs = _plan(_c("a"), changed_b, _c("c"), _c("d"), desc="d")
    mine = _plan(_c("a"), _c("c", "5.0"), desc="mine")
    merged = merge3(base, theirs, mine)
    assert _names(merged.plan) == ["a", "c", "d"]  # mine kept until chosen: b stays deleted
    [conflict] = merged.details
    assert (conflict.path, conflict.where.text, conflict.base, conflict.theirs, conflict.mine) == (
        ("components", 1),
        "b",
        _c("b"),
        changed_b,
        ABSENT,
    )
    back = merged.resolve({conflict.key: Take.THEIRS})
    assert back.plan == _plan(_c("a"), changed_b, _c("c", "5.0"), _c("d"), desc="mine")
    assert back.plan["components"][1] == changed_b  # type: ignore[index,call-overload]  # at the conflict's path
    assert (back.clean, back.resolved) == (True, 1)
    assert [(change.kind.value, change.path) for change in back.taken] == [
        ("added", ("components", 1)),
        ("added", ("components", 3)),
    ]

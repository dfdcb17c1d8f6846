"""The finder's index: every place in a plan and every field its objects could have, best match first."""

from __future__ import annotations

from tui.finding import FieldIndex
from tui.types import JSON

PLAN: JSON = {"name": "p", "components": [{"name": "api", "version": "1.0.0", "labels": [{"key": "a.b"}]}]}


def test_an_exact_path_ranks_first_and_a_field_the_plan_lacks_is_found_too() -> None:
    index = FieldIndex(PLAN)
    assert index.search("components.0.version")[0].path == ("components", 0, "version")
    assert [hit.path for hit in index.search("description")][:1] == [("components", 0, "description")]
    assert index.search("") == []


def test_a_found_place_reads_as_its_path() -> None:
    dotted: JSON = {"name": "p", "components": [], "a.b": {"c": 1}}
    hit = FieldIndex(dotted).search("c")[0]
    assert hit.path == ("a.b", "c")
    assert hit.text == '"a.b".c'

"""What one plan may hold: bounded so that any file relplan reads is judged or refused in bounded time and memory."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from tui.errors import DocumentError
from tui.jsonfiles import load_file
from tui.jsontext import MAX_COMPONENTS, MAX_VALUES, _count_values, _values_at_most, check_size, parse_json, parse_toml
from tui.paths import walk
from tui.types import JSON, Severity
from tui.validation import MAX_LISTED, validate


def _components(count: int) -> str:
    return json.dumps({"name": "p", "components": [{}] * count})


def test_a_plan_of_as_many_components_as_allowed_is_read() -> None:
    assert len(parse_json(_components(MAX_COMPONENTS))["components"]) == MAX_COMPONENTS


def test_one_component_more_is_refused_with_the_count() -> None:
    with pytest.raises(DocumentError, match=r"holds 10,001 components; relplan opens plans of up to 10,000"):
        parse_json(_components(MAX_COMPONENTS + 1))


def test_a_plan_of_as_many_values_as_allowed_is_read() -> None:
    plan = {"name": "p", "components": [], "extra": [0] * (MAX_VALUES - 4)}  # the plan, name, list, extra list
    assert check_size(plan) is plan


def test_one_value_more_is_refused_wherever_it_is() -> None:
    nested = {"name": "p", "components": [{"name": "c", "envs": [{}] * (MAX_VALUES - 5)}]}
    with pytest.raises(DocumentError, match=r"holds more than 500,000 values"):
        parse_json(json.dumps(nested))


def test_a_plan_within_the_limit_is_read_though_its_text_holds_more_commas_than_values() -> None:
    plan = {"name": "p", "components": [], "extra": [0] * (MAX_VALUES - 5), "note": "," * 100}
    text = json.dumps(plan)
    assert _values_at_most(text) > MAX_VALUES  # so the values are counted one by one
    assert parse_json(text) == plan


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=',{[]}:"ab'),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet=',{[:"a'), inner, max_size=4),
    max_leaves=30,
)


def _texts(node: JSON) -> list[str]:
    """The strings a value writes itself: a string, or an object's keys."""
    return [node] if isinstance(node, str) else list(node) if isinstance(node, dict) else []


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=3), _VALUES, max_size=5), st.sampled_from([None, 2]))
def test_the_bound_read_from_the_text_is_never_below_the_values(plan: dict[str, JSON], indent: int | None) -> None:
    text = json.dumps(plan, indent=indent)
    bound, count = _values_at_most(text), _count_values(plan)
    assert bound >= count
    texts = [written for _, node in walk(plan) for written in _texts(node)]
    in_strings = sum(text.count(char) for text in texts for char in ",{[")
    empty = [node for _, node in walk(plan) if node in ({}, [])]
    assert bound == count + in_strings + len(empty)  # exact but for these, which only add to it


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=3), _VALUES, max_size=5))
def test_the_bound_read_from_compact_json_is_never_below_the_values(plan: dict[str, JSON]) -> None:
    try:
        written = orjson.dumps(plan)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: such a plan is read the slow way
        reject()
    assert _values_at_most(written) >= _count_values(plan)
    assert len(written) // 2 + 1 >= _count_values(plan)  # the length alone, which spares the count when small


def test_compact_json_too_long_for_its_length_to_bound_its_values_has_them_counted() -> None:
    plan: dict[str, JSON] = {"name": "x" * MAX_VALUES * 2, "components": [{"a": [1, 2], "b": {"c": None}}]}
    written = orjson.dumps(plan)
    assert len(written) // 2 + 1 > MAX_VALUES
    assert _values_at_most(written) == _count_values(plan) == 9


def test_toml_is_counted_before_it_is_read() -> None:
    text = 'name = "p"\nlist = [' + ",".join(["{}"] * MAX_VALUES) + "]\n"
    with pytest.raises(DocumentError, match=r"holds more than 500,000 values"):
        parse_toml(text)
    assert parse_toml('name = "p"\nlist = [{}, {}]\n') == {"name": "p", "list": [{}, {}]}


def test_a_million_empty_components_are_one_line(tmp_path: Path) -> None:
    source = tmp_path / "million.json"
    source.write_text(_components(1_000_000), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_file(source)
    assert "\n" not in str(caught.value)
    assert "1,000,000 components" in str(caught.value)


def test_a_component_with_more_problems_than_are_listed_is_one_issue() -> None:
    issues = validate({"name": "p", "components": [{"name": "ab", "envs": [{}] * (MAX_LISTED + 1)}]})
    [summary] = [issue for issue in issues if issue.code == "too_many_problems"]
    assert summary.path == ("components", 0)
    assert summary.severity is Severity.ERROR
    assert "1,00" in summary.message and "more than relplan lists (1,000)" in summary.message
    assert not any(issue.path[:3] == ("components", 0, "envs") for issue in issues)


def test_a_component_with_as_many_problems_as_are_listed_lists_each() -> None:
    envs = [{}] * (MAX_LISTED - 10)
    issues = validate({"name": "p", "components": [{"name": "ab", "envs": envs}]})
    listed = [issue for issue in issues if issue.path[:3] == ("components", 0, "envs")]
    assert len(listed) == len(envs)
    assert not any(issue.code == "too_many_problems" for issue in issues)


def test_the_plans_own_fields_are_bounded_too() -> None:
    plan = {"name": "p", "components": [], **{f"k{i}": 0 for i in range(MAX_LISTED + 1)}}
    [issue] = [issue for issue in validate(plan) if issue.severity is Severity.ERROR]
    assert issue.path == ()
    assert issue.message.startswith("the plan's own fields have 1,001 problems")

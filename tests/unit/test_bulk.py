"""Edits of many components at once: checked before anything changes, one undo step, and the issues right after."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.bulk import Clip, component_fields, copy_node, plan_bump
from tui.document import Document
from tui.errors import EditRefusedError
from tui.jsontree import copy_json, same_json
from tui.samples import sample_plan
from tui.session import EditSession
from tui.types import JSON
from tui.validation import Validator, validate
from tui.value_search import value_places

ALL = range(6)


@pytest.fixture
def session(validator: Validator) -> EditSession:
    return EditSession(Document(sample_plan(6)), validator=validator)


def component(session: EditSession, index: int) -> dict[str, Any]:
    found = session.document.get(("components", index))
    assert isinstance(found, dict)
    return found


def versions(session: EditSession) -> list[JSON]:
    return [component(session, index).get("version") for index in ALL]


def reopened(session: EditSession) -> EditSession:
    """A session of the plan as the test has arranged it by hand (not through edits), checked afresh."""
    return EditSession(Document(session.document.data), validator=Validator())


def issues_are_right(session: EditSession) -> None:
    """The session's issues are what a check of the whole plan from scratch finds."""
    assert session.issues == validate(session.document.data)


# -- set a field


def test_a_field_is_set_on_the_selected_components_as_one_undo_step(session: EditSession) -> None:
    before = versions(session)
    result = session.set_field([1, 3, 4], "version", "2.1.0")
    assert not result.refused and result.changed is not None
    assert versions(session) == [before[0], "2.1.0", before[2], "2.1.0", "2.1.0", before[5]]
    assert result.replaced == 3 and result.added == 0
    assert result.message == 'Set version to "2.1.0" in 3 components: 3 replaced.'
    assert result.changed.notice == result.notice
    assert set(result.changed.paths) == {("components", index, "version") for index in (1, 3, 4)}
    issues_are_right(session)
    assert session.undo() is not None
    assert versions(session) == before  # all three back in one step
    assert session.redo() is not None
    assert versions(session) == [before[0], "2.1.0", before[2], "2.1.0", "2.1.0", before[5]]


def test_the_text_is_parsed_by_the_field_s_spec(session: EditSession) -> None:
    session.set_field(ALL, "replica", "5")
    assert [component(session, index)["replica"] for index in ALL] == [5] * 6  # an int, not "5"
    session.set_field([0], "deploy_strategy.type", "RollingRelease")
    assert component(session, 0)["deploy_strategy"]["type"] == "RollingRelease"
    issues_are_right(session)


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("replica", "3x", 'replica must be a whole number, 0 or more; "3x" is text'),
        ("version", "1.2", '"1.2" is not'),
        ("deploy_strategy.type", "Nope", 'deploy_strategy.type must be one of "OneBatchRelease"'),
        ("source", "x", "source is an object"),
        ("envs", "x", "envs is a list"),
        ("nope", "x", "A component has no field nope"),
        ("a..b", "x", "is not a field path"),
        ("", "x", "Name a field"),
    ],
)
def test_a_value_or_field_the_spec_refuses_changes_nothing_and_says_why(
    session: EditSession, field: str, text: str, says: str
) -> None:
    plan, state = copy_json(session.document.data), session.document.state
    result = session.set_field(ALL, field, text)
    assert result.refused and result.changed is None
    assert says in result.message and result.message.endswith("nothing changed.")
    assert result.notice.tone == "error"
    assert same_json(session.document.data, plan) and session.document.state == state
    assert session.undo() is None  # no step was made


def test_a_selection_that_is_empty_or_outside_the_plan_is_refused(session: EditSession) -> None:
    assert "No component is selected" in session.set_field([], "version", "1.0.0").message
    assert "no component #6" in session.set_field([0, 6], "version", "1.0.0").message
    assert session.undo() is None


def test_a_component_without_the_object_the_field_is_in_is_named_and_nothing_changes(session: EditSession) -> None:
    for index in (2, 4):
        del component(session, index)["deploy_strategy"]
    session = reopened(session)
    names = [component(session, index)["name"] for index in (2, 4)]
    result = session.set_field(ALL, "deploy_strategy.type", "RollingRelease")
    assert result.refused
    assert result.message == f"{names[0]}, {names[1]} have no deploy_strategy to put it in; nothing changed."
    assert not session.document.dirty


def test_a_missing_key_is_added_and_one_already_set_is_counted(session: EditSession) -> None:
    del component(session, 1)["timezone"]
    component(session, 2)["timezone"] = "UTC"
    result = session.set_field([0, 1, 2], "timezone", "UTC")
    assert (result.replaced, result.added, result.unchanged) == (1, 1, 1)
    assert result.message == 'Set timezone to "UTC" in 3 components: 1 replaced, 1 added, 1 already so.'
    assert [component(session, index)["timezone"] for index in (0, 1, 2)] == ["UTC"] * 3


def test_empty_text_removes_an_optional_field_everywhere(session: EditSession) -> None:
    result = session.set_field([0, 1], "description", "")
    assert result.removed == 2 and result.message.startswith("Removed description in 2 components")
    assert "description" not in component(session, 0) and "description" not in component(session, 1)
    session.undo()
    assert "description" in component(session, 0) and "description" in component(session, 1)


def test_when_every_component_holds_the_value_nothing_is_made(session: EditSession) -> None:
    session.set_field(ALL, "replica", "2")
    result = session.set_field(ALL, "replica", "2")
    assert not result.refused and result.changed is None and result.unchanged == 6
    assert "nothing to change" in result.message


def test_a_value_equal_in_python_but_not_in_json_is_a_change(session: EditSession) -> None:
    path = ("components", 0, "replica")
    assert component(session, 0)["replica"] == 2
    assert session.edit_many([(path, 2.0)]) is not None  # 2.0 == 2 in Python, not in JSON
    assert type(session.document.get(path)) is float
    assert session.edit_many([(path, 2.0)]) is None


def test_the_fields_offered_come_from_the_schema_and_match_the_prefix() -> None:
    assert component_fields("rep")[0] == "replica"
    assert component_fields("REP")[0] == "replica"  # case does not count
    typed = component_fields("type")
    assert "deploy_strategy.type" in typed and typed == [path for path in typed if ".type" in path or path == "type"]
    every = component_fields()
    assert {"version", "replica", "source.url", "deploy_strategy.type"} <= set(every)
    assert not {"envs", "labels", "source", "deploy_strategy"} & set(every)  # lists and objects are not set by text
    assert component_fields("source.u")[0] == "source.url"
    assert len(component_fields("s", limit=2)) == 2


# -- bump


@pytest.mark.parametrize(
    ("version", "bumped"),
    [("1.2.3", "1.2.4"), ("1.2.3.9", "1.2.3.10"), ("1.0.09", "1.0.10"), ("2.0.0-rc1", "2.0.0-rc2"), ("v7", "v8")],
)
def test_bump_adds_one_to_the_last_number(session: EditSession, version: str, bumped: str) -> None:
    component(session, 0)["version"] = version
    result = session.bump_versions([0])
    assert component(session, 0)["version"] == bumped
    assert result.message == "Bumped the version of 1 component."


def test_bump_leaves_and_names_a_version_with_no_number(session: EditSession) -> None:
    component(session, 1)["version"] = "latest"
    del component(session, 2)["version"]
    before = versions(session)
    result = session.bump_versions(ALL)
    assert result.skipped == (1, 2) and result.replaced == 4 and result.notice.tone == "warning"
    names = ", ".join(component(session, index)["name"] for index in (1, 2))
    assert f"Left {names} as they are" in result.message
    assert versions(session)[1:3] == ["latest", None]
    session.undo()
    assert versions(session) == before


def test_bump_with_no_number_anywhere_is_refused(session: EditSession) -> None:
    component(session, 0)["version"] = "latest"
    result = session.bump_versions([0])
    assert result.refused and "no version with a number" in result.message
    assert component(session, 0)["version"] == "latest"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.lists(st.integers(0, 10**12), min_size=1, max_size=5))
def test_bump_increments_the_last_number_and_keeps_the_rest(numbers: list[int]) -> None:
    version = ".".join(map(str, numbers))
    plan = {"components": [{"name": "a", "version": version}]}
    edits = plan_bump(plan, [0]).edits
    assert edits == ((("components", 0, "version"), ".".join(map(str, [*numbers[:-1], numbers[-1] + 1]))),)


# -- copy and paste


def test_a_node_pasted_into_components_replaces_or_adds_it_as_one_step(session: EditSession) -> None:
    probe = copy_json(component(session, 0)["liveness_probe"])
    component(session, 1)["liveness_probe"]["delay"] = 99
    del component(session, 2)["liveness_probe"]
    session = reopened(session)
    clip = copy_node(session.document.data, ("components", 0, "liveness_probe"))
    assert clip.path == ("liveness_probe",) and clip.origin == component(session, 0)["name"]
    result = session.paste(clip, [1, 2, 3])
    assert (result.replaced, result.added, result.unchanged) == (1, 1, 1)
    assert all(same_json(component(session, index)["liveness_probe"], probe) for index in (1, 2, 3))
    issues_are_right(session)
    session.undo()
    assert component(session, 1)["liveness_probe"]["delay"] == 99 and "liveness_probe" not in component(session, 2)


def test_a_clip_is_a_copy_that_later_edits_do_not_reach(session: EditSession) -> None:
    clip = copy_node(session.document.data, ("components", 0, "envs", 0))
    session.set_field([0], "envs.0.value", "changed")
    assert clip.value == {"name": "SPRING_PROFILES_ACTIVE", "value": "prod"}
    result = session.paste(clip, [0])
    assert result.replaced == 1 and component(session, 0)["envs"][0]["value"] == "prod"


def test_copy_works_only_inside_a_component() -> None:
    plan = sample_plan(2)
    for path in [(), ("desc",), ("components",), ("components", 0)]:
        with pytest.raises(EditRefusedError):
            copy_node(plan, path)
    with pytest.raises(EditRefusedError, match="Nothing at"):
        copy_node(plan, ("components", 0, "nope"))


def test_a_paste_where_a_component_lacks_the_list_item_is_refused(session: EditSession) -> None:
    clip = Clip(("envs", 5), {"name": "A", "value": "b"}, "x")
    result = session.paste(clip, [0, 1])
    assert result.refused and "no item envs.5 to replace" in result.message
    assert session.undo() is None


def test_a_pasted_value_that_breaks_its_field_s_rules_is_refused(session: EditSession) -> None:
    result = session.paste(Clip(("replica",), "three", "x"), ALL)
    assert result.refused and "replica must be a whole number" in result.message


# -- a value everywhere


def test_value_places_compare_as_json_does() -> None:
    plan: dict[str, JSON] = {
        "id": "1",
        "name": "1",
        "components": [{"a": 1, "b": "1", "c": 1.0, "d": True, "e": [1, {"f": 1}]}],
    }
    assert value_places(plan, 1) == [("components", 0, "a"), ("components", 0, "e", 0), ("components", 0, "e", 1, "f")]
    assert value_places(plan, "1") == [("name",), ("components", 0, "b")]  # the server's id is left out
    assert value_places(plan, 1.0) == [("components", 0, "c")]
    assert value_places(plan, True) == [("components", 0, "d")]
    assert value_places(plan, {"f": 1}) == [] and value_places(plan, float("nan")) == []


def test_a_value_is_replaced_everywhere_it_is_as_one_step(session: EditSession) -> None:
    for index in (1, 3):
        component(session, index)["version"] = "1.0.9"
    component(session, 5)["description"] = "1.0.9"
    session = reopened(session)
    places = value_places(session.document.data, "1.0.9")
    assert len(places) == 3
    result = session.replace_value("1.0.9", "1.1.0")
    assert result.replaced == 3 and result.message == 'Replaced "1.0.9" with "1.1.0" in 3 places (3 components).'
    assert value_places(session.document.data, "1.0.9") == [] and value_places(session.document.data, "1.1.0") == places
    issues_are_right(session)
    session.undo()
    assert value_places(session.document.data, "1.0.9") == places


def test_a_replacement_takes_each_field_s_type(session: EditSession) -> None:
    assert [component(session, index)["replica"] for index in ALL].count(3) == 2
    result = session.replace_value(3, "4")
    assert result.replaced >= 2
    assert all(type(component(session, index)["replica"]) is int for index in ALL)
    assert value_places(session.document.data, "4") == []  # no text "4" was written into a number field


def test_a_replacement_a_field_refuses_changes_nothing(session: EditSession) -> None:
    component(session, 0)["version"] = "1.0.9"
    result = session.replace_value("1.0.9", "one")
    assert result.refused and "version must be" in result.message
    assert component(session, 0)["version"] == "1.0.9"
    assert session.replace_value("not there", "x").refused


def test_a_secret_is_never_found_or_replaced_by_value(session: EditSession) -> None:
    password = component(session, 0)["source"]["http_password"]
    component(session, 1)["description"] = password
    component(session, 2)["source"]["http_headers"]["X-Token"] = password
    session = reopened(session)
    assert value_places(session.document.data, password) == [("components", 1, "description")]
    result = session.replace_value(password, "plain words")
    assert result.replaced == 1
    assert component(session, 0)["source"]["http_password"] == password
    assert component(session, 2)["source"]["http_headers"]["X-Token"] == password


# -- the check of one field


def test_field_errors_are_the_field_rules_at_and_under_a_path_only() -> None:
    from tui.validation import field_errors

    plan = sample_plan(2)
    plan["fail_strategy"] = "sometimes"
    plan["components"][1]["replica"] = "3"
    plan["components"][1]["version"] = "x"
    assert [issue.path for issue in field_errors(plan, ("fail_strategy",))] == [("fail_strategy",)]
    assert [issue.path for issue in field_errors(plan, ("components", 1, "replica"))] == [("components", 1, "replica")]
    assert {issue.path for issue in field_errors(plan, ("components", 1))} == {
        ("components", 1, "version"),
        ("components", 1, "replica"),
    }
    assert field_errors(plan, ("components", 0, "replica")) == []
    assert field_errors(plan, ("name",)) == []


def test_the_count_is_said_before_a_replace() -> None:
    from tui.value_search import places_words

    plan = sample_plan(3)
    places = value_places(plan, "Asia/Shanghai")
    assert places_words(places, "Asia/Shanghai") == '3 places hold "Asia/Shanghai", in 3 components'
    assert places_words(value_places(plan, "nowhere"), "nowhere") == '0 places hold "nowhere"'
    assert places_words([("desc",)], "x") == '1 place holds "x"'


def test_a_secret_set_on_many_components_is_not_shown_in_the_message(session: EditSession) -> None:
    result = session.set_field([0, 1], "source.http_password", "hunter2-secret")
    assert not result.refused and result.replaced == 2
    assert "hunter2" not in result.message and "not shown" in result.message
    header = session.set_field([0], "source.http_headers.X-Release", "hidden-too")
    assert not header.refused and "hidden-too" not in header.message


def test_no_bulk_edit_is_made_before_the_reference_has_loaded() -> None:
    early = EditSession(Document(sample_plan(2)))
    result = early.set_field([0, 1], "replica", "4")
    assert result.refused and "still loading" in result.message
    assert early.document.get(("components", 0, "replica")) != 4 and not early.document.dirty


@settings(max_examples=40, deadline=None)
@given(
    chosen=st.sets(st.integers(0, 5)),
    field=st.sampled_from(["replica", "version", "timezone", "deploy_strategy.type", "source.url"]),
    text=st.one_of(st.integers(-2, 20).map(str), st.sampled_from(["1.2.3", "RollingRelease", "", "x y"])),
)
def test_a_bulk_set_changes_exactly_the_chosen_components_or_nothing(chosen: set[int], field: str, text: str) -> None:
    session = EditSession(Document(sample_plan(6)), validator=Validator())
    before = copy_json(session.document.data)
    result = session.set_field(chosen, field, text)
    after = session.document.data
    untouched = [index for index in ALL if index not in chosen or result.refused]
    assert all(same_json(after["components"][index], before["components"][index]) for index in untouched)
    if result.refused:
        assert same_json(after, before) and session.undo() is None
        return
    assert session.issues == validate(after)
    assert result.replaced + result.added + result.removed + result.unchanged == len(chosen)
    session.undo()
    assert same_json(session.document.data, before)
    assert session.issues == validate(session.document.data)

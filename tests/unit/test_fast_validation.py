"""The fast check gives exactly the issues of a plain one, and an edit re-checks only the component it touched.

The plain check is written here the straightforward way: pydantic with unknown keys refused at every depth, on one
component at a time, then every model's rules on every object of that model, found by walking the field specs.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field, ValidationError

import tui.validation
from tests.helpers import load
from tui.document import Document
from tui.field_checker import UNWORDED, checker, lenient_checker, quick_checker
from tui.fields import FieldSpec, Kind
from tui.jsontree import copy_json
from tui.models import TABLES, Component, Label, SpecModel, rules_of
from tui.models.base import CoreCheck, markers
from tui.paths import walk
from tui.rule_walker import walker
from tui.samples import full_component, sample_plan
from tui.schema import PLAN, fields_of, spec_at
from tui.types import JSON, Issue, Severity
from tui.validation import MAX_LISTED, Validator, components_issues, validate

COMPONENT_SPEC: FieldSpec = PLAN.fields["components"].item or PLAN


def plain_rules(model: type[SpecModel], obj: dict[str, Any]) -> list[Issue]:
    """Every rule of ``model`` on ``obj``, then on each nested object, descending through every field."""
    found = [issue for rule in rules_of(model) for issue in rule(obj)]
    for spec in fields_of(model).values():
        value = obj.get(spec.name)
        if spec.kind is Kind.OBJECT and spec.model is not None and isinstance(value, dict):
            found += [issue._replace(path=(spec.name, *issue.path)) for issue in plain_rules(spec.model, value)]
        elif spec.kind is Kind.LIST and spec.item is not None and spec.item.model is not None:
            for index, item in enumerate(value if isinstance(value, list) else []):
                if isinstance(item, dict):
                    below = plain_rules(spec.item.model, item)
                    found += [issue._replace(path=(spec.name, index, *issue.path)) for issue in below]
    return found


def plain_component_issues(component: JSON) -> list[Issue]:
    """One component's issues, the plain way."""
    try:
        checker(Component).validate_python(component)
        fields: list[Issue] = []
    except ValidationError as exc:
        if exc.error_count() > MAX_LISTED:
            fields = [Issue((), Severity.ERROR, "", "too_many_problems")]
        else:
            fields = [tui.validation._issue(error, COMPONENT_SPEC) for error in exc.errors(include_url=False)]
    if not isinstance(component, dict):
        return fields
    broken = {issue.path for issue in fields if issue.severity is Severity.ERROR}
    return fields + [issue for issue in plain_rules(Component, component) if issue.path not in broken]


def same(found: list[list[Issue]], expected: list[list[Issue]]) -> bool:
    """Equal, except that the message of too_many_problems (which counts the problems) is not compared."""
    shown = [[i._replace(message="") if i.code == "too_many_problems" else i for i in issues] for issues in found]
    return shown == expected


# Values that reach the rules and the field checks: wrong types, enumerations, and objects rules look at.
VALUES: list[JSON] = [
    None, True, 0, -1, 1, 100, 2.5, "", "x", "25%", "1.0.0", "http", "tcp", "command", "image", "package", "code",
    "HostPath", "ConfigMap", "EmptyDir", "Equal", "Exists", "NoExecute", "NoSchedule", "required", "preferred",
    "statefulset", "WEIGHT", "CONTENT", "efs", "evs", "container", "Nodejs", {}, [], [{}], {"type": "http"},
    {"type": "command"}, {"kind": "package"}, {"parameters": {}}, {"unknown": 1},
]  # fmt: skip
KEYS = ["unknown", "Name", "port", "command", "path", "value", "toleration_seconds", "mesher", "build", "repllica"]


@st.composite
def mutated_components(draw: st.DrawFn) -> list[JSON]:
    """A few full components, each with some values changed, removed, or added under known or unknown keys."""
    components: list[JSON] = [full_component(draw(st.integers(0, 40))) for _ in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(0, 8))):
        paths = [path for path, _ in walk(components) if path]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = components
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["set", "set", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(st.sampled_from(VALUES))
        else:
            parent[path[-1]] = copy_json(draw(st.sampled_from(VALUES)))
    if draw(st.booleans()):
        components.append(draw(st.sampled_from(VALUES)))  # not even an object
    return components


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_components())
def test_the_fast_check_gives_the_plain_check_s_issues(components: list[JSON]) -> None:
    assert same(components_issues(components), [plain_component_issues(c) for c in components])


@pytest.mark.parametrize(
    "plan",
    [load("full-component.json"), load("64-components.json"), sample_plan(16)],
    ids=["full-component", "64-components", "16-samples"],
)
def test_the_fast_check_gives_the_plain_check_s_issues_on_whole_plans(plan: dict[str, Any]) -> None:
    components = plan["components"]
    for index in range(0, len(components), 3):  # a third of them carry mistakes, one of them an unknown key
        components[index]["replica"] = -1
        components[index]["deploy_strategy"]["unknown"] = 1
    assert same(components_issues(components), [plain_component_issues(c) for c in components])


@pytest.mark.parametrize("broken", [False, True], ids=["valid-component", "broken-component"])
def test_an_unknown_key_at_each_depth_is_found(broken: bool) -> None:
    component = full_component()
    if broken:  # pydantic's first check fails, so the walk must find the unknown key
        component["replica"] = -1
    places = [path for path, _ in walk(component) if getattr(spec_at(path, COMPONENT_SPEC), "model", None)]
    assert len(places) > 60
    for place in places:
        edited = copy_json(component)
        target: Any = edited
        for key in place:
            target = target[key]
        target["unknown"] = 1
        found = components_issues([edited])[0]
        assert found == plain_component_issues(edited)
        assert [issue.path for issue in found if issue.code == "unknown_field"] == [(*place, "unknown")]


def test_the_walk_refuses_a_model_nested_in_a_way_it_cannot_follow() -> None:
    class Odd(SpecModel):
        labels: dict[str, Label] = Field(description="Labels by name.")

    with pytest.raises(TypeError, match=r"Odd\.labels"):
        walker(Odd)


@pytest.mark.parametrize("size", [64, 1000])
def test_an_edit_in_one_component_re_checks_that_component_only(size: int, checked: list[object]) -> None:
    document = Document(sample_plan(size))
    validator = Validator()
    validator.validate(document.data)
    assert len(checked) == size
    checked.clear()
    path = ("components", size // 2, "deploy_strategy", "gray_release", "first_batch_weight")
    issues = validator.revalidate(document.data, [document.set(path, 101)])
    assert checked == [document.data["components"][size // 2]]
    assert issues == validate(document.data)
    assert (*path,) in [issue.path for issue in issues]


def test_a_move_re_checks_no_component(checked: list[object]) -> None:
    document = Document(sample_plan(64))
    document.data["components"][0]["replica"] = -1
    validator = Validator()
    validator.validate(document.data)
    checked.clear()
    issues = validator.revalidate(document.data, [document.move(("components", 0), 63)])
    assert checked == []
    assert issues == validate(document.data)
    assert ("components", 63, "replica") in [issue.path for issue in issues]


def model_errors(component: JSON) -> list[tuple[object, ...]]:
    """What the pydantic model itself says of a component: each error's place and type, an object for a model."""
    try:
        Component.model_validate(component)
    except ValidationError as exc:
        kinds = {"model_type": "dict_type", "extra_forbidden": "unknown_field"}
        return [(*error["loc"], kinds.get(error["type"], error["type"])) for error in exc.errors(include_url=False)]
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_components())
def test_the_fast_check_finds_what_the_models_find(components: list[JSON]) -> None:
    for component, found in zip(components, components_issues(components), strict=True):
        expected = model_errors(component)
        assert [(*issue.path, issue.code) for issue in found[: len(expected)]] == expected
        ruled = plain_rules(Component, component) if isinstance(component, dict) else []
        broken = {issue.path for issue in found[: len(expected)] if issue.severity is Severity.ERROR}
        assert found[len(expected) :] == [issue for issue in ruled if issue.path not in broken]


# Each field a CoreCheck tests in pydantic-core, where a full component holds it, and values on both sides of it.
CORE_CHECKED = {
    ("UpdateStrategy", "max_unavailable"): ("update_strategy", "max_unavailable"),
    ("UpdateStrategy", "max_surge"): ("update_strategy", "max_surge"),
    ("GrayRelease", "deployment_mode"): ("deploy_strategy", "gray_release", "deployment_mode"),
    ("HostAlias", "ip"): ("host_aliases", 0, "ip"),
}
EDGES: list[JSON] = [
    0, 1, 3, 4, 6, 2, -1, 10**40, -(10**40), True, False, 1.0, 3.0, 2.5, None, "", "3", "0%", "25%", "100%",
    "101%", "150%", "00%", "-1%", "%", "25", "25%\n", " 25%", "\u0665%", "10.0.0.1", "255.255.255.255",
    "256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "10.0.0.1\n", "::1", "fe80::1", "::ffff:1.2.3.4", "db", [], {},
]  # fmt: skip


def with_value(path: tuple[str | int, ...], value: JSON) -> dict[str, Any]:
    component: dict[str, Any] = full_component()
    target: Any = component
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = copy_json(value)
    return component


def test_every_core_checked_field_is_tested_here() -> None:
    found = {
        (model.__name__, name)
        for model in TABLES.values()
        for name, info in model.model_fields.items()
        if any(isinstance(meta, CoreCheck) for meta in (*info.metadata, *markers(info)))
    }
    assert found == set(CORE_CHECKED)


@pytest.mark.parametrize("path", CORE_CHECKED.values(), ids=[".".join(map(str, p)) for p in CORE_CHECKED.values()])
@pytest.mark.parametrize("value", EDGES, ids=repr)
def test_the_quick_check_passes_what_the_lenient_check_passes(path: tuple[str | int, ...], value: JSON) -> None:
    component = with_value(path, value)
    try:
        expected = lenient_checker(Component).validate_python(component)
    except ValidationError:
        with pytest.raises(ValidationError):
            quick_checker(Component).validate_python(component)
    else:
        assert quick_checker(Component).validate_python(component) == expected


@pytest.mark.parametrize("path", CORE_CHECKED.values(), ids=[".".join(map(str, p)) for p in CORE_CHECKED.values()])
@pytest.mark.parametrize("unknown", [False, True], ids=["known-keys", "unknown-key"])
def test_a_core_checked_field_s_error_has_the_lenient_check_s_words(path: tuple[str | int, ...], unknown: bool) -> None:
    components: list[JSON] = []
    for value in EDGES:
        component = with_value(path, value)
        component["replica"] = -1  # a second error, found by pydantic beside the one at the field
        if unknown:
            component["deploy_strategy"]["unknown"] = 1
        components.append(component)
    found = components_issues(components)
    assert same(found, [plain_component_issues(component) for component in components])
    assert UNWORDED not in {issue.code for issues in found for issue in issues}
    assert any(issue.path == path for issues in found for issue in issues)


# Each rule the walk tests in place of calling it (a spelling rule's guard), where a full component holds its field.
GUARDED = {
    ("Toleration", "effect"): ("tolerations", 0, "effect"),
    ("GrayRelease", "deployment_mode"): ("deploy_strategy", "gray_release", "deployment_mode"),
    ("GrayRelease", "rule_match_mode"): ("deploy_strategy", "gray_release", "rule_match_mode"),
    ("GrayRule", "condition"): ("deploy_strategy", "gray_release", "rules", 0, "condition"),
}
SPELLINGS: list[JSON] = [
    "NoSchedule", "NoExecute", "equal", "EQUAL", "in", "all", "ALL", "any", 6, 6.0, 1, True, "6", ["in"], {}, None,
]  # fmt: skip


def test_every_guarded_rule_is_tested_here() -> None:
    found = {
        (model.__name__, rule.__relplan_guard__[0])  # type: ignore[attr-defined]
        for model in TABLES.values()
        for rule in rules_of(model)
        if hasattr(rule, "__relplan_guard__")
    }
    assert found == set(GUARDED)


@pytest.mark.parametrize("path", GUARDED.values(), ids=[".".join(map(str, p)) for p in GUARDED.values()])
def test_a_guarded_rule_finds_in_the_walk_what_it_finds_called(path: tuple[str | int, ...]) -> None:
    components: list[JSON] = [with_value(path, value) for value in SPELLINGS]
    found = components_issues(components)
    assert same(found, [plain_component_issues(component) for component in components])
    assert any(issue.code == "sdk_spelling" and issue.path == path for issues in found for issue in issues)

"""Messages say what is wrong: the item by what it is, the type needed, the range, null as null, once per mistake."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Final

import pytest

from tests.helpers import ALL_MODELS, edited, load
from tui.fields import FieldSpec, Kind
from tui.models import SpecModel
from tui.paths import walk
from tui.schema import PLAN, fields_of
from tui.types import JSON, Path, Severity
from tui.validation import validate
from tui.wording import describe_path

MIN, FULL = "minimal.json", "full-component.json"
CSE: Final = [{"id": "e1", "type": "cse"}]


def c(*rest: str | int) -> Path:
    """A path inside the first component."""
    return ("components", 0, *rest)


def said(plan: JSON) -> list[tuple[Path, Severity, str]]:
    """Every issue of ``plan`` as (path, severity, message)."""
    return [(issue.path, issue.severity, issue.message) for issue in validate(plan)]


E: Final = Severity.ERROR


@pytest.mark.parametrize(
    ("base", "edits", "path", "message"),
    [
        # a key present as null says it is null
        (MIN, {("name",): None}, ("name",), "name is null; it must be text"),
        (MIN, {c("seq"): None}, c("seq"), "seq is null; it must be a whole number, 1 or more"),
        (MIN, {c("source"): None}, c("source"), "source is null; it must be an object"),
        (MIN, {c("refer_resources"): None}, c("refer_resources"), "refer_resources is null; it must be a list"),
        (
            FULL,
            {c("deploy_strategy", "type"): None},
            c("deploy_strategy", "type"),
            'type is null; it must be one of "OneBatchRelease", "RollingRelease", "GrayRelease"',
        ),
        (
            MIN,
            {c("deploy_strategy"): {"type": "RollingRelease", "rolling_release": None}},
            c("deploy_strategy", "rolling_release"),
            "rolling_release is null; it is required when type is RollingRelease",
        ),
        (
            MIN,
            {c("runtime_stack", "type"): "Nodejs", c("refer_resources"): CSE, c("mesher"): None},
            c("mesher"),
            "mesher is null; it is required for a Nodejs stack bound to a cse engine",
        ),
        (
            MIN,
            {c("source"): {"kind": "code"}, c("build"): None},
            c("build"),
            "build is null; it is required when the component deploys to containers from a code source",
        ),
        (
            MIN,
            {c("deploy_strategy"): {"type": "RollingRelease"}},
            c("deploy_strategy", "rolling_release"),
            "rolling_release is required when type is RollingRelease",
        ),
        # an item is named by what it is
        (MIN, {("components",): [None]}, c(), "this component is null; it must be an object"),
        (MIN, {("components",): [5]}, c(), "this component must be an object; 5 is a whole number"),
        (MIN, {c("labels"): [None]}, c("labels", 0), "labels[0] is null; it must be an object"),
        # a wrong type says the type needed, and what the value is
        (MIN, {c("name"): 5}, c("name"), "name must be text; 5 is a whole number"),
        (MIN, {c("seq"): "2"}, c("seq"), 'seq must be a whole number, 1 or more; "2" is text'),
        (MIN, {c("seq"): True}, c("seq"), "seq must be a whole number, 1 or more; true is a boolean"),
        (MIN, {c("seq"): 2.0}, c("seq"), "seq must be a whole number, 1 or more; 2.0 is a decimal number"),
        (MIN, {c("refer_resources"): {}}, c("refer_resources"), "refer_resources must be a list, not an object"),
        (MIN, {c("labels"): "app"}, c("labels"), 'labels must be a list; "app" is text'),
        (
            MIN,
            {c("enable_sermant_config"): 1},
            c("enable_sermant_config"),
            "enable_sermant_config must be true or false; 1 is a whole number",
        ),
        (MIN, {c("limit_cpu"): "1"}, c("limit_cpu"), 'limit_cpu must be a number above 0; "1" is text'),
        # a number out of its range says the range
        (MIN, {c("replica"): -1}, c("replica"), "replica must be 0 or more; -1 is not"),
        (MIN, {c("limit_cpu"): 0}, c("limit_cpu"), "limit_cpu must be above 0; 0 is not"),
        (MIN, {c("mesher"): {"port": 0}}, c("mesher", "port"), "port must be from 1 to 65535; 0 is not"),
        (
            FULL,
            {c("deploy_strategy", "gray_release", "first_batch_weight"): 101},
            c("deploy_strategy", "gray_release", "first_batch_weight"),
            "first_batch_weight must be from 0 to 100; 101 is not",
        ),
        (
            MIN,
            {c("update_strategy"): {"max_surge": -1}},
            c("update_strategy", "max_surge"),
            "max_surge must be 0 or more; -1 is not",
        ),
        # both: the type and the range in one message
        (
            FULL,
            {c("deploy_strategy", "gray_release", "first_batch_weight"): "-1"},
            c("deploy_strategy", "gray_release", "first_batch_weight"),
            'first_batch_weight must be a whole number from 0 to 100; "-1" is text',
        ),
        (
            FULL,
            {c("affinity", 0, "weight"): 100},
            c("affinity", 0, "weight"),
            'weight must be text holding a whole number from 1 to 100, like "100"; 100 is a whole number',
        ),
        (
            FULL,
            {c("affinity", 0, "weight"): "-1"},
            c("affinity", 0, "weight"),
            'weight must be text holding a whole number from 1 to 100, like "100"; "-1" is not',
        ),
        (
            MIN,
            {c("update_strategy"): {"max_surge": True}},
            c("update_strategy", "max_surge"),
            "max_surge must be a whole number of pods, 0 or more, or a percentage, like 25% or 150%; true is a boolean",
        ),
        # an enumeration of whole numbers: the type is said when it is not even a whole number
        (
            FULL,
            {c("deploy_strategy", "gray_release", "deployment_mode"): "3"},
            c("deploy_strategy", "gray_release", "deployment_mode"),
            'deployment_mode must be one of 1, 3, 4; "3" is text',
        ),
        (
            FULL,
            {c("deploy_strategy", "gray_release", "deployment_mode"): 2},
            c("deploy_strategy", "gray_release", "deployment_mode"),
            "deployment_mode must be one of 1, 3, 4; 2 is not",
        ),
        (
            MIN,
            {("fail_strategy",): 1},
            ("fail_strategy",),
            'fail_strategy must be one of "continue", "stop"; 1 is a whole number',
        ),
    ],
)
def test_the_message_says_what_is_wrong(base: str, edits: dict[Path, Any], path: Path, message: str) -> None:
    assert said(edited(load(base), edits)) == [(path, E, message)]


def test_a_plan_that_is_not_an_object_is_the_plan() -> None:
    assert said([1]) == [((), E, "a release plan must be a JSON object, not a list")]


def _where_models_are(value: JSON, spec: FieldSpec | None, path: Path = ()) -> dict[type[SpecModel], Path]:
    """The first path in ``value`` of an object of each model."""
    found: dict[type[SpecModel], Path] = {}
    if spec is None:
        return found
    if spec.kind is Kind.OBJECT and isinstance(value, dict) and spec.model is not None:
        found[spec.model] = path
        for key, item in value.items():
            found = {**_where_models_are(item, spec.child(key), (*path, key)), **found}
    elif spec.kind is Kind.LIST and isinstance(value, list):
        for index, item in enumerate(value):
            found = {**_where_models_are(item, spec.item, (*path, index)), **found}
    return found


def _integer_choices() -> list[tuple[Path, tuple[int, ...]]]:
    """Every field, in every table, whose choices are whole numbers, at its place in the full fixture."""
    places = _where_models_are(load(FULL), PLAN)
    assert set(places) == set(ALL_MODELS)  # the fixture uses every table, so no field is missed
    return [
        ((*places[model], name), tuple(int(choice) for choice in spec.choices))
        for model in sorted(ALL_MODELS, key=lambda m: m.__name__)
        for name, spec in fields_of(model).items()
        if spec.kind is Kind.CHOICE and spec.choices and isinstance(spec.choices[0], int)
    ]


INTEGER_CHOICES: Final = _integer_choices()


def test_the_integer_enumerations_are_found() -> None:
    assert [path[-2:] for path, _ in INTEGER_CHOICES] == [("gray_release", "deployment_mode")]


@pytest.mark.parametrize(("path", "choices"), INTEGER_CHOICES, ids=[str(p[-1]) for p, _ in INTEGER_CHOICES])
@pytest.mark.parametrize(
    ("odd", "kind"),
    [(True, "a boolean"), (False, "a boolean"), (1.0, "a decimal number"), (3.0, "a decimal number"), ("1", "text")],
)
def test_an_integer_enumeration_takes_whole_numbers_only(
    path: Path, choices: tuple[int, ...], odd: object, kind: str
) -> None:
    for choice in choices:
        assert validate(edited(load(FULL), {path: choice})) == []
    expected = f"{path[-1]} must be one of {', '.join(map(str, choices))}; {json.dumps(odd)} is {kind}"
    assert said(edited(load(FULL), {path: odd})) == [(path, E, expected)]


ODD_VALUES: Final[list[JSON]] = [None, True, 0, -5, 2.5, 1.0, "", "x", "-1", [], [{}], {}, {"type": "http"}]


def test_one_mistake_is_one_issue_at_its_path() -> None:
    """Any one value replaced by any odd value gives at most one issue at each path, and none in a component says
    "the plan"."""
    base = load(FULL)
    doubled: dict[tuple[Path, str], list[str]] = {}
    for path in [path for path, _ in walk(base)][1:]:
        for value in ODD_VALUES:
            issues = validate(edited(base, {path: value}))
            for where, times in Counter(issue.path for issue in issues).items():
                if times > 1:
                    doubled[(where, repr(value))] = [i.message for i in issues if i.path == where]
            inside = [issue.message for issue in issues if len(issue.path) >= 2]  # within a component
            assert not [message for message in inside if "the plan" in message]
    assert doubled == {}


def test_a_rule_does_not_repeat_a_field_error_but_still_speaks_beside_it() -> None:
    plan = edited(load(FULL), {c("post_start", "command"): "true", c("pre_stop", "command"): ["x"]})
    assert said(plan) == [
        (c("post_start", "command"), E, 'command must be a list; "true" is text'),
        (
            c("pre_stop", "command"),
            Severity.WARNING,
            "command only applies when type is command; it has no effect when type is http",
        ),
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (c("version"), "components.0 (api).version"),
        (c(), "components.0 (api)"),
        (("components", 1, "seq"), "components.1.seq"),
        (("components",), "components"),
        (("name",), "name"),
        ((), "."),
    ],
)
def test_a_path_names_the_component_beside_its_index(path: Path, expected: str) -> None:
    assert describe_path(path, load(MIN)) == expected


@pytest.mark.parametrize("name", ["web frontend", "a): b", "x\x1b[2J", 5, None, "a" * 65])
def test_a_name_that_is_not_a_component_name_is_left_out_so_the_line_stays_parseable(name: object) -> None:
    plan = edited(load(MIN), {c("name"): name})
    assert describe_path(c("version"), plan) == "components.0.version"
    assert describe_path(c("version"), {"components": "x"}) == "components.0.version"
    assert describe_path(("components", 3, "seq"), plan) == "components.3.seq"

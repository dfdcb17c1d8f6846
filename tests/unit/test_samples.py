"""The shipped samples and the generated realistic plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ALL_MODELS, PLANS, load, models_used
from tui.jsonfiles import load_file
from tui.samples import sample_path, sample_plan
from tui.types import Severity
from tui.validation import validate


def test_small_sample_is_valid() -> None:
    assert validate(load_file(sample_path("small.json"))) == []


def test_mistakes_sample_has_errors_and_warnings_to_fix() -> None:
    severities = {issue.severity for issue in validate(load_file(sample_path("mistakes.json")))}
    assert severities == {Severity.ERROR, Severity.WARNING}


@pytest.mark.parametrize("source", ["generated", "fixture"])
def test_64_full_components_are_valid_and_each_uses_every_table(source: str) -> None:
    plan = sample_plan(64) if source == "generated" else load("64-components.json")
    assert len(plan["components"]) == 64
    for component in plan["components"]:
        assert models_used({**plan, "components": [component]}) == ALL_MODELS
    assert validate(plan) == []
    names = {component["name"] for component in plan["components"]}
    assert len(names) == 64
    assert {component["seq"] for component in plan["components"]} == {1, 2, 3, 4}


@pytest.mark.parametrize("path", sorted((PLANS / "invalid").glob("*.json")), ids=lambda path: path.stem)
def test_each_invalid_fixture_breaks_the_rule_it_is_named_for(path: Path) -> None:
    errors = {(issue.code, issue.severity) for issue in validate(load_file(path)) if issue.severity is Severity.ERROR}
    assert errors == {(path.stem, Severity.ERROR)}

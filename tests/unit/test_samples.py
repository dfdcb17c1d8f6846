"""The shipped samples and the generated realistic plans."""

from __future__ import annotations

from tests.helpers import ALL_MODELS, models_used
from tui.document import load_file
from tui.samples import sample_path, sample_plan
from tui.validation import Severity, validate


def test_small_sample_is_valid() -> None:
    assert validate(load_file(sample_path("small.json"))) == []


def test_mistakes_sample_has_errors_and_warnings_to_fix() -> None:
    severities = {issue.severity for issue in validate(load_file(sample_path("mistakes.json")))}
    assert severities == {Severity.ERROR, Severity.WARNING}


def test_64_full_components_are_valid_and_use_every_table() -> None:
    plan = sample_plan(64)
    assert len(plan["components"]) == 64
    assert models_used(plan) == ALL_MODELS
    assert validate(plan) == []
    names = {component["name"] for component in plan["components"]}
    assert len(names) == 64
    assert {component["seq"] for component in plan["components"]} == {1, 2, 3, 4}

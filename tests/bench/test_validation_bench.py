"""Validation speed: full checks at 1, 64 and 1,000 full components, and the one-edit check.

Run with ``pytest tests/bench --benchmark-only``. Parsing the same plan with :func:`json.loads` is measured beside
each full check, so the figures can be read as a ratio that holds on any machine. It is measured as the editor
meets a plan: the check reads a plan parsed from the text of its file (whose keys, unlike those of a plan built in
Python, are not the interned strings of the models' code), the parse reads that same text, and both run with the
cyclic GC paused (the check pauses it itself).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tui.document import Document
from tui.jsontext import dump_json
from tui.jsontree import gc_paused
from tui.samples import sample_plan
from tui.validation import Validator, validate

SIZES = (1, 64, 1000)


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n}-components")
def plan(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The sample plan as read from its file's text."""
    parsed: dict[str, Any] = json.loads(dump_json(sample_plan(request.param)))
    return parsed


def test_full_validation(benchmark: Any, plan: dict[str, Any]) -> None:
    benchmark.group = f"full check, {len(plan['components'])} components"
    issues = benchmark(validate, plan)
    assert [issue.severity for issue in issues if issue.path != ("components",)] == []


def test_parse_same_plan_for_scale(benchmark: Any, plan: dict[str, Any]) -> None:
    benchmark.group = f"full check, {len(plan['components'])} components"
    text = dump_json(plan)  # the file's text

    def parse() -> Any:
        with gc_paused():
            return json.loads(text)

    benchmark(parse)


@pytest.mark.parametrize("size", [64, 1000])
def test_one_edit_check_of_a_field(benchmark: Any, size: int) -> None:
    benchmark.group = "one-edit check"
    document = Document(sample_plan(size))
    validator = Validator()
    validator.validate(document.data)
    path = ("components", size // 2, "deploy_strategy", "gray_release", "first_batch_weight")
    values = iter(range(10**9))

    def edit() -> None:
        validator.revalidate(document.data, [document.set(path, next(values) % 150)])

    benchmark(edit)
    assert validator.issues == validate(document.data)


@pytest.mark.parametrize("size", [64, 1000])
def test_one_edit_check_of_a_component_move(benchmark: Any, size: int) -> None:
    benchmark.group = "one-edit check"
    document = Document(sample_plan(size))
    validator = Validator()
    validator.validate(document.data)

    def move() -> None:
        validator.revalidate(document.data, [document.move(("components", 0), size - 1)])

    benchmark(move)
    assert validator.issues == validate(document.data)


def test_one_edit_check_of_a_move_when_every_component_has_issues(benchmark: Any) -> None:
    """The worst case for a move: every component shifts, and each carries issues whose paths must follow it."""
    benchmark.group = "one-edit check"
    plan: dict[str, Any] = sample_plan(1000)  # a plan known to be made of objects, to be edited in place
    for component in plan["components"]:
        component["replica"] = -1
        component["replicas"] = 2
    document = Document(plan)
    validator = Validator()
    validator.validate(document.data)
    assert len(validator.issues) >= 2000

    def move() -> None:
        validator.revalidate(document.data, [document.move(("components", 0), 999)])

    benchmark(move)
    assert validator.issues == validate(document.data)

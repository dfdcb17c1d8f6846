"""What the unit tests of the edit session share: the validator, made once a module, and the small sample plan."""

from __future__ import annotations

import json

import pytest

from tui.samples import sample_path
from tui.types import JSON
from tui.validation import Validator


@pytest.fixture(scope="module")
def validator() -> Validator:
    """The API reference's validator; made once a module (loading the models is the slow part)."""
    return Validator()


@pytest.fixture
def plan() -> dict[str, JSON]:
    """The small sample plan, a fresh copy for each test."""
    loaded = json.loads(sample_path("small.json").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded

"""A bulk set re-checks each component by the value it set, not the whole component, and finds what a full check
finds: a version set or bumped in 64 components runs pydantic on none of them, only the rules across fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.document import Document
from tui.edits import REMOVE
from tui.jsontree import copy_json
from tui.samples import sample_plan
from tui.session import EditSession
from tui.validation import Validator, validate

SIZE = 64
Check = Callable[[], None]


@pytest.fixture
def session(checked: list[object]) -> EditSession:
    made = EditSession(Document(sample_plan(SIZE)), validator=Validator())
    assert made.validator is not None
    made.issues = made.validator.validate(made.document.data)
    checked.clear()
    return made


@pytest.fixture
def agrees(session: EditSession, checked: list[object]) -> Callable[[], None]:
    """Asserts that the session's issues are a full check's (whose components are not counted)."""

    def check() -> None:
        seen = list(checked)
        assert session.issues == validate(copy_json(session.document.data))
        checked[:] = seen

    return check


def test_a_version_set_everywhere_checks_no_component_whole(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    for text in ("9.0.1", "9.0.2"):
        result = session.set_field(range(SIZE), "version", text)
        assert result.replaced == SIZE
        assert checked == []
        agrees()


def test_a_bump_and_its_undo_and_redo_check_no_component_whole(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    assert session.bump_versions(range(SIZE)).replaced == SIZE
    assert session.undo() is not None
    agrees()
    assert session.redo() is not None
    assert checked == []
    agrees()


def test_a_nested_choice_set_everywhere_runs_the_rules_that_read_it(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    session.edit_many([(("components", 2, "deploy_strategy", "rolling_release"), REMOVE)])
    assert len(checked) == 1
    checked.clear()
    session.set_field(range(SIZE), "deploy_strategy.type", "RollingRelease")
    assert checked == []
    agrees()
    assert [issue.path[:3] for issue in session.issues] == [("components", 2, "deploy_strategy")]  # no parameters


def test_a_value_its_field_refuses_checks_that_component_whole(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    paths = [session.document.set(("components", index, "version"), "bad") for index in (1, 5)]
    assert session.validator is not None
    session.issues = session.validator.revalidate(session.document.data, paths)
    assert checked == [session.document.data["components"][1], session.document.data["components"][5]]
    agrees()
    checked.clear()
    session.set_field(range(SIZE), "version", "9.0.3")  # the two broken ones are checked whole once more
    assert len(checked) == 2
    agrees()


def test_a_component_with_an_unknown_key_is_checked_whole(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    session.edit_many([(("components", 3, "stray"), 1)])
    assert len(checked) == 1
    checked.clear()
    session.set_field(range(SIZE), "version", "9.0.4")
    assert checked == [session.document.data["components"][3]]
    agrees()


def test_a_set_inside_a_list_checks_the_component_whole(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    component = session.document.data["components"][0]
    assert isinstance(component, dict) and component.get("envs")
    session.edit_many([(("components", 0, "envs", 0, "value"), "changed")])
    assert len(checked) == 1
    agrees()


def test_after_a_move_the_components_that_passed_still_skip_the_whole_check(
    session: EditSession, checked: list[object], agrees: Check
) -> None:
    session.move(("components", 0), 1)
    session.set_field(range(SIZE), "version", "9.0.5")
    assert checked == []
    agrees()

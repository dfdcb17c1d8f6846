"""The review's merge: what is taken cleanly, the conflicts and the choices made, a value checked by the field's
rules, and how many of their changes an overwrite reverts."""

from __future__ import annotations

import json

import pytest

from tests.helpers import colleague_edit
from tui.errors import EditRefusedError
from tui.merge import ABSENT, SetValue, Take
from tui.merge_review import ServerMerge, choice_words, side_text
from tui.samples import sample_path
from tui.types import JSON


@pytest.fixture
def base() -> dict[str, JSON]:
    loaded = json.loads(sample_path("small.json").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_a_clean_merge_takes_theirs_and_an_overwrite_would_revert_them(base: dict[str, JSON]) -> None:
    merge = ServerMerge.of(base, colleague_edit(base, replica=9, desc="theirs"), colleague_edit(base, version="3.5.0"))
    assert merge.conflicts == [] and merge.open == 0
    assert [change.path for change in merge.taken] == [("desc",), ("components", 1, "replica")]
    assert merge.reverts == 2
    assert merge.plan == colleague_edit(base, version="3.5.0", replica=9, desc="theirs")
    assert merge.summary() == "taken from the server: 2 changes"


def test_conflicts_resolved_by_mine_theirs_and_a_value(base: dict[str, JSON]) -> None:
    theirs = colleague_edit(base, version="3.4.2", replica=9, desc="theirs")
    merge = ServerMerge.of(base, theirs, colleague_edit(base, version="3.5.0", replica=5, desc="mine"))
    desc, version, replica = merge.conflicts
    assert (merge.open, merge.reverts, merge.taken) == (3, 3, [])
    assert merge.summary() == "taken from the server: 0 changes; 3 conflicts, 3 to resolve"
    merge.choose(version, Take.THEIRS)
    merge.choose(replica, Take.MINE)
    with pytest.raises(EditRefusedError, match="nothing changed"):
        merge.value_for(version, "1.0")  # the version's pattern refuses it
    merge.choose(desc, merge.value_for(desc, "both"))
    assert merge.open == 0 and merge.summary().endswith("3 conflicts, all resolved")
    assert merge.plan == colleague_edit(base, version="3.4.2", replica=5, desc="both")
    assert [choice_words(merge.choice(c)) for c in merge.conflicts] == ["value set", "theirs taken", "yours kept"]
    assert merge.value_for(desc, "") == SetValue(ABSENT)  # an optional field: empty removes it
    assert merge.value_for(replica, "7") == SetValue(7)  # parsed by the field's kind


def test_a_side_is_shown_as_json_with_its_secrets_masked() -> None:
    assert side_text("3.4.1", ("components", 0, "version")) == '"3.4.1"'
    assert side_text(ABSENT, ("desc",)) == "(not there)"
    assert "hunter2" not in side_text("hunter2", ("components", 0, "source", "http_password"))

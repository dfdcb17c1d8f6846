"""A node edited in the person's own editor: the command, the private file, the comments, and the checks."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tui.document import Document
from tui.errors import DocumentError
from tui.outside_edit import (
    Applied,
    Cancelled,
    NodeFile,
    edit_node_outside,
    edit_outside,
    editor_command,
    issues_with,
    new_errors,
    strip_comments,
    with_value,
)
from tui.samples import sample_path
from tui.secrets import MASK
from tui.session import EditSession
from tui.types import JSON, Issue, Severity
from tui.validation import Validator


def editing(*edits: Callable[[str], str | None]) -> tuple[Callable[[Sequence[str]], int], list[str]]:
    """A runner that, at its n-th run, replaces the file's text with what the n-th edit makes of it (None: leaves
    the file untouched, as quitting without saving does); and the texts the editor was given."""
    seen: list[str] = []

    def run(argv: Sequence[str]) -> int:
        file = Path(argv[-1])
        text = file.read_text(encoding="utf-8")
        seen.append(text)
        new = edits[len(seen) - 1](text)
        if new is not None:
            file.write_text(new, encoding="utf-8")
        return 0

    return run, seen


def body(text: str) -> JSON:
    value: JSON = json.loads(strip_comments(text))
    return value


# -- the command


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({"VISUAL": "code --wait", "EDITOR": "nano"}, ["code", "--wait"]),
        ({"EDITOR": "nano -w"}, ["nano", "-w"]),
        ({"VISUAL": "  ", "EDITOR": "'/opt/My Editor/bin/ed' -q"}, ["/opt/My Editor/bin/ed", "-q"]),
        ({}, ["vi"]),
        ({"VISUAL": "", "EDITOR": ""}, ["vi"]),
    ],
)
def test_the_editor_is_visual_then_editor_then_vi_split_as_a_shell_splits(
    environ: dict[str, str], command: list[str]
) -> None:
    assert editor_command(environ) == command


def test_comment_lines_are_emptied_so_that_line_numbers_stay_the_files() -> None:
    text = '# a note\n  # indented\n{\n  "a": "# not a comment"\n}\n'
    assert strip_comments(text) == '\n\n{\n  "a": "# not a comment"\n}\n'


# -- the file


def test_the_file_is_private_and_removed_afterwards() -> None:
    with NodeFile(("components", 0), {"name": "x"}) as node:
        assert stat.S_IMODE(node.folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(node.file.stat().st_mode) == 0o600
        assert node.file.suffix == ".json"
        assert body(node.file.read_text()) == {"name": "x"}
        assert node.file.read_text().startswith("# relplan: the JSON of components.0.")
        folder = node.folder
    assert not folder.exists()


def test_an_edit_that_parses_is_applied() -> None:
    run, seen = editing(lambda text: text.replace('"1.0"', '"1.1"'))
    outcome = edit_outside(("x",), {"version": "1.0"}, run, original={"version": "1.0"}, command=["ed"])
    assert outcome == Applied({"version": "1.1"})
    assert len(seen) == 1


def test_text_that_does_not_parse_reopens_with_the_error_on_top_and_the_text_as_left() -> None:
    run, seen = editing(lambda text: '{"version": "1.1",\n', lambda text: '{"version": "1.2"}\n')
    outcome = edit_outside(("x",), {"version": "1.0"}, run, original={"version": "1.0"}, command=["ed"])
    assert outcome == Applied({"version": "1.2"})
    lines = seen[1].splitlines()
    head = [line for line in lines if line.startswith("#")]
    assert "#   line 7, column 1: Expecting property name enclosed in double quotes" in head
    assert "# The text was not applied:" in head
    assert lines[5:] == ['{"version": "1.1",']  # what the person wrote, to fix, not the original: line 6
    assert len(head) == 5  # and the error found at the line after it, the end of the file


def test_quitting_without_saving_changes_nothing_and_says_so() -> None:
    run, _ = editing(lambda text: None)
    outcome = edit_outside(("x",), {"version": "1.0"}, run, original={"version": "1.0"}, command=["ed"])
    assert outcome == Cancelled("the editor quit without saving a change: nothing changed")


def test_an_editor_that_ends_with_a_failure_status_changes_nothing() -> None:
    def run(argv: Sequence[str]) -> int:
        Path(argv[-1]).write_text("2\n")  # as vi's :cq after a write
        return 1

    assert edit_outside(("x",), 1, run, original=1, command=["ed"]) == Cancelled(
        "the editor ended with status 1: nothing changed"
    )


def test_quitting_a_reopened_file_without_saving_cancels() -> None:
    run, seen = editing(lambda text: "not json", lambda text: None)
    outcome = edit_outside(("x",), 1, run, original=1, command=["ed"])
    assert isinstance(outcome, Cancelled)
    assert len(seen) == 2


def test_an_emptied_file_cancels_and_the_same_value_is_no_change() -> None:
    run, _ = editing(lambda text: "# only a comment\n")
    assert edit_outside(("x",), 1, run, original=1, command=["ed"]) == Cancelled(
        "the file was emptied: nothing changed"
    )
    run, _ = editing(lambda text: "1\n")  # saved, differently written, the same value
    assert isinstance(edit_outside(("x",), 1, run, original=1, command=["ed"]), Cancelled)


def test_a_value_the_check_refuses_reopens_with_its_problems() -> None:
    run, seen = editing(lambda text: "5\n", lambda text: text.replace("5", "6"))

    def check(value: JSON) -> list[str]:
        return ["error at x: five is not allowed"] if value == 5 else []

    assert edit_outside(("x",), 1, run, original=1, command=["ed"], check=check) == Applied(6)
    assert "#   error at x: five is not allowed" in seen[1].splitlines()


def test_the_command_gets_the_file_last() -> None:
    calls: list[list[str]] = []
    edit_outside(("x",), 1, lambda argv: calls.append(list(argv)) or 0, original=1, command=["code", "--wait"])
    assert calls[0][:2] == ["code", "--wait"] and calls[0][2].endswith("x.json")


# -- the checks


def test_a_value_placed_shares_everything_off_its_path() -> None:
    plan: dict[str, JSON] = {"name": "p", "components": [{"a": 1}, {"b": 2}]}
    placed = with_value(plan, ("components", 1, "b"), 3)
    assert placed == {"name": "p", "components": [{"a": 1}, {"b": 3}]}
    assert plan["components"] == [{"a": 1}, {"b": 2}]
    assert placed["components"][0] is plan["components"][0]  # type: ignore[index]
    with pytest.raises(DocumentError):
        with_value(plan, ("components", 5, "b"), 3)
    with pytest.raises(DocumentError):
        with_value(plan, (), [])


def test_errors_that_only_moved_with_their_component_are_not_new() -> None:
    before_plan: JSON = {"components": [{"name": "a"}, {"name": "b"}]}
    after_plan: JSON = {"components": [{"name": "b"}, {"name": "a"}]}
    error = Issue(("components", 1, "version"), Severity.ERROR, "missing", "missing")
    moved = error._replace(path=("components", 0, "version"))
    assert new_errors([error], before_plan, [moved], after_plan) == []
    other = moved._replace(message="another")
    warning = moved._replace(severity=Severity.WARNING, message="a warning")
    assert new_errors([error], before_plan, [moved, other, warning], after_plan) == [other]


def test_the_issues_a_value_would_bring_leave_the_validator_as_it_was() -> None:
    plan = json.loads(sample_path("small.json").read_text())
    validator = Validator()
    issues = validator.validate(plan)
    _, would = issues_with(validator, plan, ("components", 0, "replica"), "many")
    assert any(issue.path == ("components", 0, "replica") for issue in would)
    assert validator.revalidate(plan, [("components", 0, "replica")]) == issues
    _, whole = issues_with(validator, plan, (), {**plan, "components": []})
    assert not any(issue.path[:1] == ("components",) and len(issue.path) > 2 for issue in whole)
    assert validator.revalidate(plan, [("name",)]) == issues


# -- with the session


def session_on_small() -> EditSession:
    document = Document.load(sample_path("small.json"))
    return EditSession(document, validator=Validator())


def test_an_edit_in_the_editor_is_one_undo_step() -> None:
    session = session_on_small()
    path = ("components", 0)
    run, _ = editing(lambda text: text.replace('"replica": 3', '"replica": 4').replace('"3.4.1"', '"3.4.2"'))
    before = json.dumps(session.document.get(path))
    assert '"replica": 3' in before
    changed = edit_node_outside(session, path, run, command=["ed"])
    assert changed.notice is not None and "applied" in changed.notice.text
    component = session.document.get(path)
    assert isinstance(component, dict) and (component["replica"], component["version"]) == (4, "3.4.2")
    session.undo()
    assert json.dumps(session.document.get(path)) == before


def test_a_value_that_brings_a_new_error_goes_back_to_the_editor() -> None:
    session = session_on_small()
    path = ("components", 0, "replica")
    run, seen = editing(lambda text: text.replace("3", '"three"'), lambda text: text.replace('"three"', "4"))
    edit_node_outside(session, path, run, command=["ed"])
    assert "# The text was not applied:" in seen[1]
    assert "error at components.0.replica" in seen[1]
    assert session.document.get(path) == 4


def test_a_plan_that_is_not_an_object_goes_back_to_the_editor() -> None:
    session = session_on_small()
    run, seen = editing(lambda text: "[]\n", lambda text: None)
    changed = edit_node_outside(session, (), run, command=["ed"])
    assert "#   a release plan must be a JSON object" in seen[1].splitlines()
    assert changed.paths == () and changed.notice is not None and "nothing changed" in changed.notice.text
    assert isinstance(session.document.data, dict) and not session.document.dirty


def test_secrets_go_to_the_file_masked_and_come_back_kept() -> None:
    session = EditSession(Document.load(Path("tests/fixtures/plans/full-component.json")), validator=Validator())
    path = ("components", 0, "source")
    secret = session.document.get((*path, "http_password"))
    assert isinstance(secret, str) and secret != MASK
    run, seen = editing(lambda text: text.replace('"2.0.0"', '"2.0.1"'))
    edit_node_outside(session, path, run, command=["ed"])
    assert secret not in seen[0] and MASK in seen[0]
    assert session.document.get((*path, "http_password")) == secret
    assert session.document.get((*path, "version")) == "2.0.1"

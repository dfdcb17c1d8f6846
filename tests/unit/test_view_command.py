"""``relplan view`` and ``relplan edit --read-only``: parsed, and the editor started read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui import cli, launch
from tui.cli_parser import build_parser
from tui.samples import sample_path


def test_view_parses_a_file_or_a_plan_id_and_is_read_only() -> None:
    parser = build_parser()
    args = parser.parse_args(["view", "plan.json"])
    assert (args.command, args.file, args.read_only, args.run) == ("view", Path("plan.json"), True, launch.view)
    args = parser.parse_args(["view", "--plan-id", "ID", "--profile", "prod"])
    assert (args.plan_id, args.profile, args.read_only) == ("ID", "prod", True)


def test_edit_takes_read_only_as_a_flag() -> None:
    parser = build_parser()
    assert parser.parse_args(["edit", "plan.json", "--read-only"]).read_only is True
    assert parser.parse_args(["edit", "plan.json"]).read_only is False


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(launch, "run_editor", lambda *args, **kwargs: calls.append((args, kwargs)) or 0)
    monkeypatch.setattr(launch.ending, "install", lambda: None)
    return calls


@pytest.mark.parametrize(
    ("argv", "read_only"),
    [(["view"], True), (["edit", "--read-only"], True), (["edit"], False)],
)
def test_the_editor_starts_read_only_when_asked(
    argv: list[str], read_only: bool, started: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> None:
    assert cli.main([*argv, str(sample_path("small.json"))]) == 0
    (_, kwargs), *_ = started
    assert kwargs["read_only"] is read_only


def test_view_needs_a_file_or_a_plan_id(
    started: list[tuple[tuple[Any, ...], dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["view"])
    assert caught.value.code == 2
    assert "give a plan FILE or --plan-id ID to look at" in capsys.readouterr().err
    assert started == []

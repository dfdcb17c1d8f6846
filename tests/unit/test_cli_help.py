"""Every subcommand explains itself, the shell completes them, and an unreadable file is never called valid."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PLANS
from tui.cli import main
from tui.cli_parser import build_parser

CONNECTING = {"list", "get", "submit", "edit", "view", "execute", "status"}
"""The subcommands that talk to ServiceStage, whose help must name the variables they read."""
VARIABLES = ("RELPLAN_TOKEN", "HUAWEICLOUD_SDK_AK", "_SK", "HUAWEICLOUD_SDK_PROJECT_ID", "RELPLAN_LOG")


def subcommands() -> list[str]:
    return sorted(build_parser().parse_args(["validate", "x.json"]).subcommands.choices)


def test_the_walk_finds_every_subcommand() -> None:
    assert {"validate", "list", "get", "submit", "edit", "demo", "standin", "drafts", "completion"} <= set(
        subcommands()
    )


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_has_a_description_an_example_and_names_what_it_reads(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    shown = capsys.readouterr().out
    description = shown.split("\n\n")[1]  # after the usage
    assert len(description.split()) >= 8 and not description.lstrip().startswith(("positional", "options"))
    examples = shown.split("examples:\n", 1)[1]
    assert examples.startswith(f"  relplan {command}") or f"relplan {command} " in examples.split("\n\n")[0]
    assert "RELPLAN_LOG" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80, "the help is read in an 80-column terminal"
    if command in CONNECTING:
        for variable in VARIABLES:
            assert variable in shown, variable
        assert "--auth {token,aksk}" in shown
    if command == "standin":
        assert "default: 8780" in shown


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_the_shell(shell: str) -> None:
    out = io.StringIO()
    assert main(["completion", shell], out=out) == 0
    script = out.getvalue()
    assert "relplan" in script
    checker = shutil.which(shell)
    if shell == "bash":
        assert checker is not None, "bash checks the script's syntax"
    if checker is not None:
        result = subprocess.run([checker, "-n"], input=script, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


def test_the_completion_offers_the_subcommands_and_a_subcommands_flags(tmp_path: Path) -> None:
    answers = tmp_path / "answers"

    def complete(line: str) -> set[str]:
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "_ARGCOMPLETE_IFS": "\n",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(answers),
        }
        result = subprocess.run(
            [sys.executable, "-m", "tui.cli"], env=env, capture_output=True, text=True, check=False, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return set(answers.read_text(encoding="utf-8").split("\n"))

    assert {"validate", "list", "get", "submit", "edit", "demo", "standin", "drafts", "completion"} <= complete(
        "relplan "
    )
    assert {"--delete", "--all", "--prune", "--yes"} <= complete("relplan drafts --")
    assert complete("relplan list --auth ") == {"token", "aksk"}


def test_files_none_of_which_could_be_read_are_never_valid(tmp_path: Path) -> None:
    absent, binary = tmp_path / "absent.json", tmp_path / "binary.json"
    binary.write_bytes(b"\x00\x01")
    out = io.StringIO()
    assert main(["validate", str(absent), str(binary)], out=out) == 2
    lines = out.getvalue().splitlines()
    assert lines[-1] == "2 files: none could be read"
    assert not [line for line in lines if "valid" in line]

    out = io.StringIO()
    assert main(["validate", str(absent)], out=out) == 2
    assert out.getvalue() == f"{absent}: no such file\n"

    out = io.StringIO()
    assert main(["validate", str(absent), str(PLANS / "minimal.json")], out=out) == 2
    assert out.getvalue().splitlines()[-1] == "2 files: 1 could not be read, 1 read: valid"


@pytest.mark.parametrize("command", subcommands())
def test_a_command_named_on_the_line_is_set_up_alone_and_as_with_every_other(command: str) -> None:
    alone = build_parser(command).get_default("subcommands").choices
    every = build_parser().get_default("subcommands").choices
    assert list(alone) == [command]
    assert alone[command].format_help() == every[command].format_help()
    assert alone[command].get_default("run") is every[command].get_default("run")


@pytest.mark.parametrize("argv", [["--help"], ["-h", "edit"], ["nosuch"]])
def test_the_top_level_help_and_a_wrong_name_still_list_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    said = capsys.readouterr()
    assert all(command in said.out + said.err for command in subcommands())


def test_demo_takes_the_stand_ins_release_seconds_and_hands_them_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    from collections.abc import Iterator

    import tui.demo
    from tui import launch

    started: list[tuple[str | None, float | None]] = []

    @contextlib.contextmanager
    def demo(sample: str | None = None, *, release_seconds: float | None = None) -> Iterator[object]:
        started.append((sample, release_seconds))
        yield type("Run", (), {"document": None, "title": None, "target": None})()

    monkeypatch.setattr(tui.demo, "demo", demo)
    monkeypatch.setattr(launch, "run_editor", lambda *args, **kwargs: 0)
    monkeypatch.setattr(launch.ending, "install", lambda: None)
    for argv in (["demo"], ["demo", "--sample", "large", "--release-seconds", "0.5"]):
        args = build_parser("demo").parse_args(argv)
        assert args.run(args, io.StringIO()) == 0
    assert started == [(None, 7.0), ("large", 0.5)]

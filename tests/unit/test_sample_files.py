"""``relplan samples``: the shipped samples listed, and written out to standard output or a file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.jsonfiles import load_file
from tui.sample_files import SAMPLE_NAMES, load_sample
from tui.samples import sample_path, sample_plan
from tui.standin import LARGE_ID, MISTAKES_ID, SMALL_ID, PlanStore


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def test_the_list_names_each_sample_with_its_plan_components_and_purpose() -> None:
    status, out = run("samples")
    assert status == 0
    header, *rows, hint = out.splitlines()
    assert header.split() == ["NAME", "PLAN", "COMPONENTS", "DESCRIPTION"]
    assert [row.split()[:3] for row in rows] == [
        ["mistakes", "storefront-hotfix", "2"],
        ["small", "storefront-2026-11", "2"],
        ["large", "checkout-release", "64"],
    ]
    assert all(len(row.split()) > 3 for row in rows)  # each has a description
    assert hint == "write one to a file: relplan samples NAME -o FILE (.json or .toml)"


@pytest.mark.parametrize("name", ["mistakes", "small"])
def test_a_shipped_sample_is_the_file_beside_the_module(name: str) -> None:
    assert load_sample(name) == load_file(sample_path(f"{name}.json"))


def test_the_large_sample_is_the_generated_64_component_plan() -> None:
    assert load_sample("large") == sample_plan(64, name="checkout-release")


def test_the_stand_in_serves_the_same_samples() -> None:
    store = PlanStore.with_samples()
    for name, plan_id in zip(SAMPLE_NAMES, (MISTAKES_ID, SMALL_ID, LARGE_ID), strict=True):
        held = store.get(plan_id)
        assert held is not None
        assert {key: held[key] for key in load_sample(name)} == load_sample(name)


def test_without_a_file_the_sample_goes_to_standard_output_as_json() -> None:
    status, out = run("samples", "small")
    assert status == 0
    assert json.loads(out) == load_sample("small")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_sample_is_written_in_the_format_of_the_file_suffix(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"plan{suffix}"
    status, out = run("samples", "mistakes", "-o", str(target))
    assert status == 0
    assert out == f"wrote {target}: the sample mistakes (storefront-hotfix, 2 components)\n"
    assert load_file(target) == load_sample("mistakes")
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().startswith("{") == (suffix == ".json")


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.json"
    target.write_text('{"name": "my own plan"}', encoding="utf-8")
    status, out = run("samples", "small", "-o", str(target))
    assert (status, out) == (2, "")
    assert capsys.readouterr().err == f"relplan: {target} exists; relplan samples writes over it only with --force\n"
    assert target.read_text(encoding="utf-8") == '{"name": "my own plan"}'

    status, out = run("samples", "small", "-o", str(target), "--force")
    assert status == 0
    assert out.startswith(f"wrote {target}: ")
    assert load_file(target) == load_sample("small")


def test_a_suffix_relplan_does_not_write_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "plan.yaml"
    assert run("samples", "small", "-o", str(target)) == (2, "")
    assert capsys.readouterr().err == "relplan: relplan writes .json and .toml plan files, not .yaml\n"
    assert not target.exists()


def test_a_file_without_a_sample_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("samples", "-o", str(tmp_path / "plan.json"))
    assert exit_info.value.code == 2
    said = capsys.readouterr().err
    assert said.startswith("usage: relplan samples")
    assert "name the sample to write" in said
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_sample_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("samples", "medium")
    assert exit_info.value.code == 2
    assert "invalid choice: 'medium' (choose from 'mistakes', 'small', 'large')" in capsys.readouterr().err


def test_the_help_describes_the_command_and_gives_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("samples", "--help")
    shown = capsys.readouterr().out
    assert "List the sample plans shipped with relplan" in shown
    examples = (
        "examples:\n  relplan samples\n  relplan samples mistakes -o mistakes.json\n  relplan validate mistakes.json"
    )
    assert examples in shown
    assert max(len(line) for line in shown.splitlines()) <= 80

"""The command line says the same things the same way: the plan id either way, --auth, JSON for scripts, usage."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tests.integration.conftest import ACCESS_KEY, PROJECT, SECRET_KEY, Standin, relplan
from tui.cli import main
from tui.drafts import draft_key

pytestmark = pytest.mark.usefixtures("cli_environment")


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """What stderr said when ``argv`` was refused as a usage mistake (exit status 2)."""
    with pytest.raises(SystemExit) as caught:
        main(list(argv), out=io.StringIO())
    assert caught.value.code == 2
    return capsys.readouterr().err.splitlines()


def test_get_takes_the_plan_id_as_id_or_as_plan_id_and_both_when_they_agree(standin: Standin, plan_id: str) -> None:
    as_argument = relplan(standin, "get", plan_id)
    assert as_argument[0] == 0
    assert relplan(standin, "get", "--plan-id", plan_id) == as_argument
    assert relplan(standin, "get", plan_id, "--plan-id", plan_id) == as_argument
    assert json.loads(as_argument[1])["name"] == "storefront-2026-11"


def test_two_different_plan_ids_are_a_usage_error_of_the_subcommand(
    standin: Standin, plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    said = usage_error(capsys, "get", plan_id, "--plan-id", "other", "--endpoint", standin.url)
    assert said[0].startswith("usage: relplan get ")
    assert said[-1] == f"relplan get: error: the plan id is given twice, as {plan_id} and --plan-id other"
    said = usage_error(capsys, "get", "--endpoint", standin.url)
    assert said[-1] == "relplan get: error: the plan id is missing: give it as ID or as --plan-id ID"
    said = usage_error(capsys, "submit", "plan.json", "--endpoint", standin.url)
    assert said[0].startswith("usage: relplan submit ")
    assert said[-1] == "relplan submit: error: the plan id is missing: give it as ID or as --plan-id ID"


def test_submit_takes_the_plan_id_after_the_file(standin: Standin, plan_id: str, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    assert relplan(standin, "get", plan_id, "-o", str(target))[0] == 0
    plan = json.loads(target.read_text(encoding="utf-8"))
    plan["desc"] = "sent as FILE ID"
    target.write_text(json.dumps(plan), encoding="utf-8")
    status, out = relplan(standin, "submit", str(target), plan_id)
    assert status == 0, out
    assert out.splitlines()[-1] == f"{target}: arrival: verified, the server holds exactly what was sent"
    assert (standin.store.get(plan_id) or {})["desc"] == "sent as FILE ID"


def test_mistakes_in_how_a_command_is_called_show_that_commands_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    said = usage_error(capsys, "edit", str(tmp_path / "plan.json"), "--plan-id", "x")
    assert said[0].startswith("usage: relplan edit ")
    assert said[-1] == "relplan edit: error: give a plan FILE or --plan-id ID, not both"
    said = usage_error(capsys, "standin", "--ak", "AK-only", "--data", str(tmp_path / "absent"))
    assert said[0].startswith("usage: relplan standin ")
    assert said[-1] == "relplan standin: error: --ak and --sk go together"
    said = usage_error(capsys, "list", "--log", str(tmp_path / "late.log"), "--endpoint", "https://h.example")
    assert said[0].startswith("usage: relplan list ")
    assert said[-1] == (
        f"relplan list: error: unrecognized arguments: --log {tmp_path / 'late.log'} "
        "(--log goes before the command: relplan --log FILE COMMAND ...)"
    )


def test_auth_aksk_overrides_a_default_profile_that_says_token(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config" / "relplan" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'default = "lab"\n[profiles.lab]\nproject_id = "{PROJECT}"\nauth = "token"\n', "utf-8")
    monkeypatch.delenv("RELPLAN_TOKEN")
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", ACCESS_KEY)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SECRET_KEY)

    assert relplan(standin, "list") == (2, "")  # the profile's token auth, and there is no token
    assert "token auth needs a token: set RELPLAN_TOKEN" in capsys.readouterr().err
    status, out = relplan(standin, "list", "--auth", "aksk")  # signed with the keys: the stand-in checks them
    assert status == 0, out
    assert re.fullmatch(r"project demo: \d+ plans", out.splitlines()[-1])

    monkeypatch.delenv("HUAWEICLOUD_SDK_SK")
    assert relplan(standin, "list", "--auth", "aksk") == (2, "")
    assert capsys.readouterr().err == (
        "relplan: AK/SK auth (--auth aksk) needs both keys: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK\n"
    )


def test_list_and_get_as_json_parse_and_escape_what_a_terminal_acts_on(standin: Standin, plan_id: str) -> None:
    hostile = "csi\x9b2J \u202eevil\u202c 发布\x1b]52;c;x\x07"
    standin.store.update(plan_id, {**(standin.store.get(plan_id) or {}), "name": hostile})

    status, out = relplan(standin, "list", "--format", "json")
    assert status == 0
    listed = json.loads(out)
    assert listed == standin.store.summaries()  # the plans as the server described them
    assert any(row["name"] == hostile for row in listed)
    status, out = relplan(standin, "get", plan_id, "--format", "json")
    assert status == 0
    assert json.loads(out)["name"] == hostile
    for said in (relplan(standin, "list", "--format", "json")[1], out):
        assert not set(said) & {"\x9b", "\u202e", "\u202c", "\x1b", "\x07"}
        assert "发布" in said  # text beyond ASCII stays readable


def test_get_format_is_for_the_screen_not_for_a_file(
    standin: Standin, plan_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    said = usage_error(
        capsys, "get", plan_id, "--format", "json", "-o", str(tmp_path / "p.json"), "--endpoint", standin.url
    )
    assert said[-1].startswith("relplan get: error: --format is for what get prints")


def test_drafts_delete_a_draft_by_its_key_but_never_one_a_running_relplan_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.drafts import claim, encode_draft, list_drafts, write_draft

    plan = {"name": "p", "components": []}
    free = draft_key(path=tmp_path / "free.json")
    held = draft_key(path=tmp_path / "held.json")
    write_draft(free, encode_draft(str(tmp_path / "free.json"), "free", {**plan, "desc": "x"}, plan, 1_000.0))
    write_draft(held, encode_draft(str(tmp_path / "held.json"), "held", {**plan, "desc": "y"}, plan, 2_000.0))
    owner = claim(held)  # as a running editor holds its draft
    try:
        out = io.StringIO()
        assert main(["drafts"], out=out) == 0
        lines = out.getvalue().splitlines()
        keys = {line.split("  ")[2]: line.split()[0] for line in lines[:2]}
        assert keys == {"held": held[:8], "free": free[:8]}
        assert re.fullmatch(r"2 drafts in .*drafts", lines[2])
        assert re.fullmatch(r"0 baselines \(.*\) in .*baselines", lines[3])

        out = io.StringIO()
        assert main(["drafts", "--delete", held[:8], "--yes"], out=out) == 1
        assert out.getvalue().startswith(f"{held[:8]}: not deleted: open in another relplan (pid ")
        said = usage_error(capsys, "drafts", "--all")  # no terminal to ask on, and no --yes
        assert (
            said[-1]
            == "relplan drafts: error: not deleting 1 draft without a terminal to ask on; add --yes to delete them"
        )
        assert len(list_drafts()) == 2

        out = io.StringIO()
        assert main(["drafts", "--delete", free[:8], "--yes"], out=out) == 0
        assert out.getvalue() == f"{free[:8]}: deleted the draft of free ({tmp_path / 'free.json'})\n"
        assert [draft.key for draft in list_drafts()] == [held]
    finally:
        owner.release()


def test_drafts_ask_on_a_terminal_and_take_no_for_an_answer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tui.drafts import encode_draft, list_drafts, write_draft

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    write_draft("k1", encode_draft("a.json", "a", {"name": "a"}, {}, 1.0))
    write_draft("k2", encode_draft("b.json", "b", {"name": "b"}, {}, 2.0))
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["drafts", "--all"], out=io.StringIO()) == 1
    assert len(list_drafts()) == 2
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["drafts", "--all"], out=io.StringIO()) == 0
    assert list_drafts() == []


def test_drafts_prune_removes_the_baselines_of_files_that_are_gone(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    from tui import baselines

    kept, gone = tmp_path / "kept.json", tmp_path / "gone.json"
    for target in (kept, gone):
        assert relplan(standin, "get", plan_id, "-o", str(target))[0] == 0
    kept.write_text(kept.read_text(encoding="utf-8").replace("storefront", "edited"), encoding="utf-8")
    gone.unlink()
    assert baselines.count() == 2
    out = io.StringIO()
    assert main(["drafts", "--prune"], out=out) == 0
    assert out.getvalue().startswith("removed 1 baseline whose file is gone; 1 kept in ")
    assert baselines.count() == 1
    status, said = relplan(standin, "submit", str(kept), plan_id)  # the edited file keeps its lost-update check
    assert status == 0, said
    assert "lost-update check: the plan had not changed" in said


def test_a_get_to_a_file_that_fails_names_the_file_and_one_to_the_screen_names_the_plan(
    standin: Standin, tmp_path: Path
) -> None:
    target = tmp_path / "z.json"
    status, out = relplan(standin, "get", "no-such-plan", "-o", str(target))
    assert status == 1 and out
    assert all(line.startswith(f"{target}: ") for line in out.splitlines()), out
    assert not target.exists()
    status, out = relplan(standin, "get", "no-such-plan")
    assert status == 1 and out
    assert all(line.startswith("plan no-such-plan: ") for line in out.splitlines()), out


def test_yes_alone_is_a_usage_error_of_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    said = usage_error(capsys, "drafts", "--yes")
    assert said[0].startswith("usage: relplan drafts ")
    assert said[-1] == "relplan drafts: error: --yes goes with --delete KEY or --all"


def test_a_log_file_that_cannot_be_written_is_said_with_the_top_level_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "no-such-folder" / "x.log"
    said = usage_error(capsys, "--log", str(log), "samples")
    assert said[0].startswith("usage: relplan [-h]")  # --log is relplan's own option, not the command's
    assert said[-1].startswith(f"relplan: error: the log file {log} cannot be written")

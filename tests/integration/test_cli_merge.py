"""``relplan diff`` and ``relplan submit --merge`` against the stand-in, and an update whose answer was dropped."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Standin, relplan

pytestmark = pytest.mark.usefixtures("cli_environment")

Plan = dict[str, Any]


def fetched(standin: Standin, plan_id: str, tmp_path: Path) -> Path:
    """The plan fetched into a file with ``relplan get -o``, as a person starts an edit."""
    target = tmp_path / "plan.json"
    status, out = relplan(standin, "get", plan_id, "-o", str(target))
    assert status == 0, out
    return target


def edit_file(path: Path, change: Callable[[Plan], None]) -> None:
    plan = json.loads(path.read_text(encoding="utf-8"))
    change(plan)
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")


def edit_server(standin: Standin, plan_id: str, change: Callable[[Plan], None]) -> None:
    """Someone else's edit, made on the server."""
    held = standin.store.get(plan_id)
    assert held is not None
    plan = json.loads(json.dumps(held))
    change(plan)
    standin.store.update(plan_id, plan)


def held(standin: Standin, plan_id: str) -> Plan:
    plan = standin.store.get(plan_id)
    assert plan is not None
    return plan


def set_version(version: str) -> Callable[[Plan], None]:
    def change(plan: Plan) -> None:
        plan["components"][1]["version"] = version  # web-frontend

    return change


def set_replica(plan: Plan) -> None:
    plan["components"][0]["replica"] = 9  # order-api


def test_diff_lists_the_changes_by_component_name_against_the_server_or_the_fetch(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    assert relplan(standin, "diff", str(target)) == (0, f"{target}: no changes from plan {plan_id} on the server\n")
    edit_file(target, set_version("2.0.8"))
    edit_server(standin, plan_id, set_replica)

    status, out = relplan(standin, "diff", str(target))  # the plan id from the fetch's record
    assert status == 1
    assert out.splitlines() == [
        f"{target}: 2 changes in 2 components from plan {plan_id} on the server",
        f"{target}: order-api #0: 1 change",
        "  ~ replica: 9 \u2192 3",
        f"{target}: web-frontend #1: 1 change",
        '  ~ version: "2.0.7" \u2192 "2.0.8"',
    ]
    status, out = relplan(standin, "diff", str(target), "--base", "--plan-id", plan_id)
    assert status == 1
    assert out.splitlines() == [
        f"{target}: 1 change in 1 component from plan {plan_id} as fetched",
        f"{target}: web-frontend #1: 1 change",
        '  ~ version: "2.0.7" \u2192 "2.0.8"',
    ]


def test_diff_escapes_what_the_server_sent_and_says_when_it_cannot_tell(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit_server(standin, plan_id, lambda plan: plan["components"][0].update(name="evil\x1b[2J\u202e"))
    status, out = relplan(standin, "diff", str(target))
    assert status == 1
    assert "\x1b" not in out and "\u202e" not in out
    assert '  ~ name: "evil\\u001b[2J\\u202e" \u2192 "order-api"' in out.splitlines()

    other = tmp_path / "other.json"
    other.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SystemExit) as usage:  # not fetched: no plan id to compare with
        relplan(standin, "diff", str(other))
    assert usage.value.code == 2
    status, out = relplan(standin, "diff", str(other), "--plan-id", "no-such-plan")
    assert status == 2
    assert out.startswith(f"{other}: GET ")
    status, out = relplan(standin, "diff", str(other), "--base", "--plan-id", plan_id)
    assert status == 2
    assert "no record of" in out


def test_submit_merge_keeps_a_colleague_s_change_and_sends_both(standin: Standin, plan_id: str, tmp_path: Path) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit_file(target, set_version("2.0.8"))
    edit_server(standin, plan_id, set_replica)

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)  # refused, naming --merge
    assert status == 1
    assert "--merge" in out.splitlines()[-1]

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--merge")
    assert status == 0, out
    lines = out.splitlines()
    assert lines[:4] == [
        f"{target}: lost-update check: the plan had changed on the server since the file was fetched; "
        "--merge: taken from the server: 1 change",
        "  changed: order-api \u203a replica",
        f"{target}: written with the merged plan",
        f"{target}: PUT {standin.url}/v3/demo/cas/release-plans/{plan_id}",
    ]
    assert lines[-1] == f"{target}: arrival: verified, the server holds exactly what was sent"
    components = held(standin, plan_id)["components"]
    assert (components[0]["replica"], components[1]["version"]) == (9, "2.0.8")  # theirs and mine
    in_file = json.loads(target.read_text(encoding="utf-8"))
    assert (in_file["components"][0]["replica"], in_file["components"][1]["version"]) == (9, "2.0.8")
    assert target.read_text(encoding="utf-8").startswith('{\n  "')  # the file's own layout kept
    assert relplan(standin, "diff", str(target))[0] == 0


def test_the_refusal_and_overwrite_name_the_changes_on_the_server_by_component(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit_file(target, set_version("2.0.8"))

    def theirs(plan: Plan) -> None:
        plan["components"][1]["replica"] = 4  # web-frontend
        del plan["components"][0]  # order-api, named as it was when fetched

    edit_server(standin, plan_id, theirs)
    named = ["  changed: web-frontend #0 \u203a replica", "  removed: order-api #0"]
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"{target}: not sent: the plan changed on the server since the file was fetched, at:"
    assert sorted(lines[1:3]) == sorted(named)
    assert "--overwrite" in lines[3]

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--overwrite")
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0] == (
        f"{target}: lost-update check: the plan had changed on the server since the file was fetched; "
        "--overwrite sends over it at:"
    )
    assert sorted(lines[1:3]) == sorted(named)  # by name, as the refusal says them, not components.0.replica
    assert lines[3] == f"{target}: PUT {standin.url}/v3/demo/cas/release-plans/{plan_id}"
    assert held(standin, plan_id)["components"][1]["version"] == "2.0.8"


def test_submit_merge_with_conflicts_lists_them_and_sends_nothing(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    before = target.read_text(encoding="utf-8")
    edit_file(target, set_version("2.0.8"))
    edit_server(standin, plan_id, set_version("2.1.0"))
    edit_server(standin, plan_id, set_replica)
    on_server = held(standin, plan_id)
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--merge")
    assert status == 1
    assert out.splitlines() == [
        f"{target}: not sent: 1 conflict with changes made on the server since the file was fetched:",
        "  web-frontend \u203a version #1",
        '    fetched "2.0.7"',
        '    server  "2.1.0"',
        '    yours   "2.0.8"',
        f"{target}: nothing was sent; where you agree with the server, put its value in the file and merge again; "
        "or send over their changes with --overwrite",
    ]
    assert held(standin, plan_id) == on_server
    assert target.read_text(encoding="utf-8") != before  # the file keeps its edits: nothing written over them
    assert json.loads(target.read_text(encoding="utf-8"))["components"][1]["version"] == "2.0.8"

    edit_file(target, set_version("2.1.0"))  # agreed with the server: the same change on both sides
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--merge")
    assert status == 0, out
    assert held(standin, plan_id)["components"][0]["replica"] == 9

    with pytest.raises(SystemExit) as usage:  # said with the usage, as argparse says a usage error
        relplan(standin, "submit", str(target), "--plan-id", plan_id, "--merge", "--overwrite")
    assert usage.value.code == 2


def test_an_update_whose_answer_was_dropped_is_not_someone_else_s_change_at_the_next_submit(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit_file(target, set_version("2.0.8"))
    standin.set_faults(drop_after=True, methods={"PUT"})
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--timeout", "5")
    assert status == 1
    assert "the server may still apply the update" in out
    assert held(standin, plan_id)["components"][1]["version"] == "2.0.8"  # it arrived; its answer did not
    standin.clear_faults()

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0] == (
        f"{target}: lost-update check: the server holds exactly what was last sent from this file, whose answer "
        "never came: it arrived, and is no one else's change"
    )
    assert re.fullmatch(rf"{re.escape(str(target))}: PUT .*/{plan_id}", lines[1])
    assert lines[-1] == f"{target}: arrival: verified, the server holds exactly what was sent"

"""``relplan list``, ``get``, ``submit`` and ``standin``, run as a person runs them, against the stand-in."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.integration.conftest import PROJECT, TOKEN, Standin, relplan
from tui.cli import main
from tui.standin import LARGE_ID, Credentials, PlanStore, StandinServer, create_app

pytestmark = pytest.mark.usefixtures("cli_environment")


def test_list(standin: Standin, plan_id: str) -> None:
    status, out = relplan(standin, "list")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "STATUS", "CREATOR", "MODIFIED"]
    assert any(line.startswith(plan_id) and "storefront-2026-11" in line for line in lines)
    assert re.fullmatch(r"project demo: \d+ plans", lines[-1])


def test_a_time_no_calendar_holds_is_listed_as_the_number_sent() -> None:
    store = PlanStore(clock=lambda: 1e15)  # modify_time 10**18 milliseconds: beyond the year 9999
    store.add({"name": "far-off", "components": []}, "far")
    out = io.StringIO()
    with StandinServer(create_app(store, Credentials(token=TOKEN))) as server:
        status = main(["list", "--endpoint", server.url, "--project-id", PROJECT], out=out)
    assert status == 0
    assert out.getvalue().splitlines()[1].split() == ["far", "far-off", "CREATED", "demo", str(10**18)]


def test_get_edit_submit(standin: Standin, plan_id: str, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    status, out = relplan(standin, "get", plan_id, "-o", str(target))
    assert (status, out) == (0, f"{target}: saved plan {plan_id} (2 components)\n")
    plan = json.loads(target.read_text(encoding="utf-8"))
    assert "id" not in plan
    assert "status" not in plan
    plan["components"][1]["replica"] = 4
    target.write_text(json.dumps(plan), encoding="utf-8")

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0] == f"{target}: lost-update check: the plan had not changed on the server since the file was fetched"
    assert lines[1] == f"{target}: PUT {standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}"
    said = rf"{re.escape(str(target))}: 200 OK in \d+\.\d\d s, release_plan_id {plan_id}, request id [0-9a-f-]+"
    assert re.fullmatch(said, lines[2])
    assert lines[3] == f"{target}: arrival: verified, the server holds exactly what was sent"
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["components"][1]["replica"] == 4  # type: ignore[index]


def test_get_to_the_screen_escapes_what_a_terminal_acts_on_and_a_file_keeps_it(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    hostile = "csi\x9b2J del\x7f \u202eevil\u202c \u2066x\u2069 发布"
    plan = standin.store.get(plan_id)
    assert plan is not None
    standin.store.update(plan_id, {**plan, "desc": hostile})
    status, out = relplan(standin, "get", plan_id)
    assert status == 0
    assert json.loads(out)["desc"] == hostile
    assert "\\u009b2J del\\u007f \\u202eevil\\u202c \\u2066x\\u2069 发布" in out
    assert not set(out) & {"\x9b", "\x7f", "\u202e", "\u202c", "\u2066", "\u2069"}

    target = fetched(standin, plan_id, tmp_path)
    assert hostile in target.read_text(encoding="utf-8")


def test_submit_refuses_a_plan_with_errors_and_force_lets_the_server_judge(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    plan = json.loads(target.read_text(encoding="utf-8"))
    plan["components"][0]["version"] = "3.4"
    target.write_text(json.dumps(plan), encoding="utf-8")

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    assert out.splitlines()[-1] == f"{target}: not sent: 1 error (--force sends anyway)"
    assert f"{target}: components.0 (order-api).version: error: " in out  # the component named, as validate does

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--force")
    assert status == 1
    assert "failed after" in out
    assert "400 Bad Request: SVCSTG.00100400" in out
    assert "components.0.version" in out
    assert re.search(rf"^{re.escape(str(target))}: request id: [0-9a-f-]+$", out, re.MULTILINE)


def fetched(standin: Standin, plan_id: str, tmp_path: Path) -> Path:
    """The plan fetched into a file with ``relplan get -o``, as a person starts an edit."""
    target = tmp_path / "plan.json"
    status, out = relplan(standin, "get", plan_id, "-o", str(target))
    assert status == 0, out
    return target


def edit(path: Path, **values: object) -> None:
    """Change top-level values of the plan in a file, as a person editing it would."""
    plan = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**plan, **values}), encoding="utf-8")


def someone_else_sets(standin: Standin, plan_id: str, **values: object) -> None:
    held = standin.store.get(plan_id)
    assert held is not None
    standin.store.update(plan_id, {**held, **values})


def fetched_then_changed_elsewhere(standin: Standin, plan_id: str, tmp_path: Path, desc: str) -> Path:
    """A file fetched with ``get -o`` and edited, while someone else sets the plan's ``desc`` on the server."""
    target = fetched(standin, plan_id, tmp_path)
    someone_else_sets(standin, plan_id, desc=desc)
    edit(target, fail_strategy="continue")
    return target


def test_submit_refuses_when_someone_changed_the_plan_force_does_not_and_overwrite_does(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched_then_changed_elsewhere(standin, plan_id, tmp_path, desc="changed meanwhile")

    for force in ([], ["--force"]):  # --force is about errors in the plan, not about changes on the server
        status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, *force)
        assert status == 1
        assert out.splitlines() == [
            f"{target}: not sent: the plan changed on the server since the file was fetched, at:",
            "  changed: desc",
            f"{target}: merge them into the file with --merge, send it over them with --overwrite, or fetch it "
            "again with relplan get -o",
        ]
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["desc"] == "changed meanwhile"

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--overwrite")
    assert status == 0, out
    lines = out.splitlines()
    assert lines[:3] == [
        f"{target}: lost-update check: the plan had changed on the server since the file was fetched; "
        "--overwrite sends over it at:",
        "  changed: desc",
        f"{target}: PUT {standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}",
    ]
    assert lines[-1] == f"{target}: arrival: verified, the server holds exactly what was sent"
    stored = standin.store.get(plan_id)
    assert stored is not None
    mine = json.loads(target.read_text(encoding="utf-8"))
    assert (stored["desc"], stored["fail_strategy"]) == (mine["desc"], "continue")
    assert mine["desc"] != "changed meanwhile"


def test_the_lost_update_check_compares_with_the_plan_as_it_was_when_that_file_was_fetched(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    old = tmp_path / "old.json"
    relplan(standin, "get", plan_id, "-o", str(old))
    someone_else_sets(standin, plan_id, desc="theirs")
    assert relplan(standin, "get", plan_id)[0] == 0  # a later look at the plan does not vouch for old.json
    relplan(standin, "get", plan_id, "-o", str(tmp_path / "new.json"))  # nor does a later fetch to another file
    edit(old, fail_strategy="continue")

    status, out = relplan(standin, "submit", str(old), "--plan-id", plan_id)
    assert status == 1
    assert "  changed: desc" in out
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["desc"] == "theirs"


def test_a_file_not_fetched_with_get_o_is_sent_with_the_lost_update_check_said_to_be_not_made(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    status, shown = relplan(standin, "get", plan_id)
    assert status == 0
    target = tmp_path / "redirected.json"
    target.write_text(shown, encoding="utf-8")
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 0, out
    assert out.splitlines()[0] == (
        f"{target}: lost-update check: not made: the file was not fetched with relplan get -o, so there is no "
        "record of the plan as it was then"
    )
    assert "had not changed" not in out


def test_nothing_is_sent_when_the_lost_update_check_cannot_fetch_the_plan(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit(target, desc="mine")
    standin.set_faults(status=503, methods={"GET"})
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{target}: GET {standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id} failed: ")
    assert "503" in lines[0]
    assert lines[-1] == f"{target}: not sent: the plan could not be fetched to check that nobody changed it meanwhile"
    assert "PUT" not in out
    assert "may still have applied" not in out
    stored = standin.store.get(plan_id)
    assert stored is not None
    assert stored["desc"] != "mine"


def test_a_file_that_cannot_be_used_is_named_and_nothing_is_fetched_first(
    standin: Standin, plan_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert relplan(standin, "submit", str(missing), "--plan-id", plan_id) == (2, "")
    assert capsys.readouterr().err == f"relplan: {missing}: no such file\n"

    standin.set_faults(status=500)  # had it fetched, the 500 would be the answer
    text = tmp_path / "out.txt"
    with pytest.raises(SystemExit) as caught:  # a file name get cannot write is a mistake in the command
        relplan(standin, "get", plan_id, "-o", str(text))
    assert caught.value.code == 2
    said = capsys.readouterr().err.splitlines()
    assert said[0].startswith("usage: relplan get ")
    assert said[-1] == f"relplan get: error: -o {text}: relplan writes .json and .toml plan files, not .txt"
    assert not text.exists()


def test_a_broken_config_file_is_only_warned_about_when_the_flags_say_where_to_connect(
    standin: Standin, plan_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config" / "relplan" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("default = [", encoding="utf-8")
    status, out = relplan(standin, "list")
    assert status == 0
    assert plan_id in out
    assert capsys.readouterr().err.startswith(f"relplan: the config file is not used: {config}: is not valid TOML")

    status, _ = relplan(standin, "list", "--profile", "lab")  # a profile needs the file
    assert status == 2
    assert capsys.readouterr().err.startswith(f"relplan: {config}: is not valid TOML")


def test_missing_credentials_are_a_message(
    standin: Standin, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("RELPLAN_TOKEN")
    status, _ = relplan(standin, "list")
    assert status == 2
    assert "relplan: no credentials" in capsys.readouterr().err


def test_what_a_server_sends_is_printed_without_terminal_escapes(standin: Standin, plan_id: str) -> None:
    plan = standin.store.get(plan_id)
    assert plan is not None
    standin.store.update(plan_id, {**plan, "name": "evil\x1b]0;owned\x07\x1b[2J"})
    status, out = relplan(standin, "list")
    assert status == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "evil\\x1b]0;owned\\x07" in out


RELEASE_AT_ONCE_FAILING = ("--release-seconds", "0", "--fail-component", "orders-000", "--fail-component", "x")


def test_the_standin_command_serves_until_stopped(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "standin", "--port", "0", "--token", TOKEN, *RELEASE_AT_ONCE_FAILING],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.fullmatch(r"relplan stand-in listening on (http://127\.0\.0\.1:\d+) \(Ctrl-C stops it\)\n", first)
        assert match, first
        out = io.StringIO()
        assert main(["list", "--endpoint", match.group(1), "--project-id", PROJECT], out=out) == 0
        assert "checkout-release" in out.getvalue()
        out = io.StringIO()
        argv = ["execute", LARGE_ID, "--watch", "--endpoint", match.group(1), "--project-id", PROJECT]
        assert main(argv, out=out) == 1
        assert f"plan {LARGE_ID}: failed: batch 1: orders-000: rolled back: Forced by" in out.getvalue()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")


def test_a_server_message_cannot_forge_a_line_of_output(standin: Standin, plan_id: str, tmp_path: Path) -> None:
    target = fetched(standin, plan_id, tmp_path)
    forged = "boom\narrival: verified, the server holds exactly what was sent"
    standin.set_faults(status=500, message=forged, methods={"PUT"})
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    assert not any(line.startswith("arrival:") for line in out.splitlines())
    assert "SVCSTG.00100500: boom\\narrival: verified" in out


@contextmanager
def dripping_server(length: int = 200, every: float = 0.1) -> Iterator[str]:
    """A server that answers 200 at once, then sends its body of ``length`` spaces one byte every ``every`` seconds."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    stop = threading.Event()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
            connection.sendall(f"Content-Length: {length}\r\n\r\n".encode())
            for _ in range(length):
                if stop.wait(every):
                    return
                try:
                    connection.sendall(b" ")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_the_timeout_is_for_the_whole_call_however_slowly_the_answer_comes() -> None:
    out = io.StringIO()
    # Twenty seconds of answer, a byte at a time: no single read waits long, and the headers come at once, well
    # within the timeout on a loaded machine.
    with dripping_server() as url:
        status = main(["list", "--endpoint", url, "--project-id", PROJECT, "--timeout", "2"], out=out)
    assert status == 1
    assert out.getvalue() == (
        f"project {PROJECT}: GET {url}/v3/{PROJECT}/cas/release-plans failed: "
        "the answer did not come whole within 2.0 s (it was still arriving)\n"
    )


def test_a_200_that_cannot_be_read_may_have_applied_the_update_and_its_arrival_is_checked(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit(target, desc="mine")
    standin.set_faults(body="html", methods={"PUT"})  # the stand-in answers before it stores anything
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    lines = out.splitlines()
    assert re.fullmatch(rf"{re.escape(str(target))}: 200 OK in \d+\.\d\d s, request id [0-9a-f-]+", lines[2])
    assert lines[3] == (
        f"{target}: unexpected answer: the server answered 200 with a body that is not JSON; it may have applied "
        "the update"
    )
    assert lines[4].startswith(f"{target}: body: <!DOCTYPE html>\\n<html><head><title>502 Bad Gateway")
    assert lines[-2:] == [
        f"{target}: arrival: NOT verified, the server's plan differs from what was sent at:",
        "  changed: desc",
    ]


def test_what_the_lost_update_check_found_is_printed_before_a_put_that_fails(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched_then_changed_elsewhere(standin, plan_id, tmp_path, desc="theirs")
    standin.set_faults(status=400, methods={"PUT"})
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id, "--overwrite")
    assert status == 1
    lines = out.splitlines()
    url = f"{standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}"
    assert lines[:3] == [
        f"{target}: lost-update check: the plan had changed on the server since the file was fetched; "
        "--overwrite sends over it at:",
        "  changed: desc",
        f"{target}: PUT {url}",
    ]
    assert lines[3].startswith(f"{target}: PUT {url} failed after ")


# -- bad endpoints, tainted credentials, redirects and Retry-After, as the command says them


@pytest.mark.parametrize(
    ("endpoint", "said"),
    [
        ("http://127.0.0.1:99999", "relplan: the endpoint --endpoint gives 'http://127.0.0.1:99999' has a port out of"),
        ("http://[::1", "relplan: the endpoint --endpoint gives 'http://[::1' is not a URL relplan can use"),
        ("http://127.0.0.1:8\nX-Evil: 1", "relplan: the endpoint --endpoint gives 'http://127.0.0.1:8\\nX-Evil: 1'"),
    ],
)
@pytest.mark.parametrize("command", ["list", "edit"])
def test_a_bad_endpoint_is_one_line_and_exit_status_2(endpoint: str, said: str, command: str, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "RELPLAN_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", command, "--endpoint", endpoint, "--project-id", PROJECT],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(said)


SECRET = "Zq8cli-secret"
TAINTED = f"{SECRET[:6]}\r\n{SECRET[6:]}"


@pytest.mark.parametrize(
    ("env", "profile", "named"),
    [
        ({"RELPLAN_TOKEN": TAINTED}, "", "the token from RELPLAN_TOKEN"),
        ({"HUAWEICLOUD_SDK_AK": TAINTED, "HUAWEICLOUD_SDK_SK": "SK-x"}, "", "the access key from HUAWEICLOUD_SDK_AK"),
        ({"HUAWEICLOUD_SDK_AK": "AK-x", "HUAWEICLOUD_SDK_SK": TAINTED}, "", "the secret key from HUAWEICLOUD_SDK_SK"),
        ({}, f"token_command = {json.dumps(f'printf {TAINTED!r}')}", "the token the token_command printed"),
        ({}, f"token = {json.dumps(TAINTED)}", "the token in profile lab"),
        ({}, f'auth = "aksk"\nak = "AK-x"\nsk = {json.dumps(TAINTED)}', "the secret key in profile lab"),
    ],
    ids=["RELPLAN_TOKEN", "AK", "SK", "token_command", "profile-token", "profile-sk"],
)
@pytest.mark.parametrize("command", [["list"], ["get", "some-plan"], ["edit", "--plan-id", "some-plan"]])
def test_a_tainted_credential_from_any_source_is_refused_and_no_output_holds_it(
    standin: Standin,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    env: dict[str, str],
    profile: str,
    named: str,
    command: list[str],
) -> None:
    monkeypatch.delenv("RELPLAN_TOKEN")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    where = ["--endpoint", standin.url, "--project-id", PROJECT]
    if profile:
        config = tmp_path / "config" / "relplan" / "config.toml"
        config.parent.mkdir(parents=True)
        auth = "" if "auth =" in profile else 'auth = "token"\n'
        table = f'[profiles.lab]\nendpoint = "{standin.url}"\nproject_id = "{PROJECT}"\n{auth}{profile}\n'
        config.write_text(table, encoding="utf-8")
        config.chmod(0o600)
        where = ["--profile", "lab"]
    out = io.StringIO()
    status = main([*command, *where], out=out)
    err = capsys.readouterr()
    assert status == 2
    [line] = err.err.splitlines()
    assert line.startswith(f"relplan: {named} contains a line break or a control character")
    everything = out.getvalue() + err.out + err.err
    assert not [part for part in (SECRET, SECRET[:6], SECRET[6:]) if part in everything]


def test_a_token_with_a_trailing_newline_just_works(standin: Standin, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELPLAN_TOKEN", f"{TOKEN}\r\n")
    status, out = relplan(standin, "list")
    assert status == 0, out


def _answering(status: int, headers: dict[str, str]) -> StandinServer:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def answer(request: object) -> JSONResponse:
        body = {"error_code": "APIGW.0308", "error_msg": "busy"} if status >= 400 else {"release_plans": []}
        return JSONResponse(body, status_code=status, headers=headers)

    return StandinServer(Starlette(routes=[Route(f"/v3/{PROJECT}/cas/release-plans", answer)]))


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_printed(status: int) -> None:
    out = io.StringIO()
    with _answering(status, {"Retry-After": "30"}) as server:
        code = main(["list", "--endpoint", server.url, "--project-id", PROJECT], out=out)
    assert code == 1
    assert out.getvalue().splitlines()[0].endswith("APIGW.0308: busy; retry after 30 s")


def test_a_redirect_is_printed_as_one_and_the_call_fails() -> None:
    out = io.StringIO()
    with _answering(302, {"Location": "https://iam.example/login"}) as server:
        code = main(["list", "--endpoint", server.url, "--project-id", PROJECT], out=out)
    assert code == 1
    assert "redirected to https://iam.example/login; relplan does not follow redirects" in out.getvalue()


def test_a_put_that_cannot_connect_says_once_that_nothing_was_sent(tmp_path: Path, plan_file: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    out = io.StringIO()
    status = main(["submit", str(plan_file), "--plan-id", "p", "--endpoint", url, "--project-id", PROJECT], out=out)
    assert status == 1
    lines = out.getvalue().splitlines()
    about = f"{plan_file}: "  # every line of submit names its file first
    assert lines[-2].startswith(f"{about}PUT {url}/v3/{PROJECT}/cas/release-plans/p failed after ")
    assert lines[-2].endswith(f"could not connect to {url}: All connection attempts failed")
    assert lines[-1] == f"{about}nothing was sent"
    assert out.getvalue().count("nothing was sent") == 1


def test_a_dropped_answer_says_once_that_the_server_may_have_applied_it(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    edit(target, desc="mine")
    standin.set_faults(drop=True, methods={"PUT"})
    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    assert "dropped before the whole answer came" in out
    assert len(re.findall(r"may (still )?(have )?appl|may or may not", out)) == 1, out


def test_a_refusal_for_changes_on_the_server_names_their_components(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    target = fetched(standin, plan_id, tmp_path)
    held = standin.store.get(plan_id)
    assert held is not None
    components = json.loads(json.dumps(held["components"]))
    components[1]["replica"] = 7
    named, unnamed = components[1]["name"], {**components[1], "name": ""}
    standin.store.update(plan_id, {**held, "components": [*components, unnamed]})
    edit(target, fail_strategy="continue")

    status, out = relplan(standin, "submit", str(target), "--plan-id", plan_id)
    assert status == 1
    assert out.splitlines()[1:3] == [f"  changed: {named} #1 \u203a replica", "  added: #2"]

"""``--log FILE`` and ``RELPLAN_LOG``: requests and timings in a private file, never a credential or a body."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import pytest

from tests.integration.conftest import ACCESS_KEY, PROJECT, SECRET_KEY, TOKEN, Standin, relplan
from tests.ui.conftest import until
from tui import commands, logs
from tui.auth import TokenAuth
from tui.cli import main
from tui.client import ServiceStageClient
from tui.target import Target

SECRET = "Zq8-log-secret-in-an-error"
PASSWORD = "pw-in-the-plan-body-9f3e"


pytestmark = pytest.mark.usefixtures("cli_environment")


def test_the_log_holds_each_request_and_the_time_taken_and_no_token_or_body(
    standin: Standin, plan_id: str, tmp_path: Path
) -> None:
    log = tmp_path / "relplan.log"
    target = tmp_path / "plan.json"
    assert relplan(standin, "get", plan_id, "-o", str(target), log=log)[0] == 0
    plan = json.loads(target.read_text(encoding="utf-8"))
    plan["components"][0]["source"]["http_password"] = PASSWORD  # a secret of the plan's own, in the PUT's body
    target.write_text(json.dumps(plan), encoding="utf-8")
    status, out = relplan(standin, "submit", str(target), plan_id, "--force", log=log)
    assert status == 0, out

    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    url = re.escape(f"{standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}")
    assert re.search(rf" INFO relplan\.http: GET {url} -> 200 in \d+\.\d{{3}} s, \d+ bytes$", text, re.MULTILINE)
    assert re.search(rf" INFO relplan\.http: PUT {url} -> 200 in \d+\.\d{{3}} s", text)
    assert re.search(r"relplan get ended in \d+\.\d{3} s$", text, re.MULTILINE)
    assert re.search(r"relplan submit ended in \d+\.\d{3} s$", text, re.MULTILINE)
    assert TOKEN not in text
    assert PASSWORD not in text
    assert "X-Auth-Token" not in text


def test_relplan_log_in_the_environment_logs_a_failure_and_never_the_secret_key(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "env.log"
    log.write_text("", encoding="utf-8")
    log.chmod(0o644)  # a file that was there, readable by others: tightened before anything is written
    monkeypatch.setenv("RELPLAN_LOG", str(log))
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", ACCESS_KEY)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SECRET_KEY)
    assert relplan(standin, "get", "no-such-plan", "--auth", "aksk")[0] == 1
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert re.search(r"relplan\.http: GET \S+/release-plans/no-such-plan -> 404 in \d+\.\d{3} s", text)
    assert SECRET_KEY not in text
    assert "SDK-HMAC-SHA256" not in text  # no Authorization header's value


def test_a_log_to_a_terminal_or_a_device_is_written_and_its_mode_left_alone(tmp_path: Path) -> None:
    import os

    reader, terminal = os.openpty()  # as --log /dev/stderr is, on a terminal
    try:
        name = os.ttyname(terminal)
        os.chmod(name, 0o620)  # a terminal's usual mode: another user's write(1) may reach it
        assert main(["--log", name, "samples"], out=io.StringIO()) == 0
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o620
        assert b"INFO relplan.cli: relplan samples ended in" in _read_until(reader, b"samples ended in")
    finally:
        os.close(terminal)
        os.close(reader)


def test_the_log_writes_control_characters_escaped_so_reading_it_cannot_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object, out: object) -> int:
        raise RuntimeError("the server said down\x1b]0;owned\x07 for now")

    monkeypatch.setattr(commands, "listing", broken)
    log = tmp_path / "relplan.log"
    missing = tmp_path / "gone\x1b[2J.json"
    where = ["--endpoint", "https://h.example", "--project-id", "p"]
    assert main(["--log", str(log), "list", *where]) == 3
    assert main(["--log", str(log), "submit", str(missing), "ID", *where]) == 2
    capsys.readouterr()
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: the server said down\\x1b]0;owned\\x07 for now" in text
    assert "gone\\x1b[2J.json" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "Traceback (most recent call last)" in text  # a traceback keeps its lines


def test_an_internal_error_says_where_its_details_are_and_the_log_has_them_without_a_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    TokenAuth(SECRET)  # a credential this process knows

    def broken(args: object, out: object) -> int:
        raise RuntimeError(f"Illegal header value b'{SECRET}'")

    monkeypatch.setattr(commands, "listing", broken)
    log = tmp_path / "crash.log"
    assert main(["--log", str(log), "list", "--endpoint", "https://h.example", "--project-id", "p"]) == 3
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(f"please report it; details in {log}")
    text = log.read_text(encoding="utf-8")
    assert "ERROR relplan.cli: internal error in relplan list" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: Illegal header value b'***'" in text
    assert SECRET not in text


async def test_a_worker_failure_in_the_editor_is_logged_and_its_notice_names_the_log(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.worker import WorkerFailed

    from tui.app import RelplanApp

    TokenAuth(SECRET)

    async def broken(self: ServiceStageClient) -> list[object]:
        raise RuntimeError(f"a bug that quotes {SECRET}")

    monkeypatch.setattr(ServiceStageClient, "list_plans", broken)
    log = logs.start_logging(tmp_path / "editor.log")
    try:
        app = RelplanApp(target=Target(standin.url, PROJECT, TokenAuth(TOKEN), ""))
        shown: list[str] = []

        async def drive() -> None:
            async with app.run_test(size=(100, 24)) as pilot:
                await until(pilot, lambda: bool(app._notifications), "the failure is shown")
                shown.extend(note.message for note in app._notifications)

        with pytest.raises(WorkerFailed):  # the bug still fails the test, after the app showed it and went on
            await drive()
    finally:
        logs.stop_logging()
    [message] = shown  # asserted out here: the app's own WorkerFailed would hide a failed assert inside
    assert message.startswith("Internal error, your edits are kept: RuntimeError: a bug that quotes ***")
    assert message.endswith(f"; details in {log}")
    text = log.read_text(encoding="utf-8")
    assert "ERROR relplan.app: a worker failed" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: a bug that quotes ***" in text
    assert SECRET not in text


def _read_until(reader: int, wanted: bytes) -> bytes:
    """What a terminal's other end has received, up to ``wanted``: the kernel hands a pty's lines over one by one."""
    import os
    import select

    seen = b""
    while wanted not in seen and select.select([reader], [], [], 10)[0]:
        seen += os.read(reader, 65536)
    return seen

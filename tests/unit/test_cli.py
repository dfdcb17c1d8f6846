"""``relplan validate``: exit status, text and JSON output, and no traceback for any input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PLANS, edited, load
from tui.cli import main
from tui.jsontext import dump_json


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def write(path: Path, plan: object) -> str:
    path.write_text(dump_json(plan), encoding="utf-8")  # type: ignore[arg-type]
    return str(path)


def test_a_valid_plan_exits_0() -> None:
    status, out = run("validate", str(PLANS / "minimal.json"))
    assert status == 0
    assert out == f"{PLANS / 'minimal.json'}: valid\n"


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path / "w.json", edited(load("minimal.json"), {("components", 0, "replicas"): 2}))
    status, out = run("validate", path)
    assert status == 0
    assert out.splitlines() == [
        f'{path}: components.0 (api).replicas: warning: "replicas" is not a field the API knows; did you mean replica?',
        f"{path}: 0 errors, 1 warning",
    ]


def test_errors_exit_1_with_one_line_each(tmp_path: Path) -> None:
    plan = edited(load("minimal.json"), {("components", 0, "version"): "1.0", ("fail_strategy",): "abort"})
    path = write(tmp_path / "e.json", plan)
    status, out = run("validate", path)
    assert status == 1
    assert out.splitlines() == [
        f'{path}: fail_strategy: error: fail_strategy must be one of "continue", "stop"; "abort" is not',
        f"{path}: components.0 (api).version: error: version must be 3 or 4 whole numbers separated by dots, "
        'like 1.0.0 or 1.0.0.1; "1.0" is not',
        f"{path}: 2 errors, 0 warnings",
    ]


def test_an_unreadable_file_exits_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": ', encoding="utf-8")
    status, out = run("validate", str(broken), str(PLANS / "minimal.json"))
    assert status == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"{broken}: ends before the JSON does")
    assert lines[1] == f"{PLANS / 'minimal.json'}: valid"
    assert lines[2] == "2 files: 1 could not be read, 1 read: valid"


def test_json_output(tmp_path: Path) -> None:
    path = write(tmp_path / "e.json", edited(load("minimal.json"), {("components", 0, "seq"): 0}))
    status, out = run("validate", "--format", "json", path)
    assert status == 1
    assert json.loads(out) == [
        {
            "file": path,
            "path": ["components", 0, "seq"],
            "severity": "error",
            "message": "seq must be 1 or more; 0 is not",
        }
    ]


def test_json_output_of_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    status, out = run("validate", "--format", "json", str(path))
    assert status == 2
    assert json.loads(out) == [
        {
            "file": str(path),
            "path": [],
            "severity": "error",
            "message": "relplan reads .json and .toml plan files, not .txt",
        }
    ]


def test_terminal_escapes_in_a_plan_are_printed_harmlessly(tmp_path: Path) -> None:
    plan = edited(load("minimal.json"), {("components", 0, "\x1b[31mevil\x1b[0m"): 1})
    status, out = run("validate", write(tmp_path / "x.json", plan))
    assert status == 0
    assert "\x1b" not in out
    assert "\\x1b[31mevil" in out


def test_the_console_script_runs_without_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\x00\x01\x02")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "validate", str(binary), str(tmp_path / "absent.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{binary}: looks like a binary file" in result.stdout
    assert f"{tmp_path / 'absent.json'}: no such file" in result.stdout


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("relplan 0.")


def test_a_document_can_be_validated_directly() -> None:
    from tui.document import Document
    from tui.validation import validate

    assert validate(Document(load("minimal.json"))) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["standin", "--port", "70000"], "argument --port: a port is from 0 to 65535, not 70000"),
        (["standin", "--delay", "-1"], "argument --delay: delay must be between 0 and 300 seconds"),
        (
            ["standin", "--fail-status", "200"],
            "argument --fail-status: status must be an HTTP error status from 400 to 599",
        ),
        (
            ["standin", "--fault-methods", "DELETE"],
            "argument --fault-methods: methods has DELETE; the API answers GET, POST, PUT",
        ),
        (["standin", "--token", ""], "argument --token: cannot be empty"),
        (["list", "--timeout", "0"], "argument --timeout: a timeout is a number of seconds above 0, not 0"),
        (
            ["get", "x", "--endpoint", "http://[::1]:1", "--region", "ap-southeast-1"],
            "argument --region: not allowed with argument --endpoint",
        ),
    ],
    ids=["port", "delay", "status", "methods", "empty-token", "timeout", "endpoint-and-region"],
)
def test_a_bad_flag_value_is_a_usage_error(
    argv: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder that is not there: should a flag pass unchecked, the stand-in still stops before it serves.
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--data", str(tmp_path / "absent")] if argv[0] == "standin" else argv)
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"relplan {argv[0]}: error: {said}"


async def test_submit_says_an_update_arrived_when_its_answer_could_not_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    from tui import remote
    from tui.auth import TokenAuth
    from tui.client import ServiceStageClient
    from tui.connection import Connection

    held = load("minimal.json")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            held.update(json.loads(request.content))
            return httpx.Response(200, text="<html>saved</html>")
        return httpx.Response(200, json=held)

    def client(connection: Connection, *, timeout: float) -> ServiceStageClient:
        transport = httpx.MockTransport(handler)
        return ServiceStageClient(connection.endpoint, connection.project_id, connection.auth, transport=transport)

    monkeypatch.setattr(Connection, "client", client)
    target = tmp_path / "plan.json"
    target.write_text(dump_json({**held, "desc": "mine"}), encoding="utf-8")
    out = io.StringIO()
    connection = Connection("https://ss.example.com", "proj", "token", TokenAuth("t"))
    status = await remote.submit_plan(connection, target, "plan-1", out, timeout=5)
    assert status == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{target}: lost-update check: not made")
    assert lines[3] == (
        f"{target}: unexpected answer: the server answered 200 with a body that is not JSON; the update arrived "
        "all the same"
    )
    assert lines[-1] == f"{target}: arrival: verified, the server holds exactly what was sent"


def test_an_internal_error_is_one_line_exit_status_3_and_never_shows_a_credential(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui import commands
    from tui.auth import TokenAuth

    TokenAuth("Zq8cli-internal-secret")  # read by this process, as every credential is

    def broken(args: object, out: object) -> int:
        raise RuntimeError("Illegal header value b'Zq8cli-internal-secret'")

    monkeypatch.setattr(commands, "listing", broken)
    assert main(["list", "--endpoint", "https://h", "--project-id", "p"]) == 3
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        "relplan: internal error (RuntimeError: Illegal header value b'***'); please report it; "
        "run with --log FILE (or RELPLAN_LOG=FILE) for details"
    )


def test_an_internal_error_in_a_process_without_a_log_prints_no_traceback() -> None:
    """In a process of its own, where no test harness catches log records, a bug leaves one line on stderr."""
    code = (
        "from tui import commands\n"
        "from tui.cli import main\n"
        "def broken(args, out):\n"
        "    raise RuntimeError('Zq8proc-internal')\n"
        "commands.listing = broken\n"
        "raise SystemExit(main(['list', '--endpoint', 'https://h', '--project-id', 'p']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        "relplan: internal error (RuntimeError: Zq8proc-internal); please report it; "
        "run with --log FILE (or RELPLAN_LOG=FILE) for details"
    ]

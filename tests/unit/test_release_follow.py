"""The command line's release watch against httpx.MockTransport: unknown words, escaping, and Ctrl-C's note."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.auth import TokenAuth
from tui.cli import main
from tui.client import ServiceStageClient
from tui.release_follow import follow

PLAN = "p-1"


def job(name: str, status: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "id": f"id-{name}", "seq": "1", "status": status, "job_status": status, **more}


async def run(
    answers: list[dict[str, Any]], *, as_json: bool = False, watch: bool = True, start: bool = False
) -> tuple[int, list[str]]:
    """Follow a release (``start``: executed first) whose deploy-info answers are ``answers``, one per poll (the
    last one repeated)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if start and request.method == "POST":
            return httpx.Response(200)
        assert request.url.path.endswith(f"/{PLAN}/deploy-info")
        return httpx.Response(200, json={"id": PLAN, "components": answers.pop(0) if len(answers) > 1 else answers[0]})

    async def sleep(seconds: float) -> None:
        pass

    out = io.StringIO()
    transport = httpx.MockTransport(handler)
    async with ServiceStageClient("https://ss.example.com", "proj", TokenAuth("t"), transport=transport) as client:
        status = await follow(client, PLAN, out, start=start, watch=watch, as_json=as_json, sleep=sleep)
    return status, [line.removeprefix(f"plan {PLAN}: ") for line in out.getvalue().splitlines()]


async def test_an_unknown_status_word_is_shown_as_unknown_and_the_watch_waits_for_a_known_one() -> None:
    status, lines = await run([[job("api", "SUSPENDED")], [job("api", "SUSPENDED")], [job("api", "Released")]])
    assert status == 0
    assert lines == [
        "batch 1: api: unknown (SUSPENDED)",
        "batch 1: api: released (Released)",
        "released 1, failed 0 of 1",
    ]


async def test_without_watch_an_unknown_word_is_never_a_release() -> None:
    status, lines = await run([[job("api", "SUSPENDED"), job("web", "SUCCESS")]], watch=False)
    assert status == 1
    assert lines[-1] == "released 1, failed 0 of 2; not ended: 0 in progress, 1 unknown"


async def test_what_the_server_sent_is_escaped_in_text_and_kept_in_json() -> None:
    hostile = "bad\x1b]0;owned\x07 \u202eevil\nline"
    answers = [[job("api\x1b[2J", "FAILED", fail_message=hostile, rollback_fail_message="no\rway")]]
    status, lines = await run(list(answers))
    assert status == 1
    shown = "batch 1: api\\x1b[2J: failed (FAILED): bad\\x1b]0;owned\\x07 \\u202eevil\\nline; rollback: no\\rway"
    assert lines[0] == shown
    assert not any(char in "".join(lines) for char in "\x1b\x07\u202e\r")
    status, records = await run(list(answers), as_json=True)
    assert "\u202e" not in "".join(records)
    first = json.loads(records[0])
    assert (first["event"], first["name"], first["fail_message"]) == ("job", "api\x1b[2J", hostile)
    assert first["phase"] == "failed"


async def test_an_execute_whose_answer_never_came_may_have_started_the_release() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    out = io.StringIO()
    transport = httpx.MockTransport(handler)
    async with ServiceStageClient("https://ss.example.com", "proj", TokenAuth("t"), transport=transport) as client:
        status = await follow(client, PLAN, out, start=True, watch=True)
    assert status == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"plan {PLAN}: POST https://ss.example.com/v3/proj/cas/release-plans/{PLAN}/execute ")
    assert lines[-1] == f"plan {PLAN}: the release may have started: check with relplan status {PLAN}"
    assert not any("update" in line for line in lines)


def test_ctrl_c_while_watching_says_the_release_goes_on_and_how_to_follow_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    async def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.release_follow.release", interrupted)
    monkeypatch.setenv("RELPLAN_TOKEN", "t")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    argv = ["execute", "plan-7", "--watch", "--endpoint", "http://127.0.0.1:9", "--project-id", "p"]
    assert main(argv) == 130
    said = capsys.readouterr()
    assert said.err == (
        "relplan: stopped watching; the release goes on on the server (follow it: relplan status plan-7 --watch)\n"
    )


NOT_STARTED = {"job_id": "", "start_time": 0}
"""What deploy-info shows of a job of a plan never executed, beside its ``CREATED`` status."""


async def test_watching_a_plan_never_executed_says_so_and_ends_at_the_first_answer() -> None:
    never = [job("api", "CREATED", **NOT_STARTED), job("web", "CREATED", **NOT_STARTED)]
    status, lines = await run([never, [job("api", "SUCCESS"), job("web", "SUCCESS")]])
    assert status == 1
    assert lines == [
        "batch 1: api: not started (CREATED)",
        "batch 1: web: not started (CREATED)",
        f"never executed: no job has started; relplan execute {PLAN} starts it",
    ]
    status, lines = await run([never, [job("api", "SUCCESS"), job("web", "SUCCESS")]], as_json=True)
    said = json.loads(lines[-1])
    said.pop("time")
    assert (status, said) == (1, {"event": "not_executed", "plan_id": PLAN, "total": 2})


async def test_without_watch_a_plan_never_executed_reads_not_started_not_in_progress() -> None:
    never = [job("api", "CREATED", **NOT_STARTED), job("web", "CREATED", **NOT_STARTED)]
    status, lines = await run([never], watch=False)
    assert status == 1
    assert lines == [
        "batch 1: api: not started (CREATED)",
        "batch 1: web: not started (CREATED)",
        f"never executed: no job has started; relplan execute {PLAN} starts it",
    ]
    status, lines = await run([never], watch=False, as_json=True)
    records = [json.loads(line) for line in lines]
    assert status == 1
    assert [(record["event"], record.get("phase")) for record in records] == [
        ("job", "not_started"),
        ("job", "not_started"),
        ("not_executed", None),
    ]


async def test_a_created_job_of_a_release_under_way_is_still_in_progress() -> None:
    status, lines = await run(
        [[job("api", "SUCCESS", job_id="j-1"), job("web", "CREATED", **NOT_STARTED)]], watch=False
    )
    assert status == 1
    assert lines == [
        "batch 1: api: released (SUCCESS)",
        "batch 1: web: in progress (CREATED)",
        "released 1, failed 0 of 2; not ended: 1 in progress, 0 unknown",
    ]


async def test_a_release_started_here_is_followed_through_its_jobs_not_started_yet() -> None:
    status, lines = await run([[job("api", "CREATED", **NOT_STARTED)], [job("api", "SUCCESS")]], start=True)
    assert (status, lines[-1]) == (0, "released 1, failed 0 of 1")


def test_status_help_says_what_watching_a_plan_never_executed_does() -> None:
    from tui.cli_parser import build_parser

    subcommands = build_parser("status")._defaults["subcommands"]
    assert "a plan never executed" in " ".join(subcommands.choices["status"].format_help().split())

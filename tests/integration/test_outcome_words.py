"""Every way an update can end is said on one line that says each thing once, and told whole for ``f6``.

The failures are real: the client talks to the stand-in on loopback (or to a closed port), with its faults on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.helpers import closed_port
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.errors import ClientError, DocumentError
from tui.jsonfiles import ReadOnlyError
from tui.plan_wire import editable
from tui.sending import (
    CHECK_FAILED,
    DIFFERS,
    F6_POINTERS,
    HOLDS,
    MAY_APPLY,
    NOT_CHECKED,
    Report,
    failed,
    internal_error,
    not_saved,
    sent,
    stopped,
)
from tui.types import JSON

SAME_THING = {
    "whether it went out": r"\bnot sent\b|nothing was sent|did not go out",
    "that it may apply": r"may (still )?(have )?appl|may or may not",
    "that the edits are kept": r"edits are kept",
    "that no answer came": r"\bno answer\b|did not come whole|before the whole answer came",
    "the request id": r"request id",
    "f6": r"\bf6\b",
    "ctrl+r": r"ctrl\+r",
}
"""Clauses that say the same thing in other words: a line says each at most once."""


def repeats(line: str) -> list[str]:
    """What ``line`` says twice: a clause word for word, or one thing in other words."""
    said = [clause.strip().casefold() for clause in re.split(r" · |; |: |\. | \(|\)", line) if clause.strip()]
    twice = sorted({clause for clause in said if said.count(clause) > 1})
    twice += [what for what, words in SAME_THING.items() if len(re.findall(words, line, re.IGNORECASE)) > 1]
    return twice


def test_the_check_finds_the_repeats_it_is_for() -> None:
    assert repeats("Not sent: could not connect; nothing was sent · your edits are kept") == ["whether it went out"]
    assert repeats("No answer: no answer after 30 s (waiting)") == ["that no answer came"]
    assert repeats("a · b · your edits are kept · your edits are kept") == [
        "your edits are kept",
        "that the edits are kept",
    ]
    assert repeats("Not sent: could not connect · your edits are kept · f6 shows it") == []


async def plan_of(standin: Standin, plan_id: str) -> dict[str, JSON]:
    async with ServiceStageClient(standin.url, PROJECT, TokenAuth(TOKEN)) as client:
        return editable(await client.get_plan(plan_id))


async def outcome(url: str, plan_id: str, plan: dict[str, JSON], *, timeout: float = 5.0, **options: object) -> Report:
    """Send ``plan`` as the editor does and make the report it shows."""
    client = ServiceStageClient(url, PROJECT, TokenAuth(TOKEN), timeout=timeout)
    async with client:
        where = client.plan_url(plan_id)
        try:
            submission = await client.submit(plan_id, plan, **options)  # type: ignore[arg-type]
        except (ClientError, DocumentError) as exc:
            return failed(exc, where)
    return sent(submission)


@pytest.fixture
async def reports(standin: Standin, plan_id: str) -> dict[str, Report]:
    plan = await plan_of(standin, plan_id)
    edited = {**plan, "desc": "edited"}
    nowhere = f"http://127.0.0.1:{closed_port()}"
    made: dict[str, Report] = {}
    made["verified"] = await outcome(standin.url, plan_id, edited)
    made["refused"] = await outcome(nowhere, plan_id, edited)
    made["lost-update check failed"] = await outcome(nowhere, plan_id, edited, opened=plan)
    made["changed on the server"] = await outcome(standin.url, plan_id, plan, opened={**plan, "desc": "then"})
    made["invalid"] = await outcome(standin.url, plan_id, {**plan, "components": "none"})
    made["not finite"] = await outcome(standin.url, plan_id, {**plan, "desc": float("inf")})
    faults: dict[str, dict[str, object]] = {
        "500": {"status": 500, "methods": {"PUT"}},
        "dropped": {"drop": True, "methods": {"PUT"}},
        "html": {"body": "html", "methods": {"PUT"}},
        "empty": {"body": "empty", "methods": {"PUT"}},
        "arrival unchecked": {"status": 500, "methods": {"GET"}},
    }
    for name, switched in faults.items():
        standin.set_faults(**switched)
        made[name] = await outcome(standin.url, plan_id, {**edited, "desc": name})
        standin.clear_faults()
    standin.set_faults(delay=30.0, methods={"PUT"})  # held far past the timeout: no answer, whatever the machine
    made["no answer"] = await outcome(standin.url, plan_id, edited, timeout=1.0)
    standin.clear_faults()
    made["stopped waiting"] = stopped(2.1, f"{standin.url}/v3/{PROJECT}/cas/release-plans/{plan_id}")
    made["internal error"] = internal_error(RuntimeError("a bug"), sending="PUT http://example")
    made["not saved"] = not_saved("plan.json", ReadOnlyError("plan.json is read-only; nothing was written"))
    return made


async def test_no_outcome_says_a_thing_twice(reports: dict[str, Report]) -> None:
    assert len(reports) == 15
    said = {name: repeats(report.line) for name, report in reports.items()}
    assert not any(said.values()), {name: reports[name].line for name, twice in said.items() if twice}


async def test_the_whole_text_holds_the_whole_line_and_says_what_was_sent(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        line = report.line
        for pointer in F6_POINTERS:  # read under f6, the whole story does not point to f6
            line = line.removesuffix(pointer)
        assert report.text.startswith(line + "\n"), name
        assert "f6 shows" not in report.text, name  # not a bare "f6": a request id may hold those two characters
    nothing: Callable[[str], bool] = lambda name: "Nothing was sent" in reports[name].text  # noqa: E731
    assert all(map(nothing, ["refused", "lost-update check failed", "changed on the server", "not finite"]))
    assert "  changed: desc" in reports["changed on the server"].text
    assert "The server's answer:\nPUT " in reports["500"].text
    assert "x-request-id: " in reports["500"].text.lower()
    assert "The server's answer:" in reports["html"].text
    assert "may or may not have applied" in reports["dropped"].text
    assert "The file was left as it was." in reports["not saved"].text


async def test_the_status_line_and_relplan_submit_say_an_outcome_in_the_same_words(reports: dict[str, Report]) -> None:
    same = {
        "verified": HOLDS,
        "arrival unchecked": NOT_CHECKED,
        "html": DIFFERS,
        "empty": DIFFERS,
        "dropped": MAY_APPLY,
        "no answer": MAY_APPLY,
        "lost-update check failed": CHECK_FAILED,
    }
    for name, words in same.items():
        report = reports[name]
        assert words in report.line, name
        assert any(words in line for line in report.lines), (name, report.lines)


async def test_whether_the_server_may_have_applied_the_update_is_said_for_every_outcome(
    reports: dict[str, Report],
) -> None:
    may = {name for name, report in reports.items() if report.may_have_applied}
    answered = {"verified", "html", "empty", "arrival unchecked"}
    assert may == answered | {"dropped", "no answer", "stopped waiting", "internal error"}

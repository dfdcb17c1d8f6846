"""An error nothing handled ends the editor with a traceback that shows no variable's value; a bug in a worker ends
at the last resort, which says it, keeps the draft and lets the editor go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.worker import WorkerFailed

import tui.app
import tui.shell.drafts
from screens.review import ReviewScreen
from tests.helpers import closed_port
from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.document import Document
from tui.drafts import draft_key, read_draft
from tui.target import Target
from widgets.request_status import Outcome, RequestStatus

SECRET = "tok-3f9a-never-shown"


class Broken(RelplanApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def action_help(self) -> None:
        token = SECRET  # a frame's local, as a credential may be  # noqa: F841
        raise RuntimeError("a bug")


async def test_a_crash_shows_no_local_variable(capsys: pytest.CaptureFixture[str]) -> None:
    app = Broken(Document({"name": "p", "components": []}))

    async def crash() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("f1")
            await pilot.pause()

    with pytest.raises(RuntimeError, match="a bug"):
        await crash()
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert "RuntimeError" in shown and "a bug" in shown
    assert SECRET not in shown


async def test_a_bug_in_the_send_ends_it_on_the_status_line_with_the_draft_written(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the send")

    monkeypatch.setattr(ServiceStageClient, "submit", broken)
    monkeypatch.setattr(tui.shell.drafts, "DRAFT_AFTER", 3600.0)  # no draft is written on its own while the test runs
    # a port nobody listens on: the review's check fails, the send goes ahead
    target = Target(f"http://127.0.0.1:{closed_port()}", "demo", TokenAuth("t"), "plan-1", timeout=5.0)
    app = RelplanApp(Document.load(plan_file), target=target)
    key = draft_key(endpoint=target.endpoint, project_id="demo", plan_id="plan-1")
    seen: dict[str, object] = {}

    async def send() -> None:  # what it sees is asserted after the end: run_test raises the bug over an assertion
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await find(pilot, "desc", focus=("desc",))
            await pilot.press("end", "!", "ctrl+r")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
            review = app.screen
            await until(pilot, lambda: "Could not check" in str(review.query_one("#review-server").render()), "checked")
            seen["draft before"] = read_draft(key)
            await pilot.press("enter")
            assert app.editor is not None
            status = app.editor.query_one(RequestStatus)
            await until(pilot, lambda: status.outcome is not None, "the send ended")
            seen["outcome"], seen["line"] = status.outcome, status.text
            seen["waiting"] = (status.in_flight, app.sending, app.in_flight)
            drafted = read_draft(key)
            seen["drafted"] = drafted.plan if drafted is not None else None
            seen["plan"] = app.session.document.data
            seen["running"] = app.is_running

    with pytest.raises(WorkerFailed, match="a bug in the send"):  # the bug still fails a test that does not expect it
        await send()
    assert seen["draft before"] is None
    assert seen["outcome"] is Outcome.FAILED
    assert str(seen["line"]).startswith("Internal error (RuntimeError: a bug in the send) · your edits are kept")
    assert seen["waiting"] == (False, False, None)
    assert seen["drafted"] == seen["plan"]
    assert str(app.session.document.get(("desc",))).endswith("!")
    assert seen["running"]

"""Releasing from the editor by keys: the question, one execute, the watch view through scripted polls, lost contact
and recovery, the summary and the bell, leaving and reopening the view, stopping the watch, quitting during it.

The sends go to the stand-in's app in the same process; the release's calls are scripted (:class:`Script`), reached
through the App's worker as the real ones are.
"""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Static

from screens.confirm import ConfirmScreen
from screens.editor import PlanEditorScreen
from screens.help import palette_commands
from screens.release_confirm import ReleaseConfirmScreen
from screens.release_watch import ReleaseWatchScreen
from screens.review import ReviewScreen
from tests.snapshots.test_send_snapshots import Stage
from tests.ui.conftest import find, ready, said, until
from tui.app import RelplanApp
from tui.client import Arrival
from tui.errors import ConnectionLostError
from tui.release import DeployInfo, Job
from tui.standin.store import SMALL_ID
from widgets.release_header import ReleaseHeader
from widgets.release_rows import ReleaseRows
from widgets.request_status import RequestStatus

HOSTILE = "evil\x1b[2J\x1b]0;owned\x07"
"""A name and a message that would clear the screen and retitle the terminal, were they written raw."""
START = 1_795_000_000_000
"""The release's start, in epoch milliseconds; the watch view counts elapsed times to START + 90 s."""


class Script:
    """The release's calls, answered from a queue the test fills: each poll waits for the next answer."""

    def __init__(self) -> None:
        self.answers: asyncio.Queue[DeployInfo | Exception] = asyncio.Queue()
        self.executed = 0
        self.polls = 0

    async def execute(self) -> None:
        self.executed += 1

    async def deploy_info(self) -> DeployInfo:
        answer = await self.answers.get()
        self.polls += 1
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def aclose(self) -> None:
        pass


def job(name: str, seq: str, status: str, *, fail: str = "", rollback: str = "", ended: bool = False) -> Job:
    return Job(
        name,
        f"id-{name}",
        seq,
        status=status,
        job_status=status,
        start_time=START if status != "WAITING" else None,
        end_time=START + 30_000 if ended else None,
        fail_message=fail,
        rollback_fail_message=rollback,
    )


def info(*jobs: Job) -> DeployInfo:
    return DeployInfo(SMALL_ID, jobs)


MID = info(
    job("order-api", "1", "SUCCESS", ended=True),
    job("web-frontend", "2", "RUNNING"),
    job(HOSTILE, "2", "WAITING"),
)
ON = info(
    job("order-api", "1", "SUCCESS", ended=True),
    job("web-frontend", "2", "SUCCESS", ended=True),
    job(HOSTILE, "2", "RUNNING"),
)
LATER = info(
    job("order-api", "1", "SUCCESS", ended=True),
    job("web-frontend", "2", "SUCCESS", ended=True),
    job(HOSTILE, "2", "ROLLING_BACK", fail=f"image pull failed: {HOSTILE}", ended=True),
)
END = info(
    job("order-api", "1", "SUCCESS", ended=True),
    job("web-frontend", "2", "SUCCESS", ended=True),
    job(HOSTILE, "2", "ROLLED_BACK", fail=f"image pull failed: {HOSTILE}", ended=True),
)


def lines(pilot: Pilot[None]) -> list[str]:
    """The watch view's rows as drawn."""
    rows = pilot.app.screen.query_one(ReleaseRows)
    return [rows.render_line(y).text for y in range(rows.size.height)]


def status_line(app: RelplanApp) -> str:
    editor = app.editor
    assert editor is not None
    return str(editor.query_one(RequestStatus).render())


def question(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#release-question", Static).render())


async def answered(pilot: Pilot[None], script: Script, answer: DeployInfo | Exception, polls: int) -> None:
    script.answers.put_nowait(answer)
    await until(pilot, lambda: script.polls >= polls, f"poll {polls} answered")


async def test_release_by_keys_from_question_to_summary() -> None:
    app = Stage().editor()
    script = Script()
    app.release_calls = lambda target: script
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    app.release_sleep = no_wait
    app.release_now = lambda: START + 90_000
    rang: list[int] = []
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # an edit not sent: the server holds a different plan, and only that is offered
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!", "escape", "f5")
        await until(pilot, lambda: isinstance(app.screen, ReleaseConfirmScreen), "the question")
        asked = question(pilot)
        assert "The server holds a different plan than the editor" in asked
        assert "releases what the server holds" in asked
        await pilot.press("escape")
        assert script.executed == 0

        # f5 and f7 are in the command palette too
        editor = app.editor
        assert editor is not None
        assert {"Release", "Watch the release"} <= {command.title for command in palette_commands(editor)}  # type: ignore[arg-type]

        # sent and verified: the status line offers f5
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        await pilot.press("enter")
        await until(pilot, lambda: "f5 Release" in status_line(app), "the release is offered")

        # the question names the plan, its components and batches and its fail strategy; enter executes, once
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReleaseConfirmScreen), "the question")
        asked = question(pilot)
        assert "different plan" not in asked
        assert f"plan storefront-2026-11 ({SMALL_ID}): 2 components in 2 batches, fail strategy stop" in asked
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReleaseWatchScreen), "the watch view")
        await until(pilot, lambda: script.executed == 1, "executed")

        # rows after scripted polls: batches in order, phases, elapsed times, hostile text escaped
        await answered(pilot, script, MID, 1)
        await pilot.pause()
        shown = lines(pilot)
        assert shown[0].startswith("batch 1 " + "█" * 20) and "1/1" in shown[0]
        assert "order-api" in shown[1] and "✓ released" in shown[1] and "30 s" in shown[1]
        assert shown[2].startswith("batch 2 " + "░" * 20) and "0/2" in shown[2]
        assert "web-frontend" in shown[3] and "… in progress" in shown[3] and "1m30s" in shown[3]
        header = app.screen.query_one(ReleaseHeader)
        assert header.status == "releasing" and header.tally.done == 1 and header.tally.total == 3

        # lost contact, then recovery; only the rows that changed are drawn again
        await answered(pilot, script, ConnectionLostError("the connection dropped"), 2)
        await pilot.pause()
        assert header.status == "lost contact, retrying in 2 s"
        note = str(app.screen.query_one("#release-note", Static).render())
        assert "lost contact, retrying in 2 s" in note
        rows = app.screen.query_one(ReleaseRows)
        drawn = rows.repainted
        await answered(pilot, script, ON, 3)
        await pilot.pause()
        assert header.status == "releasing"
        assert "contact regained" in str(app.screen.query_one("#release-note", Static).render())
        assert rows.repainted - drawn == 3  # batch 2, web-frontend released, the hostile one started
        drawn = rows.repainted
        await answered(pilot, script, LATER, 4)
        await pilot.pause()
        assert header.status == "releasing, with failures"
        assert rows.repainted - drawn == 3  # batch 2, the failed component and its new message, no other
        shown = lines(pilot)
        assert not any("\x1b" in line or "\x07" in line for line in shown)
        assert any("evil\\x1b[2J" in line and "↺ rolling back" in line for line in shown)
        assert any("failed: image pull failed: evil\\x1b[2J" in line for line in shown)
        drawn = rows.repainted
        await answered(pilot, script, LATER, 5)
        await pilot.pause()
        assert rows.repainted == drawn  # nothing changed: nothing drawn again

        # escape leaves the view; the watch goes on, its progress in the status line; f5 is refused meanwhile
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "back in the editor")
        assert "releasing 3/3, 1 failed" in status_line(app) and "f7 shows it" in status_line(app)
        await pilot.press("f5")
        await until(pilot, lambda: any("already running" in text for text in said(app)), "a second f5 is refused")
        assert not isinstance(app.screen, ReleaseConfirmScreen)

        # quitting while it runs says it goes on, and how to follow it from the command line
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked before quitting")
        assert f"relplan status {SMALL_ID} --watch" in str(app.screen.query_one(Static).render())
        await pilot.press("n")

        # the end: a bell, the summary in the status line and, reopened, in the view
        await answered(pilot, script, END, 6)
        await until(pilot, lambda: bool(rang), "the bell rang")
        assert "release ended: released 2, failed 1" in status_line(app)
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, ReleaseWatchScreen), "the watch view again")
        note = str(app.screen.query_one("#release-note", Static).render())
        assert "released 2, failed 1" in note
        assert "(batch 2): rolled back: image pull failed: evil\\x1b[2J" in note and "\x1b" not in note
        assert app.screen.query_one(ReleaseHeader).status == "ended with failures"
        assert script.executed == 1 and waits == [2.0, 2.0, 2.0, 2.0, 2.0]

        # after a send whose arrival could not be checked, the question says the server's plan may differ
        app.arrival_checked(Arrival(False, error="no answer in 30 s"))
        await pilot.press("escape", "f5")
        await until(pilot, lambda: isinstance(app.screen, ReleaseConfirmScreen), "the question")
        asked = question(pilot)
        assert "The server holds a different plan than the editor: the check after the last send could not" in asked
        assert "(no answer in 30 s)" in asked
        await pilot.press("escape")
        app.arrival_checked(Arrival(True))

        # a second release, stopped: the watch ends, the release goes on on the server
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReleaseConfirmScreen), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: script.executed == 2, "executed again")
        await pilot.press("x")
        await until(pilot, lambda: any("goes on on the server" in text for text in said(app)), "stopping said so")
        assert app.release is not None and not app.release.running
        # a plan from a file (no server): nothing to release
        target, app.session.target = app.session.target, None
        await pilot.press("escape", "f5")
        await until(pilot, lambda: any("nothing to release" in text for text in said(app)), "f5 said so")
        assert "no connection" in said(app)[-1] and not isinstance(app.screen, ReleaseConfirmScreen)
        app.session.target = target

        await pilot.press("ctrl+q")  # no release watched now: no question about it
        await until(pilot, lambda: not app.is_running, "quit")

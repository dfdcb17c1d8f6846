"""What a person sees at 80x24 while watching a release: batches mid-release, and the summary after a failure.

The release's calls are scripted (see ``tests/ui/test_release_ui.py``); the elapsed times count to a fixed moment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from screens.release_confirm import ReleaseConfirmScreen
from screens.release_watch import ReleaseWatchScreen
from tests.snapshots.test_send_snapshots import Stage
from tests.ui.conftest import no_blinking, ready, until
from tests.ui.test_release_ui import START, Script, info, job
from tui.app import RelplanApp
from tui.release import DeployInfo, Job

SnapCompare = Callable[..., bool]

NAMES = ("order-api", "cart-api", "payments", "catalog", "search", "web-frontend", "mailer", "reports")


def _jobs(statuses: list[str], *, failed: str = "") -> tuple[Job, ...]:
    """A job per name, in batches of three, with ``statuses`` in order (``FAILED`` gets a message and rolls back)."""
    made = []
    for index, (name, status) in enumerate(zip(NAMES, statuses, strict=True)):
        seq = str(index // 3 + 1)
        if status == "ROLLED_BACK":
            made.append(job(name, seq, status, fail=failed, rollback="scaled back to 2 replicas", ended=True))
        else:
            made.append(job(name, seq, status, ended=status in ("SUCCESS",)))
    return tuple(made)


MID = info(*_jobs(["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "RUNNING", "PAUSED", "WAITING", "WAITING"]))
FAILED = info(
    *_jobs(
        ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "ROLLED_BACK", "SUCCESS", "SUCCESS", "SUCCESS"],
        failed="readiness probe failed on port 8080 after 300 s",
    )
)


def _watching(answers: list[DeployInfo]) -> tuple[RelplanApp, Callable[[Pilot[None]], object]]:
    app = Stage().editor()
    script = Script()
    app.release_calls = lambda target: script
    app.release_now = lambda: START + 95_000

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    app.release_sleep = no_wait
    app.bell = lambda: None  # type: ignore[method-assign]

    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReleaseConfirmScreen), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReleaseWatchScreen), "the watch view")
        for polls, answer in enumerate(answers, 1):
            script.answers.put_nowait(answer)
            await until(pilot, lambda polls=polls: script.polls >= polls, "answered")  # type: ignore[misc]
        no_blinking(app)
        await pilot.pause()

    return app, run


def test_watch_mid_release(snap_compare: SnapCompare) -> None:
    app, run = _watching([MID])
    assert snap_compare(app, run_before=run)


def test_watch_after_a_failure(snap_compare: SnapCompare) -> None:
    app, run = _watching([MID, FAILED])
    assert snap_compare(app, run_before=run)

"""What watching a release costs: the watch view's first frame, and a poll's CPU time with a few changes or none.

``python -m tests.bench.watch_view [--sizes 64,1000] [--polls 20]`` prints milliseconds of CPU (process time)
per figure, and a poll's share of one core when polled every 2 s. Everything a poll does in the editor is counted:
the changes since the last answer, the rows built again, the lines drawn again, the frame.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Mapping

from textual.app import App

from screens.release_watch import ReleaseWatchScreen
from tests.bench.by_size import run_by_size
from tui.release import DeployInfo, Job, changes
from tui.releasing import PlanFacts, Release

START = 1_795_000_000_000


def _info(size: int, step: int) -> DeployInfo:
    """``size`` jobs in batches of 8; by ``step``, the first ``step`` jobs released and the next 8 running."""
    jobs = []
    for index in range(size):
        status = "SUCCESS" if index < step else "RUNNING" if index < step + 8 else "WAITING"
        ended = START + 30_000 if status == "SUCCESS" else None
        started = START if status != "WAITING" else None
        jobs.append(
            Job(
                f"component-{index:04d}",
                f"id-{index}",
                str(index // 8 + 1),
                status=status,
                job_status=status,
                start_time=started,
                end_time=ended,
            )
        )
    return DeployInfo("plan", tuple(jobs))


async def _measure(size: int, polls: int) -> dict[str, float]:
    release = Release(PlanFacts("plan", "plan", size, size // 8, "stop"))
    release.polled(_info(size, 0), regained=False)
    screen = ReleaseWatchScreen(release, now_ms=lambda: START + 60_000)
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        before = time.process_time()
        await app.push_screen(screen)
        await pilot.pause()
        first = time.process_time() - before
        moving: list[float] = []
        still: list[float] = []
        last = release.info
        for poll in range(1, polls + 1):
            for series, step in ((moving, poll * 4), (still, poll * 4)):
                info = _info(size, step)
                before = time.process_time()
                changes(last, info)  # what the watch computes of every answer
                release.polled(info, regained=False)
                screen.show(release)
                await pilot.pause()
                series.append(time.process_time() - before)
                last = info
    poll_ms = statistics.median(moving) * 1000
    return {
        "first frame of the view": first * 1000,
        "a poll with 4 to 8 rows changed (median)": poll_ms,
        "a poll with nothing changed (median)": statistics.median(still) * 1000,
        "share of one core, polled every 2 s (%)": poll_ms / 2000 * 100,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--polls", type=int, default=20, help="polls per size (default 20)")

    def measure(size: int, args: argparse.Namespace) -> Mapping[str, float]:
        return asyncio.run(_measure(size, args.polls))

    return run_by_size(parser, measure, "CPU ms", argv)


if __name__ == "__main__":
    sys.exit(main())

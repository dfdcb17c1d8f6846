"""``python -m tests.bench.release_follow``: the CPU a watch of a release costs the watching side, per poll.

A release of ``--components`` components (the sample plan: four batches) runs on the stand-in on loopback, in a
thread of this process, on a clock the benchmark moves: each sleep of the watch moves it by the interval instead of
waiting, so the release is seen through ``--polls`` polls and every component goes WAITING, RUNNING, SUCCESS.

Measured: the CPU time of the watching thread alone (``time.thread_time``; the stand-in answers in its own thread,
which is not counted), from the end of one sleep to the start of the next: the request and its answer read by
httpx, the JSON parsed and checked, deploy-info read into jobs, the changes found, and their lines written (to a
real file, ``/dev/null``). The share of one core is the mean per poll divided by the interval.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from typing import TextIO, cast

from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.release_follow import follow
from tui.samples import sample_plan
from tui.standin import Credentials, PlanStore, StandinServer, create_app


class Clock:
    """Epoch seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def measure(components: int, polls: int, interval: float, as_json: bool) -> dict[str, float]:
    """Watch one release through about ``polls`` polls; CPU milliseconds per poll, and the lines written."""
    clock = Clock()
    store = PlanStore(clock=clock, release_seconds=polls * interval / 4)  # four batches over the polls
    plan_id = store.add(sample_plan(components, name="bench"))
    cpu: list[float] = []
    mark = [0.0]

    async def sleep(seconds: float) -> None:
        cpu.append(time.thread_time() - mark[0])
        clock.now += seconds
        mark[0] = time.thread_time()

    async def watch() -> int:
        with open(os.devnull, "w", encoding="utf-8") as sink:
            counting = _Counting(sink)
            async with ServiceStageClient(server.url, "demo", TokenAuth("t")) as client:
                await client.execute_plan(plan_id)
                mark[0] = time.thread_time()
                status = await follow(
                    client, plan_id, cast(TextIO, counting), watch=True, interval=interval, as_json=as_json, sleep=sleep
                )
                cpu.append(time.thread_time() - mark[0])  # the last poll and the summary
        assert status == 0
        return counting.lines

    with StandinServer(create_app(store, Credentials(token="t"))) as server:
        started = time.process_time()
        lines = asyncio.run(watch())
        whole = time.process_time() - started
    per_poll = [seconds * 1000 for seconds in cpu]
    steady = per_poll[1:]
    mean = statistics.fmean(per_poll)
    return {
        "polls": len(per_poll),
        "lines": lines,
        "first poll (ms)": per_poll[0],
        "median poll (ms)": statistics.median(steady),
        "max poll after the first (ms)": max(steady),
        "mean poll (ms)": mean,
        "share of one core (%)": mean / (interval * 1000) * 100,
        "mean poll with the stand-in's answering, for scale (ms)": whole * 1000 / len(per_poll),
    }


class _Counting:
    """A text stream that counts the lines written to the file it wraps."""

    def __init__(self, sink: object) -> None:
        self._sink = sink
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return self._sink.write(text)  # type: ignore[attr-defined, no-any-return]

    def flush(self) -> None:
        self._sink.flush()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--components", type=int, default=1000)
    parser.add_argument("--polls", type=int, default=60, help="polls over the release (default 60)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    figures = measure(args.components, args.polls, args.interval, args.format == "json")
    print(f"| watch of {args.components} components, {args.format}, every {args.interval:g} s | |")
    print("| --- | ---: |")
    for name, value in figures.items():
        print(f"| {name} | {value:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

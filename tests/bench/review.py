"""``python -m tests.bench.review``: the CPU time of opening the review of a plan with one change in every component.

The sample plan of ``--size`` components gets a new ``version`` in each (``--size`` changes in as many components);
each round opens the review over a bare screen and waits until it has drawn, and the figure is the median CPU
seconds (``time.process_time``) of the rounds, from the diff to the first frame.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

__all__ = ["review_open_cpu"]


async def review_open_cpu(size: int, rounds: int) -> list[float]:
    """The CPU seconds of each of ``rounds`` openings of the review of ``size`` changes in ``size`` components."""
    import httpx
    from textual.app import App

    from screens.review import ReviewScreen
    from tui.auth import TokenAuth
    from tui.document import Document
    from tui.samples import sample_plan
    from tui.target import Target

    document = Document(sample_plan(size))
    for index in range(size):
        document.set(("components", index, "version"), f"9.9.{index}")

    def no_server(request: httpx.Request) -> httpx.Response:  # a request is not what this measures
        raise httpx.ConnectError("no server in this benchmark", request=request)

    transport = httpx.MockTransport(no_server)
    target = Target("https://servicestage.example", "demo", TokenAuth("t"), "plan", transport=transport)
    times: list[float] = []
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(rounds + 1):  # the first round warms the imports and the styles up
            started = time.process_time()
            screen = ReviewScreen(document.changes(), document, 0, 0, target)
            await app.push_screen(screen)
            await pilot.pause()
            await pilot.pause()  # the first frame is drawn
            times.append(time.process_time() - started)
            app.pop_screen()
            await pilot.pause()
    return times[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.review", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="components, each with one change (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="openings measured (default 5)")
    args = parser.parse_args(argv)
    times = asyncio.run(review_open_cpu(args.size, args.rounds))
    shown = ", ".join(f"{t * 1000:.0f}" for t in times)
    print(f"review of {args.size} changes: median {statistics.median(times) * 1000:.0f} ms CPU ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

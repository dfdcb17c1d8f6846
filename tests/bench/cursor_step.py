"""``python -m tests.bench.cursor_step``: the CPU of one step of the tree's cursor (``j``), at 64 and 1,000 components.

The editor runs headless (Textual's test driver, 80x24) on the sample plan, the cursor on the first component.
Each step is a ``j`` pressed down the components, and its figure the CPU from the key to the screen settled and
drawn: the tree moved and repainted, and the form following the cursor once it has rested (``FORM_AFTER``)
filled and drawn. The key is sent as the test driver sends it, without the driver's wait for every widget (which
costs more CPU than the key); a window as long with no key (timers) is measured after each step and its median
taken off (``idle``); ``step`` is the median of what is left, ``worst`` its largest.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from tests.bench.by_size import run_by_size
from tests.ui.tree_cursor import on_the_first_component

TAIL = 0.1
"""Seconds the window lasts after the form has followed: the frame is drawn in them."""


async def _measure(size: int, steps: int) -> dict[str, float]:
    raw: list[float] = []
    idle: list[float] = []
    async with on_the_first_component(size) as walk:
        app, tree = walk.app, walk.tree
        for step in range(steps + 1):
            before = tree.cursor_path
            started, wall = time.process_time(), time.perf_counter()
            await app._press_keys(["j"])  # the key alone: the driver's own wait costs CPU of its own
            while tree.cursor_path == before or not walk.rested():
                await asyncio.sleep(0.005)
            await asyncio.sleep(TAIL)
            took, wall = time.process_time() - started, time.perf_counter() - wall
            started = time.process_time()
            await asyncio.sleep(wall)  # as long again with no key
            if step:  # the first step warms the form's widgets
                raw.append(took)
                idle.append(time.process_time() - started)
    rest = statistics.median(idle)
    net = [max(0.0, took - rest) for took in raw]
    return {"step": statistics.median(net) * 1000, "worst": max(net) * 1000, "idle": rest * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.cursor_step", description=__doc__)
    parser.add_argument("--steps", type=int, default=20, help="steps measured per size (default 20)")
    return run_by_size(parser, lambda size, args: asyncio.run(_measure(size, args.steps)), "CPU of a `j` (ms)", argv)


if __name__ == "__main__":
    sys.exit(main())

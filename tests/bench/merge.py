"""``python -m tests.bench.merge``: the CPU of a three-way merge of the sample plan, at 64 and 1,000 components.

Each figure is the median of ``--rounds`` merges: theirs changed one component's replica and moved another to the
front, mine changed a third component's version and deleted a fourth (no conflict); then the same with every
component's version changed differently on both sides (a conflict each), and what was taken worked out; and theirs
reversing the components while mine moves one to the front (every move of theirs put back in mine's order).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from tests.bench.by_size import run_by_size
from tui.jsontree import copy_json
from tui.merge import merge3
from tui.samples import sample_plan


def _median_ms(step: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def measure(size: int, rounds: int) -> dict[str, float]:
    """The median CPU milliseconds of each merge at ``size`` components."""
    base: dict[str, Any] = sample_plan(size)
    theirs, mine = copy_json(base), copy_json(base)
    theirs["components"][1]["replica"] = 9
    theirs["components"].insert(0, theirs["components"].pop(size // 2))
    mine["components"][2]["version"] = "9.9.9"
    del mine["components"][size // 3]
    clashing_theirs, clashing_mine = copy_json(base), copy_json(base)
    for index, component in enumerate(clashing_theirs["components"]):
        component["version"] = f"7.0.{index}"
        clashing_mine["components"][index]["version"] = f"8.0.{index}"
    reordered, moved = copy_json(base), copy_json(base)
    reordered["components"].reverse()
    moved["components"].insert(0, moved["components"].pop(size // 2))
    return {
        "clean merge": _median_ms(lambda: merge3(base, theirs, mine), rounds),
        "every component moved by theirs, one by mine": _median_ms(lambda: merge3(base, reordered, moved), rounds),
        "clean merge and what was taken": _median_ms(lambda: merge3(base, theirs, mine).taken, rounds),
        "a conflict in every component": _median_ms(lambda: merge3(base, clashing_theirs, clashing_mine), rounds),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.merge", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="merges measured per figure (default 5)")
    return run_by_size(parser, lambda size, args: measure(size, args.rounds), "CPU, median (ms)", argv)


if __name__ == "__main__":
    sys.exit(main())

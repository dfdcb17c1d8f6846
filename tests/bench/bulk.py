"""``python -m tests.bench.bulk``: the CPU of each edit of many components, in the session, at 64 and 1,000.

Each figure is the median of ``--rounds`` edits over every component of the sample plan, from the text typed to
the issues re-checked (the document, the undo step and the validation; not the screen, nor the draft written
afterwards in its own thread). The set alternates between two values, so that every round changes every component.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from tests.bench.by_size import run_by_size
from tui.bulk import Clip, copy_node
from tui.document import Document
from tui.samples import sample_plan
from tui.session import EditSession
from tui.validation import Validator
from tui.value_search import value_places


def _median_ms(step: Callable[[int], object], rounds: int) -> float:
    step(-1)  # warm: the checkers compile on first use
    times = []
    for round_ in range(rounds):
        started = time.process_time()
        step(round_)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def measure(size: int, rounds: int) -> dict[str, float]:
    """The median CPU milliseconds of each bulk edit over ``size`` components."""
    session = EditSession(Document(sample_plan(size)), validator=Validator())
    every = range(size)
    clip = copy_node(session.document.data, ("components", 0, "liveness_probe"))
    probe = clip.value if isinstance(clip.value, dict) else {}
    other = Clip(clip.path, {**probe, "delay": 45}, clip.origin)  # every round changes every component
    return {
        "set version": _median_ms(lambda n: session.set_field(every, "version", f"9.0.{n % 2}"), rounds),
        "set deploy_strategy.type": _median_ms(
            lambda n: session.set_field(every, "deploy_strategy.type", ("GrayRelease", "RollingRelease")[n % 2]),
            rounds,
        ),
        "bump versions": _median_ms(lambda n: session.bump_versions(every), rounds),
        "undo a bump": _median_ms(lambda n: (session.bump_versions(every), session.undo()), rounds)
        - _median_ms(lambda n: session.bump_versions(every), rounds),
        "paste a probe": _median_ms(lambda n: session.paste((clip, other)[n % 2], every), rounds),
        "count a value": _median_ms(lambda n: value_places(session.document.data, "Asia/Shanghai"), rounds),
        "replace a value": _median_ms(
            lambda n: session.replace_value(("Asia/Shanghai", "UTC")[n % 2], ("UTC", "Asia/Shanghai")[n % 2]),
            rounds,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bulk", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="edits measured per figure (default 7)")
    return run_by_size(parser, lambda size, args: measure(size, args.rounds), "CPU, median (ms)", argv)


if __name__ == "__main__":
    sys.exit(main())

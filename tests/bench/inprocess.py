"""The two figures measured inside this process: a draft write, and a full check against parsing the same bytes.

Each is a small function of its own, so that it follows the code it measures when that code's interface changes.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["draft_write_cpu", "validation_ratio"]


def _cpu_median(step: Callable[[], object], rounds: int) -> float:
    """The median CPU seconds of ``step`` over ``rounds`` calls, after one call to warm it up."""
    step()
    times = []
    for _ in range(rounds):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return statistics.median(times)


def draft_write_cpu(plan: Path, rounds: int) -> float:
    """CPU seconds of writing one draft of the plan in the file ``plan``, after one edit, as the editor does.

    The draft is made and written by the edit session (``save_draft(now=True)``: written before it returns), after
    its first checkpoint, one edit before each save, in a temporary data folder that is removed after.
    """
    from tui.datadir import temporary_data_dir
    from tui.document import Document
    from tui.session import EditSession

    with temporary_data_dir("relplan-bench-"):
        session = EditSession(Document.load(plan))
        session.document.set(("desc",), "edited")
        session.save_draft(now=True)  # the checkpoint, once per open; what follows is what each later save costs
        typed = iter(range(1_000_000))

        def edit_and_save() -> None:  # a save with nothing new to write would cost nothing at all
            session.document.set(("desc",), f"edited {next(typed)}")
            session.save_draft(now=True)

        try:
            return _cpu_median(edit_and_save, rounds)
        finally:
            session.drafts.let_go()


def validation_ratio(size: int, rounds: int) -> tuple[float, float, float]:
    """The full check of the sample plan of ``size`` components and ``json.loads`` of its bytes, both with the
    cyclic GC off: their median CPU seconds, and the median of their ratios round by round.

    The two alternate, a check then a parse in each round, so that a change in the machine's load (other programs
    on its cores and caches) weighs on both alike; each is repeated within a round until it has run for at least
    :data:`BATCH` seconds, so that a small plan is timed over more than a few milliseconds. At least 11 rounds.
    """
    from tui.jsontext import dump_json
    from tui.samples import sample_plan
    from tui.validation import validate

    text = dump_json(sample_plan(size))
    plan = json.loads(text)
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        validate(plan)  # warm: the models built, the walks compiled
        json.loads(text)
        started = time.process_time()
        json.loads(text)
        repeat = max(1, round(BATCH / max(time.process_time() - started, 1e-6)))
        checks, parses, ratios = [], [], []
        for _ in range(max(rounds, 11)):
            check = _cpu_of(lambda: validate(plan), repeat)
            parse = _cpu_of(lambda: json.loads(text), repeat)
            checks.append(check)
            parses.append(parse)
            ratios.append(check / parse)
    finally:
        if enabled:
            gc.enable()
    return statistics.median(checks), statistics.median(parses), statistics.median(ratios)


BATCH = 0.03
"""Seconds of CPU each of the two runs for at least, in one round of :func:`validation_ratio`."""


def _cpu_of(step: Callable[[], object], repeat: int) -> float:
    """CPU seconds of one call of ``step``, as the mean of ``repeat`` calls in a row."""
    started = time.process_time()
    for _ in range(repeat):
        step()
    return (time.process_time() - started) / repeat

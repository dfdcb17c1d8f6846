"""``python -m tests.bench.linearity``: each cost that grows with a plan, per component, from 64 components to the cap.

Every figure is CPU microseconds per component, the median of many runs (each run of a cheap step repeated until it
has taken :data:`BATCH` seconds), with the cyclic GC off while a step runs and a full collection before each figure:
a row that stays level as the plan grows is linear, one that falls is better, and one that climbs is worse. The
sample plan (``tui.samples``) is used at each size: full components, no issue in any.

- load and check: ``Document.load`` of the plan's file, then a full check (``Validator.validate``);
- full check: the check alone, and ``json.loads`` of the same text beside it;
- keystroke: a digit typed into a field of the middle component, as the editor hands it to the session
  (``EditSession.typed``: the document set, the one-edit check, the issues made again);
- undo: ``EditSession.undo`` of such a keystroke (a key typed again before each, not measured);
- move: the first component moved one place down, or back up (``EditSession.move``);
- finder's walk: a fresh finder's first search for text no key or value holds (the walk of every value and of the
  keys the reference does not list, ``FieldIndex.search``);
- table's rows: every row of the components table, with its issue counts (``component_rows``);
- merge: a three-way merge with no conflict, as ``tests.bench.merge`` makes it (``merge3``); and one where theirs
  reversed the components and mine moved one (each of theirs' moves then put in mine's order);
- draft's encode: the plan and its baseline as a draft's checkpoint encodes them (``encoded_parts``, joined).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.by_size import run_by_size
from tui.component_rows import component_rows
from tui.document import Document
from tui.draft_journal import encoded_parts
from tui.finding import FieldIndex
from tui.jsontext import dump_json
from tui.jsontree import copy_json
from tui.merge import merge3
from tui.outline import count_issues
from tui.samples import sample_plan
from tui.session import EditSession
from tui.validation import Validator, validate

SIZES = "64,250,500,1000,1400"
"""The sizes measured unless told: up to the most full components relplan opens. The bound that holds first is
on values (``tui.jsontext.MAX_VALUES``, 500,000): a sample component holds about 340, so 1,400 of them is near
the cap; a plan of the most components (``MAX_COMPONENTS``, 10,000) holds small ones."""

BATCH = 0.02
"""Seconds of CPU a cheap step is repeated for, so that one figure is not a handful of clock ticks."""


@contextmanager
def _gc_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _median_cpu(step: Callable[[], object], rounds: int, before: Callable[[], object] | None = None) -> float:
    """The median CPU seconds of one ``step`` over ``rounds`` runs (``before`` is called, unmeasured, before each
    call), after one run to warm it up."""
    if before is not None:
        before()
    step()
    started = time.process_time()
    if before is not None:
        before()
    step()
    repeat = max(1, round(BATCH / max(time.process_time() - started, 1e-6)))
    times = []
    with _gc_off():
        for _ in range(rounds):
            took = 0.0
            for _ in range(repeat):
                if before is not None:
                    before()
                started = time.process_time()
                step()
                took += time.process_time() - started
            times.append(took / repeat)
    return statistics.median(times)


def _move_and_back(session: EditSession, number: int) -> None:
    """The first component one place down, or (each second time) back up."""
    if number % 2:
        session.move(("components", 1), -1)
    else:
        session.move(("components", 0), 1)


def measure(size: int, rounds: int) -> dict[str, float]:
    """The CPU microseconds per component of each step at ``size`` components."""
    plan: dict[str, Any] = sample_plan(size)
    text = dump_json(plan)
    per = 1e6 / size
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "plan.json"
        file.write_text(text, encoding="utf-8")
        figures["load and check"] = _median_cpu(lambda: Validator().validate(Document.load(file).data), rounds) * per
    parsed = json.loads(text)
    figures["full check"] = _median_cpu(lambda: validate(parsed), rounds) * per
    figures["json.loads, beside it"] = _median_cpu(lambda: json.loads(text), rounds) * per

    session = EditSession(Document(copy_json(plan)), validator=Validator())
    field = ("components", size // 2, "replica")
    digits = iter(range(10**9))
    figures["keystroke"] = _median_cpu(lambda: session.typed(field, str(2 + next(digits) % 7)), rounds) * per
    figures["undo of a keystroke"] = (
        _median_cpu(session.undo, rounds, before=lambda: session.typed(field, str(2 + next(digits) % 7))) * per
    )
    moves = iter(range(10**9))
    figures["move"] = _median_cpu(lambda: _move_and_back(session, next(moves)), rounds) * per

    figures["finder's walk"] = _median_cpu(lambda: FieldIndex(parsed).search("zq-nothing-holds-this"), rounds) * per
    counts = count_issues(session.issues)
    figures["table's rows"] = _median_cpu(lambda: component_rows(parsed, counts), rounds) * per
    theirs, mine = copy_json(plan), copy_json(plan)
    theirs["components"][1]["replica"] = 9
    theirs["components"].insert(0, theirs["components"].pop(size // 2))
    mine["components"][2]["version"] = "9.9.9"
    del mine["components"][size // 3]
    figures["merge"] = _median_cpu(lambda: merge3(plan, theirs, mine), rounds) * per
    reordered, moved = copy_json(plan), copy_json(plan)
    reordered["components"].reverse()
    moved["components"].insert(0, moved["components"].pop(size // 2))
    figures["merge, every component moved"] = _median_cpu(lambda: merge3(plan, reordered, moved), rounds) * per
    figures["draft's encode"] = (
        _median_cpu(lambda: (b"".join(encoded_parts(plan)), b"".join(encoded_parts(parsed))), rounds) * per
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.linearity", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="runs whose median is each figure (default 7)")
    heading = "CPU per component (us), median"
    return run_by_size(parser, lambda size, args: measure(size, args.rounds), heading, argv, sizes=SIZES)


if __name__ == "__main__":
    sys.exit(main())

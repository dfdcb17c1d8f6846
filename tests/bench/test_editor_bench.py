"""Editor speed and size: start-up against a bare Textual app, a 1,000-component plan, keystroke cost, memory.

Run with ``pytest tests/bench --benchmark-only -n 0 -s``. Each test times the operation it names; the figures a
process measures inside itself (its first frame, its memory) are printed beside the timings and kept in
``extra_info``.
"""

from __future__ import annotations

import asyncio
import contextvars
import statistics
import subprocess
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import ready
from tui.app import RelplanApp
from tui.document import Document
from tui.jsontext import dump_json
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor

ROUNDS = 8
T = TypeVar("T")


class Start(NamedTuple):
    """One start of a fresh process (see tests/bench/startup.py)."""

    drawn: float
    """Seconds to the first frame."""
    drawn_cpu: float
    """CPU seconds the process had used by the first frame (steadier than wall time on a busy machine)."""
    settled: float
    """Seconds until nothing was left to do."""
    rss_mib: float
    """Peak resident memory."""


def start(*args: str) -> Start:
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.startup", *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return Start(*map(float, out[-4:]))


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("plans")
    files = {}
    for size in (64, 1000):
        files[size] = folder / f"plan{size}.json"
        files[size].write_text(dump_json(sample_plan(size)), encoding="utf-8")
    return files


def test_start_up_against_a_bare_app(benchmark: Any, plans: dict[int, Path]) -> None:
    """The editor started on the 64-component sample in a fresh process, timed until its plan is checked and it
    has ended; before each start, untimed, a bare app started the same way, so that the two interleave."""
    bare: list[Start] = []
    editor: list[Start] = []

    def bare_first() -> None:
        bare.append(start("bare"))

    benchmark.pedantic(lambda: editor.append(start("relplan", str(plans[64]))), setup=bare_first, rounds=ROUNDS)
    wall = [statistics.median(run.drawn for run in runs) for runs in (bare, editor)]
    cpu = [statistics.median(run.drawn_cpu for run in runs) for runs in (bare, editor)]
    settled = statistics.median(run.settled for run in editor)
    print(
        f"\nfirst frame: bare {wall[0]:.3f} s, editor (64) {wall[1]:.3f} s, ratio {wall[1] / wall[0]:.2f}; "
        f"CPU {cpu[0]:.3f} s and {cpu[1]:.3f} s, ratio {cpu[1] / cpu[0]:.2f}; plan checked at {settled:.3f} s"
    )
    benchmark.extra_info.update(wall=wall, cpu=cpu, ratio=wall[1] / wall[0], cpu_ratio=cpu[1] / cpu[0])


def test_open_1000_components(benchmark: Any, plans: dict[int, Path]) -> None:
    """The editor started on a 1,000-component plan in a fresh process, timed until the plan is checked and it
    has ended."""
    runs: list[Start] = []
    benchmark.pedantic(lambda: runs.append(start("relplan", str(plans[1000]))), rounds=3)
    seconds = statistics.median(run.drawn for run in runs)
    checked = statistics.median(run.settled for run in runs)
    memory = max(run.rss_mib for run in runs)
    print(f"\n1,000 components: first frame {seconds:.3f} s, checked {checked:.3f} s, peak RSS {memory:.0f} MiB")
    benchmark.extra_info.update(seconds=seconds, checked=checked, rss_mib=memory)


class Stepped:
    """An event loop run one step at a time from plain code, so that a benchmark can time a single step.

    Every step runs in one context, which the app's test harness sets up in the first step (the active app).
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.context = contextvars.copy_context()

    def run(self, step: Coroutine[Any, Any, T]) -> T:
        """Run ``step`` to its end; the app's own tasks run meanwhile, and are paused again after it."""
        return self.loop.run_until_complete(self.loop.create_task(step, context=self.context))


@pytest.mark.benchmark(timer=time.process_time)
@pytest.mark.parametrize("size", [64, 1000])
def test_keystroke_to_error_display(benchmark: Any, size: int) -> None:
    """CPU time from what a keystroke types to the updated error display, with the editor's pause skipped.

    What is timed: the edit handled (document, one-edit check, tree marks, issues panel, the field's issue line),
    then what the app does in the next tenth of a second, the frame Textual draws included. Before each keystroke,
    untimed, a quiet tenth of a second, whose CPU (the app doing nothing) is taken from the figure printed, so
    that it leaves the test harness's own work out. The edit handled alone is printed beside it.
    """
    app = RelplanApp(Document(sample_plan(size)))
    path = ("components", size // 2, "replica")
    handled: list[float] = []
    idle: list[float] = []
    typed = 0
    stepped = Stepped()
    harness = app.run_test(size=(80, 24))
    pilot = stepped.run(harness.__aenter__())
    try:
        stepped.run(_to_the_field(pilot, path))
        row = app.screen.query_one(FieldEditor).rows()[path]

        async def keystroke() -> None:
            nonlocal typed
            text = "3x" if typed % 2 == 0 else "3"  # what the input holds after the keystroke
            typed += 1
            started = time.process_time()
            app.screen._typed(FieldEditor.Edited(path, text))  # what the editor does with the keystroke's message
            app.screen.flush_issues()  # show the error now instead of after the pause
            handled.append(time.process_time() - started)
            await asyncio.sleep(0.1)  # the frame, and whatever else the keystroke set off
            assert (row.issues_shown != "") == text.endswith("x")

        async def quiet() -> None:
            started = time.process_time()
            await asyncio.sleep(0.1)
            idle.append(time.process_time() - started)

        benchmark.pedantic(lambda: stepped.run(keystroke()), setup=lambda: stepped.run(quiet()), rounds=20)
    finally:
        stepped.run(harness.__aexit__(None, None, None))
        stepped.loop.close()
    timed: list[float] = benchmark.stats.stats.data
    framed = statistics.median(total - nothing for total, nothing in zip(timed, idle, strict=True)) * 1000
    print(
        f"\nkeystroke at {size} components: handled {statistics.median(handled) * 1000:.1f} ms CPU, "
        f"with the next frame {framed:.1f} ms CPU"
    )
    benchmark.extra_info.update(handled_ms=statistics.median(handled) * 1000, with_frame_ms=framed)


async def _to_the_field(pilot: Pilot[None], path: tuple[str | int, ...]) -> None:
    await ready(pilot)
    await pilot.press("slash", *".".join(map(str, path)), "enter")
    await pilot.pause()

"""Editor speed and size: start-up against a bare Textual app, a 1,000-component plan, keystroke cost, memory.

Run with ``pytest tests/bench --benchmark-only -n 0 -s``; each test prints its figures.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.ui.conftest import ready
from tui.app import RelplanApp
from tui.document import Document, dump_json
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor

ROUNDS = 8


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
    """Interleaved runs of a bare app and the editor on the 64-component sample, started the same way."""
    bare: list[Start] = []
    editor: list[Start] = []
    for _ in range(ROUNDS):
        bare.append(start("bare"))
        editor.append(start("relplan", str(plans[64])))
    wall = [statistics.median(run.drawn for run in runs) for runs in (bare, editor)]
    cpu = [statistics.median(run.drawn_cpu for run in runs) for runs in (bare, editor)]
    settled = statistics.median(run.settled for run in editor)
    print(
        f"\nfirst frame: bare {wall[0]:.3f} s, editor (64) {wall[1]:.3f} s, ratio {wall[1] / wall[0]:.2f}; "
        f"CPU {cpu[0]:.3f} s and {cpu[1]:.3f} s, ratio {cpu[1] / cpu[0]:.2f}; plan checked at {settled:.3f} s"
    )
    benchmark.extra_info.update(wall=wall, cpu=cpu, ratio=wall[1] / wall[0], cpu_ratio=cpu[1] / cpu[0])
    benchmark.pedantic(lambda: None, rounds=1)


def test_open_1000_components(benchmark: Any, plans: dict[int, Path]) -> None:
    runs = [start("relplan", str(plans[1000])) for _ in range(3)]
    seconds = statistics.median(run.drawn for run in runs)
    checked = statistics.median(run.settled for run in runs)
    memory = max(run.rss_mib for run in runs)
    print(f"\n1,000 components: first frame {seconds:.3f} s, checked {checked:.3f} s, peak RSS {memory:.0f} MiB")
    benchmark.extra_info.update(seconds=seconds, rss_mib=memory)
    benchmark.pedantic(lambda: None, rounds=1)


@pytest.mark.parametrize("size", [64, 1000])
def test_keystroke_to_error_display(benchmark: Any, size: int) -> None:
    """CPU time from what a keystroke types to the updated error display, with the editor's pause skipped.

    Two figures: the edit handled (document, one-edit check, tree marks, issues panel, the field's issue line),
    and that plus the frame Textual then draws. The frame is timed over a quiet tenth of a second, less the CPU
    the same app spends in a tenth of a second doing nothing, so that the test harness's own work is left out.
    """
    handled, framed = asyncio.run(_keystrokes(size))
    print(f"\nkeystroke at {size} components: handled {handled:.1f} ms CPU, with the next frame {framed:.1f} ms CPU")
    benchmark.extra_info.update(handled_ms=handled, with_frame_ms=framed)
    benchmark.pedantic(lambda: None, rounds=1)


async def _keystrokes(size: int) -> tuple[float, float]:
    app = RelplanApp(Document(sample_plan(size)))
    path = ("components", size // 2, "replica")
    handled: list[float] = []
    framed: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *".".join(map(str, path)), "enter")
        await pilot.pause()
        form = app.screen.query_one(FieldEditor)
        row = form.rows()[path]
        for index in range(20):
            text = "3x" if index % 2 == 0 else "3"  # what the input holds after the keystroke
            quiet = time.process_time()
            await asyncio.sleep(0.1)
            idle = time.process_time() - quiet
            started = time.process_time()
            app.screen._typed(FieldEditor.Edited(path, text))  # what the editor does with the keystroke's message
            app.screen.flush_issues()  # show the error now instead of after the pause
            handled.append(time.process_time() - started)
            await asyncio.sleep(0.1)
            framed.append(time.process_time() - started - idle)
            assert (row.issues_shown != "") == text.endswith("x")
    return statistics.median(handled) * 1000, statistics.median(framed) * 1000

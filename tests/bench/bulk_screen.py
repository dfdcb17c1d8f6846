"""``python -m tests.bench.bulk_screen``: the CPU of showing a bulk edit in the editor, at 64 and 1,000 components.

The editor runs headless (Textual's test driver, 80x24) on the sample plan. Each figure is the median, over
``--rounds`` edits of every component, of the CPU from the session's result to the screen settled: the tree, the
form and the issues repainted, and the frame drawn (``show``); ``edit`` is the session's part before it (the
document, the undo step and the checks: see ``tests.bench.bulk``), for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from screens.editor import PlanEditorScreen
from tests.bench.by_size import run_by_size
from tests.ui.conftest import ready, settled, until
from tui.app import RelplanApp
from tui.bulk import BulkResult
from tui.document import Document
from tui.samples import sample_plan


async def _measure(size: int, rounds: int) -> dict[str, float]:
    app = RelplanApp(Document(sample_plan(size)))
    figures: dict[str, list[float]] = {"edit": [], "show": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        await pilot.press("down", "l", "down")  # the form of the first component, as when `=` is pressed
        await until(pilot, lambda: settled(app), "the form is shown")
        every = range(size)

        async def step(edit: Callable[[int], BulkResult], round_: int) -> None:
            started = time.process_time()
            result = edit(round_)
            done = time.process_time()
            assert not result.refused, result.message
            editor.show_bulk(result)
            await pilot.pause()
            await until(pilot, lambda: settled(app), "the screen settled")
            figures["edit"].append(done - started)
            figures["show"].append(time.process_time() - done)

        edits: dict[str, Callable[[int], Awaitable[None]]] = {
            "set version": lambda n: step(lambda m: app.session.set_field(every, "version", f"9.0.{m % 2}"), n),
            "bump versions": lambda n: step(lambda m: app.session.bump_versions(every), n),
        }
        results: dict[str, float] = {}
        for name, run in edits.items():
            await run(-1)  # warm
            figures = {"edit": [], "show": []}
            for round_ in range(rounds):
                await run(round_)
            results[f"{name}: edit"] = statistics.median(figures["edit"]) * 1000
            results[f"{name}: show"] = statistics.median(figures["show"]) * 1000
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bulk_screen", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="edits measured per figure (default 5)")
    return run_by_size(parser, lambda size, args: asyncio.run(_measure(size, args.rounds)), "CPU, median (ms)", argv)


if __name__ == "__main__":
    sys.exit(main())

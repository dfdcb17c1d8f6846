"""``python -m tests.bench.jump_keys``: the CPU of a jump, ``enter`` on a tree node (J) and ``n`` (K), in process.

The editor runs headless (Textual's test driver, 80x24) on the sample plan, with the collector as ``relplan edit``
sets it, and goes through the steps of figures J and K of ``python -m tests.bench``: an error typed in the replica
of the middle component, the tree's cursor on the component before it (closed), ``enter`` (J: to its first field),
``escape``, then ``n`` (K: to the first issue, the list's own at 1,000 components). Each figure is the CPU from the
key to the screen settled and drawn, a window as long without a key taken off; printed are the least, the lower
quartile and the median over the rounds (the least is the steadiest on a loaded machine).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from tests.bench.by_size import run_by_size

TAIL = 0.12
"""Seconds the window lasts after the jump has landed: its frames are drawn in them."""


async def _key(press: Callable[[], Awaitable[None]], landed: Callable[[], bool]) -> float:
    started, wall = time.process_time(), time.perf_counter()
    await press()
    while not landed():
        await asyncio.sleep(0.005)
    await asyncio.sleep(TAIL)
    took, wall = time.process_time() - started, time.perf_counter() - wall
    idle = time.process_time()
    await asyncio.sleep(wall)  # as long again with no key
    return took - (time.process_time() - idle)


async def _measure(size: int, rounds: int) -> dict[str, float]:
    from screens.editor import PlanEditorScreen
    from tests.ui.conftest import ready, settled
    from tui.app import RelplanApp
    from tui.document import Document
    from tui.samples import sample_plan
    from widgets.field_editor import FieldEditor
    from widgets.issues_panel import IssuesPanel
    from widgets.plan_tree import PlanTree

    plan = sample_plan(size)
    gc.collect()
    gc.freeze()
    gc.disable()  # as ``relplan edit`` starts: the app runs the collector once start-up is over
    app = RelplanApp(Document(plan))
    jumps: dict[str, list[float]] = {"J enter": [], "K n": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        tree, form = editor.query_one(PlanTree), editor.query_one(FieldEditor)
        half = size // 2
        editor.go_to(("components", half, "replica"))
        await pilot.pause(0.3)
        await pilot.press("x")  # an issue at the field, for ``n`` to jump to
        await pilot.pause(0.8)
        await pilot.press("escape")
        before = ("components", half - 1)
        for step in range(rounds + 1):
            editor.go_to(before)
            editor.to_tree()
            for path in (before, ("components", half)):  # both closed, as the bench finds them
                node = tree._by_path.get(path)
                if node is not None:
                    node.collapse()
            await pilot.pause(0.3)
            j = await _key(
                lambda: app._press_keys(["enter"]),
                lambda: settled(app) and form.path == before and editor.focused is not tree,
            )
            await pilot.press("escape")
            await pilot.pause(0.3)
            editor.query_one(IssuesPanel).highlighted = None  # ``n`` goes to the first issue, as in the bench
            k = await _key(lambda: app._press_keys(["n"]), lambda: settled(app) and tree.cursor_path != before)
            await pilot.press("escape")
            await pilot.pause(0.2)
            if step:  # the first round warms the forms
                jumps["J enter"].append(j)
                jumps["K n"].append(k)
    figures: dict[str, float] = {}
    for name, cpu in jumps.items():
        ordered = sorted(cpu)
        figures[f"{name} least"] = ordered[0] * 1000
        figures[f"{name} lower quartile"] = ordered[len(ordered) // 4] * 1000
        figures[f"{name} median"] = statistics.median(ordered) * 1000
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.jump_keys", description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="jumps measured per size (default 10)")
    return run_by_size(parser, lambda size, args: asyncio.run(_measure(size, args.rounds)), "CPU of a jump (ms)", argv)


if __name__ == "__main__":
    sys.exit(main())

"""``python -m tests.bench.components_table``: the CPU of opening the table of components (``t``), at 64 and 1,000.

Each figure is the median over ``--rounds`` runs, in this process, headless at 80x24, from the key to the frame
that shows the table:

The editor is started as ``relplan edit`` starts it (the collector paused, then the plan frozen out of its sight).

- first open: ``t`` in an editor that has just checked its plan (the table is made, mounted and filled);
- open after an edit: ``t`` again after the plan changed while the table was hidden (its rows are built again);
- s: each of two sorts of every row (by seq, then by name), the table open;
- a bare app: ``t`` in a Textual app that mounts a stock ``DataTable`` and adds the same rows in one ``add_rows``,
  for scale (the ratio says what relplan's table costs beside the widget as shipped).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from tui.component_rows import component_rows
from tui.samples import sample_plan


class BareTable(App[None]):
    """An app whose ``t`` mounts a stock ``DataTable`` with the given rows, added in one batch."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("t", "table", "Table")]

    def __init__(self, rows: list[list[Text]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Static("bare")

    async def action_table(self) -> None:
        table: DataTable[Text] = DataTable(cursor_type="row")
        await self.mount(table)
        table.add_columns(*["m", "seq", "name", "version", "rep", "source", "strategy", "err", "warn"])
        table.add_rows(self.rows)
        table.focus()


async def _bare(size: int) -> float:
    rows = [[Text(" "), *(Text(cell) for cell in row.cells)] for row in component_rows(sample_plan(size), {})]
    app = BareTable(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        started = time.process_time()
        await pilot.press("t")
        await pilot.pause()
        return time.process_time() - started


async def _relplan(plan: Path) -> tuple[float, float, float]:
    from screens.editor import PlanEditorScreen
    from tests.ui.conftest import ready, settled, until
    from tui.app import RelplanApp
    from tui.document import Document
    from widgets.components_table import ComponentsTable

    gc.freeze()  # as ``relplan edit`` starts: the plan out of the collector's sight, which the app resumes later
    gc.disable()
    app = RelplanApp(Document.load(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: settled(app), "settled")
        await pilot.pause(0.5)  # the forms built after the check (see ``PREPARE_AFTER``)
        started = time.process_time()
        await pilot.press("t")
        await pilot.pause()
        first = time.process_time() - started
        assert app.screen.query_one(ComponentsTable).display
        started = time.process_time()
        await pilot.press("s", "s")  # by seq, then by name: every row again, in another order
        await pilot.pause()
        sort = (time.process_time() - started) / 2
        await pilot.press("t")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        editor.show_change(app.session.choose(("desc",), "edited while the table was hidden"))  # as the form does
        started = time.process_time()
        await pilot.press("t")
        await pilot.pause()
        return first, time.process_time() - started, sort


def measure(size: int, rounds: int) -> dict[str, float]:
    """The median CPU seconds of each figure at ``size`` components."""
    from tui.jsontext import dump_json

    with tempfile.TemporaryDirectory(prefix="relplan-bench-") as folder:
        plan = Path(folder) / "plan.json"
        plan.write_text(dump_json(sample_plan(size)), encoding="utf-8")
        firsts, agains, bares, sorts = [], [], [], []
        for round_ in range(rounds):
            os.environ["XDG_DATA_HOME"] = str(Path(folder) / f"data-{round_}")  # a draft of its own in each run
            bares.append(asyncio.run(_bare(size)))
            first, again, sort = asyncio.run(_relplan(plan))
            sorts.append(sort)
            gc.unfreeze()
            gc.enable()
            firsts.append(first)
            agains.append(again)
    return {
        "bare app: stock DataTable, same rows": statistics.median(bares),
        "t: first open": statistics.median(firsts),
        "t: open after an edit": statistics.median(agains),
        "s: sort every row": statistics.median(sorts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.components_table", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--sizes", default="64,1000", help="components, comma-separated (default 64,1000)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {size: measure(size, args.rounds) for size in sizes}
    print("| CPU, median | " + " | ".join(f"{size} components" for size in sizes) + " | target |")
    print("| --- |" + " ---: |" * len(sizes) + " --- |")
    bare = "bare app: stock DataTable, same rows"
    for name in results[sizes[0]]:
        cells = []
        for size in sizes:
            value = results[size][name]
            ratio = "" if name == bare or name.startswith("s:") else f" = {value / results[size][bare]:.2f}x"
            cells.append(f"{value * 1000:.0f} ms{ratio}")
        target = "< 300 ms (1,000)" if name.startswith("t:") else "" if name.startswith("s:") else "scale"
        print(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

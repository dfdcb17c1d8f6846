"""``python -m tests.bench.components_table``: the CPU of the table of components (``t``), at 64 and 1,000.

Each figure is the median over ``--rounds`` runs, in this process, headless at 80x24, from the key to the screen
settled after it. The editor is started as ``relplan edit`` starts it (the collector paused, then the plan frozen
out of its sight).

- first open: ``t`` in an editor that has just checked its plan (the table is made, mounted and filled);
- open after an edit: ``t`` again after the plan changed while the table was hidden (its rows are built again);
- the floor: Pilot's own waits around a key (a message to every widget of the screen), nothing pressed;
- in the table: ``j`` (a row down) and ``space`` (select a row), medians of ten; ``s`` (each of two sorts of every
  row); a filter typed (``/ seq:2 enter``, from the first key to the rows filtered);
- a bare app: ``t`` in a Textual app that mounts a stock ``DataTable`` and adds the same rows in one ``add_rows``,
  and ``down`` in it, for scale (the ratios say what relplan's table costs beside the widget as shipped).
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
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tui.component_rows import component_rows
from tui.samples import sample_plan

BARE = "bare app: t, a stock DataTable of the same rows"
BARE_STEP = "bare app: down a row in it"
BARE_FLOOR = "bare app: Pilot's waits, no key"
FLOOR = "table: Pilot's waits, no key (the floor)"
FIRST = "t: first open"
AGAIN = "t: open after an edit"
STEP = "j: the cursor down a row"
SELECT = "space: select a row"
SORT = "s: sort every row"
FILTER = "filter: / seq:2 enter"
OPENS = (FIRST, AGAIN)


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


async def _floor(pilot: Pilot[None]) -> float:
    """CPU seconds of Pilot's own waits around one key (for every widget of the screen), with no key pressed: the
    floor under each key's figure here, which a person's terminal does not pay."""
    started = time.process_time()
    await pilot._wait_for_screen()  # as press does after its key
    await pilot.pause()
    return time.process_time() - started


async def _cpu(pilot: Pilot[None], *keys: str) -> float:
    """CPU seconds from pressing ``keys`` to the screen settled after them."""
    started = time.process_time()
    await pilot.press(*keys)
    await pilot.pause()
    return time.process_time() - started


async def _bare(size: int) -> dict[str, float]:
    rows = [[Text(" "), *(Text(cell) for cell in row.cells)] for row in component_rows(sample_plan(size), {})]
    app = BareTable(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        opened = await _cpu(pilot, "t")
        step = statistics.median([await _cpu(pilot, "down") for _ in range(10)])
        floor = statistics.median([await _floor(pilot) for _ in range(10)])
        return {BARE: opened, BARE_STEP: step, BARE_FLOOR: floor}


async def _relplan(plan: Path) -> dict[str, float]:
    from screens.editor import PlanEditorScreen
    from tests.ui.conftest import ready, settled, until
    from tui.app import RelplanApp
    from tui.document import Document
    from widgets.components_table import ComponentsTable

    gc.freeze()  # as ``relplan edit`` starts: the plan out of the collector's sight, which the app resumes later
    gc.disable()
    app = RelplanApp(Document.load(plan))
    figures: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: settled(app), "settled")
        await pilot.pause(0.5)  # the forms built after the check (see ``PREPARE_AFTER``)
        figures[FIRST] = await _cpu(pilot, "t")
        assert app.screen.query_one(ComponentsTable).display
        figures[FLOOR] = statistics.median([await _floor(pilot) for _ in range(10)])
        figures[STEP] = statistics.median([await _cpu(pilot, "j") for _ in range(10)])
        figures[SELECT] = statistics.median([await _cpu(pilot, "space") for _ in range(10)])
        figures[SORT] = (await _cpu(pilot, "s", "s")) / 2  # by seq, then by name: every row again
        figures[FILTER] = await _cpu(pilot, "slash", *"seq:2", "enter")
        await pilot.press("escape", "t")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        editor.show_change(app.session.choose(("desc",), "edited while the table was hidden"))  # as the form does
        figures[AGAIN] = await _cpu(pilot, "t")
    return figures


def measure(size: int, rounds: int) -> dict[str, float]:
    """The median CPU seconds of each figure at ``size`` components."""
    from tui.jsontext import dump_json

    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="relplan-bench-") as folder:
        plan = Path(folder) / "plan.json"
        plan.write_text(dump_json(sample_plan(size)), encoding="utf-8")
        for round_ in range(rounds):
            os.environ["XDG_DATA_HOME"] = str(Path(folder) / f"data-{round_}")  # a draft of its own in each run
            runs.append({**asyncio.run(_bare(size)), **asyncio.run(_relplan(plan))})
            gc.unfreeze()
            gc.enable()
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.components_table", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--sizes", default="64,1000", help="components, comma-separated (default 64,1000)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {size: measure(size, args.rounds) for size in sizes}
    print("| CPU, median | " + " | ".join(f"{size} components" for size in sizes) + " | target |")
    print("| --- |" + " ---: |" * len(sizes) + " --- |")
    for name in results[sizes[0]]:
        cells = []
        for size in sizes:
            value = results[size][name]
            bare = results[size][BARE] if name in OPENS else results[size][BARE_STEP] if name == STEP else None
            ratio = f" = {value / bare:.2f}x" if bare else ""
            cells.append(f"{value * 1000:.1f} ms{ratio}")
        target = {BARE: "scale", BARE_STEP: "scale", STEP: "< 30 ms"}.get(
            name, "< 300 ms (1,000)" if name in OPENS else ""
        )
        print(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark, interleaved with the bare app, and print one table of every figure beside its target.

A round starts, for each size, the bare app and then relplan on the sample plan of that size (bare, relplan, bare,
relplan, ...); each figure is the median over the rounds (a key's figure: over every key of every round).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.inprocess import draft_write_cpu, validation_ratio
from tests.bench.measure import QUIET, WINDOW, Bench, Run

__all__ = ["Results", "measure", "render"]


@dataclass
class Results:
    """Every run of every program, by size (the bare app's under 0), and the figures measured in-process."""

    sizes: Sequence[int]
    rounds: int
    runs: dict[int, list[Run]] = field(default_factory=dict)
    draft: dict[int, float] = field(default_factory=dict)
    validation: dict[int, tuple[float, float, float]] = field(default_factory=dict)

    def figure(self, size: int, name: str) -> float:
        """The median of a figure over the runs of ``size`` (0: the bare app)."""
        return statistics.median(run.figures[name] for run in self.runs[size])

    def key(self, size: int, name: str, how: Callable[[list[float]], float] = statistics.median) -> float:
        """``how`` (the median by default) of the per-round ``how`` of a key's CPU seconds."""
        return statistics.median(how(run.keys[name]) for run in self.runs[size])


def measure(sizes: Sequence[int], rounds: int, keys: int, say: Callable[[str], None] = print) -> Results:
    """Run ``rounds`` rounds at each size, then the in-process figures; ``say`` tells the progress."""
    from tui.jsontext import dump_json
    from tui.samples import sample_plan

    results = Results(sizes, rounds)
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="relplan-bench-") as folder:
        plans = {}
        for size in sizes:
            plans[size] = Path(folder) / f"plan-{size}.json"
            plans[size].write_text(dump_json(sample_plan(size)), encoding="utf-8")
        bench = Bench(Path(folder), keys=keys)
        for round_ in range(1, rounds + 1):
            for size in sizes:
                say(f"round {round_}/{rounds}: bare app")
                results.runs.setdefault(0, []).append(bench.bare())
                say(f"round {round_}/{rounds}: relplan edit, {size} components")
                results.runs.setdefault(size, []).append(bench.relplan_run(plans[size], size))
        say("draft writes and full checks, in-process")
        for size in sizes:
            results.draft[size] = draft_write_cpu(plans[size], max(rounds, 5))
            results.validation[size] = validation_ratio(size, max(rounds, 5))
    return results


def compile_sources() -> None:
    """Compile relplan's modules to ``.pyc`` files first, as ``pip install`` does for a person's copy: otherwise the
    first start of a checkout (or every start, where ``PYTHONDONTWRITEBYTECODE`` is set) compiles them as it goes.

    The programs are started with an environment of their own, without ``PYTHONDONTWRITEBYTECODE``, so they use
    these files (and write any that are missing).
    """
    import compileall

    root = Path(__file__).resolve().parents[2]
    for package in ("tui", "screens", "widgets", "tests/bench"):
        compileall.compile_dir(root / package, quiet=1)


# -- the table

_TARGETS = {
    "tree": ("<= 1.3x at 64", "<= 0.6 s"),
    "form": ("<= 1.8x at 64", "<= 0.9 s"),
    "key": ("<= 12 ms, <= 3x", "<= 20 ms, <= 5x"),
}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def _x(ratio: float) -> str:
    return f"{ratio:.2f}x"


def render(results: Results) -> str:
    """The table: one row per figure, one column per size, ratios to the bare app beside, the target last."""
    sizes = list(results.sizes)
    rows: list[tuple[str, list[str], str]] = []

    def row(name: str, cell: Callable[[int], str], target: str) -> None:
        rows.append((name, [cell(size) for size in sizes], target))

    def ratio(size: int, name: str, bare: str, fmt: Callable[[float], str]) -> str:
        value = results.figure(size, name)
        return f"{fmt(value)} = {_x(value / results.figure(0, bare))}"

    bare_tree, bare_cpu = results.figure(0, "tree"), results.figure(0, "tree cpu")
    bare_key = results.key(0, "key")
    rows.append(("bare app: first frame (wall; CPU)", [f"{_s(bare_tree)}; {_s(bare_cpu)}"] * len(sizes), "scale"))
    rows.append(("bare app: key in its Input, CPU", [_ms(bare_key)] * len(sizes), "scale"))
    row("A first frame with the tree, wall", lambda n: ratio(n, "tree", "tree", _s), "<= 1.3x (64); <= 0.6 s (1,000)")
    row("B first frame with the tree, CPU", lambda n: ratio(n, "tree cpu", "tree cpu", _s), "")
    row("C form ready, wall", lambda n: ratio(n, "form", "tree", _s), "<= 1.8x (64); <= 0.9 s (1,000)")
    row("D form ready, CPU", lambda n: ratio(n, "form cpu", "tree cpu", _s), "")
    row("E plan checked (quiet after start), CPU", lambda n: _s(results.figure(n, "settled cpu")), "")
    row(
        "F keystroke in a field, CPU, all it causes",
        lambda n: f"{_ms(results.key(n, 'key'))} = {_x(results.key(n, 'key') / bare_key)}",
        "<= 12 ms, 3x (64); <= 20 ms, 5x (1,000)",
    )
    row("G finder: / to the finder drawn, CPU", lambda n: _ms(results.figure(n, "finder open")), "nothing built")
    row(
        "H finder: each query character, CPU (median; max)",
        lambda n: f"{_ms(results.key(n, 'finder query'))}; {_ms(results.key(n, 'finder query', max))}",
        "<= 20 ms (1,000)",
    )
    row("I jump: finder's enter to the field, CPU", lambda n: _ms(results.figure(n, "jump finder")), "<= 50 ms")
    row("J jump: enter on a tree node, CPU", lambda n: _ms(results.figure(n, "jump tree")), "<= 50 ms")
    row("K jump: n to the next issue's field, CPU", lambda n: _ms(results.figure(n, "jump n")), "<= 50 ms")
    row("L draft write, CPU (in-process)", lambda n: _ms(results.draft[n]), "off the hot path")
    row("M peak RSS", lambda n: f"{results.figure(n, 'rss') * 1.048576:.0f} MB", "<= 120 MB (1,000)")
    row(
        "N full check / json.loads, CPU, GC off",
        lambda n: "{} / {} = {}".format(*map(_ms, results.validation[n][:2]), _x(results.validation[n][2])),
        "<= 1.2x",
    )
    row("   idle program, CPU per second", lambda n: _ms(results.figure(n, "idle per s")), "")

    header = ("figure", [f"{size} components" for size in sizes], "target")
    widths = [max(len(r[0]) for r in [header, *rows])]
    widths += [max(len(r[1][i]) for r in [header, *rows]) for i in range(len(sizes))]
    lines = []
    for name, cells, target in [header, *rows]:
        parts = [name.ljust(widths[0]), *(cell.ljust(widths[i + 1]) for i, cell in enumerate(cells)), target]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join([*lines, "", _legend(results)])


def _legend(results: Results) -> str:
    window = f"a window of at least {WINDOW} s that ends {QUIET} s after the last output"
    return "\n".join(
        [
            f"Medians of {results.rounds} rounds; each round starts the bare app (Tree + Input + Footer) and then "
            "`relplan edit` on the sample plan, for each size, on an 80x24 pseudo-terminal (xterm-256color), "
            "fresh data and config folders, relplan's modules compiled to .pyc first (as pip does); x = ratio to "
            "the bare app in the same runs.",
            "CPU = the child's process CPU clock (all threads, ended ones too); per key: over "
            f"{window}, less the idle program's CPU over as long (windows without a key, interleaved).",
            "A, C: wall seconds from the fork to the first screen showing the first component's name (A) and a field "
            "label of the plan's form (C); the bare app's scale is its first frame with its tree.",
            "B, D: CPU of the child read as the output that showed A and C arrived (before the terminal emulator "
            "read it); E: read when the screen had been quiet 1 s.",
            "F: in components.N/2.replica, reached by the finder, after one character typed: alternately '6' and "
            "backspace, each key's window, the draft written 0.5 s after it inside; the bare app: the same keys in "
            "its Input.",
            "G: '/' until 'Find a field' is drawn and quiet; H: each character of 'components.N/2.replica' typed, "
            "to its last frame; I: enter on that result to the field.",
            "J: escape to the tree, k to the component before, enter (to its first field); K: escape, n back to "
            "the field with the issue 'x' left there.",
            "L: EditSession.save_draft(now=True) after one edit, after the open's first checkpoint (a later save), "
            "median CPU.",
            "M: ru_maxrss of the relplan child from os.wait4 after the whole run (start, finder, keys, jumps).",
            "N: tui.validation.validate(plan) against json.loads of the same text, both with the cyclic GC "
            "disabled, process CPU, alternating in each round (at least 11), each repeated to 30 ms a round; "
            "the medians, and the median of the rounds' ratios.",
        ]
    )

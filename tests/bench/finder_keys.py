"""``python -m tests.bench.finder_keys``: the CPU of each character typed in the finder, everything it causes, on the
real ``relplan edit`` in a pseudo-terminal (as figure H of ``python -m tests.bench``), for a few kinds of query.

Each query is typed into a finder opened for it (``escape`` closes it after): a path (H's own), a field's name, a
component's name and a value, so that a search by name, by key and by value are all measured. Printed per query and
size: the median and the largest CPU of a character, the CPU of the query's slowest key with its character, and of
its first key (the first in a fresh finder). Then the finder's ``/`` and, for the path, its ``enter`` to the field
ready for typing (figure I), each the median over the runs: the first ``enter`` of a program apart from those after
it (``--jumps``: how many times the path is found and gone to in each run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from tests.bench.measure import Bench
from tests.bench.pty_app import PtyApp
from tests.bench.table import compile_sources

__all__ = ["QUERIES", "finder_keys"]

QUERIES = {
    "path": "components.{half}.replica",
    "field name": "http_command",
    "component name": "search-{half}",
    "value": "8.5.100",
    "value, no match": "zzq",
}
"""Each query typed, by what it finds (``{half}``: half the plan's components, the component H jumps to)."""


JUMP = "path"
"""The query whose best match ``enter`` goes to (the others close with ``escape``)."""


def finder_keys(
    size: int,
    rounds: int,
    queries: dict[str, str] = QUERIES,
    steps: dict[str, list[float]] | None = None,
    jumps: int = 1,
) -> dict[str, list[tuple[str, float]]]:
    """Each character of each query and the CPU seconds it cost, over ``rounds`` runs of the plan of ``size``.

    ``steps``, given, gets the CPU seconds of each ``/`` (``"open"``) and of the jump's ``enter``: the first of a run
    (``"enter"``) and the ``jumps - 1`` after it (``"enter again"``, the path typed again in a new finder each time).
    """
    from tui.jsontext import dump_json
    from tui.samples import sample_plan

    found: dict[str, list[tuple[str, float]]] = {name: [] for name in queries}
    steps = steps if steps is not None else {}
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="relplan-bench-") as folder:
        plan = Path(folder) / f"plan-{size}.json"
        plan.write_text(dump_json(sample_plan(size)), encoding="utf-8")
        bench = Bench(Path(folder))
        for _ in range(rounds):
            with PtyApp([bench.relplan, "edit", str(plan)], bench.env()) as app:
                app.wait_text("fail_strategy")
                app.wait_quiet(app.started, quiet=2.0)  # the reference loaded and the plan checked
                idle = [bench._idle(app) for _ in range(2)]
                order = list(queries) + [JUMP] * (jumps - 1) if JUMP in queries else list(queries)
                for at, name in enumerate(order):
                    text = queries[name].format(half=size // 2)
                    idle.append(bench._idle(app))  # windows without a key between the queries, as H's
                    steps.setdefault("open", []).append(bench._key(app, idle, "slash", expect="Find a field"))
                    found[name].extend((char, bench._key(app, idle, char)) for char in text)
                    if name == JUMP:  # to the field found, then back to the tree for the next query
                        step = "enter" if at < len(queries) else "enter again"
                        steps.setdefault(step, []).append(bench._key(app, idle, "enter", expect="replica *"))
                        bench._settle(app)
                    bench._key(app, idle, "escape")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.finder_keys", description=__doc__)
    parser.add_argument("--sizes", default="1000", help="components, comma-separated (default 1000)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per size (default 1)")
    parser.add_argument("--queries", nargs="+", choices=list(QUERIES), default=list(QUERIES), help="(default all)")
    parser.add_argument("--jumps", type=int, default=1, help="the path's enter per run (default 1)")
    args = parser.parse_args(argv)
    queries = {name: QUERIES[name] for name in args.queries}
    print("| query | size | median ms | max ms | slowest character | first key ms |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    steps: dict[int, dict[str, list[float]]] = {}
    for size in (int(size) for size in args.sizes.split(",")):
        steps[size] = {}
        for name, keys in finder_keys(size, args.rounds, queries, steps[size], args.jumps).items():
            costs = [cpu for _, cpu in keys]
            char, worst = max(keys, key=lambda key: key[1])
            median = statistics.median(costs) * 1000
            first = statistics.median(keys[at][1] for at in range(0, len(keys), len(keys) // args.rounds)) * 1000
            print(f"| {name} | {size} | {median:.1f} | {worst * 1000:.1f} | {char!r} | {first:.1f} |", flush=True)
    print()
    print("| step | size | median ms |")
    print("| --- | ---: | ---: |")
    for size, figures in steps.items():
        for step, cpu in figures.items():
            print(f"| {step} | {size} | {statistics.median(cpu) * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

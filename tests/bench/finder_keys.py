"""``python -m tests.bench.finder_keys``: the CPU of each character typed in the finder, everything it causes, on the
real ``relplan edit`` in a pseudo-terminal (as figure H of ``python -m tests.bench``), for a few kinds of query.

Each query is typed into a finder opened for it (``escape`` closes it after): a path (H's own), a field's name, a
component's name and a value, so that a search by name, by key and by value are all measured. Printed per query and
size: the median and the largest CPU of a character, and the CPU of the query's slowest key with its character.
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


def finder_keys(size: int, rounds: int, queries: dict[str, str] = QUERIES) -> dict[str, list[tuple[str, float]]]:
    """Each character of each query and the CPU seconds it cost, over ``rounds`` runs of the plan of ``size``."""
    from tui.jsontext import dump_json
    from tui.samples import sample_plan

    found: dict[str, list[tuple[str, float]]] = {name: [] for name in queries}
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
                for name, query in queries.items():
                    text = query.format(half=size // 2)
                    idle.append(bench._idle(app))  # windows without a key between the queries, as H's
                    bench._key(app, idle, "slash", expect="Find a field")
                    found[name].extend((char, bench._key(app, idle, char)) for char in text)
                    bench._key(app, idle, "escape")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.finder_keys", description=__doc__)
    parser.add_argument("--sizes", default="1000", help="components, comma-separated (default 1000)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per size (default 1)")
    args = parser.parse_args(argv)
    print("| query | size | median ms | max ms | slowest character |")
    print("| --- | ---: | ---: | ---: | --- |")
    for size in (int(size) for size in args.sizes.split(",")):
        for name, keys in finder_keys(size, args.rounds).items():
            costs = [cpu for _, cpu in keys]
            char, worst = max(keys, key=lambda key: key[1])
            median = statistics.median(costs) * 1000
            print(f"| {name} | {size} | {median:.1f} | {worst * 1000:.1f} | {char!r} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark table under pytest: ``pytest tests/bench --benchmark-only -n 0 -s`` prints it.

One round at 64 and 1,000 components by default (``python -m tests.bench`` runs five); ``RELPLAN_BENCH_ROUNDS``
and ``RELPLAN_BENCH_SIZES`` change them.
"""

from __future__ import annotations

import os
from typing import Any

from tests.bench.table import Results, measure, render


def test_table(benchmark: Any) -> None:
    rounds = int(os.environ.get("RELPLAN_BENCH_ROUNDS", "1"))
    sizes = [int(size) for size in os.environ.get("RELPLAN_BENCH_SIZES", "64,1000").split(",")]
    results: list[Results] = []
    benchmark.pedantic(lambda: results.append(measure(sizes, rounds, keys=6, say=lambda _: None)), rounds=1)
    table = render(results[0])
    print("\n" + table)
    for size in sizes:  # every run reached its end: the figures exist and are sane
        assert results[0].figure(size, "tree") > 0
        assert results[0].key(size, "key") > 0

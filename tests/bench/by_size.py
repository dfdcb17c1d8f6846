"""The command line and the printed table shared by the small benchmarks that measure a few figures per plan size
(``python -m tests.bench.bulk``, ``bulk_screen``, ``cursor_step``, ``merge``, ``linearity``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping

__all__ = ["run_by_size"]


def run_by_size(
    parser: argparse.ArgumentParser,
    measure: Callable[[int, argparse.Namespace], Mapping[str, float]],
    heading: str,
    argv: list[str] | None = None,
    sizes: str = "64,1000",
) -> int:
    """Parse ``argv`` (with ``--sizes`` added to ``parser``), ``measure`` each size, and print one Markdown table:
    a row per figure (milliseconds, unless ``heading`` says otherwise), a column per size."""
    parser.add_argument("--sizes", default=sizes, help=f"components, comma-separated (default {sizes})")
    args = parser.parse_args(argv)
    chosen = [int(size) for size in args.sizes.split(",")]
    results = {size: measure(size, args) for size in chosen}
    print(f"| {heading} | " + " | ".join(f"{size} components" for size in chosen) + " |")
    print("| --- |" + " ---: |" * len(chosen))
    for name in results[chosen[0]]:
        print(f"| {name} | " + " | ".join(f"{results[size][name]:.1f}" for size in chosen) + " |")
    return 0

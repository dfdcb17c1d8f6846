"""``python -m tests.bench``: run every benchmark and print one table (``--help`` for rounds, sizes and keys)."""

from __future__ import annotations

import argparse
import sys

from tests.bench.table import measure, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each program per size (default 5)")
    parser.add_argument(
        "--sizes", default="64,1000", help="components of the sample plans, comma-separated (default 64,1000)"
    )
    parser.add_argument("--keys", type=int, default=10, help="keys typed in a field per run (default 10)")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = measure(sizes, args.rounds, args.keys, say=lambda text: print(text, file=sys.stderr, flush=True))
    table = render(results)
    print(table)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

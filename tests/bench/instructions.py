"""Start-up to a frame, counted exactly: ``python -m tests.bench.instructions [--sizes 64,1000] [--rounds N]
[--callgrind]``.

Each program is started as :mod:`tests.bench.measure` starts it (a pseudo-terminal of 80x24, fresh folders), under
:mod:`tests.bench.to_frame`, which ends it with ``os._exit`` right after the first frame that shows the tree's first
name (B) or a label of the plan's form (D). Without ``--callgrind`` the figure is the CPU of the whole process from its
``rusage`` (user and system, all threads), and its peak resident memory; with it, the instructions callgrind counted
(one run each is enough: the count hardly moves between runs). The bare app (``tests/bench/bare_app.py``) is the
scale, ended at its tree's frame, run alternately with relplan.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.bench.measure import BARE_APP, FORM, TREE, Bench
from tests.bench.pty_app import PtyApp, WaitError
from tests.bench.table import compile_sources

__all__ = ["start_to_frame"]

TO_FRAME = Path(__file__).with_name("to_frame.py")


def _instructions(out: Path) -> int:
    """The total of instructions in callgrind's output file ``out``."""
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise ValueError(f"no total in {out}")


def start_to_frame(
    bench: Bench, text: str, script: Sequence[str], callgrind: Path | None = None, profile: Path | None = None
) -> dict[str, float]:
    """Run ``script`` (a Python file and its arguments) until its first frame showing ``text``.

    Returns its CPU seconds and peak RSS (MiB), and with ``callgrind`` (an output file) its instructions; with
    ``profile`` (a file), the main thread's ``cProfile`` statistics are written there.
    """
    profiling = ["--profile", str(profile)] if profile is not None else []
    argv = [sys.executable, str(TO_FRAME), *profiling, text, *script]
    if callgrind is not None:
        argv = ["valgrind", "--tool=callgrind", "-q", f"--callgrind-out-file={callgrind}", *argv]
        argv[0] = subprocess.check_output(["which", "valgrind"], text=True).strip()
    with PtyApp(argv, bench.env()) as app:
        try:
            app.wait_for("the program to end", lambda: False, timeout=1800)
        except WaitError as exc:
            if "ended" not in str(exc):
                raise
        _, status, rusage = os.wait4(app.pid, 0)
        app.rusage = rusage
        if status != 0:
            raise WaitError(f"{argv} ended with {status}; its screen:\n{app.text()}")
        os.close(app.fd)
    figures = {"cpu": rusage.ru_utime + rusage.ru_stime, "rss": rusage.ru_maxrss / 1024}
    if callgrind is not None:
        figures["instructions"] = _instructions(callgrind)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.instructions", description=__doc__)
    parser.add_argument("--sizes", default="64,1000", help="components, comma-separated (default 64,1000)")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each (default 5; 1 with --callgrind)")
    parser.add_argument("--callgrind", action="store_true", help="count instructions under callgrind")
    parser.add_argument("--keep", help="a folder to keep callgrind's output files in")
    parser.add_argument("--profile", help="a folder to write each run's cProfile statistics to")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    rounds = 1 if args.callgrind and "--rounds" not in (argv or sys.argv) else args.rounds
    from tui.jsontext import dump_json
    from tui.samples import sample_plan

    compile_sources()
    relplan = str(Path(sys.executable).with_name("relplan"))
    runs: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="relplan-bench-") as folder:
        keep = Path(args.keep) if args.keep else Path(folder)
        keep.mkdir(parents=True, exist_ok=True)
        bench = Bench(Path(folder))
        programs: list[tuple[str, str, list[str]]] = [("bare", TREE, [str(BARE_APP)])]
        for size in sizes:
            plan = Path(folder) / f"plan-{size}.json"
            plan.write_text(dump_json(sample_plan(size)), encoding="utf-8")
            edit = [relplan, "edit", str(plan)]
            programs += [(f"B {size}", TREE, edit), (f"D {size}", FORM, edit)]
        for round_ in range(rounds):
            for name, text, script in programs:
                out = keep / f"callgrind.{name.replace(' ', '-')}.{round_}" if args.callgrind else None
                stats = Path(args.profile) / f"{name.replace(' ', '-')}.{round_}.prof" if args.profile else None
                runs.setdefault(name, []).append(start_to_frame(bench, text, script, out, stats))
                print(f"round {round_ + 1}: {name} {runs[name][-1]}", file=sys.stderr, flush=True)
    bare = {key: statistics.median(run[key] for run in runs["bare"]) for key in runs["bare"][0]}
    print("| program | CPU s | x bare | RSS MiB |" + (" instructions M | x bare |" if args.callgrind else ""))
    for name, figures in runs.items():
        median = {key: statistics.median(run[key] for run in figures) for key in figures[0]}
        line = f"| {name} | {median['cpu']:.3f} | {median['cpu'] / bare['cpu']:.3f} | {median['rss']:.1f} |"
        if args.callgrind:
            line += f" {median['instructions'] / 1e6:.0f} | {median['instructions'] / bare['instructions']:.3f} |"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

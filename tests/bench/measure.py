"""What a person waits for, measured on the real programs driven by keys (see :mod:`tests.bench.pty_app`).

Every figure of a key is the CPU the program used from the key's arrival to the end of everything it causes: the
window runs until the program has written something and then been quiet for a while, and lasts at least
:data:`WINDOW` seconds, long enough for the draft written after an edit (``DRAFT_AFTER`` later, in a thread of its
own). What the program spends doing nothing over as long a time (a cursor blinking, timers) is measured in windows
without a key, interleaved with the keys, and taken off.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.pty_app import PtyApp

__all__ = ["WINDOW", "Bench", "Run"]

WINDOW = 1.5
"""Seconds a key's window lasts at least: the draft is written 0.5 s after an edit, and needs time of its own."""

QUIET = 0.3
"""Seconds without output after which the program has drawn all a key caused (with the window's minimum)."""

TREE = "orders-000"
"""The first component's name, which the tree shows as soon as it is drawn (the bare app's tree shows it too)."""

FORM = "fail_strategy"
"""A field label of the plan's form, which the editor shows beside the tree once the form is ready."""

BARE_APP = Path(__file__).with_name("bare_app.py")


@dataclass
class Run:
    """The figures of one run of one program: seconds (wall or CPU) by name, and CPU seconds of each key."""

    figures: dict[str, float] = field(default_factory=dict)
    keys: dict[str, list[float]] = field(default_factory=dict)


class Bench:
    """Starts the programs in fresh folders of their own under ``folder``, each with its own drafts and settings."""

    def __init__(self, folder: Path, keys: int = 10) -> None:
        self.folder = folder
        self.keys = keys
        """How many keys are typed in a field per run (alternately a character and backspace)."""
        self.relplan = str(Path(sys.executable).with_name("relplan"))

    def env(self) -> dict[str, str]:
        """The environment of one start: a terminal of its own kind, a home, data and config folders never used; the
        ``PYTHONPATH`` of this one, if set (to measure another copy of the code, say)."""
        home = Path(tempfile.mkdtemp(prefix="home-", dir=self.folder))
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        }

    # -- the bare app

    def bare(self) -> Run:
        """The bare app: its first frame, and the keys of relplan's field typed in its input."""
        run = Run()
        with PtyApp([sys.executable, str(BARE_APP)], self.env()) as app:
            drawn = app.wait_text(TREE)
            run.figures["tree"] = drawn - app.started
            run.figures["tree cpu"] = app.output_cpu
            app.wait_quiet(app.started, quiet=0.5)
            self._type_in_field(app, run)
        return run

    # -- relplan

    def relplan_run(self, plan: Path, size: int) -> Run:
        """``relplan edit PLAN``: start-up, the finder, a jump with it, keys in a field, jumps from the tree and ``n``.

        The plan is the sample of ``size`` components; the field is ``components.{size//2}.replica``.
        """
        run = Run()
        with PtyApp([self.relplan, "edit", str(plan)], self.env()) as app:
            run.figures["tree"] = app.wait_text(TREE) - app.started
            run.figures["tree cpu"] = app.output_cpu  # as the frame arrived, not once the emulator had read it
            run.figures["form"] = app.wait_text(FORM) - app.started
            run.figures["form cpu"] = app.output_cpu
            app.wait_quiet(app.started, quiet=1.0)  # the reference loaded and the plan checked
            run.figures["settled cpu"] = app.cpu()
            idle = [self._idle(app) for _ in range(2)]

            path = f"components.{size // 2}.replica"
            run.figures["finder open"] = self._key(app, idle, "slash", expect="Find a field")
            run.keys["finder query"] = [self._key(app, idle, char) for char in path]
            run.figures["jump finder"] = self._key(app, idle, "enter", expect="replica *")

            self._type_in_field(app, run, idle)

            app.press("x")  # an issue at the field, for ``n`` to jump back to from elsewhere
            app.wait_text("must be a whole number")
            self._settle(app)
            app.press("escape")  # to the tree, on the field's component
            self._settle(app)
            app.press("k")  # the component before
            self._settle(app)
            run.figures["jump tree"] = self._key(app, idle, "enter")
            app.press("escape")
            self._settle(app)
            run.figures["jump n"] = self._key(app, idle, "n")
        run.figures["rss"] = app.peak_rss_mib
        return run

    # -- the steps

    def _type_in_field(self, app: PtyApp, run: Run, idle: list[float] | None = None) -> None:
        """Type in the focused input: a first character (so that the plan stays edited), then alternately a
        character and backspace, each in its window, with a window without a key before each."""
        idle = idle if idle is not None else []
        app.press("5")
        self._settle(app)
        typed: list[float] = []
        for i in range(self.keys):
            idle.append(self._idle(app))
            typed.append(self._key(app, idle, "6" if i % 2 == 0 else "backspace"))
        run.keys["key"] = typed
        run.figures["idle per s"] = statistics.median(idle)

    def _settle(self, app: PtyApp) -> None:
        """Let the program finish what it does (a window's length at least), untimed."""
        app.drain(WINDOW)
        app.wait_quiet(float("-inf"), quiet=QUIET)

    def _idle(self, app: PtyApp) -> float:
        """CPU seconds per second the program spends with no key, over one window."""
        started, cpu = time.perf_counter(), app.cpu()
        app.drain(WINDOW)
        return (app.cpu() - cpu) / (time.perf_counter() - started)

    def _key(self, app: PtyApp, idle: list[float], key: str, expect: str | None = None) -> float:
        """CPU seconds of everything ``key`` causes, the idle program's taken off (``expect``: text it brings)."""
        cpu = app.cpu()
        sent = app.press(key)
        if expect is not None:
            app.wait_text(expect)
        app.wait_quiet(sent, quiet=QUIET)
        app.drain(WINDOW - (time.perf_counter() - sent))
        used = app.cpu() - cpu
        rate = statistics.median(idle) if idle else 0.0
        return used - rate * (time.perf_counter() - sent)

"""Run a Python program until the first frame that shows a text, then end it at once: ``python to_frame.py
[--profile FILE] TEXT SCRIPT [ARG...]``.

Used by :mod:`tests.bench.instructions` to count the instructions of a start-up to a frame. Textual's Linux driver
gets every frame from the app's own thread (``LinuxDriver.write``) and hands it to a writer thread; the driver is
made to end the process with ``os._exit`` in the app's thread as soon as it is given the frame that completes
``TEXT``, so that nothing the program does after that frame (work it starts at once, in its thread or in others)
is counted. SCRIPT is run as ``__main__``, with its folder first on the module path, as ``python SCRIPT`` would run
it. With ``--profile``, the app's thread runs under ``cProfile`` and its statistics are written to FILE as the
process ends.
"""

from __future__ import annotations

import cProfile
import os
import runpy
import sys

from textual.drivers.linux_driver import LinuxDriver

__all__ = ["end_at_text"]


def end_at_text(text: str, profile: tuple[cProfile.Profile, str] | None = None) -> None:
    """Make every Linux driver end the process once the frames it was given hold ``text``."""
    write = LinuxDriver.write
    tail = ""

    def write_then_end(driver: LinuxDriver, data: str) -> None:
        nonlocal tail
        if text in tail + data:
            if profile is not None:
                profiler, out = profile
                profiler.disable()
                profiler.dump_stats(out)
            os._exit(0)
        tail = data[-len(text) :]
        write(driver, data)

    LinuxDriver.write = write_then_end  # type: ignore[method-assign,assignment]


def main(argv: list[str]) -> None:
    profile = None
    if argv[0] == "--profile":
        profile = (cProfile.Profile(), argv[1])
        argv = argv[2:]
    text, script, *args = argv
    end_at_text(text, profile)
    sys.argv = [script, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    if profile is not None:
        profile[0].enable()
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])

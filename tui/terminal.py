"""A terminal that goes away: Textual's Linux driver made to end the app as a hang-up does, never to block it."""

from __future__ import annotations

import os
import signal
from typing import IO, Any, cast

from textual.app import App
from textual.driver import Driver

__all__ = ["TerminalOutput", "hang_up", "hang_up_driver"]


class TerminalOutput:
    """The terminal's output for Textual's writer thread: after a write fails, the terminal is gone, writes dropped.

    Textual's writer thread dies on the first failed write, and the app's next 30 writes then wait forever for it:
    a terminal lost during start-up left a process that never exited and ignored SIGTERM.
    """

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False
        """Whether a write failed (the terminal hung up); from then on nothing is written."""

    def write(self, text: str) -> int:
        """Write ``text`` to the terminal, or drop it when the terminal is gone."""
        if not self.gone:
            try:
                self._file.write(text)
            except (OSError, ValueError):
                self._lost()
        return len(text)

    def flush(self) -> None:
        """Flush the terminal's output, unless the terminal is gone."""
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lost()

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def isatty(self) -> bool:
        """Whether the output is a terminal."""
        return self._file.isatty()

    def _lost(self) -> None:
        self.gone = True
        hang_up()


def hang_up() -> None:
    """The terminal is gone without a SIGHUP (it was not the controlling terminal): act as if one came."""
    os.kill(os.getpid(), signal.SIGHUP)


def hang_up_driver() -> type[Driver]:
    """Textual's Linux driver, made to survive a terminal that goes away: output dropped, input ends in a hang-up."""
    from textual.drivers.linux_driver import LinuxDriver

    class HangUpDriver(LinuxDriver):
        """A Linux driver whose lost terminal ends the app as a SIGHUP does, instead of blocking it forever."""

        def __init__(self, app: App[Any], **options: Any) -> None:
            super().__init__(app, **options)
            assert self._file is not None, "Textual writes to the process's stderr"
            self._file = cast("Any", TerminalOutput(self._file))  # a file to the writer thread, whatever its type

        def run_input_thread(self) -> None:
            """Read keys; a read that fails (EIO once the terminal hangs up) is a hang-up, not a crash."""
            try:
                super().run_input_thread()
            except OSError:
                hang_up()

    return HangUpDriver

"""``relplan`` as a real process on a pseudo-terminal of 80x24, with every byte it writes read away as it comes."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyte

ESC = "\x1b"
HANG = 120.0
"""Seconds after which a wait fails: only a guard against a hang. A start-up on a loaded machine takes tens of
seconds, and every wait ends as soon as what it waits for has happened, so the verdict never depends on speed."""


def wait_until(condition: Callable[[], bool], what: str, timeout: float = HANG) -> None:
    """Wait until ``condition()`` holds (a file written, a draft removed); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


class PtyEditor:
    """``relplan ARGS`` (after ``prefix``, a program that starts it) on its own pseudo-terminal, with config and
    data in folders under ``home``."""

    WAIT: float = HANG
    """Seconds :meth:`wait_for` waits by default."""

    def __init__(
        self,
        args: Sequence[str],
        home: Path,
        *,
        env: Mapping[str, str] | None = None,
        prefix: Sequence[str] = (),
    ) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environment = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "tui.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
        )
        os.close(slave)
        self.master_open = True
        self._written = bytearray()
        self._screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self._screen)
        """A terminal emulator, fed with the bytes written when the screen is looked at (the reader only reads: a
        slow reader would hold the program's writes back)."""
        self._fed = 0
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._written.extend(chunk)

    def seen(self) -> bytes:
        """Every byte written to the terminal so far."""
        with self._lock:
            return bytes(self._written)

    def _display(self) -> list[str]:
        """The terminal's rows now, once it has been fed every byte written so far."""
        with self._lock:
            new = bytes(self._written[self._fed :])
            self._fed = len(self._written)
        self._stream.feed(new)
        return list(self._screen.display)

    def screen(self) -> str:
        """What the terminal shows now, one line per row."""
        return "\n".join(line.rstrip() for line in self._display())

    def check(self, written: bytes) -> None:
        """Judge what was written while waiting (nothing, here)."""

    def wait_for(self, text: str, *, after: int = 0, timeout: float | None = None) -> int:
        """Wait until ``text`` is drawn after byte ``after``; returns where it ends, for the next wait to start at."""
        wanted = text.encode()
        deadline = time.monotonic() + (self.WAIT if timeout is None else timeout)
        while (found := self.seen().find(wanted, after)) == -1:
            self.check(self.seen())
            assert self.process.poll() is None, f"the editor exited with {self.process.returncode}:\n{self.screen()}"
            assert time.monotonic() < deadline, f"never drew {text!r}; the screen:\n{self.screen()}"
            time.sleep(0.02)
        return found + len(wanted)

    def shows(self, text: str) -> bool:
        """Whether ``text`` is on the screen now, within one row."""
        return any(text in line for line in self._display())

    def find(self, query: str, shown: str, timeout: float | None = None) -> int:
        """Find a field with ``/`` and wait until the screen shows ``shown``, what only the jump brings (the field's
        whole description in the help bar): the focus is in the field. Returns how many bytes were written by then.

        The screen is read as a terminal shows it, not the bytes: a notice over the help bar that goes away has
        Textual draw only the part it uncovers, so the bar's text may never be written in one piece.
        """
        assert not self.shows(shown), f"{shown!r} is on the screen before the jump:\n{self.screen()}"
        self.type("/", *query, "\r")
        deadline = time.monotonic() + (self.WAIT if timeout is None else timeout)
        while not self.shows(shown):
            assert self.process.poll() is None, f"the editor exited with {self.process.returncode}:\n{self.screen()}"
            assert time.monotonic() < deadline, f"the jump never showed {shown!r}; the screen:\n{self.screen()}"
            time.sleep(0.02)
        return len(self.seen())

    def exit_status(self, timeout: float = HANG) -> int:
        """The process's exit status, once it has ended."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the editor was still running {timeout:g} s on:\n{self.screen()}") from None

    def type(self, *keys: str, pause: float = 0.08) -> None:
        """Type keys at a person's pace (the editor reads them as keys, not as one pasted burst)."""
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(max(pause, 0.25) if key == ESC else pause)  # a lone escape is told from a sequence by a pause

    def close(self) -> None:
        """End the process if it still runs, and the terminal."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.master_open:
            self.master_open = False
            os.close(self.master)

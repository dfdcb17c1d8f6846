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
from collections.abc import Mapping, Sequence
from pathlib import Path

ESC = "\x1b"


class PtyEditor:
    """``relplan ARGS`` (after ``prefix``, a program that starts it) on its own pseudo-terminal, with config and
    data in folders under ``home``."""

    WAIT: float = 30.0
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

    def check(self, written: bytes) -> None:
        """Judge what was written while waiting (nothing, here)."""

    def wait_for(self, text: str, *, after: int = 0, timeout: float | None = None) -> int:
        """Wait until ``text`` is drawn after byte ``after``; returns where it ends, for the next wait to start at."""
        wanted = text.encode()
        deadline = time.monotonic() + (self.WAIT if timeout is None else timeout)
        while (found := self.seen().find(wanted, after)) == -1:
            self.check(self.seen())
            assert self.process.poll() is None, f"the editor exited with {self.process.returncode}"
            assert time.monotonic() < deadline, f"never drew {text!r}"
            time.sleep(0.02)
        return found + len(wanted)

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

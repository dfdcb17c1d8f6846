"""A program run on a pseudo-terminal and driven by keys, as a person drives it: what it shows, and the CPU it used.

What is on the screen is decided by a terminal emulator (pyte) fed with everything the program writes, so a wait
names text a person would see ("orders-000", "fail_strategy") instead of bytes that change with Textual's renderer.

CPU is read from the child's process CPU clock (``clock_getcpuclockid`` and ``clock_gettime``): nanoseconds, and
the sum over all its threads, threads that have ended included (the kernel keeps their time in the process's
total), so a draft written by a thread that is gone by the time the clock is read still counts. ``/proc/PID/stat``
would give the same sum in 10 ms ticks; ``/proc/PID/task/*/schedstat`` would lose the threads that ended; the
rusage of ``os.wait4`` comes only at exit, so one figure per process. That rusage is still read at the end, for
the peak resident memory (``ru_maxrss``).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import resource
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Self

import pyte

__all__ = ["KEYS", "PtyApp", "WaitError"]

KEYS: Mapping[str, bytes] = {
    "enter": b"\r",
    "backspace": b"\x7f",
    "escape": b"\x1b",
    "tab": b"\t",
    "slash": b"/",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "home": b"\x1b[H",
    "f8": b"\x1b[19~",
}
"""What an xterm sends for a named key; any other key is sent as its own character."""

_libc = ctypes.CDLL(None, use_errno=True)


class WaitError(AssertionError):
    """A wait ran out of time, or the program ended: the message says what was waited for, and the screen."""


def _cpu_clock(pid: int) -> int:
    """The clock that counts the CPU time of every thread of process ``pid``, ended threads included."""
    clock = ctypes.c_int()
    failed = _libc.clock_getcpuclockid(pid, ctypes.byref(clock))
    if failed:
        raise OSError(failed, os.strerror(failed))
    return clock.value


class PtyApp:
    """``argv`` started on a pseudo-terminal of ``size`` columns and rows, with ``env`` as its whole environment."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int] = (80, 24)) -> None:
        self.argv = list(argv)
        self.screen = pyte.Screen(*size)
        self._stream = pyte.ByteStream(self.screen)
        self.rusage: resource.struct_rusage | None = None
        """The program's resource use, once it has ended (see :meth:`close`)."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        """When the program was started (``perf_counter``)."""
        self.last_output = self.started
        """When the program last wrote something (``perf_counter``)."""
        self.output_cpu = 0.0
        """The program's CPU seconds read as its last output arrived, before the terminal emulator read it (which
        takes milliseconds for a whole screen, while the program goes on with what follows the frame)."""
        pid = os.fork()
        if pid == 0:  # the child: the terminal becomes its controlling terminal, as a shell would make it
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.execve(self.argv[0], self.argv, dict(env))
            finally:
                os._exit(127)
        os.close(slave)
        self.pid = pid
        self.fd = master
        try:
            self._clock = _cpu_clock(pid)
        except OSError:
            self.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what it shows

    def text(self) -> str:
        """The screen as text, one line per row."""
        return "\n".join(self.screen.display)

    def shows(self, text: str) -> bool:
        """Whether ``text`` is on the screen, within one row."""
        return any(text in line for line in self.screen.display)

    def _pump(self, timeout: float) -> bool:
        """Read what the program wrote within ``timeout`` seconds; whether anything came."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError as exc:
            if exc.errno == errno.EIO:  # the program has ended and the terminal is closed
                raise WaitError(f"{self.argv[0]} ended; its screen:\n{self.text()}") from None
            raise
        if not data:
            raise WaitError(f"{self.argv[0]} ended; its screen:\n{self.text()}")
        self.output_cpu = self.cpu()
        self.last_output = time.perf_counter()
        self._stream.feed(data)
        return True

    def wait_for(self, what: str, check: Callable[[], bool], timeout: float = 120) -> float:
        """Read until ``check()`` holds; the moment it first did (``perf_counter``). Fails naming ``what``."""
        deadline = time.perf_counter() + timeout
        while not check():
            left = deadline - time.perf_counter()
            if left <= 0:
                raise WaitError(f"waited {timeout:.0f} s for {what}; the screen:\n{self.text()}")
            self._pump(min(left, 0.05))
        return time.perf_counter()

    def wait_text(self, text: str, timeout: float = 120) -> float:
        """Read until ``text`` is on the screen; the moment it was (``perf_counter``)."""
        return self.wait_for(f"{text!r} on the screen", lambda: self.shows(text), timeout)

    def wait_quiet(self, since: float, quiet: float = 0.25, timeout: float = 120) -> float:
        """Read until the program wrote something after ``since`` and then nothing for ``quiet`` seconds.

        Returns the moment of its last output (``perf_counter``).
        """
        deadline = time.perf_counter() + timeout
        while True:
            now = time.perf_counter()
            if self.last_output > since and now - self.last_output >= quiet:
                return self.last_output
            if now >= deadline:
                said = "any output" if self.last_output <= since else f"{quiet} s without output"
                raise WaitError(f"waited {timeout:.0f} s for {said}; the screen:\n{self.text()}")
            self._pump(min(deadline - now, quiet - (now - self.last_output) if self.last_output > since else quiet))

    def drain(self, seconds: float) -> None:
        """Read whatever the program writes for ``seconds`` (so that it never blocks on a full terminal)."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self._pump(left)

    # -- keys and CPU

    def press(self, *keys: str) -> float:
        """Send ``keys`` (names from :data:`KEYS`, or characters), one write each; when the first was sent."""
        sent = time.perf_counter()
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
        return sent

    def cpu(self) -> float:
        """CPU seconds the program has used so far, all its threads (ended ones too), user and system."""
        return time.clock_gettime(self._clock)

    def close(self) -> None:
        """End the program (SIGTERM, then SIGKILL after 5 s) and keep its resource use in :attr:`rusage`."""
        if self.rusage is not None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:
                pid, _, rusage = os.wait4(self.pid, os.WNOHANG)
                if pid:
                    self.rusage = rusage
                    return
                with suppress(WaitError):  # what it writes as it ends
                    self._pump(0.05)
            os.kill(self.pid, signal.SIGKILL)
            self.rusage = os.wait4(self.pid, 0)[2]
        finally:
            os.close(self.fd)

    @property
    def peak_rss_mib(self) -> float:
        """The program's peak resident memory in MiB (after :meth:`close`)."""
        assert self.rusage is not None, "the peak memory is known once the program has ended"
        return self.rusage.ru_maxrss / 1024

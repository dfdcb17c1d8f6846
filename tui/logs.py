"""The debug log: ``--log FILE`` or ``RELPLAN_LOG=FILE`` writes what relplan did, for finding out what went wrong.

It holds each request (method, URL, status, seconds taken), how long a command or a load took, and the failures
nobody foresaw with their tracebacks (without any variable's value). It never holds a credential: no header value
and no body is logged, and every line goes through :func:`tui.auth.redact` as a last guard. Every control
character is written as an escape (:func:`tui.text.printable`), so that reading the log cannot drive the terminal.
The file is private to its owner (mode 0600), since URLs and messages can still say more than a stranger should
read.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Final

__all__ = ["ENV_LOG", "LOGGER", "details_hint", "logger", "start_logging", "stop_logging"]

ENV_LOG: Final = "RELPLAN_LOG"
LOGGER: Final = "relplan"
_FORMAT: Final = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_file: Path | None = None


def logger(name: str = "") -> logging.Logger:
    """relplan's logger, or one of its children (``http``, ``app``); silent until :func:`start_logging`."""
    return logging.getLogger(f"{LOGGER}.{name}" if name else LOGGER)


def _silence() -> None:
    """No log: a record goes nowhere, never to Python's last-resort handler, which prints tracebacks on stderr."""
    root = logger()
    root.addHandler(logging.NullHandler())
    root.propagate = False


_silence()


class _Redacting(logging.Formatter):
    """Formats a record, traceback and all, then takes out every credential this process knows and shows each
    control character as an escape (a server's words, a file's name), so that reading the log cannot drive the
    terminal."""

    def format(self, record: logging.LogRecord) -> str:
        from tui.auth import redact
        from tui.text import printable

        return printable(redact(super().format(record)), lines=True)


def start_logging(path: Path) -> Path:
    """Append relplan's debug log to ``path`` from now on; a file is made (or tightened to) mode 0600, a device such
    as ``/dev/stderr`` is written to as it is.

    Raises:
        OSError: the file cannot be opened for writing.
    """
    global _file
    path = path.expanduser()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # a device (/dev/stderr, /dev/null) is written to, never changed
            os.fchmod(fd, 0o600)  # a file that was there before may have been readable by others
    finally:
        os.close(fd)
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(_Redacting(_FORMAT))
    root = logger()
    for old in list(root.handlers):  # a second start (tests run main many times) replaces the first
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    root.propagate = False
    _file = path
    return path


def stop_logging() -> None:
    """Close the log (the end of a command run inside a longer process, as tests run it)."""
    global _file
    root = logger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.setLevel(logging.NOTSET)
    _silence()
    _file = None


def details_hint() -> str:
    """Where to read more about an unexpected error: the log, or how to turn it on."""
    if _file is not None:
        from tui.text import printable

        return f"details in {printable(str(_file))}"
    return f"run with --log FILE (or {ENV_LOG}=FILE) for details"

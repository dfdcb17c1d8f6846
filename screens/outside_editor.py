"""The terminal handed to the person's own editor while it runs (see :mod:`tui.outside_edit`)."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from textual.app import App, SuspendNotSupported

from tui.errors import EditRefusedError
from tui.outside_edit import Runner
from tui.text import printable

__all__ = ["terminal_runner"]


def terminal_runner(app: App[Any]) -> Runner:
    """Run a command with the App suspended: the command has the terminal, and the App comes back when it ends.

    Raises (from the runner):
        EditRefusedError: the App cannot be suspended (no terminal of its own, as in a browser), or the command
            cannot be started.
    """

    def run(argv: Sequence[str]) -> int:
        try:
            with app.suspend(), _interrupts_left_to_the_editor():
                return subprocess.run(list(argv), check=False).returncode
        except SuspendNotSupported:
            raise EditRefusedError(
                "This terminal cannot be handed over to an editor; e edits the node as JSON here."
            ) from None
        except OSError as exc:
            said = printable(argv[0])
            raise EditRefusedError(
                f"The editor {said} could not be started ({exc.strerror or exc}); set VISUAL or EDITOR."
            ) from None

    return run


@contextmanager
def _interrupts_left_to_the_editor() -> Iterator[None]:
    """``ctrl+c`` and ``ctrl+\\`` reach the editor's whole process group, this process too: while the editor
    runs they are its business, and must not end relplan (git does the same). A handler that does nothing, not
    ``SIG_IGN``, so that the editor starts with them as usual (an exec resets a handled signal, not an ignored one).
    """
    names = ("SIGINT", "SIGQUIT")
    kept: dict[int, Any] = {}
    try:
        for name in names:
            if (number := getattr(signal, name, None)) is not None:
                kept[number] = signal.signal(number, _nothing)
    except ValueError:  # not the main thread: signals cannot be handled here, nor need be
        pass
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def _nothing(signum: int, frame: FrameType | None) -> None:
    """A signal handled by doing nothing."""

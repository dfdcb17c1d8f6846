"""The terminal handed to the person's own editor while it runs (see :mod:`tui.outside_edit`)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
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

    def run(argv: Sequence[str]) -> None:
        try:
            with app.suspend():
                subprocess.run(list(argv), check=False)
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

"""A profile's ``token_command``: a program that prints the token, run so that it can neither prompt nor hang."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
from typing import Final

from tui.auth import check_secret
from tui.errors import SettingsError
from tui.text import printable

__all__ = ["SHOWN_STDERR_CHARS", "TOKEN_COMMAND_TIMEOUT", "TokenCommand"]

TOKEN_COMMAND_TIMEOUT: Final = 30.0
"""Seconds a token_command may take."""
SHOWN_STDERR_CHARS: Final = 200
"""How much of the last line a failing token_command wrote to stderr its error shows."""


class TokenCommand:
    """A profile's ``token_command``, run with stdin closed and no terminal, so that one that prompts fails at once.

    :meth:`cancel`, from another thread, kills it (and whatever it started) and makes :meth:`run` raise.
    """

    def __init__(self, command: str) -> None:
        self.command = command
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False

    def run(self, timeout: float = TOKEN_COMMAND_TIMEOUT) -> str:
        """Run the command and return the token it printed.

        Raises:
            SettingsError: it could not run, failed, timed out, printed no token, or was cancelled.
        """
        try:
            self._process = subprocess.Popen(
                shlex.split(self.command),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # no controlling terminal: a prompt on /dev/tty fails instead of taking keys
            )
        except (OSError, ValueError) as exc:
            raise SettingsError(f"the token_command could not run: {exc}") from None
        if self._cancelled:
            self._kill()
        try:
            stdout, stderr = self._process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            self._process.communicate()
            raise SettingsError(f"the token_command could not run: it took more than {timeout:g} seconds") from None
        if self._cancelled:
            raise SettingsError("the token_command was cancelled")
        if self._process.returncode != 0:
            lines = [line.strip() for line in stderr.decode("utf-8", errors="replace").splitlines() if line.strip()]
            said = f": {printable(lines[-1][:SHOWN_STDERR_CHARS])}" if lines else ""
            raise SettingsError(f"the token_command failed with exit status {self._process.returncode}{said}")
        try:
            printed = stdout.decode("ascii")  # a token goes into a header: printable ASCII only
        except UnicodeDecodeError:
            raise SettingsError("the token_command printed something that is not a token (not ASCII text)") from None
        try:
            token = check_secret(printed, "the token the token_command printed")
        except SettingsError as exc:
            raise SettingsError(f"{exc} (it must print the token alone)") from None
        if not token:
            raise SettingsError("the token_command printed no token")
        return token

    def cancel(self) -> None:
        """Stop the command: it is killed, and :meth:`run` raises that it was cancelled."""
        self._cancelled = True
        self._kill()

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: what it started goes too
            except OSError:
                process.kill()

"""The editor as a real process whose terminal goes away at any moment of start-up: it always ends, and keeps edits.

The pseudo-terminal is the process's controlling terminal, as an SSH session's is, so closing its master side
sends the kernel's own SIGHUP; with ``controlling=False`` it is only the process's stdin and stdout, and the
process learns of the hang-up from a failed read or write.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.pty_editor import PtyEditor
from tui.drafts import draft_key, encode_draft, read_draft, write_draft
from tui.jsonfiles import load_file

END = "\x1b[F"
MARK = "zq7"
"""Typed at the end of the description; unique enough to be seen on the screen once it is drawn."""


TAKE_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); os.execv(sys.argv[1], sys.argv[1:])"
)
"""Run in the child after setsid: stdin's pty becomes its controlling terminal, then relplan replaces it."""


class Terminal(PtyEditor):
    """``relplan edit FILE`` on a pseudo-terminal of 80x24, as its controlling terminal unless told otherwise."""

    def __init__(self, plan: Path, home: Path, *, controlling: bool = True) -> None:
        prefix = (sys.executable, "-c", TAKE_TERMINAL) if controlling else ()
        super().__init__(["edit", str(plan)], home, prefix=prefix)

    def hang_up(self, how: str) -> None:
        """End the terminal: ``close`` its master side (an SSH drop), or send ``SIGHUP`` as the kernel would."""
        if how == "close":
            self.master_open = False
            os.close(self.master)
        else:
            self.process.send_signal(signal.SIGHUP)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def start(terminals: list[Terminal], plan: Path, home: Path, *, controlling: bool = True) -> Terminal:
    terminal = Terminal(plan, home, controlling=controlling)
    terminals.append(terminal)
    return terminal


def edit(terminal: Terminal) -> None:
    """Type at the end of the description, and wait until the screen shows it (so the app has applied it)."""
    terminal.wait_for("no issues")
    at = terminal.find("desc", "Description. (text)")  # the help bar's whole description: the focus is in it
    terminal.type(END, *MARK)
    terminal.wait_for(MARK, after=at)


WAYS = [
    pytest.param("close", True, id="master-closed"),
    pytest.param("SIGHUP", True, id="sighup"),
    pytest.param("close", False, id="master-closed-not-controlling"),
]
MOMENTS = {
    "at-once": None,  # the interpreter may not have started yet
    "entering-the-screen": "\x1b[?1049h",  # before the first frame
    "first-frame": "components",  # the tree, before the form
    "form-models-loading": "checking",  # the issues panel, shown with the form, before the check
}


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize(("how", "controlling"), WAYS)
def test_a_terminal_lost_during_start_up_ends_the_process(
    terminals: list[Terminal], plan_file: Path, private_folders: Path, moment: str, how: str, controlling: bool
) -> None:
    terminal = start(terminals, plan_file, private_folders, controlling=controlling)
    seen = MOMENTS[moment]
    if seen is not None:
        terminal.wait_for(seen)
    terminal.hang_up(how)
    status = terminal.exit_status()
    # relplan's own exit once its handlers are in place; the default action (killed by SIGHUP) before that
    assert status in (1, -signal.SIGHUP)
    assert read_draft(draft_key(path=plan_file)) is None  # no edits, no draft


@pytest.mark.parametrize(("how", "controlling"), WAYS)
def test_a_terminal_lost_after_edits_leaves_them_in_the_draft(
    terminals: list[Terminal], plan_file: Path, private_folders: Path, how: str, controlling: bool
) -> None:
    terminal = start(terminals, plan_file, private_folders, controlling=controlling)
    edit(terminal)
    terminal.hang_up(how)  # at once: the draft timer has not fired yet
    assert terminal.exit_status() == 1
    draft = read_draft(draft_key(path=plan_file))
    assert draft is not None
    assert str(draft.plan["desc"]).endswith(MARK)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_sigint_writes_the_draft_as_sigterm_does(
    terminals: list[Terminal], plan_file: Path, private_folders: Path, signum: int
) -> None:
    terminal = start(terminals, plan_file, private_folders)
    edit(terminal)
    terminal.process.send_signal(signum)
    assert terminal.exit_status() == 1
    draft = read_draft(draft_key(path=plan_file))
    assert draft is not None
    assert str(draft.plan["desc"]).endswith(MARK)


def test_a_hang_up_before_the_draft_is_offered_keeps_the_draft(
    terminals: list[Terminal], plan_file: Path, private_folders: Path
) -> None:
    plan = load_file(plan_file)
    key = draft_key(path=plan_file)
    edited = {**plan, "desc": "kept from the last time"}
    write_draft(key, encode_draft(str(plan_file), "plan.json", edited, plan, time.time()))
    terminal = start(terminals, plan_file, private_folders)
    terminal.wait_for("\x1b[?1049h")
    terminal.hang_up("close")
    terminal.exit_status()
    draft = read_draft(key)
    assert draft is not None
    assert draft.plan["desc"] == "kept from the last time"

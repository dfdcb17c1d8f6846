"""A plan and a server full of terminal escapes, shown by the editor on a real pseudo-terminal: every byte it writes
is read, and none of the plan's or the server's escapes is among them.

A screenshot cannot show this: it is made from the text the widgets hold, not from what reaches the terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import load
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.integration.pty_editor import PtyEditor
from tui.jsonfiles import load_file
from tui.types import counts
from tui.validation import validate

OSC52 = "\x1b]52;c;SElKQUNLRUQ=\x07"  # writes "HIJACKED" to the clipboard
RETITLE = "\x1b]0;PWNED\x07"  # renames the window
RETITLE2 = "\x1b]2;PWNED2\x1b\\"  # the same, ended by ST
CLEAR = "\x1b[2J\x1b[H"  # blanks the screen
C1 = "\x9b31m\x85"  # a C1 CSI and a C1 next line
BIDI = "\u202eevil\u202c \u2066x\u2069 \u200f"

FORBIDDEN: dict[str, bytes] = {
    "OSC 52 (clipboard)": b"\x1b]52",
    "OSC 0 (window title)": b"\x1b]0;",
    "OSC 2 (window title)": b"\x1b]2;",
    "the plan's erase display": b"\x1b[2J\x1b[H",
    "a C1 CSI": "\x9b".encode(),
    "a C1 next line": "\x85".encode(),
    "DEL": b"\x7f",
    **{f"U+{ord(char):04X}": char.encode() for char in "\u202e\u202c\u2066\u2069\u200f"},
}
"""What the plan and the server carry that must never reach the terminal as itself."""

OWN_OSC = re.compile(rb"\x1b\]22;")
"""The one OSC Textual writes itself here (the pointer's shape)."""


def hostile_plan() -> dict[str, Any]:
    """A valid-looking plan whose names, values, keys and lists carry escapes, in every place the editor shows."""
    plan = load("minimal.json")
    plan["name"] = f"rel{RETITLE}plan"
    plan["desc"] = f"d{OSC52}{CLEAR}{BIDI}"
    component = plan["components"][0]
    component["name"] = f"web{RETITLE2}{BIDI}"
    component["description"] = f"{C1}\x7fdel"
    component["version"] = f"1.0.0{OSC52}"
    component[f"evil{CLEAR}key"] = f"v{BIDI}v"
    component["sys_config"] = {f"k{RETITLE}": f"v{OSC52}"}
    component["image_pull_secrets"] = [f"s{CLEAR}", "plain"]
    component["envs"] = [{"name": f"ENV{OSC52}", "value": f"{C1}x"}]
    return plan


class Terminal(PtyEditor):
    """``relplan ARGS`` on a pseudo-terminal of 80x24; what is written is checked as it comes while waiting, so an
    escape that gets through fails at once, by name."""

    WAIT = 60.0

    def __init__(self, args: Sequence[str], home: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(args, home, env=env)

    def check(self, written: bytes) -> None:
        assert_nothing_raw(written)

    def finish(self, timeout: float = 30.0) -> int:
        """Wait for the editor to exit and for its last bytes to be read; returns its exit status."""
        status = self.process.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        return status


ESC, TAB, ENTER, DOWN, END = "\x1b", "\t", "\r", "\x1b[B", "\x1b[F"
CTRL_R, CTRL_Q, CTRL_S, F1, F6 = "\x12", "\x11", "\x13", "\x1bOP", "\x1b[17~"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def assert_nothing_raw(written: bytes) -> None:
    """None of the plan's or the server's escapes is in what the editor wrote."""
    found = {name: written.count(raw) for name, raw in FORBIDDEN.items() if raw in written}
    assert not found, f"written to the terminal as themselves: {found}"
    others = [m.start() for m in re.finditer(rb"\x1b\]", written) if not OWN_OSC.match(written, m.start())]
    assert not others, f"an OSC Textual does not write: {written[others[0] : others[0] + 30]!r}"


def summary(plan: dict[str, Any]) -> str:
    """The issues panel's title for ``plan``: the sign that the editor has checked it."""
    errors, warnings = counts(validate(plan))
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def test_a_plan_full_of_escapes_never_writes_one_to_the_terminal(
    terminals: list[Terminal], tmp_path: Path, private_folders: Path
) -> None:
    plan = hostile_plan()
    path = tmp_path / f"hostile{RETITLE}.json"  # the file's name is shown too: in the title, when saved
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    terminal = Terminal(["edit", str(path)], private_folders)
    terminals.append(terminal)
    mark = terminal.wait_for(summary(plan))
    terminal.wait_for("rel\\x1b]0;PWNED\\x07plan")  # the tree's root: the plan's name, escaped
    terminal.wait_for("hostile\\x1b]0;PWNED\\x07.json")  # the title: the file's name, escaped

    terminal.type(DOWN, "l", DOWN)  # the tree: components, opened, the first component
    mark = terminal.wait_for("Release batch.", after=mark)  # its form, at the help of its first field
    terminal.type(ENTER, *[TAB] * 30, ESC)  # every field of the component's form, then back to the tree
    terminal.type("/")  # keys are read in order: once the finder is drawn, the tabs have been handled
    mark = terminal.wait_for("Find a field", after=mark)
    terminal.type(*"evil", ENTER)  # the unknown key, found by name, and its field
    mark = terminal.wait_for('! "evil\\u001b[2J', after=mark)  # under the field: the warning, its key escaped

    terminal.type(ESC, "e")  # the component as JSON
    mark = terminal.wait_for("JSON of", after=mark)
    mark = terminal.wait_for("\\u001b]52", after=mark)
    terminal.type(ESC, "l", *[DOWN] * 6, "l", DOWN)  # back in the tree, down to the component's first env
    mark = terminal.wait_for("#0 ENV\\x1b]52", after=mark)
    terminal.type("d")  # the delete question names the node
    mark = terminal.wait_for("Delete #0 ENV\\x1b]52", after=mark)
    terminal.type("n", *["n"] * 6, F1)  # no; then every problem, one after the other; then the keys
    mark = terminal.wait_for("Keys", after=mark)
    terminal.type(ESC, ESC, CTRL_S)
    mark = terminal.wait_for("Saved", after=mark)  # a toast that names the file (wrapped: its name is long)
    terminal.type(CTRL_Q)
    assert terminal.finish() == 0  # nothing changed: no question on the way out

    written = terminal.seen()
    assert_nothing_raw(written)
    for escaped in ("web\\x1b]2;PWNED2\\x1b\\\\", "\\x9b31m\\x85\\x7fdel", "evil\\x1b[2J\\x1b[H"):
        assert escaped.encode() in written  # shown, as escapes (a long line cut after them): the right screens
    assert load_file(path) == plan  # looking, tabbing and saving changed no value of the plan


def test_a_server_answer_full_of_escapes_never_writes_one_to_the_terminal(
    terminals: list[Terminal], standin: Standin, private_folders: Path
) -> None:
    plan = hostile_plan()
    plan_id = standin.store.add(plan)
    terminal = Terminal(
        ["edit", "--plan-id", plan_id, "--endpoint", standin.url, "--project-id", PROJECT],
        private_folders,
        {"RELPLAN_TOKEN": TOKEN},
    )
    terminals.append(terminal)
    mark = terminal.wait_for(summary(plan))
    on_server = {**plan, "desc": f"theirs{RETITLE}", f"added{OSC52}": f"by{BIDI}them"}
    standin.store.update(plan_id, on_server)  # a colleague's change: the review shows it three ways
    refusal = f"components.0.replica: {OSC52}bad{BIDI}; desc: {CLEAR}{C1}no{RETITLE2}"
    standin.set_faults(status=400, message=refusal, methods=["PUT"])
    try:
        terminal.type("/", *"swimlane_id", ENTER, ENTER)  # an edit of one's own (the plan's texts are read-only)
        mark = terminal.wait_for("Lane ID, as the get call", after=mark)  # the field's help: it has the focus
        terminal.type("z", CTRL_R)  # in order: the review has it to send
        terminal.wait_for("added\\x1b]52", after=mark)  # their key, among the changes taken from the server
        mark = terminal.wait_for("Changed on the server", after=mark)
        terminal.type(TAB, ENTER)  # from Back (the plan has errors) to "Merge and send anyway": theirs and mine
        mark = terminal.wait_for("the server said", after=mark)  # the refusal, on the fields it names
        terminal.type(F6)
        mark = terminal.wait_for("The server's answer", after=mark)
        terminal.type(F6, *["n"] * 5)  # closed; then every problem, those the server named among them
        terminal.type(F6)
        terminal.wait_for("The server's answer", after=mark)
        terminal.type(F6)
    finally:
        standin.clear_faults()
    written = terminal.seen()
    assert_nothing_raw(written)
    assert b"SVCSTG" in written  # the refusal was shown (its code), escaped
    assert b"bad\\u202eevil" in written


SUBMIT = (sys.executable, "-m", "tui.cli", "submit")


def test_submit_prints_a_hostile_refusal_with_its_controls_escaped(
    standin: Standin, tmp_path: Path, private_folders: Path
) -> None:
    plan = hostile_plan()
    plan_id = standin.store.add(plan)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    standin.set_faults(status=400, message=f"no{OSC52}{CLEAR}{C1}\x7f{BIDI}", methods=["PUT"])
    try:
        done = subprocess.run(
            [*SUBMIT, str(path), "--plan-id", plan_id, "--force", "--endpoint", standin.url, "--project-id", PROJECT],
            capture_output=True,
            env={**os.environ, "RELPLAN_TOKEN": TOKEN},
            timeout=60,
        )
    finally:
        standin.clear_faults()
    printed = done.stdout + done.stderr
    assert done.returncode == 1
    assert_nothing_raw(printed)
    assert b"no\\x1b]52;c;" in printed  # the refusal is there, as escapes

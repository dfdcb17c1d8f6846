"""``E`` in the real editor on a pseudo-terminal: the App hands the terminal to ``$EDITOR`` and takes it back."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

from tests.integration.pty_editor import PtyEditor

CTRL_S, CTRL_Q = "\x13", "\x11"

SCRIPT = """\
import json, os, pathlib, signal, stat, sys

file = pathlib.Path(sys.argv[-1])
modes = [oct(stat.S_IMODE(path.stat().st_mode)) for path in (file, file.parent)]
in_tmpdir = str(file.parent.parent) == os.environ["TMPDIR"]
print("EDITOR-RAN", sys.stdin.isatty() and sys.stdout.isatty(), in_tmpdir, *modes, flush=True)
lines = [line for line in file.read_text().splitlines() if not line.startswith("#")]
plan = json.loads("\\n".join(lines))
plan["desc"] = "edited outside"
file.write_text(json.dumps(plan, indent=2))
signal.signal(signal.SIGINT, signal.SIG_IGN)
os.killpg(os.getpgrp(), signal.SIGINT)  # as ctrl+c in the editor: the whole process group gets it
"""


def test_the_editor_gets_the_terminal_and_its_edit_is_applied(
    plan_file: Path, private_folders: Path, tmp_path: Path
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(SCRIPT)
    editor = shlex.join([sys.executable, str(script)])
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {"EDITOR": editor, "VISUAL": "", "TMPDIR": str(temporary)}
    terminal = PtyEditor(["edit", str(plan_file)], private_folders, env=environment)
    try:
        terminal.wait_for("no issues")  # the reference has loaded and the plan has been checked
        terminal.type("E")  # on the plan itself, where the tree's cursor starts
        at = terminal.wait_for("EDITOR-RAN True True 0o600 0o700")
        terminal.wait_for("applied from the editor", after=at)
        terminal.type(CTRL_S)
        deadline = time.monotonic() + 30
        while json.loads(plan_file.read_text()).get("desc") != "edited outside":
            assert time.monotonic() < deadline, "the edit was never saved"
            time.sleep(0.05)
        terminal.type(CTRL_Q)
        terminal.process.wait(timeout=30)
        assert terminal.process.returncode == 0
        assert list(temporary.iterdir()) == []  # the file and its folder are gone
    finally:
        terminal.close()

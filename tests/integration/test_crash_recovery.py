"""The editor as a real process on a pseudo-terminal: killed, hung up on or terminated, it loses no edit."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.integration.pty_editor import PtyEditor, wait_until
from tui.drafts import Draft, draft_key, read_draft
from tui.jsonfiles import load_file

END = "\x1b[F"
CTRL_S, CTRL_Q = "\x13", "\x11"


class Terminal(PtyEditor):
    """``relplan edit FILE`` on a pseudo-terminal of 80x24."""

    def __init__(self, plan: Path, home: Path) -> None:
        super().__init__(["edit", str(plan)], home)


@pytest.fixture
def terminals(plan_file: Path, private_folders: Path) -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def open_editor(terminals: list[Terminal], plan: Path, home: Path) -> Terminal:
    terminal = Terminal(plan, home)
    terminals.append(terminal)
    terminal.wait_for("no issues")  # the reference has loaded and the plan has been checked
    return terminal


def draft_of(plan: Path) -> Draft | None:
    """The plan's draft, in the data folder the editor was started with (``private_folders`` set it for both)."""
    return read_draft(draft_key(path=plan))


def edit_description(terminal: Terminal) -> None:
    """Append ``!!`` to the plan's description, and wait until the editor has drawn it: it holds the edit.

    The row's own line shows only the start of the description, so the help bar's whole description is drawn by the
    jump alone. A notice over the screen cuts the bar's lines where its edge is: what is waited for is left of it.
    """
    at = terminal.find("desc", "Description. (text)")
    terminal.type(END, "!", "!")
    terminal.wait_for("!!", after=at)


def wait_for_draft(plan: Path, ending: str) -> Draft:
    def held() -> bool:
        draft = draft_of(plan)
        return draft is not None and str(draft.plan["desc"]).endswith(ending)

    wait_until(held, f"a draft holds a description ending in {ending!r}")
    draft = draft_of(plan)
    assert draft is not None
    return draft


def test_kill_9_after_the_draft_is_written_loses_nothing_and_the_next_start_restores(
    terminals: list[Terminal], plan_file: Path, private_folders: Path
) -> None:
    terminal = open_editor(terminals, plan_file, private_folders)
    edit_description(terminal)
    wait_for_draft(plan_file, "!!")  # how soon it comes is measured by the benchmarks, not judged here
    os.killpg(terminal.process.pid, signal.SIGKILL)
    terminal.exit_status()
    draft = draft_of(plan_file)
    assert draft is not None
    assert str(draft.plan["desc"]).endswith("!!")

    again = Terminal(plan_file, private_folders)
    terminals.append(again)
    again.wait_for("A draft of this plan")
    again.type("\r")  # Restore
    again.wait_for("The draft is restored")
    again.type(CTRL_S)
    wait_until(lambda: str(load_file(plan_file)["desc"]).endswith("!!"), "the restored edit was saved")
    wait_until(lambda: draft_of(plan_file) is None, "saving removed the draft")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_lost_terminal_or_sigterm_writes_the_draft_before_exiting(
    terminals: list[Terminal], plan_file: Path, private_folders: Path, signum: int
) -> None:
    terminal = open_editor(terminals, plan_file, private_folders)
    edit_description(terminal)
    terminal.process.send_signal(signum)
    assert terminal.exit_status() == 1  # relplan's own exit: the default action would be -signum
    draft = draft_of(plan_file)
    assert draft is not None
    assert str(draft.plan["desc"]).endswith("!!")


def edit_component_description(terminal: Terminal) -> None:
    """Append ``??`` to the first component's description (the draft says when it is held)."""
    terminal.find("description", "characters. (text)")  # the bar's second line: "… up to 128 characters. (text)"
    terminal.type(END, "?", "?")


def component_description(plan: dict[str, Any]) -> str:
    return str(plan["components"][0]["description"])


def test_two_editors_of_one_file_killed_with_9_lose_no_keystroke(
    terminals: list[Terminal], plan_file: Path, private_folders: Path
) -> None:
    opened = load_file(plan_file)
    desc, component = f"{opened['desc']}!!", f"{component_description(opened)}??"  # every key typed, in order
    first = open_editor(terminals, plan_file, private_folders)
    second = Terminal(plan_file, private_folders)
    terminals.append(second)
    second.wait_for(f"open in another relplan (pid {first.process.pid})")
    second.wait_for("no issues")
    edit_description(first)
    edit_component_description(second)
    key = draft_key(path=plan_file)
    theirs = f"{key}-{second.process.pid}"

    def both_written() -> bool:
        one, two = read_draft(key), read_draft(theirs)
        return (
            one is not None
            and one.plan["desc"] == desc
            and two is not None
            and component_description(two.plan) == component
        )

    wait_until(both_written, "each editor wrote its own draft")
    for terminal in (first, second):
        os.killpg(terminal.process.pid, signal.SIGKILL)
        terminal.exit_status()
    assert both_written()  # neither draft wrote over the other

    # The next editor is offered the plan's own draft; the one after it the other, put on top of what was saved.
    checks: list[Callable[[dict[str, Any]], bool]] = [
        lambda plan: plan["desc"] == desc,
        lambda plan: plan["desc"] == desc and component_description(plan) == component,
    ]
    for check in checks:
        again = Terminal(plan_file, private_folders)
        terminals.append(again)
        offered = again.wait_for("A draft of this plan")
        again.type("\r")  # Restore
        again.wait_for("The draft is restored", after=offered)  # the offer of the second says "restored, the review …"
        again.type(CTRL_S)
        wait_until(partial(lambda holds, path: holds(load_file(path)), check, plan_file), "the draft was saved")
        again.type(CTRL_Q)
        again.exit_status()
    assert read_draft(key) is None and read_draft(theirs) is None


def test_a_file_changed_on_disk_under_the_editor_is_shown_and_reloaded_with_its_edits_on_top(
    terminals: list[Terminal], plan_file: Path, private_folders: Path
) -> None:
    terminal = open_editor(terminals, plan_file, private_folders)
    edit_description(terminal)
    theirs = load_file(plan_file)
    theirs["fail_strategy"] = "continue"
    plan_file.write_text(json.dumps(theirs, indent=2) + "\n", encoding="utf-8")
    terminal.type(CTRL_S)
    terminal.wait_for("changed on disk since it was read")
    assert load_file(plan_file) == theirs  # nothing written until the person chooses
    terminal.type("\r")  # Reload, my edits on top
    terminal.wait_for("Reloaded")
    terminal.type(CTRL_S)
    wait_until(lambda: str(load_file(plan_file)["desc"]).endswith("!!"), "saved with the edit on top")
    assert load_file(plan_file)["fail_strategy"] == "continue"

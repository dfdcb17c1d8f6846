"""Connecting from inside the app: a new profile is checked, then added to the config file without harming it."""

from __future__ import annotations

import os
import shlex
import stat
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.connect import ConnectScreen
from screens.picker import PlanPickerScreen
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.ui.conftest import until
from tui.app import RelplanApp
from tui.settings import ENV_TOKEN, load_settings

CONFIG = """\
# relplan's config: kept by hand, comments and all
default = "prod"  # the one relplan edit uses

[profiles.prod]
region = "ap-southeast-1"
project_id = "0123456789abcdef"
auth = "token"
token = "tok-prod-kept-in-the-file"  # the owner asked for this one

# the keys I use
[keymap]
"editor.review" = "ctrl+r"
"""


def config_file(folder: Path, text: str = CONFIG) -> Path:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def state(app: RelplanApp) -> str:
    return str(app.screen.query_one("#connect-state", Static).render())


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    """Tab to the field with id ``field`` (as a person does) and paste ``text`` into it, as the terminal does."""
    app = pilot.app
    for _ in range(20):
        if app.focused is not None and app.focused.id == field:
            break
        await pilot.press("tab")
    else:
        pytest.fail(f"tab never reached #{field}")
    if text:
        app.post_message(events.Paste(text))
        await pilot.pause()


async def new_profile_form(pilot: Pilot[None], name: str, where: str, *, token: str = "", command: str = "") -> None:
    await fill(pilot, "connect-name", name)
    await fill(pilot, "connect-where", where)
    await fill(pilot, "connect-project", PROJECT)
    if command:
        await fill(pilot, "connect-command", command)
    if token:
        await fill(pilot, "connect-token", token)


async def press_save(pilot: Pilot[None]) -> None:
    await fill(pilot, "connect-save", "")
    await pilot.press("enter")


async def test_a_new_profile_is_added_at_the_end_and_the_config_keeps_every_byte(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    path = config_file(tmp_path)
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ConnectScreen)
        await new_profile_form(pilot, "prod", standin.url, token=TOKEN)
        assert TOKEN not in app.export_screenshot()  # the token's field is masked
        await press_save(pilot)
        assert "A profile named prod exists already" in state(app)
        assert path.read_text(encoding="utf-8") == CONFIG

        await fill(pilot, "connect-name", "")
        await pilot.press(*["backspace"] * 4, *"lab")
        await press_save(pilot)
        await until(pilot, lambda: isinstance(app.screen, PlanPickerScreen), "the picker opened")
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: len(picker.plans) >= 3, "the plans are listed through the pasted token")

    text = path.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # comments, the other profile and its token, the keymap: every byte as it was
    assert TOKEN not in text  # the pasted token was not asked to be saved
    saved = tomllib.loads(text)
    assert saved["default"] == "prod"
    assert saved["profiles"]["prod"]["token"] == "tok-prod-kept-in-the-file"
    assert saved["profiles"]["lab"] == {"endpoint": standin.url, "project_id": PROJECT, "auth": "token"}
    assert saved["keymap"] == {"editor.review": "ctrl+r"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert app.settings is not None
    assert app.settings.session_tokens == {"lab": TOKEN}  # kept for the session, in memory only


async def test_nothing_is_saved_before_the_profile_is_checked(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    path = config_file(tmp_path)
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_profile_form(pilot, "lab", standin.url, token="tok-wrong")
        await press_save(pilot)
        await until(pilot, lambda: "Not saved" in state(app), "the check failed")
        assert "401" in state(app)
        assert "tok-wrong" not in state(app)
        assert isinstance(app.screen, ConnectScreen)
    assert path.read_text(encoding="utf-8") == CONFIG


async def test_the_pasted_token_is_written_only_when_asked_and_the_file_is_private(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    path = tmp_path / "fresh" / "config.toml"
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_profile_form(pilot, "lab", standin.url, token=TOKEN)
        await fill(pilot, "connect-keep-token", "")
        await pilot.press("space")  # ticks the box
        assert "which is then private to you (0600)" in state(app)
        await press_save(pilot)
        await until(pilot, lambda: isinstance(app.screen, PlanPickerScreen), "the picker opened")

    saved = load_settings(path)
    assert saved.default == "lab"  # the first profile of a new file
    assert saved.profiles["lab"].token == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def script(folder: Path, name: str, body: str) -> str:
    """A token command: a Python script, as the command line that runs it."""
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}"


async def test_a_token_command_runs_off_the_screen_says_so_and_escape_kills_it(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    pid_file = tmp_path / "pid"
    command = script(
        tmp_path,
        "slow.py",
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)\n",
    )
    path = config_file(tmp_path)
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_profile_form(pilot, "lab", standin.url, command=command)
        await press_save(pilot)
        await until(pilot, lambda: pid_file.exists() and pid_file.read_text() != "", "the command started")
        assert "Getting a token" in state(app)
        await pilot.press("tab")  # the screen takes keys meanwhile: the focus moves
        await pilot.press("escape")
        assert "Stopped; nothing was saved" in state(app)
        pid = int(pid_file.read_text())

        def gone() -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            return False

        await until(pilot, gone, "the token command was killed")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ConnectScreen)  # escape stopped the command, it did not quit
    assert path.read_text(encoding="utf-8") == CONFIG


async def test_the_screen_answers_keys_while_a_profile_waits_for_its_token_command(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    started, release = tmp_path / "started", tmp_path / "release"
    command = script(  # blocks until the test lets it go: while it runs, the screen must still take keys
        tmp_path,
        "waits.py",
        f"import os, time\nopen({str(started)!r}, 'w').close()\n"
        f"while not os.path.exists({str(release)!r}):\n    time.sleep(0.01)\nprint({TOKEN!r})\n",
    )
    lab = {"endpoint": standin.url, "project_id": PROJECT, "auth": "token", "token_command": command}
    app = RelplanApp(settings=load_settings(config_file(tmp_path, tomli_w.dumps({"profiles": {"lab": lab}}))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only profile, highlighted
        await until(pilot, started.exists, "the token command started")
        assert "Getting a token" in state(app)
        await fill(pilot, "connect-name", "typed while waiting")  # focus moves and the field takes the text
        name = app.screen.query_one("#connect-name", Input)
        assert name.value == "typed while waiting"
        assert not release.exists() and isinstance(app.screen, ConnectScreen)  # the command is still waiting
        release.touch()
        await until(pilot, lambda: isinstance(app.screen, PlanPickerScreen), "the picker opened through lab")
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        assert picker.target.profile == "lab"
        await until(pilot, lambda: len(picker.plans) >= 3, "the plans are listed with the command's token")


async def test_a_token_command_that_prompts_fails_at_once_with_a_message(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    command = script(tmp_path, "asks.py", "print(input('password: '))\n")
    path = config_file(tmp_path)
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_profile_form(pilot, "lab", standin.url, command=command)
        await press_save(pilot)
        await until(pilot, lambda: "Not saved" in state(app), "the command failed")
        assert "the token_command failed with exit status 1: EOFError" in state(app)
    assert path.read_text(encoding="utf-8") == CONFIG


async def test_a_token_from_the_command_checks_the_profile_and_the_command_is_saved(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    command = script(tmp_path, "prints.py", f"print({TOKEN!r})\n")
    path = config_file(tmp_path)
    app = RelplanApp(settings=load_settings(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await new_profile_form(pilot, "lab", standin.url, command=command)
        await press_save(pilot)
        await until(pilot, lambda: isinstance(app.screen, PlanPickerScreen), "the picker opened")
    saved = load_settings(path)
    assert saved.profiles["lab"].token_command == command
    assert TOKEN not in path.read_text(encoding="utf-8")

    again = RelplanApp(settings=saved)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # prod is the default, listed first; lab next
        await until(pilot, lambda: isinstance(again.screen, PlanPickerScreen), "the picker opened through lab")
        assert isinstance(again.screen, PlanPickerScreen)
        assert again.screen.target.profile == "lab"

"""Connecting with a profile, without a screen: the form's checks, the token found, a try stopped, a profile saved."""

from __future__ import annotations

import shlex
import sys
import threading
import tomllib
from pathlib import Path

import httpx
import pytest

from tui.auth import TokenAuth
from tui.connecting import (
    Connecting,
    NewProfile,
    ProfileForm,
    check_form,
    check_profile,
    new_profile,
    remember,
    save_profile,
)
from tui.errors import SettingsError, StatusError
from tui.settings import ENV_TOKEN, Profile, Settings, config_path
from tui.target import Target


def form(**fields: object) -> ProfileForm:
    """A form filled in as a person fills it in for a lab profile, with ``fields`` changed."""
    values: dict[str, object] = {
        "name": " lab ",
        "where": "https://stage.example/",
        "project_id": "p1",
        "auth": "token",
        "token_command": "",
        "token": "",
        "keep_token": False,
    }
    values.update(fields)
    return ProfileForm(**values)  # type: ignore[arg-type]


def python_command(folder: Path, body: str) -> str:
    """A token command: a Python script, as the command line that runs it."""
    script = folder / "command.py"
    script.write_text(body, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def sent_token(target: Target) -> str:
    """The token a request to ``target`` carries."""
    request = next(target.auth.sync_auth_flow(httpx.Request("GET", target.endpoint)))
    return request.headers["X-Auth-Token"]


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (("", "https://x", "p", "token", ""), "needs a name"),
        (("a", "", "p", "token", ""), "endpoint"),
        (("a", "moon-base", "p", "token", ""), "is not a region name"),
        (("a", "https://x", " ", "token", ""), "project id"),
    ],
)
def test_a_profile_with_a_field_missing_or_wrong_says_which(fields: tuple[str, ...], said: str) -> None:
    with pytest.raises(SettingsError, match=said):
        new_profile(*fields)


def test_a_region_or_an_endpoint_makes_a_profile() -> None:
    assert new_profile("p", "ap-southeast-1", "x", "aksk", "").region == "ap-southeast-1"
    assert new_profile("p", "https://stage.example/", "x", "token", "tok-cmd").endpoint == "https://stage.example"


def test_a_form_that_checks_gives_the_profile_and_the_pasted_token_stripped(tmp_path: Path) -> None:
    settings = Settings(path=tmp_path / "config.toml")
    new = check_form(form(token=" tok-1 \n", keep_token=True), settings)
    assert new.profile == Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token")
    assert (new.token, new.keep) == ("tok-1", True)
    assert check_form(form(auth="aksk", token="tok-1"), settings).token is None  # a token means nothing to AK/SK


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"name": "prod"}, "A profile named prod exists already: choose another name, or pick it above."),
        ({"keep_token": True}, "There is no pasted token to save: paste one, or switch saving it off."),
        ({"keep_token": True, "token": "   "}, "There is no pasted token to save"),
        ({"auth": ""}, "choose token or AK/SK"),
    ],
)
def test_a_form_that_does_not_check_says_why(fields: dict[str, object], said: str, tmp_path: Path) -> None:
    settings = Settings(profiles={"prod": Profile("prod")}, path=tmp_path / "config.toml")
    with pytest.raises(SettingsError) as caught:
        check_form(form(**fields), settings)
    assert str(caught.value).startswith(said)


def test_a_config_file_that_could_not_be_read_is_left_alone() -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("not [ toml", encoding="utf-8")
    with pytest.raises(SettingsError, match="could not be read, so it is left as it is; fix it first"):
        check_form(form(), Settings(path=None))  # what load_settings gives for a file it could not read


def test_the_token_comes_from_what_was_pasted_then_the_session_then_the_environment() -> None:
    profile = Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token", token_command="false")
    settings = Settings(session_tokens={"lab": "tok-session"})

    def token(attempt: Connecting) -> str:
        return sent_token(attempt.target())

    assert token(Connecting(settings, profile, "tok-pasted", env={ENV_TOKEN: "tok-env"})) == "tok-pasted"
    assert token(Connecting(settings, profile, None, env={ENV_TOKEN: "tok-env"})) == "tok-session"
    assert token(Connecting(Settings(), profile, None, env={ENV_TOKEN: "tok-env"})) == "tok-env"
    assert not Connecting(Settings(), profile, None, env={ENV_TOKEN: "tok-env"}).runs_command
    assert Connecting(Settings(), profile, None, env={}).runs_command


def test_the_token_command_gives_the_token_when_nothing_else_does(tmp_path: Path) -> None:
    command = python_command(tmp_path, "print('tok-from-command')\n")
    profile = Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token", token_command=command)
    attempt = Connecting(Settings(), profile, env={})
    assert attempt.runs_command
    target = attempt.target()
    assert sent_token(target) == "tok-from-command"
    assert (target.endpoint, target.project_id, target.profile, target.plan_id) == (
        "https://stage.example",
        "p1",
        "lab",
        "",
    )


def test_a_try_stopped_from_another_thread_kills_its_token_command(tmp_path: Path) -> None:
    started = tmp_path / "started"
    command = python_command(tmp_path, f"import time\nopen({str(started)!r}, 'w').close()\ntime.sleep(600)\n")
    profile = Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token", token_command=command)
    attempt = Connecting(Settings(), profile, env={})
    failures: list[str] = []

    def run() -> None:
        try:
            attempt.target()
        except SettingsError as exc:
            failures.append(str(exc))

    thread = threading.Thread(target=run)
    thread.start()
    while not started.exists() and thread.is_alive():  # the command is running
        thread.join(0.01)
    assert attempt.cancel()
    thread.join(60)
    assert not thread.is_alive(), "the command was not killed"
    assert failures == ["the token_command was cancelled"]
    assert not attempt.start_saving()  # nothing of a stopped try is saved


def test_a_try_that_is_saving_cannot_be_stopped_any_more() -> None:
    attempt = Connecting(Settings(), Profile("lab", endpoint="https://stage.example", project_id="p1"), env={})
    assert attempt.start_saving()
    assert not attempt.cancel()
    assert not attempt.cancelled


def test_a_try_stopped_before_its_command_starts_never_runs_it() -> None:
    profile = Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token", token_command="false")
    attempt = Connecting(Settings(), profile, env={})
    assert attempt.cancel()
    with pytest.raises(SettingsError, match="cancelled"):
        attempt.target()


async def test_a_profile_is_checked_by_listing_its_plans() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("X-Auth-Token") != "tok-good":
            return httpx.Response(401, json={"error_code": "SVCSTG.00100401", "error_msg": "bad token"})
        return httpx.Response(200, json={"count": 0, "release_plans": []})

    transport = httpx.MockTransport(answer)
    await check_profile(Target("https://stage.example", "p1", TokenAuth("tok-good"), "", transport=transport))
    with pytest.raises(StatusError) as caught:
        await check_profile(Target("https://stage.example", "p1", TokenAuth("tok-bad"), "", transport=transport))
    assert caught.value.status == 401


def test_a_saved_profile_goes_to_the_file_and_then_to_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = Settings(path=path)
    new = NewProfile(Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token"), "tok-1", False)
    assert save_profile(new, settings) == (path, True)  # the first profile of a new file is its default
    assert settings.profiles == {}  # the file only, until the app takes it in
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "default": "lab",
        "profiles": {"lab": {"endpoint": "https://stage.example", "project_id": "p1", "auth": "token"}},
    }
    said = remember(new, settings, path, True)
    assert said == f"Saved profile lab in {path}; the pasted token is kept for this session only, not in the file"
    assert settings.default == "lab"
    assert settings.profiles["lab"].token is None
    assert settings.session_tokens == {"lab": "tok-1"}


def test_a_token_is_saved_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = Settings(path=path)
    new = NewProfile(Profile("lab", endpoint="https://stage.example", project_id="p1", auth="token"), "tok-1", True)
    save_profile(new, settings)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["profiles"]["lab"]["token"] == "tok-1"
    said = remember(new, settings, path, False)
    assert said.endswith("with its token; the file is private to you (0600)")
    assert settings.profiles["lab"].token == "tok-1"
    assert settings.default is None

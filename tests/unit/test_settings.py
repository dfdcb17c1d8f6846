"""Profiles in config.toml and how flags, environment and file combine into a connection."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui.auth import AkSkAuth, TokenAuth
from tui.errors import SettingsError
from tui.settings import Profile, Settings, config_path, load_settings, resolve, save_settings


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


PROFILES = """
default = "prod"

[profiles.prod]
region = "ap-southeast-1"
project_id = "p-prod"
auth = "aksk"

[profiles.lab]
endpoint = "http://127.0.0.1:8080/"
project_id = "p-lab"
auth = "token"

[keymap]
review = "ctrl+e"
"""


def test_config_lives_in_the_platform_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "relplan" / "config.toml"


def test_a_missing_file_is_empty_settings(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert (settings.profiles, settings.default, settings.keymap) == ({}, None, {})


def test_profiles_and_keymap_are_read(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path / "c.toml", PROFILES))
    assert settings.default == "prod"
    assert settings.profiles["lab"].endpoint == "http://127.0.0.1:8080/"
    assert settings.keymap == {"review": "ctrl+e"}


def test_the_default_profile_with_keys_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path / "c.toml", PROFILES))
    connection = resolve(settings, env={"HUAWEICLOUD_SDK_AK": "ak", "HUAWEICLOUD_SDK_SK": "sk"})
    assert connection.endpoint == "https://servicestage.ap-southeast-1.myhuaweicloud.com"
    assert (connection.project_id, connection.auth_kind, connection.profile) == ("p-prod", "aksk", "prod")
    assert isinstance(connection.auth, AkSkAuth)
    assert "sk" not in connection.describe().replace("aksk", "")


def test_flags_override_the_profile_and_the_environment_overrides_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path / "c.toml", PROFILES))
    env = {"RELPLAN_TOKEN": "tok", "HUAWEICLOUD_SDK_PROJECT_ID": "p-env"}
    connection = resolve(settings, profile="lab", env=env)
    assert (connection.endpoint, connection.project_id) == ("http://127.0.0.1:8080", "p-env")
    connection = resolve(settings, profile="lab", region="cn-north-4", project_id="p-flag", env=env)
    assert (connection.endpoint, connection.project_id) == (
        "https://servicestage.cn-north-4.myhuaweicloud.com",
        "p-flag",
    )
    assert isinstance(connection.auth, TokenAuth)


def test_no_profile_at_all_needs_only_flags_and_environment() -> None:
    token = resolve(Settings(), endpoint="http://127.0.0.1:9", project_id="p", env={"RELPLAN_TOKEN": "t"})
    assert token.auth_kind == "token"
    aksk = resolve(
        Settings(), region="ap-southeast-1", project_id="p", env={"HUAWEICLOUD_SDK_AK": "a", "HUAWEICLOUD_SDK_SK": "s"}
    )
    assert aksk.auth_kind == "aksk"
    both = resolve(
        Settings(),
        region="ap-southeast-1",
        project_id="p",
        env={"RELPLAN_TOKEN": "t", "HUAWEICLOUD_SDK_AK": "a", "HUAWEICLOUD_SDK_SK": "s"},
    )
    assert both.auth_kind == "token"


@pytest.mark.parametrize(
    ("kwargs", "env", "message"),
    [
        ({"project_id": "p"}, {"RELPLAN_TOKEN": "t"}, "no endpoint"),
        ({"endpoint": "https://x"}, {"RELPLAN_TOKEN": "t"}, "no project id"),
        ({"endpoint": "https://x", "project_id": "p"}, {}, "no credentials"),
        ({"endpoint": "https://x", "project_id": "p"}, {"HUAWEICLOUD_SDK_AK": "a"}, "no credentials"),
        ({"endpoint": "ftp://x", "project_id": "p"}, {"RELPLAN_TOKEN": "t"}, "must start with https://"),
        ({"region": "Asia Pacific", "project_id": "p"}, {"RELPLAN_TOKEN": "t"}, "not a region name"),
        ({"profile": "nope"}, {}, "no profile named 'nope'"),
    ],
)
def test_what_is_missing_is_said(kwargs: dict[str, str], env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        resolve(Settings(), env=env, **kwargs)  # type: ignore[arg-type]


def test_token_command_supplies_the_token(tmp_path: Path) -> None:
    command = f"{sys.executable} -c \"print('from-command')\""
    settings = Settings(
        profiles={"x": Profile("x", endpoint="https://h", project_id="p", auth="token", token_command=command)}
    )
    connection = resolve(settings, profile="x", env={})
    request = next(connection.auth.sync_auth_flow(__import__("httpx").Request("GET", "http://h")))
    assert request.headers["X-Auth-Token"] == "from-command"
    assert resolve(settings, profile="x", env={"RELPLAN_TOKEN": "env-wins"}).auth is not None


def test_a_failing_token_command_is_a_message_with_the_last_line_it_wrote_to_stderr() -> None:
    said = "import sys; sys.stderr.write('connecting\\nlogin expired: run sso-login\\x1b[2J\\n\\n'); sys.exit(3)"
    command = f'{sys.executable} -c "{said}"'
    settings = Settings(
        profiles={"x": Profile("x", endpoint="https://h", project_id="p", auth="token", token_command=command)}
    )
    with pytest.raises(SettingsError) as caught:
        resolve(settings, profile="x", env={})
    assert str(caught.value) == "the token_command failed with exit status 3: login expired: run sso-login\\x1b[2J"


@pytest.mark.parametrize(
    ("said", "message"),
    [
        (
            "import sys; sys.stderr.buffer.write(bytes([101, 120, 112, 105, 114, 101, 100, 32, 255])); sys.exit(3)",
            "the token_command failed with exit status 3: expired \ufffd",
        ),
        (
            "import sys; sys.stdout.buffer.write(bytes([116, 111, 107, 255]))",
            "the token_command printed something that is not a token (not ASCII text)",
        ),
    ],
    ids=["stderr", "stdout"],
)
def test_a_token_command_that_writes_bytes_not_text_gets_a_message(said: str, message: str) -> None:
    command = f'{sys.executable} -c "{said}"'
    settings = Settings(
        profiles={"x": Profile("x", endpoint="https://h", project_id="p", auth="token", token_command=command)}
    )
    with pytest.raises(SettingsError) as caught:
        resolve(settings, profile="x", env={})
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default = ", "is not valid TOML"),
        ("[profiles]\nx = 1\n", "profile 'x' must be a table"),
        ("[profiles.x]\nregion = 5\n", "profiles.x.region must be a string"),
        ("[profiles.x]\nauth = 'password'\n", 'auth must be "token" or "aksk"'),
        ("[profiles.x]\npassword = 'x'\n", "unknown keys: password"),
        ('default = "y"\n[profiles.x]\n', "default names no profile"),
    ],
)
def test_a_malformed_file_is_a_clear_message(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path / "c.toml", text))


def test_a_secret_in_a_readable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", "[profiles.x]\nsk = 'secret'\n", mode=0o644)
    with pytest.raises(SettingsError, match=r"holds a secret and others can read it \(mode 0644\); run: chmod 600"):
        load_settings(path)
    path.chmod(0o600)
    assert load_settings(path).profiles["x"].sk == "secret"


def test_saved_settings_are_private_and_read_back(tmp_path: Path) -> None:
    settings = Settings(
        profiles={"lab": Profile("lab", endpoint="http://127.0.0.1:1", project_id="p", auth="token", token="t")},
        default="lab",
        keymap={"quit": "ctrl+c"},
    )
    path = save_settings(settings, tmp_path / "relplan" / "config.toml")
    assert path.stat().st_mode & 0o777 == 0o600
    again = load_settings(path)
    assert again.profiles == settings.profiles
    assert (again.default, again.keymap) == ("lab", {"quit": "ctrl+c"})

"""Profiles in config.toml and how flags, environment and file combine into a connection."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from tui.auth import AkSkAuth, TokenAuth, sign
from tui.connection import resolve
from tui.errors import SettingsError
from tui.settings import Profile, Settings, config_path, load_settings, save_settings


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


# -- a secret is checked where it is read, and never shown

SECRET = "Zq8secretTAINT"
"""Each tainted credential below is built around this; no message may hold any part of it."""
TAINTS = {"a line break inside": f"{SECRET[:6]}\n{SECRET[6:]}", "a control character": f"{SECRET}\x1b[2J"}
PARTS = (SECRET, SECRET[:6], SECRET[6:])


def printing(text: str) -> str:
    """A token_command that prints ``text`` exactly."""
    return f'{sys.executable} -c "import sys; sys.stdout.write({text!r})"'


def _sources(value: str) -> dict[str, tuple[Settings, dict[str, str], str]]:
    """Every place a credential comes from, holding ``value``: the settings, the environment, how it is named."""
    aksk = {"HUAWEICLOUD_SDK_AK": "AK-plain", "HUAWEICLOUD_SDK_SK": "SK-plain"}

    def profile(**keys: str) -> Settings:
        return Settings(profiles={"x": Profile("x", endpoint="https://h", project_id="p", **keys)}, default="x")  # type: ignore[arg-type]

    return {
        "RELPLAN_TOKEN": (profile(auth="token"), {"RELPLAN_TOKEN": value}, "the token from RELPLAN_TOKEN"),
        "HUAWEICLOUD_SDK_AK": (
            profile(auth="aksk"),
            {**aksk, "HUAWEICLOUD_SDK_AK": value},
            "the access key from HUAWEICLOUD_SDK_AK",
        ),
        "HUAWEICLOUD_SDK_SK": (
            profile(auth="aksk"),
            {**aksk, "HUAWEICLOUD_SDK_SK": value},
            "the secret key from HUAWEICLOUD_SDK_SK",
        ),
        "token_command": (
            profile(auth="token", token_command=printing(value)),
            {},
            "the token the token_command printed",
        ),
        "profile token": (profile(auth="token", token=value), {}, "the token in profile x"),
        "profile ak": (profile(auth="aksk", ak=value, sk="SK-plain"), {}, "the access key in profile x"),
        "profile sk": (profile(auth="aksk", ak="AK-plain", sk=value), {}, "the secret key in profile x"),
    }


SOURCES = list(_sources(""))


def _sent(connection: object) -> httpx.Request:
    from tui.connection import Connection

    assert isinstance(connection, Connection)
    return next(connection.auth.sync_auth_flow(httpx.Request("GET", "https://h/v3/p/cas/release-plans")))


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("around", [" ", "\n", "\r\n", "\t \r\n"])
def test_whitespace_around_a_credential_is_dropped_wherever_it_comes_from(source: str, around: str) -> None:
    settings, env, _ = _sources(f"{around}{SECRET}{around}")[source]
    request = _sent(resolve(settings, env=env))
    if "token" in source.lower():
        assert request.headers["X-Auth-Token"] == SECRET
    elif "ak" in source.lower():
        assert request.headers["Authorization"].startswith(f"SDK-HMAC-SHA256 Access={SECRET}, ")
    else:  # the secret key signs: the signature is the one the bare key gives
        assert request.headers["Authorization"] == sign(request, "AK-plain", SECRET)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("taint", list(TAINTS))
def test_a_credential_a_header_cannot_carry_is_refused_by_where_it_came_from_and_never_shown(
    source: str, taint: str
) -> None:
    settings, env, named = _sources(TAINTS[taint])[source]
    with pytest.raises(SettingsError) as caught:
        resolve(settings, env=env)
    message = str(caught.value)
    assert message.startswith(named) and "contains a line break or a control character" in message
    said = f"{message} {caught.value.args} {caught.value!r} {caught.value.__cause__!r} {caught.value.__context__!r}"
    assert not [part for part in PARTS if part in said]


def test_a_token_command_that_prints_a_notice_first_is_refused_without_echoing_it() -> None:
    settings, _, _ = _sources("")["token_command"]
    settings.profiles["x"].token_command = printing(f"Notice: your session ends soon\n{SECRET}\n")
    with pytest.raises(SettingsError, match="it must print the token alone") as caught:
        resolve(settings, env={})
    assert SECRET not in str(caught.value) and "Notice" not in str(caught.value)


def test_a_credential_beyond_ascii_is_refused_without_showing_it() -> None:
    with pytest.raises(SettingsError, match="from RELPLAN_TOKEN contains a character that is not ASCII") as caught:
        resolve(Settings(), endpoint="https://h", project_id="p", env={"RELPLAN_TOKEN": f"{SECRET}\u00e9"})
    assert SECRET not in str(caught.value)


def test_a_credential_of_only_whitespace_is_no_credential() -> None:
    with pytest.raises(SettingsError, match="no credentials"):
        resolve(Settings(), endpoint="https://h", project_id="p", env={"RELPLAN_TOKEN": " \n"})


def test_a_project_id_with_a_line_break_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"the project id --project-id gives \('p\\n1'\) holds a line break"):
        resolve(Settings(), endpoint="https://h", project_id="p\n1", env={"RELPLAN_TOKEN": "t"})
    assert resolve(Settings(), endpoint="https://h", project_id=" p\n", env={"RELPLAN_TOKEN": "t"}).project_id == "p"


# -- endpoints are checked where they are read


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:99999", "has a port out of range"),
        ("http://127.0.0.1:0", "has a port out of range"),
        ("http://[::1", "is not a URL relplan can use"),
        ("https://a\nb.example", r"'https://a\\nb.example' contains a space, a line break or a control character"),
        ("https://a b.example", "contains a space"),
        ("https://", "has no host name"),
        ("https://user:pw@h.example", "holds a user name or password"),
        ("https://h.example/?x=1", "has a query or a fragment"),
        ("servicestage.example", "must start with https://"),
    ],
)
def test_an_endpoint_relplan_cannot_use_is_a_message_from_the_flag_or_the_profile(endpoint: str, message: str) -> None:
    env = {"RELPLAN_TOKEN": "t"}
    with pytest.raises(SettingsError, match=message) as caught:
        resolve(Settings(), endpoint=endpoint, project_id="p", env=env)
    assert str(caught.value).startswith("the endpoint --endpoint gives")
    settings = Settings(profiles={"lab": Profile("lab", endpoint=endpoint, project_id="p", auth="token")})
    with pytest.raises(SettingsError, match=message) as caught:
        resolve(settings, profile="lab", env=env)
    assert str(caught.value).startswith("the endpoint in profile lab")


def test_a_trailing_newline_or_slash_on_an_endpoint_is_dropped() -> None:
    connection = resolve(Settings(), endpoint=" https://h.example/gw/\n", project_id="p", env={"RELPLAN_TOKEN": "t"})
    assert connection.endpoint == "https://h.example/gw"


def test_a_profile_with_a_bad_endpoint_is_read_and_only_refused_when_used(tmp_path: Path) -> None:
    text = PROFILES + '\n[profiles.broken]\nendpoint = "http://[::1"\nproject_id = "p"\nauth = "token"\n'
    settings = load_settings(write(tmp_path / "c.toml", text))
    assert settings.profiles["broken"].endpoint == "http://[::1"
    assert resolve(settings, profile="lab", env={"RELPLAN_TOKEN": "t"}).endpoint == "http://127.0.0.1:8080"
    with pytest.raises(SettingsError, match="the endpoint in profile broken"):
        resolve(settings, profile="broken", env={"RELPLAN_TOKEN": "t"})


# -- plain http and a corporate CA


@pytest.mark.parametrize("endpoint", ["http://servicestage.example", "http://10.0.0.8:8080", "http://[fe80::1]"])
def test_credentials_over_plain_http_to_another_machine_need_an_opt_in(endpoint: str) -> None:
    env = {"RELPLAN_TOKEN": "t"}
    with pytest.raises(SettingsError, match=r"refusing to send credentials over plain http to .*--allow-insecure-http"):
        resolve(Settings(), endpoint=endpoint, project_id="p", env=env)
    flagged = resolve(Settings(), endpoint=endpoint, project_id="p", env=env, allow_insecure_http=True)
    assert flagged.allow_insecure_http and flagged.target().allow_insecure_http
    settings = Settings(
        profiles={"lan": Profile("lan", endpoint=endpoint, project_id="p", auth="token", allow_insecure_http=True)}
    )
    assert resolve(settings, profile="lan", env=env).allow_insecure_http


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:1", "http://[::1]:8", "https://x.io"]
)
def test_loopback_and_https_need_no_opt_in(endpoint: str) -> None:
    connection = resolve(Settings(), endpoint=endpoint, project_id="p", env={"RELPLAN_TOKEN": "t"})
    assert not connection.allow_insecure_http


def test_the_new_profile_keys_are_read_checked_and_written_back(tmp_path: Path) -> None:
    import trustme

    bundle = tmp_path / "corp-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    text = f'[profiles.corp]\nendpoint = "https://ss.corp"\nproject_id = "p"\nca_bundle = "{bundle}"\n'
    text += "allow_insecure_http = true\n"
    settings = load_settings(write(tmp_path / "c.toml", text))
    profile = settings.profiles["corp"]
    assert (profile.ca_bundle, profile.allow_insecure_http) == (str(bundle), True)
    assert profile.to_toml()["allow_insecure_http"] is True
    connection = resolve(settings, profile="corp", env={"RELPLAN_TOKEN": "t"})
    assert connection.ca_bundle == str(bundle) and connection.target("id").ca_bundle == str(bundle)
    saved = save_settings(settings, tmp_path / "again.toml")
    assert load_settings(saved).profiles == settings.profiles
    assert "allow_insecure_http" not in Profile("y").to_toml()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[profiles.x]\nallow_insecure_http = 'yes'\n", "profiles.x.allow_insecure_http must be true or false"),
        ("[profiles.x]\nca_bundle = true\n", "profiles.x.ca_bundle must be a string"),
    ],
)
def test_the_new_keys_have_their_types(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path / "c.toml", text))


@pytest.mark.parametrize(("content", "message"), [(None, "does not exist"), ("not a pem\n", "holds no certificate")])
def test_a_ca_bundle_that_cannot_be_used_is_said_when_connecting(
    tmp_path: Path, content: str | None, message: str
) -> None:
    bundle = tmp_path / "ca.pem"
    if content is not None:
        bundle.write_text(content)
    settings = Settings(
        profiles={"c": Profile("c", endpoint="https://h", project_id="p", auth="token", ca_bundle=str(bundle))}
    )
    with pytest.raises(SettingsError, match=f"the ca_bundle in profile c .*{message}"):
        resolve(settings, profile="c", env={"RELPLAN_TOKEN": "t"})

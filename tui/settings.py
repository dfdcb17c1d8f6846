"""Profiles in ``config.toml``, and the environment variables secrets come from.

``config.toml`` lives in the platform's config directory (``$XDG_CONFIG_HOME/relplan`` on Linux)::

    default = "prod"

    [profiles.prod]
    region = "ap-southeast-1"          # or endpoint = "https://..."
    project_id = "0123456789abcdef"
    auth = "aksk"                      # or "token"
    token_command = "my-token-helper"  # for auth = "token": prints the token
    ca_bundle = "/etc/ssl/corp-ca.pem" # optional: the CAs to trust instead of the usual ones
    allow_insecure_http = false        # true lets credentials go over http:// to a host that is not loopback

    [keymap]
    review = "ctrl+r"

Secrets come from the environment (``RELPLAN_TOKEN``, ``HUAWEICLOUD_SDK_AK``, ``HUAWEICLOUD_SDK_SK``) or from a
``token_command``; one is written to the file only when the person asks, and then the file must be private
(mode 0600). How flags, environment and file make a connection is :func:`tui.connection.resolve`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Final, Literal

import platformdirs

from tui.errors import RelplanError, SettingsError
from tui.jsonfiles import write_atomic

__all__ = [
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SK",
    "ENV_TOKEN",
    "AuthKind",
    "Profile",
    "Settings",
    "add_profile",
    "config_path",
    "endpoint_for_region",
    "load_settings",
    "save_settings",
]

ENV_TOKEN: Final = "RELPLAN_TOKEN"
ENV_AK: Final = "HUAWEICLOUD_SDK_AK"
ENV_SK: Final = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID: Final = "HUAWEICLOUD_SDK_PROJECT_ID"
SECRET_KEYS: Final = ("token", "sk")

AuthKind = Literal["token", "aksk"]
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
_PROFILE_KEYS = {
    "region",
    "endpoint",
    "project_id",
    "auth",
    "token_command",
    "token",
    "ak",
    "sk",
    "ca_bundle",
    "allow_insecure_http",
}
_BOOLEAN_KEYS = {"allow_insecure_http"}


def config_path() -> Path:
    """Where ``config.toml`` is: the platform's user config directory for relplan."""
    return platformdirs.user_config_path("relplan") / "config.toml"


def endpoint_for_region(region: str) -> str:
    """The ServiceStage endpoint of a region, such as ``ap-southeast-1``."""
    if not _REGION.match(region):
        raise SettingsError(f"{region!r} is not a region name like ap-southeast-1")
    return f"https://servicestage.{region}.myhuaweicloud.com"


@dataclass(slots=True)
class Profile:
    """One named way to reach ServiceStage."""

    name: str
    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    auth: AuthKind | None = None
    token_command: str | None = None
    token: str | None = None
    """Stored only when the person asked; the file must then be private."""
    ak: str | None = None
    sk: str | None = None
    """Stored only when the person asked; the file must then be private."""
    ca_bundle: str | None = None
    """A PEM file of the certificate authorities to trust instead of the usual ones (a corporate CA)."""
    allow_insecure_http: bool = False
    """Whether credentials may go over plain http to a host that is not loopback."""

    def to_toml(self, *, secrets: bool = True) -> dict[str, Any]:
        """The profile's table in ``config.toml``: every field that is set but the name (a flag only when true);
        without ``secrets``, no token or secret key."""
        values = {item.name: getattr(self, item.name) for item in fields(self) if item.name != "name"}
        kept = {key: value for key, value in values.items() if value is not None and value is not False}
        return {key: value for key, value in kept.items() if secrets or key not in SECRET_KEYS}

    @property
    def has_secret(self) -> bool:
        """Whether the profile holds a token or a secret key."""
        return bool(self.token or self.sk)


@dataclass(slots=True)
class Settings:
    """Everything in ``config.toml``."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    default: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding ids to keys, as ``[keymap]`` gives them."""
    path: Path | None = None
    session_tokens: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Tokens pasted into the connect screen, by profile: kept in memory for the session, never written from here."""


def load_settings(path: Path | None = None) -> Settings:
    """Read ``config.toml``; a missing file is empty settings, a malformed or unsafe one is refused."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Settings(path=path)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: is not valid TOML: {exc}") from None
    settings = _settings(data, path)
    if any(profile.has_secret for profile in settings.profiles.values()) and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(
            f"{path} holds a secret and others can read it (mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}"
        )
    return settings


def _settings(data: dict[str, Any], path: Path) -> Settings:
    def fail(message: str) -> SettingsError:
        return SettingsError(f"{path}: {message}")

    profiles: dict[str, Profile] = {}
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise fail("[profiles] must be a table of profiles")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise fail(f"profile {name!r} must be a table")
        unknown = set(table) - _PROFILE_KEYS
        if unknown:
            raise fail(f"profile {name!r} has unknown keys: {', '.join(sorted(unknown))}")
        for key, value in table.items():
            if key in _BOOLEAN_KEYS:
                if not isinstance(value, bool):
                    raise fail(f"profiles.{name}.{key} must be true or false")
            elif not isinstance(value, str):
                raise fail(f"profiles.{name}.{key} must be a string")
        if table.get("auth") not in (None, "token", "aksk"):
            raise fail(f'profiles.{name}.auth must be "token" or "aksk"')
        profiles[name] = Profile(name=name, **table)
    default = data.get("default")
    if default is not None and (not isinstance(default, str) or default not in profiles):
        raise fail(f"default names no profile: {default!r}")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise fail("[keymap] must map binding ids to keys, as strings")
    return Settings(profiles=profiles, default=default, keymap=dict(keymap), path=path)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the whole of ``config.toml`` from ``settings`` with tomli-w, private to its owner (mode 0600).

    Comments and the file's layout are not kept: the connect screen adds a profile with :func:`add_profile`.
    """
    target = path or settings.path or config_path()
    data: dict[str, Any] = {}
    if settings.default:
        data["default"] = settings.default
    data["profiles"] = {name: profile.to_toml() for name, profile in settings.profiles.items()}
    if settings.keymap:
        data["keymap"] = dict(settings.keymap)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.touch(mode=0o600)
    import tomli_w

    write_atomic(target, tomli_w.dumps(data).encode("utf-8"))
    os.chmod(target, 0o600)
    settings.path = target
    return target


def add_profile(profile: Profile, path: Path, *, secrets: bool = False) -> bool:
    """Add ``profile`` to the config file at ``path`` as a new table at its end, leaving every byte already there.

    tomli-w writes no comments, so the file is never rewritten from what was parsed: the new table is appended as
    text (and ``default = ...`` put first when the file has no profile and no default yet), and the result is read
    back and must mean exactly the old settings plus the new profile before it replaces the file, atomically and
    private to its owner (0600). A token or secret key is written only with ``secrets``. Returns whether the
    profile became the default.

    Raises:
        SettingsError: a profile of that name exists, the file cannot be read or written, or it is laid out so
            that a table cannot be added at its end (then it is left as it is).
    """
    import tomllib

    import tomli_w

    try:
        before = path.read_bytes() if path.exists() else b""
        text = before.decode("utf-8")
        old = tomllib.loads(text)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: is not valid TOML, so it is left as it is: {exc}") from None
    profiles = old.get("profiles", {})
    if not isinstance(profiles, dict):
        raise SettingsError(f"{path}: [profiles] must be a table of profiles")
    if profile.name in profiles:
        raise SettingsError(f"a profile named {profile.name!r} exists already; choose another name")
    table = profile.to_toml(secrets=secrets)
    default = not profiles and "default" not in old
    head = tomli_w.dumps({"default": profile.name}) if default else ""
    gap = ("\n" if not text.endswith("\n") else "") + "\n" if text.strip() else ""
    after = head + text + gap + tomli_w.dumps({"profiles": {profile.name: table}})
    expected = {**old, "profiles": {**profiles, profile.name: table}}
    if default:
        expected["default"] = profile.name
    try:
        same = tomllib.loads(after) == expected
    except tomllib.TOMLDecodeError:
        same = False
    if not same:  # e.g. profiles written as an inline table, which no [profiles.NAME] may extend
        raise SettingsError(
            f"{path}: its layout does not let a profile be added at its end, so it is left as it is; "
            f"add [profiles.{profile.name}] by hand"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            os.chmod(path, 0o600)  # before the secret goes in: write_atomic keeps the file's mode
        write_atomic(path, after.encode("utf-8"))
        os.chmod(path, 0o600)
    except (OSError, RelplanError) as exc:
        said = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SettingsError(f"{path}: cannot be written: {said}") from None
    return default

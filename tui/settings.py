"""Profiles, where secrets come from, and how a connection is resolved from flags, environment and file.

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
(mode 0600). Command-line flags override the profile, and the environment overrides the file.

Every secret is checked where it is read: the whitespace around it is dropped, and one that still holds a line
break or a control character is refused with a message that says where it came from and never shows it.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import ssl
import stat
import subprocess
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Final, Literal

import httpx
import platformdirs
import tomli_w

from tui.auth import AkSkAuth, TokenAuth, check_secret
from tui.document import write_atomic
from tui.endpoint import check_endpoint, check_plain_http
from tui.errors import RelplanError, SettingsError
from tui.target import Target
from tui.text import printable

__all__ = [
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SK",
    "ENV_TOKEN",
    "Connection",
    "Profile",
    "Settings",
    "TokenCommand",
    "add_profile",
    "config_path",
    "endpoint_for_region",
    "load_settings",
    "resolve",
    "save_settings",
]

ENV_TOKEN: Final = "RELPLAN_TOKEN"
ENV_AK: Final = "HUAWEICLOUD_SDK_AK"
ENV_SK: Final = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID: Final = "HUAWEICLOUD_SDK_PROJECT_ID"
TOKEN_COMMAND_TIMEOUT: Final = 30.0
SHOWN_STDERR_CHARS: Final = 200
"""How much of the last line a failing token_command wrote to stderr its error shows."""
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


@dataclass(frozen=True, slots=True)
class Connection:
    """Everything needed to call ServiceStage: where, which project, and how to authenticate."""

    endpoint: str
    project_id: str
    auth_kind: AuthKind
    auth: httpx.Auth = field(repr=False)
    profile: str | None = None
    ca_bundle: str | None = None
    """A file of the certificate authorities to trust instead of the usual ones."""
    allow_insecure_http: bool = False
    """Whether credentials may go over plain http to a host that is not loopback."""

    def describe(self) -> str:
        """A one-line description that holds no secret."""
        via = f"profile {self.profile}, " if self.profile else ""
        return f"{self.endpoint} (project {self.project_id}, {via}{self.auth_kind} auth)"

    def target(self, plan_id: str = "", *, timeout: float = 30.0) -> Target:
        """The plan ``plan_id`` (none: the project, for the picker) over this connection."""
        return Target(
            self.endpoint,
            self.project_id,
            self.auth,
            plan_id,
            self.profile,
            timeout,
            ca_bundle=self.ca_bundle,
            allow_insecure_http=self.allow_insecure_http,
        )


def resolve(
    settings: Settings,
    *,
    profile: str | None = None,
    endpoint: str | None = None,
    region: str | None = None,
    project_id: str | None = None,
    env: Mapping[str, str] | None = None,
    allow_insecure_http: bool = False,
    auth: AuthKind | None = None,
) -> Connection:
    """The connection the flags, the environment and the profile describe, in that order of precedence.

    With no profile at all, ``endpoint`` (or ``region``) and ``project_id`` plus credentials in the environment
    are enough: a token when ``RELPLAN_TOKEN`` is set, else AK/SK when both keys are. Each value is checked here,
    where it is read: the endpoint is a URL relplan can use, a secret holds nothing a header cannot carry, a CA
    bundle can be read, and credentials go over plain http only to loopback unless ``allow_insecure_http`` (the
    flag) or the profile's key says so. ``auth`` (the ``--auth`` flag) chooses the kind of credentials over the
    profile's ``auth`` and over what the environment holds.
    """
    env = os.environ if env is None else env
    chosen: Profile | None = None
    if profile is not None:
        chosen = settings.profiles.get(profile)
        if chosen is None:
            known = ", ".join(sorted(settings.profiles)) or "none yet"
            raise SettingsError(f"no profile named {profile!r} (profiles: {known})")
    elif settings.default is not None:
        chosen = settings.profiles.get(settings.default)
    base = chosen or Profile(name="")
    in_profile = f"in profile {base.name}" if base.name else "in the profile"

    if endpoint is None and region is not None:
        endpoint = endpoint_for_region(region)
    if endpoint is not None:
        endpoint = check_endpoint(endpoint, "the endpoint --endpoint gives")
    elif base.endpoint:
        endpoint = check_endpoint(base.endpoint, f"the endpoint {in_profile}")
    elif base.region:
        endpoint = endpoint_for_region(base.region)
    if endpoint is None:
        raise SettingsError("no endpoint: pass --endpoint URL or --region NAME, or choose a profile that has one")
    insecure_ok = allow_insecure_http or base.allow_insecure_http
    check_plain_http(endpoint, allowed=insecure_ok)
    project = _plain(project_id, "the project id --project-id gives")
    project = project or _plain(env.get(ENV_PROJECT_ID), f"the project id from {ENV_PROJECT_ID}")
    project = project or _plain(base.project_id, f"the project id {in_profile}")
    if not project:
        raise SettingsError(f"no project id: pass --project-id, set {ENV_PROJECT_ID}, or add project_id to the profile")
    ca_bundle = _ca_bundle(base.ca_bundle, in_profile)

    kind = auth or base.auth or _kind_from_env(env, base)
    chosen_by = " (--auth token)" if auth == "token" else " (--auth aksk)" if auth else ""
    if kind == "token":
        token = (
            _secret(env.get(ENV_TOKEN), f"the token from {ENV_TOKEN}")
            or _run_token_command(base.token_command)
            or _secret(base.token, f"the token {in_profile}")
        )
        if not token:
            raise SettingsError(
                f"token auth{chosen_by} needs a token: set {ENV_TOKEN} or give the profile a token_command"
            )
        credentials: httpx.Auth = TokenAuth(token)
    else:
        ak = _secret(env.get(ENV_AK), f"the access key from {ENV_AK}") or _secret(
            base.ak, f"the access key {in_profile}"
        )
        sk = _secret(env.get(ENV_SK), f"the secret key from {ENV_SK}") or _secret(
            base.sk, f"the secret key {in_profile}"
        )
        if not (ak and sk):
            raise SettingsError(f"AK/SK auth{chosen_by} needs both keys: set {ENV_AK} and {ENV_SK}")
        credentials = AkSkAuth(ak, sk, project)
    name = chosen.name if chosen else None
    return Connection(endpoint, project, kind, credentials, name, ca_bundle, insecure_ok)


def _secret(value: str | None, what: str) -> str | None:
    """A secret as read, checked (see :func:`tui.auth.check_secret`); None when it is unset or only whitespace."""
    if value is None:
        return None
    return check_secret(value, what) or None


def _plain(value: str | None, what: str) -> str | None:
    """A value that goes into a header and a path (the project id), without the whitespace around it."""
    if value is None:
        return None
    value = value.strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value) or not value.isascii():
        raise SettingsError(f"{what} ('{printable(value)}') holds a line break, a control character or non-ASCII")
    return value or None


def _ca_bundle(path: str | None, in_profile: str) -> str | None:
    """The profile's ``ca_bundle``, once it is known to be a readable file of certificates."""
    if path is None:
        return None
    where = Path(path).expanduser()
    shown = f"the ca_bundle {in_profile} ({printable(str(where))})"
    try:
        ssl.create_default_context(cafile=str(where))
    except FileNotFoundError:
        raise SettingsError(f"{shown} does not exist") from None
    except ssl.SSLError as exc:  # before OSError, which it is a kind of
        raise SettingsError(f"{shown} holds no certificate relplan can read ({exc.reason or exc})") from None
    except OSError as exc:
        raise SettingsError(f"{shown} cannot be read: {exc.strerror or exc}") from None
    return str(where)


def _kind_from_env(env: Mapping[str, str], profile: Profile) -> AuthKind:
    def given(value: str | None) -> bool:
        return bool(value and value.strip())

    if given(env.get(ENV_TOKEN)) or profile.token_command or profile.token:
        return "token"
    if (given(env.get(ENV_AK)) or profile.ak) and (given(env.get(ENV_SK)) or profile.sk):
        return "aksk"
    raise SettingsError(f"no credentials: set {ENV_TOKEN}, or {ENV_AK} and {ENV_SK}, or choose a profile")


def _run_token_command(command: str | None) -> str | None:
    """The token a profile's ``token_command`` prints, or None when there is no command."""
    if not command:
        return None
    return TokenCommand(command).run()


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

"""A connection to ServiceStage, resolved from flags, the environment and a profile, in that order of precedence.

Every secret is checked where it is read: the whitespace around it is dropped, and one that still holds a line
break or a control character is refused with a message that says where it came from and never shows it.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from tui.auth import AkSkAuth, TokenAuth, check_secret
from tui.endpoint import check_endpoint, check_plain_http
from tui.errors import SettingsError
from tui.settings import ENV_AK, ENV_PROJECT_ID, ENV_SK, ENV_TOKEN, AuthKind, Profile, Settings, endpoint_for_region
from tui.target import Target
from tui.text import printable
from tui.token_command import TokenCommand

if TYPE_CHECKING:
    from tui.client import ServiceStageClient

__all__ = ["Connection", "resolve"]


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

    def client(self, *, timeout: float = 30.0) -> ServiceStageClient:
        """A client over this connection, each call within ``timeout`` seconds (use it as an async context manager)."""
        return self.target(timeout=timeout).client()

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

"""Connecting with a profile: a new profile's form checked, its token found, its plans listed, then saved.

The connect screen only gathers what the person typed; these functions do the work, off the screen's thread where
it waits (a ``token_command`` may take up to 30 seconds, the config file is read and written).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tui.connection import resolve
from tui.endpoint import check_endpoint
from tui.errors import SettingsError
from tui.settings import ENV_TOKEN, Profile, Settings, add_profile, config_path, endpoint_for_region
from tui.target import Target
from tui.token_command import TokenCommand

__all__ = [
    "Connecting",
    "NewProfile",
    "ProfileForm",
    "check_form",
    "check_profile",
    "new_profile",
    "remember",
    "save_profile",
]


@dataclass(frozen=True, slots=True)
class ProfileForm:
    """The connect screen's form for a new profile, as typed."""

    name: str
    where: str
    """An endpoint URL or a region name."""
    project_id: str
    auth: str
    """``token`` or ``aksk``."""
    token_command: str
    token: str
    """A pasted token (used only with token auth)."""
    keep_token: bool
    """Whether the pasted token is to be written to the config file."""


@dataclass(frozen=True, slots=True)
class NewProfile:
    """A new profile that passed the form's checks, with the pasted token and whether to keep it in the file."""

    profile: Profile
    token: str | None
    keep: bool


def new_profile(name: str, where: str, project_id: str, auth: str, token_command: str) -> Profile:
    """A profile from the form's fields; ``where`` is an endpoint URL or a region name.

    Raises:
        SettingsError: a field is missing or malformed, said in words.
    """
    name, where, project_id, token_command = name.strip(), where.strip(), project_id.strip(), token_command.strip()
    if not name:
        raise SettingsError("the profile needs a name")
    if not where:
        raise SettingsError("give an endpoint (https://...) or a region (ap-southeast-1)")
    if not project_id:
        raise SettingsError("give the project id")
    if auth not in ("token", "aksk"):
        raise SettingsError("choose token or AK/SK")
    profile = Profile(name=name, project_id=project_id, auth="token" if auth == "token" else "aksk")
    if where.startswith(("https://", "http://")):
        profile.endpoint = check_endpoint(where)  # says what is wrong with a URL relplan cannot use
    else:
        endpoint_for_region(where)  # says what is wrong with a name that is not a region
        profile.region = where
    if token_command:
        profile.token_command = token_command
    return profile


def check_form(form: ProfileForm, settings: Settings) -> NewProfile:
    """The new profile ``form`` describes, once it may be tried: every field makes sense and its name is free.

    Raises:
        SettingsError: what is wrong, in words the form's reader acts on.
    """
    if settings.path is None and config_path().exists():
        raise SettingsError(f"{config_path()} could not be read, so it is left as it is; fix it first")
    profile = new_profile(form.name, form.where, form.project_id, form.auth, form.token_command)
    if profile.name in settings.profiles:
        raise SettingsError(f"A profile named {profile.name} exists already: choose another name, or pick it above.")
    token = form.token.strip() if profile.auth == "token" else ""
    if form.keep_token and not token:
        raise SettingsError("There is no pasted token to save: paste one, or switch saving it off.")
    return NewProfile(profile, token or None, form.keep_token)


class Connecting:
    """One try at reaching ServiceStage with a profile; :meth:`target` blocks, :meth:`cancel` stops it from another
    thread.

    The token comes from what was pasted, this session's tokens, the environment, or the profile's
    ``token_command``, in that order.
    """

    def __init__(
        self, settings: Settings, profile: Profile, token: str | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        self.profile = profile
        self._env = dict(os.environ if env is None else env)
        if profile.auth != "aksk":
            token = token or settings.session_tokens.get(profile.name) or self._env.get(ENV_TOKEN)
        self._token = token
        self._command: TokenCommand | None = None
        self._saving = False
        self._lock = threading.Lock()
        self.cancelled = False
        """Whether :meth:`cancel` was called: whatever the try finds after that is not used."""

    @property
    def runs_command(self) -> bool:
        """Whether :meth:`target` runs the profile's ``token_command`` for a token."""
        return self.profile.auth != "aksk" and not self._token and bool(self.profile.token_command)

    def target(self) -> Target:
        """Where the profile leads, with its credentials; blocks while a ``token_command`` runs.

        Raises:
            SettingsError: the profile is incomplete or wrong, the command failed, or the try was cancelled.
        """
        env = dict(self._env)
        token = self._token
        if self.runs_command:
            assert self.profile.token_command is not None
            with self._lock:
                if self.cancelled:
                    raise SettingsError("the token_command was cancelled")
                self._command = TokenCommand(self.profile.token_command)
            token = self._command.run()
        if token and self.profile.auth != "aksk":
            env[ENV_TOKEN] = token  # the token found here, so that resolve never runs the command again
        connection = resolve(Settings(profiles={self.profile.name: self.profile}), profile=self.profile.name, env=env)
        return connection.target()

    def cancel(self) -> bool:
        """Stop the try: its token command, if one runs, is killed and :meth:`target` raises.

        False when it is too late: the profile is being written to the config file (see :meth:`start_saving`).
        """
        with self._lock:
            if self._saving:
                return False
            self.cancelled = True
            command = self._command
        if command is not None:
            command.cancel()
        return True

    def start_saving(self) -> bool:
        """Mark that the profile goes to the config file now, from when on :meth:`cancel` no longer stops the try.

        False when the try was cancelled already: nothing is to be saved.
        """
        with self._lock:
            if not self.cancelled:
                self._saving = True
            return not self.cancelled


async def check_profile(target: Target) -> None:
    """List the plans ``target`` leads to: the proof that a new profile works.

    Raises:
        ClientError: the plans could not be listed.
    """
    async with target.client() as client:
        await client.list_plans()


def save_profile(new: NewProfile, settings: Settings) -> tuple[Path, bool]:
    """Add ``new``'s profile to the end of the config file (its token only when asked); blocks on the file.

    Returns where it was saved and whether the profile became the default. ``settings`` is left as it is: see
    :func:`remember`.

    Raises:
        SettingsError: the file cannot be read or written, or a profile of that name is in it now.
    """
    path = settings.path or config_path()
    kept = replace(new.profile, token=new.token if new.keep else None)
    return path, add_profile(kept, path, secrets=new.keep)


def remember(new: NewProfile, settings: Settings, path: Path, default: bool) -> str:
    """Put a saved profile in ``settings`` (and its pasted token in this session's); returns what to tell."""
    profile = new.profile
    settings.profiles[profile.name] = replace(profile, token=new.token if new.keep else None)
    settings.path = path
    if default:
        settings.default = profile.name
    if new.token is not None:
        settings.session_tokens[profile.name] = new.token
    said = f"Saved profile {profile.name} in {path}"
    if new.keep:
        said += " with its token; the file is private to you (0600)"
    elif new.token is not None:
        said += "; the pasted token is kept for this session only, not in the file"
    return said

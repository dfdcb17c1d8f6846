"""Connect: pick a profile from the config file, or make one, check it and save it; then the plan picker opens."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from tui.connection import resolve
from tui.endpoint import check_endpoint
from tui.errors import RelplanError, SettingsError
from tui.settings import ENV_TOKEN, Profile, Settings, add_profile, config_path, endpoint_for_region
from tui.target import Target
from tui.text import printable
from tui.token_command import TokenCommand
from widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.app import RelplanApp

__all__ = ["ConnectScreen", "new_profile"]


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


class ConnectScreen(Screen[None]):
    """The profiles of the config file (``enter`` connects) and a form for a new one, checked before it is saved.

    A new profile is tried first (its plans are listed); only then is it added to the end of the config file, whose
    comments, other profiles and keys stay as they were. A profile's name that exists is refused. A pasted token is
    kept in memory for the session and written to the file only when the person switches that on. A token command
    runs off the screen's thread, says so, and ``escape`` stops it.
    """

    DEFAULT_CSS = """
    ConnectScreen {
        & > VerticalScroll { padding: 0 1; }
        & .connect-heading { text-style: bold; margin-top: 1; }
        & #connect-profiles { height: auto; max-height: 8; }
        & #connect-profiles.-empty { display: none; }
        & .connect-field { height: 1; margin-top: 1; }
        & .connect-field > Static { width: 16; color: $text-muted; }
        & .connect-field > Input, & .connect-field > Select, & .connect-field > Checkbox { width: 1fr; }
        & #connect-buttons { height: 1; margin-top: 1; }
        & #connect-state { height: auto; margin-top: 1; }
        & #connect-state.-failed { color: $error; }
    }
    """

    BINDINGS = [Binding("escape", "cancel_or_quit", "Cancel/Quit", show=False, id="connect.quit")]

    def __init__(self, settings: Settings, message: str = "") -> None:
        super().__init__()
        self.settings = settings
        self.message = message
        self._working: Worker[None] | None = None
        """The check, or the connection, under way (``escape`` stops it)."""
        self._command: TokenCommand | None = None
        """The token command running for it, if one is."""

    @property
    def relplan(self) -> RelplanApp:
        return cast("RelplanApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            heading = "Profiles in the config file (enter connects):" if self.settings.profiles else "No profiles yet."
            yield Static(Text(heading), classes="connect-heading")
            yield OptionList(
                *(Option(Text(printable(self._describe(profile))), id=name) for name, profile in self.profiles()),
                id="connect-profiles",
                classes="" if self.settings.profiles else "-empty",
            )
            yield Static(Text("Or a new profile (checked before it is saved):"), classes="connect-heading")
            for label, field_id, placeholder in (
                ("name", "connect-name", "prod"),
                ("endpoint/region", "connect-where", "https://... or ap-southeast-1"),
                ("project id", "connect-project", "the project's id"),
            ):
                with Horizontal(classes="connect-field"):
                    yield Static(Text(label))
                    yield Input(placeholder=placeholder, id=field_id, compact=True)
            with Horizontal(classes="connect-field"):
                yield Static(Text("auth"))
                yield Select(
                    [(Text("token"), "token"), (Text("AK/SK (HUAWEICLOUD_SDK_AK, _SK)"), "aksk")],
                    value="token",
                    allow_blank=False,
                    id="connect-auth",
                    compact=True,
                )
            with Horizontal(classes="connect-field"):
                yield Static(Text("token command"))
                yield Input(placeholder="optional: a command that prints a token", id="connect-command", compact=True)
            with Horizontal(classes="connect-field"):
                yield Static(Text("token"))
                yield Input(
                    placeholder=f"or paste one (else {ENV_TOKEN}); kept for this session only",
                    password=True,
                    id="connect-token",
                    compact=True,
                )
            with Horizontal(classes="connect-field"):
                yield Static(Text(""))
                yield Checkbox("save the pasted token in the config file", id="connect-keep-token", compact=True)
            with Horizontal(id="connect-buttons"):
                yield Button("Check and save", id="connect-save", variant="primary", compact=True)
            yield Static(Text(printable(self.message)), id="connect-state", classes="-failed" if self.message else "")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Connect to ServiceStage"
        where = self.settings.path
        self.sub_title = printable(str(where)) if where is not None else ""
        profiles = self.query_one(OptionList)
        if profiles.option_count:
            profiles.highlighted = 0
            profiles.focus()
        else:
            self.query_one("#connect-name", Input).focus()

    def profiles(self) -> list[tuple[str, Profile]]:
        """The profiles, the default first."""
        return sorted(self.settings.profiles.items(), key=lambda item: (item[0] != self.settings.default, item[0]))

    def _describe(self, profile: Profile) -> str:
        where = profile.endpoint or profile.region or "no endpoint"
        default = " (default)" if profile.name == self.settings.default else ""
        return f"{profile.name}{default} · {where} · project {profile.project_id or '?'} · {profile.auth or 'auth?'}"

    def _state(self, message: str, *, failed: bool) -> None:
        state = self.query_one("#connect-state", Static)
        state.update(Text(printable(message)))
        state.set_class(failed, "-failed")

    @property
    def working(self) -> bool:
        """Whether a check or a connection is under way."""
        return self._working is not None and self._working.is_running

    async def action_cancel_or_quit(self) -> None:
        """Stop the check or the token command under way; with none, quit."""
        if not self.working:
            await self.relplan.action_quit()
            return
        if self._command is not None:
            self._command.cancel()
        if self._working is not None:
            self._working.cancel()
        self._state("Stopped; nothing was saved.", failed=True)

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        self._working = self.app.run_worker(work, group="connect", exclusive=True)

    @on(Checkbox.Changed, "#connect-keep-token")
    def _keep_changed(self, event: Checkbox.Changed) -> None:
        if event.value:
            where = self.settings.path or config_path()
            self._state(
                f"The pasted token will be written to {where}, which is then private to you (0600).", failed=False
            )
        else:
            self._state("The pasted token is kept for this session only, never written.", failed=False)

    @on(OptionList.OptionSelected, "#connect-profiles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None and not self.working:
            self._connect(event.option.id)

    @on(Button.Pressed, "#connect-save")
    def _save(self) -> None:
        if self.working:
            return
        if self.settings.path is None and config_path().exists():
            self._state(f"{config_path()} could not be read, so it is left as it is; fix it first", failed=True)
            return
        auth = self.query_one("#connect-auth", Select).value
        try:
            profile = new_profile(
                self.query_one("#connect-name", Input).value,
                self.query_one("#connect-where", Input).value,
                self.query_one("#connect-project", Input).value,
                auth if isinstance(auth, str) else "",
                self.query_one("#connect-command", Input).value,
            )
        except SettingsError as exc:
            self._state(str(exc), failed=True)
            return
        if profile.name in self.settings.profiles:
            self._state(
                f"A profile named {profile.name} exists already: choose another name, or pick it above.", failed=True
            )
            return
        token = self.query_one("#connect-token", Input).value.strip() if profile.auth == "token" else ""
        keep = self.query_one("#connect-keep-token", Checkbox).value
        if keep and not token:
            self._state("There is no pasted token to save: paste one, or switch saving it off.", failed=True)
            return
        self._start(self._check_and_save(profile, token or None, keep=keep))

    async def _check_and_save(self, profile: Profile, token: str | None, *, keep: bool) -> None:
        """List the profile's plans; only when that works, add it to the config file and go on to the picker."""
        try:
            target = await self._target(profile, token)
            self._state(f"Checking: listing the plans of {target.describe()}…", failed=False)
            async with target.client() as client:
                await client.list_plans()
        except RelplanError as exc:
            self._state(f"Not saved: {exc}", failed=True)
            return
        path = self.settings.path or config_path()
        saved = replace(profile, token=token if keep else None)
        try:
            default = add_profile(saved, path, secrets=keep)
        except SettingsError as exc:
            self._state(f"Checked, but not saved: {exc}", failed=True)
            return
        self.settings.profiles[profile.name] = saved
        self.settings.path = path
        if default:
            self.settings.default = profile.name
        if token is not None:
            self.settings.session_tokens[profile.name] = token
        said = f"Saved profile {profile.name} in {path}"
        if keep:
            said += " with its token; the file is private to you (0600)"
        elif token is not None:
            said += "; the pasted token is kept for this session only, not in the file"
        self._state(said, failed=False)
        self.relplan.connected(target)

    def _connect(self, name: str) -> None:
        profile = self.settings.profiles.get(name)
        if profile is not None:
            self._start(self._connect_to(profile))

    async def _connect_to(self, profile: Profile) -> None:
        try:
            target = await self._target(profile, None)
        except RelplanError as exc:
            self._state(f"profile {profile.name}: {exc}", failed=True)
            return
        self.relplan.connected(target)

    async def _target(self, profile: Profile, token: str | None) -> Target:
        """Where ``profile`` leads, with a token from: what was pasted, this session, the environment, its command.

        The command runs in a thread, with the screen saying so; a token found here goes to :func:`resolve` as the
        environment's, so that it never runs the command on the screen's thread.
        """
        env = dict(os.environ)
        if profile.auth != "aksk":
            token = token or self.settings.session_tokens.get(profile.name) or env.get(ENV_TOKEN)
            if not token and profile.token_command:
                token = await self._run_command(profile.token_command)
            if token:
                env[ENV_TOKEN] = token
        connection = resolve(Settings(profiles={profile.name: profile}), profile=profile.name, env=env)
        return connection.target()

    async def _run_command(self, command: str) -> str:
        self._command = TokenCommand(command)
        self._state("Getting a token from the token command… (escape stops it)", failed=False)
        try:
            return await asyncio.to_thread(self._command.run)
        finally:
            self._command = None

"""Connect: pick a profile from the config file, or make one and save it; then the plan picker opens on it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.errors import SettingsError
from tui.settings import Profile, Settings, config_path, endpoint_for_region, resolve, save_settings
from tui.target import check_endpoint
from tui.text import printable
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
    """The profiles of the config file (``enter`` connects) and a form for a new one (saved with tomli-w).

    Secrets never go into the file from here: a token comes from ``RELPLAN_TOKEN`` or the profile's token command,
    AK/SK from ``HUAWEICLOUD_SDK_AK`` and ``HUAWEICLOUD_SDK_SK``.
    """

    DEFAULT_CSS = """
    ConnectScreen {
        & > VerticalScroll { padding: 0 1; }
        & .connect-heading { text-style: bold; margin-top: 1; }
        & #connect-profiles { height: auto; max-height: 8; }
        & #connect-profiles.-empty { display: none; }
        & .connect-field { height: 1; margin-top: 1; }
        & .connect-field > Static { width: 16; color: $text-muted; }
        & .connect-field > Input, & .connect-field > Select { width: 1fr; }
        & #connect-buttons { height: 1; margin-top: 1; }
        & #connect-state { height: auto; margin-top: 1; }
        & #connect-state.-failed { color: $error; }
    }
    """

    BINDINGS = [Binding("escape", "app.quit", "Quit", show=False, id="connect.quit")]

    def __init__(self, settings: Settings, message: str = "") -> None:
        super().__init__()
        self.settings = settings
        self.message = message

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
            yield Static(Text("Or a new profile:"), classes="connect-heading")
            for label, field_id, placeholder in (
                ("name", "connect-name", "prod"),
                ("endpoint/region", "connect-where", "https://... or ap-southeast-1"),
                ("project id", "connect-project", "the project's id"),
                ("token command", "connect-command", "optional: a command that prints a token"),
            ):
                with Horizontal(classes="connect-field"):
                    yield Static(Text(label))
                    yield Input(placeholder=placeholder, id=field_id, compact=True)
            with Horizontal(classes="connect-field"):
                yield Static(Text("auth"))
                yield Select(
                    [(Text("token (RELPLAN_TOKEN)"), "token"), (Text("AK/SK (HUAWEICLOUD_SDK_AK, _SK)"), "aksk")],
                    value="token",
                    allow_blank=False,
                    id="connect-auth",
                    compact=True,
                )
            with Horizontal(id="connect-buttons"):
                yield Button("Save and connect", id="connect-save", variant="primary", compact=True)
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

    @on(OptionList.OptionSelected, "#connect-profiles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._connect(event.option.id)

    @on(Button.Pressed, "#connect-save")
    def _save(self) -> None:
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
            self.settings.profiles[profile.name] = profile
            if self.settings.default is None:
                self.settings.default = profile.name
            saved = save_settings(self.settings)
        except SettingsError as exc:
            self._state(str(exc), failed=True)
            return
        except OSError as exc:
            self._state(f"could not save the config file: {exc.strerror or exc}", failed=True)
            return
        self._state(f"saved profile {profile.name} in {saved}", failed=False)
        self._connect(profile.name)

    def _connect(self, name: str) -> None:
        try:
            connection = resolve(self.settings, profile=name, env=os.environ)
        except SettingsError as exc:
            self._state(f"profile {name}: {exc}", failed=True)
            return
        self.relplan.connected(connection.target())

"""Connect: pick a profile from the config file, or make one, check it and save it; then the plan picker opens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.connecting import ProfileForm
from tui.settings import ENV_TOKEN, Profile, Settings
from tui.text import printable
from widgets.first_keys import FirstKeys, FirstKeysInput, TakesFirstKeys
from widgets.key_bar import KeyBar

__all__ = ["ConnectScreen"]


class _Profiles(TakesFirstKeys, OptionList):
    """The config file's profiles, which wait for the keys typed as the screen opened (see :class:`FirstKeys`)."""


class ConnectScreen(Screen[None]):
    """The profiles of the config file (``enter`` connects) and a form for a new one, checked before it is saved.

    A new profile is tried first (its plans are listed); only then is it added to the end of the config file, whose
    comments, other profiles and keys stay as they were. A profile's name that exists is refused. A pasted token is
    kept in memory for the session and written to the file only when the person switches that on. A token command
    runs off the screen's thread, says so, and ``escape`` stops it.

    The screen does none of this itself: it asks with a message, and is told how it went by :meth:`progress`,
    :meth:`failed` and :meth:`succeeded`.
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

    @dataclass
    class ConnectRequested(Message):
        """Connect with a profile of the config file. Handled by ``RelplanApp.on_connect_screen_connect_requested``."""

        screen: ConnectScreen
        profile: str
        """The profile's name."""

        @property
        def control(self) -> ConnectScreen:
            """The connect screen that asks."""
            return self.screen

    @dataclass
    class SaveRequested(Message):
        """Check the new profile of the form and, when it works, save it and connect with it.

        Handled by ``RelplanApp.on_connect_screen_save_requested``.
        """

        screen: ConnectScreen
        form: ProfileForm
        """The form as typed."""

        @property
        def control(self) -> ConnectScreen:
            """The connect screen that asks."""
            return self.screen

    @dataclass
    class StopRequested(Message):
        """Stop the check or the connection under way (and its token command). Handled by
        ``RelplanApp.on_connect_screen_stop_requested``."""

        screen: ConnectScreen

        @property
        def control(self) -> ConnectScreen:
            """The connect screen that asks."""
            return self.screen

    def __init__(self, settings: Settings, message: str = "", *, config_file: Path) -> None:
        """Offer the profiles of ``settings``, with ``message`` said first; a new profile goes to ``config_file``."""
        super().__init__()
        self.settings = settings
        """The config file's profiles, read only here."""
        self.message = message
        self.config_file = config_file
        """Where a new profile is saved (shown before a pasted token is written there)."""
        self.working = False
        """Whether a check or a connection is under way (``escape`` stops it)."""
        self.first_keys = FirstKeys(self)
        """Keys typed as the screen opened, before its first field had the focus: typed into it once it has."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            heading = "Profiles in the config file (enter connects):" if self.settings.profiles else "No profiles yet."
            yield Static(Text(heading), classes="connect-heading")
            yield _Profiles(
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
                    yield FirstKeysInput(placeholder=placeholder, id=field_id, compact=True)
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
                yield FirstKeysInput(
                    placeholder="optional: a command that prints a token", id="connect-command", compact=True
                )
            with Horizontal(classes="connect-field"):
                yield Static(Text("token"))
                yield FirstKeysInput(
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
            self.first_keys.focus(self.query_one(_Profiles))
        else:
            self.first_keys.focus(self.query_one("#connect-name", FirstKeysInput))

    def on_key(self, event: events.Key) -> None:
        self.first_keys.take(event)

    def profiles(self) -> list[tuple[str, Profile]]:
        """The profiles, the default first."""
        return sorted(self.settings.profiles.items(), key=lambda item: (item[0] != self.settings.default, item[0]))

    def _describe(self, profile: Profile) -> str:
        where = profile.endpoint or profile.region or "no endpoint"
        default = " (default)" if profile.name == self.settings.default else ""
        return f"{profile.name}{default} · {where} · project {profile.project_id or '?'} · {profile.auth or 'auth?'}"

    # -- what the app shows

    def progress(self, message: str) -> None:
        """Say what the work under way is doing now (running the token command, listing the plans)."""
        if self.working:
            self._state(message, failed=False)

    def failed(self, message: str) -> None:
        """Say why the work asked for failed; the form takes requests again."""
        if self.working:
            self.working = False
            self._state(message, failed=True)

    def succeeded(self, message: str) -> None:
        """Say what the work asked for did (a profile saved); the form takes requests again."""
        if self.working:
            self.working = False
            self._state(message, failed=False)

    # -- what the person does

    async def action_cancel_or_quit(self) -> None:
        """Stop the check or the token command under way; with none, quit (asking first about unsent edits)."""
        if not self.working:
            await self.run_action("app.quit")
            return
        self.post_message(self.StopRequested(self))  # the app says whether it stopped (not once the file is written)

    @on(Checkbox.Changed, "#connect-keep-token")
    def _keep_changed(self, event: Checkbox.Changed) -> None:
        if event.value:
            self._state(
                f"The pasted token will be written to {self.config_file}, which is then private to you (0600).",
                failed=False,
            )
        else:
            self._state("The pasted token is kept for this session only, never written.", failed=False)

    @on(OptionList.OptionSelected, "#connect-profiles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None and not self.working:
            self.working = True
            self.post_message(self.ConnectRequested(self, event.option.id))

    @on(Button.Pressed, "#connect-save")
    def _save(self) -> None:
        if self.working:
            return
        auth = self.query_one("#connect-auth", Select).value
        form = ProfileForm(
            name=self.query_one("#connect-name", Input).value,
            where=self.query_one("#connect-where", Input).value,
            project_id=self.query_one("#connect-project", Input).value,
            auth=auth if isinstance(auth, str) else "",
            token_command=self.query_one("#connect-command", Input).value,
            token=self.query_one("#connect-token", Input).value,
            keep_token=self.query_one("#connect-keep-token", Checkbox).value,
        )
        self.working = True
        self.post_message(self.SaveRequested(self, form))

    def _state(self, message: str, *, failed: bool) -> None:
        state = self.query_one("#connect-state", Static)
        state.update(Text(printable(message)))
        state.set_class(failed, "-failed")

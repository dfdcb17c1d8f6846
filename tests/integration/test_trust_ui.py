"""The editor under bad endpoints, tainted credentials and failing workers: a message each time, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.widgets import Static
from textual.worker import WorkerFailed

from screens.connect import ConnectScreen
from screens.picker import PlanPickerScreen
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.integration.test_send_ui import answered, edit_and_review, status
from tests.ui.conftest import until
from tui import cli, launch
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.document import Document
from tui.samples import sample_path
from tui.settings import ENV_TOKEN, load_settings
from tui.target import Target
from widgets.request_status import Outcome

SECRET = "Zq8ui-secret"
TAINTED = f"{SECRET[:5]}\n{SECRET[5:]}"
PARTS = (SECRET, SECRET[:5], SECRET[5:])
PRINTS_TAINTED = f"printf {TAINTED!r}"


def config_with(tmp_path: Path, table: str) -> Path:
    """A config file (mode 0600) whose default profile is ``table``."""
    config = tmp_path / "config" / "relplan" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'default = "broken"\n\n[profiles.broken]\n{table}\n', encoding="utf-8")
    config.chmod(0o600)
    return config


def state(app: RelplanApp) -> str:
    return str(app.screen.query_one("#connect-state", Static).render())


def no_secret(app: RelplanApp) -> None:
    shown = app.export_screenshot()
    assert not [part for part in PARTS if part in shown]


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (f'endpoint = "http://[::1"\nproject_id = "{PROJECT}"\nauth = "token"', "is not a URL relplan can use"),
        (f'endpoint = "http://127.0.0.1:99999"\nproject_id = "{PROJECT}"\nauth = "token"', "port out of range"),
        (
            f'endpoint = "http://127.0.0.1:1"\nproject_id = "{PROJECT}"\nauth = "token"\n'
            f"token_command = {json.dumps(PRINTS_TAINTED)}",
            "the token the token_command printed contains a line break",
        ),
    ],
    ids=["no-url", "bad-port", "tainted-command"],
)
async def test_a_saved_profile_that_cannot_connect_never_stops_the_editor_from_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, said: str
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    config_with(tmp_path, table)
    started: dict[str, Any] = {}
    monkeypatch.setattr(launch, "run_editor", lambda *args, **kwargs: started.update(kwargs) or 0)
    assert cli.main(["edit"]) == 0  # as `relplan edit` with no flags: on to the connect screen
    message = started["connect_message"]
    assert said in message and not [part for part in PARTS if part in message]

    app = RelplanApp(settings=load_settings(), connect_message=message)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, ConnectScreen)
        assert said in state(app)
        await pilot.press("enter")  # connect with the broken profile anyway
        await until(pilot, lambda: state(app).startswith("profile broken: "), "the profile's failure is said")
        assert said in state(app)
        assert isinstance(app.screen, ConnectScreen)
        no_secret(app)


async def test_the_connect_screens_fields_refuse_a_bad_endpoint_and_a_tainted_token_unseen(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    app = RelplanApp(settings=load_settings(tmp_path / "config.toml"), connect_message="no profile yet")
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, ConnectScreen)
        await pilot.press(*"lab", "tab", *"http://[::1", "tab", *PROJECT)
        save = app.screen.query_one("#connect-save")
        save.focus()
        await pilot.press("enter")
        await until(pilot, lambda: "is not a URL relplan can use" in state(app), "the endpoint is refused")

        app.screen.query_one("#connect-where").value = standin.url  # type: ignore[attr-defined]
        token_file = tmp_path / "token"
        token_file.write_text(TAINTED, encoding="utf-8")  # a token file with a stray line break in it
        app.screen.query_one("#connect-command").value = f"cat {token_file}"  # type: ignore[attr-defined]
        save.focus()
        ready_again = lambda: app.focused is save and not save.has_class("-active")  # noqa: E731 (a button ignores presses while it shows the last)
        await until(pilot, ready_again, "the save button can be pressed again")
        await pilot.press("enter")
        said = "Not saved: the token the token_command printed contains a line break or a control character"
        await until(pilot, lambda: state(app).startswith(said), "the tainted token is refused")
        assert isinstance(app.screen, ConnectScreen)
        no_secret(app)


async def test_a_target_with_a_bad_endpoint_is_a_message_in_the_picker() -> None:
    app = RelplanApp(target=Target("http://127.0.0.1:99999", PROJECT, TokenAuth(TOKEN), ""))
    async with app.run_test(size=(100, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        shown = lambda: str(picker.query_one("#picker-state", Static).render())  # noqa: E731
        await until(pilot, lambda: "Could not list the plans" in shown(), "the failure is said")
        assert "port out of range" in shown()


async def test_a_worker_that_fails_is_a_message_and_the_editor_goes_on(
    standin: Standin, monkeypatch: pytest.MonkeyPatch
) -> None:
    TokenAuth(SECRET)  # a credential this process knows

    async def broken(self: ServiceStageClient) -> list[object]:
        raise RuntimeError(f"a bug that quotes Illegal header value b'{SECRET}'")

    monkeypatch.setattr(ServiceStageClient, "list_plans", broken)
    app = RelplanApp(target=Target(standin.url, PROJECT, TokenAuth(TOKEN), ""))
    shown: list[str] = []
    after: list[bool] = []

    async def drive() -> None:
        async with app.run_test(size=(100, 24)) as pilot:
            await until(pilot, lambda: bool(app._notifications), "the failure is shown")
            shown.extend(note.message for note in app._notifications)
            after.append(app.is_running and isinstance(app.screen, PlanPickerScreen))
            await pilot.press("ctrl+l")  # the picker still answers keys
            await pilot.pause()
            after.append(app.is_running)

    with pytest.raises(WorkerFailed):  # the bug still fails its test, once the app has shown it and gone on
        await drive()
    # Asserted out here: inside, the app's own WorkerFailed would hide a failed assertion.
    [message] = shown
    assert message.startswith("Internal error, your edits are kept: RuntimeError: a bug that quotes")
    assert SECRET not in message and "b'***'" in message
    assert after == [True, True]


def _busy_server(plan: dict[str, Any]) -> httpx.MockTransport:
    held = json.dumps(plan)  # the plan as the server holds it, whatever the editor does to its own copy

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, content=held)
        body = {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}
        return httpx.Response(429, json=body, headers={"Retry-After": "30"})

    return httpx.MockTransport(answer)


async def test_retry_after_is_shown_in_the_status_line() -> None:
    plan = Document.load(sample_path("small.json")).data
    target = Target("https://ss.example", PROJECT, TokenAuth(TOKEN), "p1", transport=_busy_server(plan))
    app = RelplanApp(Document(plan), title="plan", target=target)
    async with app.run_test(size=(100, 24)) as pilot:
        await edit_and_review(pilot)
        await pilot.press("enter")
        shown = await answered(pilot)
        assert shown.outcome is Outcome.FAILED
        assert "429: APIGW.0308 The throttling threshold has been reached · retry after 30 s" in status(app).text

"""No credential or secret of a plan reaches a draft, an error message or the screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from textual.pilot import Pilot

from screens.review import ReviewScreen
from tests.helpers import PLANS
from tests.ui.conftest import editing, find, ready, until
from tui.app import RelplanApp
from tui.auth import AkSkAuth, TokenAuth
from tui.document import Document
from tui.drafts import drafts_dir
from tui.plan_wire import editable
from tui.samples import sample_path
from tui.standin import Credentials, Faults, PlanStore, create_app
from tui.target import Target
from widgets.request_status import RequestStatus

TOKEN = "token-that-must-never-be-written"
ACCESS_KEY, SECRET_KEY = "AK-that-must-never-be-written", "SK-that-must-never-be-written"
PASSWORD, HEADER_VALUE = "sample-password-not-real", "2026.11"
"""The secrets of the plan the screens are shown on (``full-component.json``): a password and a header's value."""
TYPED_PASSWORD = "typed-password-not-real"
SECRETS = (TOKEN, PASSWORD, HEADER_VALUE, TYPED_PASSWORD)
PLAN_ID = "plan-with-secrets"
SOURCE = ("components", 0, "source")

Walk = Callable[[Pilot[None], "Stand"], Awaitable[None]]


class Stand:
    """The stand-in holding a plan with secrets, reached in-process with a token, and the editor on that plan."""

    def __init__(self) -> None:
        store = PlanStore()
        store.add(Document.load(PLANS / "full-component.json").data, PLAN_ID)
        self.api = create_app(store, Credentials(token=TOKEN))
        transport = httpx.ASGITransport(app=self.api)
        self.target = Target("https://servicestage.example", "demo", TokenAuth(TOKEN), PLAN_ID, transport=transport)
        plan = store.get(PLAN_ID)
        assert plan is not None
        self.editor = RelplanApp(Document(editable(plan)), title="every-table", target=self.target)

    def faults(self, **faults: object) -> None:
        """Make the stand-in misbehave from now on."""
        self.api.state.faults = Faults(**faults)  # type: ignore[arg-type]


async def at_the_secrets(pilot: Pilot[None], stand: Stand) -> None:
    """The form of the component's source: its password field and its headers on the screen."""
    await ready(pilot)
    await find(pilot, "http_password", focus=(*SOURCE, "http_password"))


async def json_of_the_source(pilot: Pilot[None], stand: Stand) -> None:
    from screens.json_node import JsonNodeScreen

    await at_the_secrets(pilot, stand)
    await pilot.press("escape", "e")
    await until(pilot, lambda: isinstance(pilot.app.screen, JsonNodeScreen), "the JSON editor opened")


async def reviewing_a_new_password(pilot: Pilot[None], stand: Stand) -> None:
    await at_the_secrets(pilot, stand)
    await pilot.press("ctrl+u", *TYPED_PASSWORD, "ctrl+r")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review opened")
    review = pilot.app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: review.server_changes is not None, "the review checked the server")


async def sending(pilot: Pilot[None], stand: Stand) -> None:
    await reviewing_a_new_password(pilot, stand)
    stand.faults(delay=30.0, methods=frozenset({"PUT"}))
    await pilot.press("enter")
    status = pilot.app.screen.query_one(RequestStatus)
    await until(pilot, lambda: status.in_flight and "PUT" in status.text, "the update is on its way")


async def refused(pilot: Pilot[None], stand: Stand) -> None:
    await reviewing_a_new_password(pilot, stand)
    stand.faults(status=400, methods=frozenset({"PUT"}))
    await pilot.press("enter")
    status = pilot.app.screen.query_one(RequestStatus)
    await until(pilot, lambda: status.outcome is not None, "the server answered")


async def the_whole_answer(pilot: Pilot[None], stand: Stand) -> None:
    from screens.response import ResponseScreen

    await refused(pilot, stand)
    await pilot.press("f6")
    await until(pilot, lambda: isinstance(pilot.app.screen, ResponseScreen), "the whole outcome shows")


async def help_screen(pilot: Pilot[None], stand: Stand) -> None:
    await at_the_secrets(pilot, stand)
    await pilot.press("f1")
    await until(pilot, lambda: "help" in type(pilot.app.screen).__name__.lower(), "the help shows")


WALKS: dict[str, Walk] = {
    "the source's form": at_the_secrets,
    "the source as JSON": json_of_the_source,
    "the review of a new password": reviewing_a_new_password,
    "sending it": sending,
    "refused with 400": refused,
    "the whole answer (f6)": the_whole_answer,
    "help": help_screen,
}


def shown(app: RelplanApp) -> str:
    """The screen as a person sees it, as the snapshot tests keep it (SVG)."""
    return app.export_screenshot()


@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
async def test_no_screen_shows_a_credential_or_a_secret_of_the_plan(walk: Walk) -> None:
    stand = Stand()
    async with stand.editor.run_test(size=(80, 24)) as pilot:
        await walk(pilot, stand)
        await pilot.pause()
        assert [secret for secret in SECRETS if secret in shown(stand.editor)] == []


async def test_the_check_sees_a_secret_that_is_shown() -> None:
    stand = Stand()
    async with stand.editor.run_test(size=(80, 24)) as pilot:
        await at_the_secrets(pilot, stand)
        await pilot.press("ctrl+t")  # the person asks to see the secrets
        await until(pilot, lambda: PASSWORD in shown(stand.editor), "the password shows")
        assert HEADER_VALUE in shown(stand.editor)


async def test_drafts_and_the_screen_hold_no_credential() -> None:
    for index, auth in enumerate((TokenAuth(TOKEN), AkSkAuth(ACCESS_KEY, SECRET_KEY, "project"))):
        target = Target("https://servicestage.example", "project", auth, f"plan-{index}", "prod")
        app = RelplanApp(Document.load(sample_path("small.json")), target=target)
        async with editing(app, "desc", focus=("desc",)) as pilot:
            await pilot.press("end", "!")
            assert app.save_draft(now=True)
            assert TOKEN not in app.export_screenshot() and SECRET_KEY not in app.export_screenshot()
        drafts = list(drafts_dir().glob("*.json"))
        assert drafts
        for draft in drafts:
            text = draft.read_text(encoding="utf-8")
            assert "!" in text
            assert TOKEN not in text and SECRET_KEY not in text and ACCESS_KEY not in text


async def test_no_error_message_holds_a_credential() -> None:
    import httpx

    from tui.client import ServiceStageClient
    from tui.errors import ClientError

    def answers(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("refused"):
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(401, json={"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication"})

    for auth in (TokenAuth(TOKEN), AkSkAuth(ACCESS_KEY, SECRET_KEY, "project")):
        client = ServiceStageClient("https://x.example", "p", auth, transport=httpx.MockTransport(answers))
        async with client:
            for plan_id in ("plan", "refused"):
                try:
                    await client.get_plan(plan_id)
                except ClientError as exc:
                    said = f"{exc} {exc.args} {vars(exc)}"
                    assert TOKEN not in said and SECRET_KEY not in said
                else:
                    raise AssertionError("the call should have failed")

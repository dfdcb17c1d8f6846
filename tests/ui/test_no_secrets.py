"""No credential reaches a draft, a snapshot or the screen."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import find, ready
from tui.app import RelplanApp
from tui.auth import AkSkAuth, TokenAuth
from tui.document import Document
from tui.drafts import drafts_dir
from tui.samples import sample_path
from tui.target import Target

SNAPSHOTS = Path(__file__).parent.parent / "snapshots" / "__snapshots__"
TOKEN = "token-that-must-never-be-written"
ACCESS_KEY, SECRET_KEY = "AK-that-must-never-be-written", "SK-that-must-never-be-written"
USED_IN_TESTS = ("tok-integration", "SK-integration", "snapshot-token", TOKEN, SECRET_KEY)


def test_no_snapshot_shows_a_credential_or_a_plan_password() -> None:
    svgs = list(SNAPSHOTS.rglob("*.svg"))
    assert len(svgs) >= 10
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert not [secret for secret in (*USED_IN_TESTS, "sample-password-not-real") if secret in text], svg.name


async def test_drafts_and_the_screen_hold_no_credential() -> None:
    for index, auth in enumerate((TokenAuth(TOKEN), AkSkAuth(ACCESS_KEY, SECRET_KEY, "project"))):
        target = Target("https://servicestage.example", "project", auth, f"plan-{index}", "prod")
        app = RelplanApp(Document.load(sample_path("small.json")), target=target)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await find(pilot, "desc", focus=("desc",))
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

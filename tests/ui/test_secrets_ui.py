"""A plan's own secrets (passwords, header values) stay masked on the screen until asked for."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.helpers import PLANS
from tests.ui.conftest import find, focused_row, ready, until
from tui.app import RelplanApp
from tui.document import Document

SOURCE = ("components", 0, "source")
PASSWORD = "sample-password-not-real"


def screen_text(app: RelplanApp) -> str:
    return app.export_screenshot()


async def test_a_password_and_header_values_are_masked_until_revealed() -> None:
    app = RelplanApp(Document(Document.load(PLANS / "full-component.json").data))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await find(pilot, "http_password", focus=(*SOURCE, "http_password"))
        row = focused_row(app)
        assert row is not None
        assert isinstance(row.editor, Input)
        assert row.editor.password
        headers = app.screen.query_one("FieldEditor").rows()[(*SOURCE, "http_headers")]  # type: ignore[attr-defined]
        assert isinstance(headers.editor, TextArea)
        assert headers.editor.text == "X-Release: ••••••"
        assert headers.editor.read_only
        assert PASSWORD not in screen_text(app)
        assert "2026.11" not in screen_text(app)

        await pilot.press("ctrl+t")
        assert not row.editor.password
        assert headers.editor.text == "X-Release: 2026.11"
        assert not headers.editor.read_only
        await until(pilot, lambda: PASSWORD in screen_text(app), "the password shows")
        assert not app.session.document.dirty  # showing a secret is not an edit

        await pilot.press("ctrl+t")
        assert row.editor.password
        assert headers.editor.text == "X-Release: ••••••"
        assert not app.session.document.dirty


async def test_the_review_masks_secrets_in_what_changed() -> None:
    from screens.review import change_line
    from tui.diff import diff
    from tui.jsontree import copy_json

    document = Document.load(PLANS / "full-component.json")
    plan = copy_json(document.data)
    document.set((*SOURCE, "http_password"), "new-password-not-real")
    document.set((*SOURCE, "http_headers", "X-Release"), "2026.12")
    document.insert(("components", 1), document.get(("components", 0)))
    lines = [change_line(change) for change in diff(plan, document.data)]
    assert lines[:2] == [
        '~ components.0.source.http_password\n    was "••••••"\n    now "••••••"',
        '~ components.0.source.http_headers.X-Release\n    was "••••••"\n    now "••••••"',
    ]
    shown = "\n".join(lines)
    assert all(secret not in shown for secret in (PASSWORD, "new-password-not-real", "2026.11", "2026.12"))


async def test_the_json_editor_masks_secrets_and_a_mask_left_alone_keeps_them() -> None:
    from screens.json_node import JsonNodeScreen

    app = RelplanApp(Document(Document.load(PLANS / "full-component.json").data))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"components.0.source", "enter")
        await until(pilot, lambda: app.screen.query_one("FieldEditor").path == SOURCE, "the source's form")  # type: ignore[attr-defined]
        await pilot.press("escape", "e")
        await until(pilot, lambda: isinstance(app.screen, JsonNodeScreen), "the JSON editor opened")
        area = app.screen.query_one(TextArea)
        assert PASSWORD not in area.text and "2026.11" not in area.text
        assert '"http_password": "••••••"' in area.text
        area.text = area.text.replace('"http_command": "curl', '"http_command": "wget')
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, JsonNodeScreen), "the JSON was applied")
        assert app.session.document.get((*SOURCE, "http_password")) == PASSWORD
        assert app.session.document.get((*SOURCE, "http_headers")) == {"X-Release": "2026.11"}
        assert str(app.session.document.get((*SOURCE, "http_command"))).startswith("wget")

"""The editor's merge keys on a plan from a file: nothing to rebase on, no conflict to resolve, and the keys in the
help and the command palette."""

from __future__ import annotations

from screens.editor_merge import NO_SERVER_PLAN
from screens.help import key_lines, palette_commands
from tests.ui.conftest import editing, said
from tui.app import RelplanApp


async def test_rebase_on_a_plan_from_a_file_says_there_is_no_server_plan(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        before = app.session.document.data
        await pilot.press("ctrl+g", "M")
        await pilot.pause()
        assert NO_SERVER_PLAN in said(app)
        assert any(text.startswith("No conflict to resolve") for text in said(app))
        assert app.session.document.data == before and not app.session.document.dirty
        lines = {binding_id: keys for keys, _, binding_id in key_lines(app.screen)}
        assert (lines["editor.rebase"], lines["editor.keep_mine"], lines["editor.take_theirs"]) == ("^g", "M", "T")
        assert "Rebase on the server's plan" in {command.title for command in palette_commands(app.screen)}

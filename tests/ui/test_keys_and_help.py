"""Help, the command palette's actions, and keys rebound from the config's [keymap]."""

from __future__ import annotations

from pathlib import Path

from screens.help import HelpScreen
from tests.ui.conftest import editing, until
from tui.app import RelplanApp
from tui.document import Document


def component_count(app: RelplanApp) -> int:
    components = app.session.document.get(("components",))
    assert isinstance(components, list)
    return len(components)


async def test_f1_lists_every_key_of_the_screen_with_its_id(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        lines = {binding_id: (keys, what) for keys, what, binding_id in app.screen.lines}
        assert lines["editor.add"] == ("a", "Add")
        assert lines["editor.move_up"] == ("K", "Move up")  # not in the key bar, but here
        assert lines["app.quit"][1] == "Quit"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_the_command_palette_offers_the_screen_s_actions(app: RelplanApp) -> None:
    async with editing(app):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add", "Delete", "Duplicate", "Move up", "JSON", "Find", "Save", "Undo", "Review"} <= titles


async def test_a_key_rebound_in_the_keymap_works_and_the_old_one_does_not(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file), keymap={"editor.add": "insert"})
    async with editing(app) as pilot:
        await pilot.press("down", "l", "down")  # the first component
        before = component_count(app)
        await pilot.press("a")
        assert component_count(app) == before
        await pilot.press("insert")
        await until(pilot, lambda: component_count(app) == before + 1, "insert added a component")

"""Keys typed ahead of the focus (a burst over a slow link) land where the person meant them."""

from __future__ import annotations

from textual import events

from tests.ui.conftest import editing, until
from tui.app import RelplanApp


async def test_keys_typed_right_after_enter_in_the_finder_land_in_the_found_field(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        before = str(app.session.document.get(("desc",)))
        components = app.session.document.get(("components",))
        assert isinstance(components, list)
        count = len(components)
        await pilot.press("slash", *"desc")
        burst = [("enter", "\r"), ("end", None), ("a", "a"), ("d", "d"), ("d", "d")]
        for key, character in burst:  # all at once: the field has not taken the focus when they arrive
            app.post_message(events.Key(key, character))
        await until(
            pilot, lambda: str(app.session.document.get(("desc",))) == before + "add", "the keys landed in desc"
        )
        assert len(app.session.document.get(("components",))) == count  # type: ignore[arg-type]  # "a" added nothing


async def test_keys_typed_while_the_form_is_being_built_land_in_its_field() -> None:
    from screens.editor import PlanEditorScreen
    from tui.document import Document
    from tui.samples import sample_path

    app = RelplanApp(Document.load(sample_path("mistakes.json")))
    version = ("components", 0, "version")
    async with editing(app) as pilot:
        assert app.session.issues[0].path == version
        before = str(app.session.document.get(version))
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        editor.action_next_issue()  # the jump has begun: its form is not on the screen yet
        for key, character in [("end", None), ("full_stop", "."), ("9", "9")]:
            app.post_message(events.Key(key, character))
        await until(
            pilot, lambda: str(app.session.document.get(version)) == before + ".9", "the keys landed in version"
        )

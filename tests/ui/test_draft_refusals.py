"""A drafts folder that refuses is said on the screen, and the editor goes on: the UI catches relplan's errors."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import editing, find, until
from tui.app import RelplanApp
from tui.document import Document
from tui.drafts import draft_key, drafts_dir


async def test_a_draft_lock_that_cannot_be_taken_is_said_and_editing_goes_on(plan_file: Path) -> None:
    drafts_dir().mkdir(parents=True)
    (drafts_dir() / f"{draft_key(path=plan_file)}.lock").mkdir()  # refused even to root, unlike a folder's mode
    app = RelplanApp(Document.load(plan_file))
    async with editing(app) as pilot:

        def said() -> bool:
            shown = [str(note.message) for note in app._notifications]
            return any(message.startswith("Drafts cannot be kept: cannot lock") for message in shown)

        await until(pilot, said, "the editor said drafts cannot be kept")
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!")
        await until(pilot, lambda: str(app.session.document.get(("desc",))).endswith("!"), "the edit was made")

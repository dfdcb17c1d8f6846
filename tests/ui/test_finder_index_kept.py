"""The finder keeps what it walked of the plan for the next finder while the plan is unchanged, and walks it again
after an edit, so that a value set since is found."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

import tui.finding
from screens.editor import PlanEditorScreen
from screens.finder import FinderScreen
from tests.ui.conftest import ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan


async def _find(pilot: Pilot[None], query: str) -> list[str]:
    """Open the finder, type ``query``, and read the matches once they answer it; then close it."""
    app = pilot.app
    await pilot.press("slash", *query)
    await until(pilot, lambda: isinstance(app.screen, FinderScreen) and app.screen.answered == query, "answered")
    options = app.screen.query_one(OptionList)
    shown = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the finder closed")
    return shown


async def test_a_walk_of_the_plan_is_done_once_until_an_edit_and_a_value_set_since_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walks: list[int] = []
    walk = tui.finding.walk_plan

    def counted(plan):  # type: ignore[no-untyped-def]
        walks.append(1)
        return walk(plan)

    monkeypatch.setattr(tui.finding, "walk_plan", counted)
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert await _find(pilot, "zzq") == [] and len(walks) == 1  # no name or field: the plan walked
        assert await _find(pilot, "zzq") == [] and len(walks) == 1  # the same plan: walked once
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        editor.show_bulk(app.session.set_field([3], "description", "zzq-1"))
        assert await _find(pilot, "zzq") == ['cart-003 › description = "zzq-1"  #3'] and len(walks) == 2

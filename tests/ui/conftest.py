"""Open the editor on a copy of a sample plan, as `relplan edit FILE` does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from screens.draft import DraftScreen
from screens.editor import PlanEditorScreen
from tui.app import RelplanApp
from tui.document import Document
from widgets.field_editor import FieldEditor, FieldRow


@pytest.fixture(autouse=True)
def notices_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice stays up for ten minutes unless it says otherwise, not Textual's five seconds: a test reads the
    notices on the screen (:func:`said`, :func:`told`), and on a loaded machine more than five seconds can pass
    between a notice and the test's next look, which would then wait for a notice already gone."""
    monkeypatch.setattr(RelplanApp, "NOTIFICATION_TIMEOUT", 600.0)


@pytest.fixture
def app(plan_file: Path) -> RelplanApp:
    return RelplanApp(Document.load(plan_file))


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait until ``condition()`` holds, as a person waits for the screen to show something."""
    waited = 0.0
    while not condition():
        assert waited < timeout, f"never happened: {what}"
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


async def ready(pilot: Pilot[None]) -> None:
    """Wait until the editor has loaded the API reference and checked the plan, as a person waits for the form."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    await until(pilot, lambda: app.ready, "the editor became ready")


@asynccontextmanager
async def editing(
    app: RelplanApp, query: str | None = None, *, focus: tuple[str | int, ...] | None = None
) -> AsyncIterator[Pilot[None]]:
    """Run ``app`` in an 80x24 terminal until its form is ready and, given a ``query``, :func:`find` has found it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        if query is not None:
            await find(pilot, query, focus=focus)
        yield pilot


async def offered(pilot: Pilot[None]) -> DraftScreen:
    """Wait until the app offers the draft it found when it opened the plan, and return the screen that offers it."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, DraftScreen), "the draft is offered")
    assert isinstance(app.screen, DraftScreen)
    return app.screen


async def find(pilot: Pilot[None], query: str, *, focus: tuple[str | int, ...] | None = None) -> None:
    """Find a field with ``/`` and wait, as a person does, until the form shows it with the focus in ``focus``."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    await pilot.press("slash", *query, "enter")
    if focus is not None:
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == focus, f"focus in {focus}")


def said(app: App[None]) -> list[str]:
    """Every notice on the screen now, as text."""
    return [str(note.message) for note in app._notifications]


async def told(pilot: Pilot[None], saying: Callable[[str], bool], what: str = "the notice") -> None:
    """Wait until a notice on the screen is one ``saying`` holds for (a notice comes after the change it tells of)."""
    await until(pilot, lambda: any(saying(text) for text in said(pilot.app)), f"{what} shown")


def settled(app: App[None]) -> bool:
    """Whether the editor shows everything it holds back for a pause (always true on other screens)."""
    editors = [screen for screen in app.screen_stack if isinstance(screen, PlanEditorScreen)]
    return all(editor.settled for editor in editors)


def focused_row(app: RelplanApp) -> FieldRow | None:
    """The form row whose input has the focus."""
    for row in app.screen.query_one(FieldEditor).rows().values():
        if row.editor.has_focus:
            return row
    return None


async def tab_to(pilot: Pilot[None], path: tuple[str | int, ...], limit: int = 40) -> FieldRow:
    """Press tab until the focus is in the field at ``path``."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    for _ in range(limit):
        row = focused_row(app)
        if row is not None and row.path == path:
            return row
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {path}")


def no_blinking(app: RelplanApp) -> None:
    """Stop cursors blinking, so that screenshots are the same from one run to the next."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False

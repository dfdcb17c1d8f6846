"""The editor starts with one layout and one frame of the tree; the form and the issues come in the next layout.

Textual pushes a screen by awaiting its mount and then laying the whole screen out again, and restyles every widget of
a screen as it resumes; the tree took its width at the first resize, after the first frame: each laid out and drew
the whole editor a second time before its form. The editor is the app's first screen instead, its first resume keeps
the styles its widgets mounted with, the tree fits the terminal as it mounts, and the form is built as soon as the
first frame is drawn, so that the layout the first one asks for again (each widget's new size) is the form's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import RenderableType
from textual import events
from textual.screen import Screen

from screens.editor import PlanEditorScreen
from tests.ui.conftest import ready, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.field_editor import FieldEditor
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus


def watch(app: RelplanApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happens to the editor, in order: ``layout``, ``frame`` (of the editor, with what ``#right`` shows),
    ``styles`` (every style of the screen applied again) and ``form`` (the form is started)."""
    happened: list[str] = []
    layout, styles, starts = (
        PlanEditorScreen._refresh_layout,
        PlanEditorScreen.update_node_styles,
        PlanEditorScreen.form_starts,
    )
    display = app._display

    def laid_out(screen: PlanEditorScreen, *args: object, **kwargs: object) -> None:
        happened.append("layout")
        layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    def drawn(screen: Screen[object], update: RenderableType | None) -> None:
        if isinstance(screen, PlanEditorScreen) and update is not None:
            right = screen.query_one("#right")
            happened.append("frame" + (" with the form" if right.display else ""))
        display(screen, update)

    def restyled(screen: PlanEditorScreen, animate: bool = True) -> None:
        happened.append("styles")
        styles(screen, animate)

    def form(screen: PlanEditorScreen) -> None:
        happened.append("form")
        starts(screen)

    monkeypatch.setattr(PlanEditorScreen, "_refresh_layout", laid_out)
    monkeypatch.setattr(PlanEditorScreen, "update_node_styles", restyled)
    monkeypatch.setattr(PlanEditorScreen, "form_starts", form)
    app._display = drawn  # type: ignore[method-assign]
    return happened


async def test_the_tree_is_laid_out_and_drawn_once_before_the_form_starts(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RelplanApp(Document.load(plan_file))
    happened = watch(app, monkeypatch)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # with toasts, as a terminal has them
        await ready(pilot)
    assert happened[: happened.index("form")] == ["layout", "frame"]


async def test_the_tree_has_its_width_in_its_first_layout(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fitted at the screen's first resize, which comes after the first frame in a terminal, the first frame drew it
    # as wide as its style says (two fifths), and the next at its width.
    app = RelplanApp(Document.load(plan_file))
    widths: list[str] = []
    layout = PlanEditorScreen._refresh_layout

    def laid_out(screen: PlanEditorScreen, *args: object, **kwargs: object) -> None:
        widths.append(str(screen.query_one(PlanTree).styles.width))
        layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PlanEditorScreen, "_refresh_layout", laid_out)
    async with app.run_test(size=(56, 24)) as pilot:
        await ready(pilot)
    assert widths[0] == "20"  # leaving the form its 36 columns


async def test_the_form_and_the_issues_come_after_the_tree_s_first_frame(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RelplanApp(Document.load(plan_file))
    happened = watch(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        form, panel = editor.query_one(FieldEditor), editor.query_one(IssuesPanel)
        await until(pilot, lambda: form.drawn, "the form is drawn")
        assert form.region and panel.region
    frames = [event for event in happened if event.startswith("frame")]
    assert frames[0] == "frame"  # the tree alone
    assert frames[-1] == "frame with the form"


async def test_only_the_first_resume_keeps_the_styles_the_editor_mounted_with(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RelplanApp(Document.load(plan_file))
    happened = watch(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "styles" not in happened
        app.screen.post_message(events.ScreenResume())  # as Textual resumes a screen switched back to
        await until(pilot, lambda: "styles" in happened, "the editor's styles are applied again as it resumes")


async def test_the_first_editor_can_be_switched_for_another_which_shows_its_form_and_issues(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.switch_screen(PlanEditorScreen(app.session))  # as ctrl+o switches it for the picker, and back
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the new editor is shown")
        editor = app.screen
        form = editor.query_one(FieldEditor)
        await until(pilot, lambda: form.drawn, "its form is drawn")
        assert editor.query_one("#right").display
        assert editor.query_one(IssuesPanel).region


async def test_the_status_line_comes_with_the_form_between_the_body_and_the_key_bar(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RelplanApp(Document.load(plan_file))
    at_first_frame: list[bool] = []
    display = app._display

    def drawn(screen: Screen[object], update: RenderableType | None) -> None:
        if isinstance(screen, PlanEditorScreen) and update is not None and not at_first_frame:
            at_first_frame.append(bool(screen.query(RequestStatus)))
        display(screen, update)

    app._display = drawn  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        order = [type(widget).__name__ for widget in editor.children if widget.id != "textual-tooltip"]
        await pilot.press("t")  # the table goes above the status line
        await until(pilot, lambda: bool(editor.query("#table")), "the table is shown")
        with_table = [widget.id or type(widget).__name__ for widget in editor.children]
    assert at_first_frame == [False]
    assert order[-3:] == ["Horizontal", "RequestStatus", "KeyBar"]
    assert with_table.index("table") < with_table.index("request-status")

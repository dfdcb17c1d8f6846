"""The plan picker against the real stand-in: the list, the filter, opening a plan, and coming back."""

from __future__ import annotations

import shutil
from pathlib import Path

from screens.editor import PlanEditorScreen
from screens.picker import PlanPickerScreen
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.samples import sample_path
from tui.standin.store import SMALL_ID
from tui.target import Target


def picker_app(standin: Standin) -> RelplanApp:
    """The app as `relplan edit` (no file, no id) starts it: on the picker of the active profile."""
    return RelplanApp(target=Target(standin.url, PROJECT, TokenAuth(TOKEN), "", timeout=5.0))


async def test_the_picker_lists_filters_and_opens_a_plan(standin: Standin) -> None:
    app = picker_app(standin)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: len(picker.plans) >= 3, "the plans are listed")
        everything = len(picker.shown)
        await pilot.press(*"2026-11")
        assert [plan.id for plan in picker.shown] == [SMALL_ID]
        assert everything > 1
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
        await ready(pilot)
        assert app.session.document.get(("name",)) == "storefront-2026-11"
        assert app.session.target is not None
        assert app.session.target.plan_id == SMALL_ID
        assert app.session.issues == []


async def test_going_back_to_the_picker_and_reopening_keeps_the_edits(standin: Standin) -> None:
    app = picker_app(standin)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: bool(picker.plans), "the plans are listed")
        await pilot.press(*"2026-11", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
        await ready(pilot)
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!")
        await pilot.press("ctrl+o")
        again = app.screen
        assert isinstance(again, PlanPickerScreen)
        await until(pilot, lambda: bool(again.plans), "the plans are listed again")
        await pilot.press(*"2026-11", "enter")  # the plan that is open: back to it as it was
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "back in the editor")
        assert str(app.session.document.get(("desc",))).endswith("!")
        assert app.session.document.dirty


async def test_a_server_that_cannot_list_says_so_and_can_be_asked_again(standin: Standin) -> None:
    standin.set_faults(status=503, methods={"GET"})
    app = picker_app(standin)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            picker = app.screen
            assert isinstance(picker, PlanPickerScreen)
            state = picker.query_one("#picker-state")
            await until(pilot, lambda: state.has_class("-failed"), "the failure is shown")
            assert "503" in str(state.render())
            standin.clear_faults()
            await pilot.press("ctrl+l")
            await until(pilot, lambda: bool(picker.plans), "the plans are listed after a retry")
    finally:
        standin.clear_faults()


async def test_a_file_or_an_id_typed_in_the_picker_opens(standin: Standin, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    shutil.copy(sample_path("mistakes.json"), plan_file)
    app = picker_app(standin)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: bool(picker.plans), "the plans are listed")
        await pilot.press(*str(plan_file), "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the file opened")
        assert app.session.document.source == plan_file
        assert app.session.target is None
    app = picker_app(standin)
    hidden = standin.store.add({"name": "unlisted-by-filter", "components": []})
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: bool(picker.plans), "the plans are listed")
        await pilot.press(*f"{hidden}-typo", "enter")
        state = picker.query_one("#picker-state")
        await until(pilot, lambda: state.has_class("-failed"), "an unknown id is said to be unknown")
        assert "404" in str(state.render())

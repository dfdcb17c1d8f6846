"""Keys typed in a burst with the key that opens a modal screen (``/``) reach its input, every one, in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from screens.connect import ConnectScreen
from screens.editor import PlanEditorScreen
from screens.finder import FinderScreen
from screens.picker import PlanPickerScreen
from screens.save_as import SaveAsScreen
from tests.ui.conftest import find, focused_row, ready, settled, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.samples import sample_plan
from tui.settings import load_settings
from tui.standin import Credentials, PlanStore, create_app
from tui.target import Target

_CHARACTERS = {"slash": "/", "full_stop": ".", "minus": "-"}


def burst(app: RelplanApp, *keys: str) -> None:
    """Keys arriving together, as from a terminal whose app was busy: each posted before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else _CHARACTERS.get(key)
        app.post_message(events.Key(key, character))


async def reads(pilot: Pilot[None], wanted: str, read: Callable[[RelplanApp], str | None] | None = None) -> None:
    """Wait until an input (the finder's query, unless ``read`` says which) reads ``wanted``; fail, saying what it
    reads, if it never does."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    read = read or query
    try:
        await until(pilot, lambda: read(app) == wanted, f"the input reads {wanted!r}", timeout=5)
    except AssertionError:
        assert read(app) == wanted
        raise


def query(app: RelplanApp) -> str | None:
    """What the finder's query box holds, None while the finder is not open."""
    if not isinstance(app.screen, FinderScreen):
        return None
    return app.screen.query_one(Input).value


@pytest.mark.parametrize("keys", [["d", "e", "s", "c"], [*"components", "full_stop", "5", "full_stop", *"replica"]])
async def test_keys_typed_with_the_slash_reach_the_finders_query(keys: list[str]) -> None:
    app = RelplanApp(Document(sample_plan(64)))
    wanted = "".join(_CHARACTERS.get(key, key) for key in keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        burst(app, "slash", *keys)
        await reads(pilot, wanted)


async def test_editing_keys_typed_with_the_slash_land_in_order() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        burst(app, "slash", "a", "b", "c", "backspace", "d", "home", "x")
        await reads(pilot, "xabd")


async def test_editing_keys_typed_in_the_open_finder_land_in_order() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await reads(pilot, "")
        await pilot.pause()
        burst(app, "a", "b", "c", "backspace", "d")
        await reads(pilot, "abd")
        burst(app, "ctrl+u", "x", "y")
        await reads(pilot, "xy")


async def test_a_path_typed_with_the_slash_enter_and_a_value_all_at_once_sets_the_field() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    replica = ("components", 5, "replica")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        components = app.session.document.get(("components",))
        assert isinstance(components, list)
        count = len(components)
        burst(app, "slash", *"components", "full_stop", "5", "full_stop", *"replica", "enter", "ctrl+u", "7")
        await until(pilot, lambda: settled(app) and app.session.document.get(replica) == 7, "replica 7", timeout=5)
        assert len(app.session.document.get(("components",))) == count  # type: ignore[arg-type]  # "c" copied none


def value_in(screen: type[Screen[Any]], selector: str) -> Callable[[RelplanApp], str | None]:
    """What the input ``selector`` of ``screen`` holds, None while another screen is in front."""
    return lambda app: app.screen.query_one(selector, Input).value if isinstance(app.screen, screen) else None


def _server_plan() -> tuple[RelplanApp, Target]:
    store = PlanStore.with_samples()
    api = create_app(store, Credentials(token="t"))
    target = Target("https://servicestage.example", "demo", TokenAuth("t"), "", transport=httpx.ASGITransport(app=api))
    return RelplanApp(target=target), target


async def test_keys_typed_with_ctrl_s_reach_the_save_as_path_in_order() -> None:
    app, _ = _server_plan()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(getattr(app.screen, "plans", ())) >= 3, "the plans are listed")
        await pilot.press(*"2026-11", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
        await ready(pilot)
        burst(app, "ctrl+s", "ctrl+u", "p", "x", "backspace", "l", "a", "n", "full_stop", "t", "o", "m", "l")
        await reads(pilot, "plan.toml", value_in(SaveAsScreen, "#save-path"))


async def test_keys_typed_with_ctrl_o_reach_the_pickers_filter_in_order() -> None:
    app, _ = _server_plan()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(getattr(app.screen, "plans", ())) >= 3, "the plans are listed")
        await pilot.press(*"2026-11", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the plan opened")
        await ready(pilot)
        burst(app, "ctrl+o", "2", "0", "x", "backspace", "2", "6")
        await reads(pilot, "2026", value_in(PlanPickerScreen, "#picker-filter"))


async def test_keys_typed_as_the_connect_screen_opens_fill_its_fields_in_order(tmp_path: Path) -> None:
    app = RelplanApp(settings=load_settings(tmp_path / "config.toml"))  # no profiles yet: the new one's name first
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "p", "r", "x", "backspace", "o", "d", "tab", "a", "p", "minus", "tab", "x", "y", "z", "home", "1")
        await reads(pilot, "prod", value_in(ConnectScreen, "#connect-name"))
        await reads(pilot, "ap-", value_in(ConnectScreen, "#connect-where"))
        await reads(pilot, "1xyz", value_in(ConnectScreen, "#connect-project"))


async def test_keys_typed_behind_a_tab_in_the_form_leave_the_field_it_left() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    replica = ("components", 5, "replica")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.5.replica", focus=replica)
        before = app.session.document.get(replica)
        burst(app, "tab", "ctrl+u", "7")
        await until(pilot, lambda: focused_row(app) is None or focused_row(app).path != replica, "the focus left")  # type: ignore[union-attr]
        await pilot.pause(0.2)
        await until(pilot, lambda: settled(app), "the editor settled")
        assert app.session.document.get(replica) == before

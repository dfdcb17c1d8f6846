"""Keys typed in a burst (as they arrive when the app was busy a moment, after a jump) land in order, every one.

Textual runs a focused input's own bindings (``backspace``, ``ctrl+u``, ``home``) only once the key has bubbled up
to the App, so a character typed just after such a key could overtake it: ``backspace 7`` in a replica of 2 left
``2`` (the ``7`` typed, then deleted), ``ctrl+u 7`` left ``27``.
"""

from __future__ import annotations

import pytest
from textual import events

from tests.ui.conftest import find, focused_row, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from tui.types import JSON
from widgets.plan_tree import PlanTree

REPLICA = ("components", 5, "replica")
SEQ = ("components", 5, "seq")

_CHARACTERS = {"full_stop": "."}


def burst(app: RelplanApp, *keys: str) -> None:
    """Keys arriving together, as from a terminal whose app was busy: each posted before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else _CHARACTERS.get(key)
        app.post_message(events.Key(key, character))


def _plan() -> dict[str, JSON]:
    plan = sample_plan(64)
    components = plan["components"]
    assert isinstance(components, list) and isinstance(components[5], dict)
    components[5]["replica"] = -2  # the first problem, for n
    return plan


@pytest.mark.parametrize("pause", [0.0, 0.1, 0.5, 1.0])
async def test_editing_keys_and_characters_land_in_order_after_a_jump_with_the_finder(pause: float) -> None:
    app = RelplanApp(Document(_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.5.replica", focus=REPLICA)
        await pilot.pause(pause)
        burst(app, "backspace", "backspace", "7")
        await until(pilot, lambda: settled(app) and app.session.document.get(REPLICA) == 7, "replica 7")
        burst(app, "ctrl+u", "1", "2", "left", "backspace", "3")
        await until(pilot, lambda: settled(app) and app.session.document.get(REPLICA) == 32, "replica 32")


async def test_keys_typed_with_the_finders_enter_land_in_order() -> None:
    app = RelplanApp(Document(_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"components.5.replica")
        burst(app, "enter", "backspace", "backspace", "7")
        await until(pilot, lambda: settled(app) and app.session.document.get(REPLICA) == 7, "replica 7")


@pytest.mark.parametrize("pause", [0.0, 0.5])
async def test_keys_land_in_order_after_enter_on_a_tree_node(pause: float) -> None:
    app = RelplanApp(Document(_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(PlanTree)
        await pilot.press(*["down"] * 7)
        await until(pilot, lambda: tree.cursor_path == ("components", 5), "the cursor on the sixth component")
        await pilot.press("enter")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == SEQ, "the focus in seq")
        await pilot.pause(pause)
        before = app.session.document.get(SEQ)
        assert before == 2
        burst(app, "backspace", "3", "home", "1")
        await until(pilot, lambda: settled(app) and app.session.document.get(SEQ) == 13, "seq 13")


@pytest.mark.parametrize("pause", [0.0, 0.5])
async def test_keys_land_in_order_after_n(pause: float) -> None:
    app = RelplanApp(Document(_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.session.issues[0].path == REPLICA
        await pilot.press("n")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path == REPLICA, "the focus there")
        await pilot.pause(pause)
        burst(app, "backspace", "backspace", "7")
        await until(pilot, lambda: settled(app) and app.session.document.get(REPLICA) == 7, "replica 7")

"""The finder as a person uses it: ``/``, a path, a name or a value typed, the matches listed as they type, each
naming its component, ``enter`` to go, ``ctrl+r`` to replace a value everywhere."""

from __future__ import annotations

import threading

from textual.pilot import Pilot
from textual.widgets import OptionList

from screens.finder import FinderScreen
from tests.helpers import PLANS
from tests.ui.conftest import focused_row, ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.finding import Hit
from widgets.plan_tree import PlanTree


def shown(app: RelplanApp) -> list[str]:
    """The matches the finder lists, as they read."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


async def typed(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query)
    await until(pilot, lambda: isinstance(pilot.app.screen, FinderScreen), "the finder opened")
    await pilot.pause()


async def test_a_path_typed_in_part_lists_its_field_and_enter_goes_there(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await typed(pilot, "components.1.rep")
        assert shown(app) == ["web-frontend › replica  #1"]  # its component by name, the index dim after it
        await pilot.press("enter")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path[:2] == ("components", 1), "go")
        row = focused_row(app)
        assert row is not None and row.path == ("components", 1, "replica")
        await pilot.press("end", "0")
        assert app.session.document.get(("components", 1, "replica")) == 20
        await pilot.press("escape")  # to the tree, on the field's node
        tree = app.screen.query_one(PlanTree)
        await until(pilot, lambda: tree.has_focus, "the tree focused")
        where = tree.cursor_path
        await typed(pilot, "order")  # a finder closed with escape goes nowhere: the focus is where it was
        assert shown(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, FinderScreen), "the finder closed")
        assert tree.has_focus and tree.cursor_path == where


async def test_a_field_a_component_lacks_is_offered_from_the_reference(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not app.session.document.has(("components", 0, "workload_name"))
        await typed(pilot, "components.0.workl")
        kind, name, content = (f"order-api › workload_{end}  #0" for end in ("kind", "name", "content"))
        assert shown(app) == [kind, name, content]  # the plan's keys in its order, then the fields it lacks


async def test_a_key_the_reference_does_not_list_is_found_and_enter_waits_for_it() -> None:
    app = RelplanApp(Document.load(PLANS / "full-component.json"))
    header = ("components", 0, "source", "http_headers", "X-Release")
    assert app.session.document.has(header)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, FinderScreen), "the finder opened")
        finder = app.screen
        assert isinstance(finder, FinderScreen)
        chosen: list[object] = []
        finder.dismiss = chosen.append  # type: ignore[method-assign,assignment]  # where the finder goes
        walked = threading.Event()
        search = finder.index.search

        def slow_search(query: str, *, limit: int = 20) -> list[Hit]:
            walked.wait(10)  # the walk of the plan for keys the reference does not list takes its time
            return search(query, limit=limit)

        finder.index.search = slow_search  # type: ignore[method-assign]
        await pilot.press(*"x-release", "enter")
        await pilot.pause(0.1)
        assert chosen == []  # enter came before the answer: it waits for it
        walked.set()
        await until(pilot, lambda: bool(chosen), "the finder chose")
        assert chosen == [header]


async def test_after_a_component_is_deleted_the_finder_does_not_offer_it(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await typed(pilot, "components.1")
        assert shown(app)[0] == "web-frontend  #1"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, FinderScreen), "the finder closed")
        await pilot.pause()
        await pilot.press("escape", "d", "y")  # from the form back to the tree, then delete the component
        await until(pilot, lambda: len(app.session.document.get(("components",))) == 1, "the component went")  # type: ignore[arg-type]
        await typed(pilot, "components.1")
        assert shown(app) == []
        await pilot.press("backspace")
        assert shown(app) == ["order-api  #0"]

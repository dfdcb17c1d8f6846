"""The finder by a component's name and by value, as a person uses it: the matches name their components, a value is
replaced everywhere after its count is shown and a yes, one ``ctrl+z`` undoes it, and a secret is never listed."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from screens.confirm import ConfirmScreen
from screens.finder import FinderScreen
from screens.replace_value import ReplaceValueScreen
from tests.ui.conftest import ready, said, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path
from widgets.plan_tree import PlanTree

VERSION = ("components", 0, "version")
OTHER_VERSION = ("components", 1, "version")


def small() -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(sample_path("small.json").read_text())
    return plan


def shown(app: RelplanApp) -> list[str]:
    """The matches the finder lists, as they read."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


async def finding(pilot: Pilot[None], query: str, first: str) -> None:
    """Open the finder, type ``query`` and wait until the first match starts with ``first``."""
    app = pilot.app
    assert isinstance(app, RelplanApp)
    await pilot.press("slash", *query)
    await until(pilot, lambda: isinstance(app.screen, FinderScreen), "the finder opened")
    await until(pilot, lambda: shown(app)[:1] != [] and shown(app)[0].startswith(first), f"{first} found")


async def test_a_component_is_found_by_its_name_and_enter_goes_to_it() -> None:
    app = RelplanApp(Document(small()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "web-front", "web-frontend")
        assert shown(app)[0] == "web-frontend  #1"  # the component itself: no bare path, its index dim after it
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, FinderScreen), "the finder closed")
        await until(pilot, lambda: app.screen.query_one(PlanTree).cursor_path == ("components", 1), "at the component")


async def test_a_value_lists_the_places_holding_it_by_component() -> None:
    app = RelplanApp(Document(small()))
    environment = small()["components"][0]["environment_id"]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, environment, "order-api")
        lines = shown(app)
        assert f'order-api › environment_id = "{environment}"  #0' in lines
        assert f'web-frontend › environment_id = "{environment}"  #1' in lines
        assert not any(line.startswith("components.") for line in lines)  # never a bare index path


async def test_a_value_is_replaced_everywhere_after_its_count_and_a_yes_and_undone_in_one_step() -> None:
    plan = small()
    plan["components"][1]["version"] = "3.4.1"  # order-api's version too, and in its image's url (not whole)
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "3.4.1", 'order-api › version = "3.4.1"')
        finder = app.screen
        assert isinstance(finder, FinderScreen)
        assert "Replace value" in str(finder.query_one("KeyBar").render())  # the key is in the finder's key line
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReplaceValueScreen), "the replace prompt")
        count = str(app.screen.query_one("#replace-count", Static).render())
        assert count.startswith('2 places hold "3.4.1", in 2 components')  # the count first
        await pilot.press(*"one", "enter")  # a version the field refuses: said, nothing asked or changed
        refused = str(app.screen.query_one("#replace-refused", Static).render())
        assert "version" in refused and "nothing changed" in refused
        assert isinstance(app.screen, ReplaceValueScreen)
        await pilot.press("ctrl+u", *"3.5.0", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked to confirm")
        assert "in 2 places" in app.screen.question
        assert app.session.document.get(VERSION) == "3.4.1"  # nothing yet
        await pilot.press("y")
        await until(pilot, lambda: app.session.document.get(VERSION) == "3.5.0", "replaced")
        assert app.session.document.get(OTHER_VERSION) == "3.5.0"
        assert app.session.document.get(("components", 0, "source", "url")).endswith(":3.4.1")  # type: ignore[union-attr]
        await until(pilot, lambda: not isinstance(app.screen, FinderScreen | ReplaceValueScreen | ConfirmScreen), "")
        assert any("Replaced" in note for note in said(app))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: app.session.document.get(VERSION) == "3.4.1", "undone")
        assert app.session.document.get(OTHER_VERSION) == "3.4.1"  # one step undid both


async def test_escape_in_the_prompt_or_no_to_the_count_replaces_nothing() -> None:
    app = RelplanApp(Document(small()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "3.4.1", 'order-api › version = "3.4.1"')
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReplaceValueScreen), "the replace prompt")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, FinderScreen), "back in the finder")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReplaceValueScreen), "the replace prompt again")
        await pilot.press(*"3.4.2", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked to confirm")
        await pilot.press("n")
        await pilot.pause()
        assert app.session.document.get(VERSION) == "3.4.1"
        assert not app.session.document.dirty


async def test_a_secret_is_never_listed_by_its_value() -> None:
    plan = small()
    source = plan["components"][0]["source"]
    source["http_password"] = "s3cret-pass-word"
    source["http_headers"] = {"X-Token": "tok-s3cret-42"}
    plan["components"][1]["description"] = "see s3cret notes"  # a value that is not a secret, found as usual
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "s3cret", "web-frontend › description")
        lines = shown(app)
        assert lines == ['web-frontend › description = "see s3cret notes"  #1']
        assert "s3cret-pass" not in app.export_screenshot() and "tok-s3cret" not in app.export_screenshot()
        await pilot.press("ctrl+u", *"tok-s3cret-42")
        await pilot.pause(0.2)
        assert all("tok-s3cret" not in line for line in shown(app))


async def test_hostile_names_and_values_are_shown_literally_in_the_matches() -> None:
    plan = small()
    plan["components"][0]["name"] = "[bold red]api[/]\x1b[2J"
    plan["components"][0]["description"] = "\x1b]0;owned\x07[@click=app.quit]x[/] zz-probe"
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "zz-probe", "[bold red]")
        [line] = shown(app)
        assert line.startswith("[bold red]api[/]\\x1b[2J › description = ")
        assert '= "\\u001b]0;owned\\u0007[@click' in line  # the value as JSON writes it, cut short
        assert "\x1b" not in line and "\x07" not in line
        assert "\x1b" not in app.export_screenshot()
        assert app.is_running


async def test_the_command_palette_replaces_the_value_under_the_cursor() -> None:
    app = RelplanApp(Document(small()))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "components.0.version", "order-api › version")
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, FinderScreen), "the finder closed")
        await pilot.pause(0.2)
        await pilot.press("ctrl+p", *"replace value everywhere")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReplaceValueScreen), "the replace prompt")
        assert str(app.screen.query_one("#replace-count", Static).render()).startswith('1 place holds "3.4.1"')
        await pilot.press(*"3.4.2", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked to confirm")
        await pilot.press("y")
        await until(pilot, lambda: app.session.document.get(VERSION) == "3.4.2", "replaced")


async def test_a_read_only_view_finds_values_but_replaces_nothing() -> None:
    app = RelplanApp(Document(small()), read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await finding(pilot, "3.4.1", 'order-api › version = "3.4.1"')
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FinderScreen)  # no prompt: nothing may be edited
        await pilot.press("escape", "R")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ReplaceValueScreen)
        assert app.session.document.get(VERSION) == "3.4.1"

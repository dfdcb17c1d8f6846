"""A review a person can read: changes grouped by component with counts, paths by name, and no Send for nothing.

The plan's target is a port nobody listens on: the review's check of the server fails at once, and a send that
happened anyway would show as an outcome in the status line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Button

from screens.editor import PlanEditorScreen
from screens.review import ReviewScreen
from tests.helpers import closed_port, load
from tests.ui.conftest import editing, find, offered, ready, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.target import Target
from widgets.change_list import ChangeList
from widgets.field_editor import FieldEditor
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus

HOSTILE_NAME = "evil\x1b[2J[bold]loud[/bold]"
"""A component name that would clear the screen if written raw, and turn bold if read as markup."""


def load_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def nowhere() -> Target:
    return Target(f"http://127.0.0.1:{closed_port()}", "demo", TokenAuth("t"), "plan-1", timeout=5.0)


async def reviewing(pilot: Pilot[None]) -> ReviewScreen:
    """Press ctrl+r and wait until the review has tried the server."""
    app = pilot.app
    await pilot.press("ctrl+r")
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
    review = app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: "Could not check" in str(review.query_one("#review-server").render()), "checked")
    return review


async def retype(pilot: Pilot[None], path: tuple[str | int, ...], text: str) -> None:
    await find(pilot, ".".join(map(str, path)), focus=path)
    await pilot.press("ctrl+u", *text, "escape")  # typed, and back in the tree


def dim_spans(line: Text) -> list[str]:
    return [line.plain[span.start : span.end] for span in line.spans if "dim" in str(span.style)]


async def test_changes_in_two_components_are_grouped_by_name_with_counts(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file), target=nowhere())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await retype(pilot, ("components", 0, "version"), "3.4.2")
        await retype(pilot, ("components", 0, "replica"), "5")
        await retype(pilot, ("components", 1, "version"), "2.0.8")
        review = await reviewing(pilot)
        summary = str(review.query_one("#review-summary").render())
        assert summary.startswith("3 changes in 2 components;")
        listing = review.query_one(ChangeList)
        assert listing.plain.splitlines() == [
            "order-api #0: 2 changes",
            "  ~ version",
            '      was "3.4.1"',
            '      now "3.4.2"',
            "  ~ replica",
            "      was 3",
            "      now 5",
            "web-frontend #1: 1 change",
            "  ~ version",
            '      was "2.0.7"',
            '      now "2.0.8"',
        ]
        assert "components.0" not in listing.plain
        assert dim_spans(listing.lines[0]) == [" #0"]  # the index reads apart from the name
        assert review.query_one("#review-send", Button).has_focus
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "back in the editor")


async def test_a_review_with_no_changes_says_so_and_enter_sends_nothing(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file), target=nowhere())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        review = await reviewing(pilot)
        assert str(review.query_one("#review-summary").render()).startswith("No changes to send;")
        assert "No changes to send" in review.query_one(ChangeList).plain
        assert not review.query("#review-send") and not review.query("#review-overwrite")
        assert review.query_one("#review-back", Button).has_focus
        await pilot.press("enter")  # on Back: the review closes, and nothing goes anywhere
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the review closed")
        await pilot.pause(0.2)
        assert not app.sending
        assert app.screen.query_one(RequestStatus).outcome is None


async def test_issues_panel_rows_read_by_component_name() -> None:
    plan = load("64-components.json")
    plan["components"][0]["version"] = "one"
    plan["components"][2]["replica"] = "many"
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        panel = app.screen.query_one(IssuesPanel)
        rows = panel.render().plain.splitlines()
        assert "  orders-000 #0 › version" in rows
        assert "  catalog-002 #2 › replica" in rows
        assert not any("components." in row for row in rows)
        where = panel.where(panel.issues[0])
        assert dim_spans(where) == [" #0"]


async def test_a_hostile_component_name_is_shown_literally_in_the_review_and_the_issues_panel() -> None:
    plan = load("minimal.json")
    plan["components"][0]["name"] = HOSTILE_NAME
    app = RelplanApp(Document(plan), target=nowhere())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await retype(pilot, ("components", 0, "version"), "x")  # a change, and an error, in that component
        shown = "evil\\x1b[2J[bold]loud[/bold]"
        panel = app.screen.query_one(IssuesPanel)
        await until(pilot, lambda: f"{shown} #0 › version" in panel.render().plain, "the issue is listed")
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "[bold]loud[/bold]" in screen
        review = await reviewing(pilot)
        assert review.query_one(ChangeList).plain.startswith(f"{shown} #0: 1 change\n")
        await pilot.pause()
        screen = app.export_screenshot()
        assert "\x1b" not in screen and f"{shown}" in screen.replace("&#160;", " ")


async def test_the_json_editor_s_title_names_the_component_literally() -> None:
    from screens.json_node import JsonNodeScreen

    plan = load("minimal.json")
    plan["components"][0]["name"] = HOSTILE_NAME
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "l", "down", "e")  # the first component, as JSON
        await until(pilot, lambda: isinstance(app.screen, JsonNodeScreen), "the JSON editor opened")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "JSON of evil\\x1b[2J[bold]loud[/bold]" in screen  # the dim index is drawn apart, after it
        assert "\x1b" not in screen
        title = app.screen.query_one("Vertical").border_title  # as markup: the plan's brackets escaped, #0 dim
        assert title == "JSON of evil\\x1b[2J\\[bold]loud\\[/bold][dim] #0[/dim]"


async def test_a_draft_s_changes_name_their_component(plan_file: Path) -> None:
    from tui.drafts import draft_key, encode_draft, write_draft

    plan = Document.load(plan_file).data
    edited = load_json(plan_file)
    edited["components"][1]["version"] = "2.0.8"
    write_draft(draft_key(path=plan_file), encode_draft(str(plan_file), "p", edited, plan, 1_000.0))
    app = RelplanApp(Document.load(plan_file))
    async with app.run_test(size=(80, 24)) as pilot:
        offer = await offered(pilot)
        await pilot.press("shift+tab", "enter")  # Show the changes
        await pilot.pause()
        lines = [str(line.render()) for line in offer.query(".draft-change")]
        assert lines == ['~ web-frontend › version\n    was "2.0.7"\n    now "2.0.8"']


def test_added_removed_and_moved_components_read_as_one_line_each() -> None:
    from screens.review import grouped_lines
    from tui.diff import diff
    from tui.readable import group_changes

    def component(name: str) -> dict[str, Any]:
        return {"component_id": name, "name": name, "version": "1.0.0"}

    before = {"name": "p", "components": [component("a-0"), component("b-1"), component("gone-2")]}
    after = {"name": "p", "components": [component("b-1"), component("a-0"), component("new-3")]}
    lines = [line.plain for line in grouped_lines(group_changes(diff(before, after), after, before))]
    assert lines == [
        "b-1 #0: 1 change",
        "  ↕ the component moved (was at #1)",
        "new-3 #2: added",
        '  + the component: {"component_id": "new-3", "name": "new-3", "version": "1.0.0"}',
        "gone-2 #2: removed",
        '  - the component: {"component_id": "gone-2", "name": "gone-2", "version": "1.0.0"}',
    ]


async def test_a_long_review_scrolls_by_keys_to_its_last_change() -> None:
    from textual.app import App

    from tui.samples import sample_plan

    document = Document(sample_plan(64))
    for index in range(64):
        document.set(("components", index, "version"), f"9.9.{index}")
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        review = ReviewScreen(document.changes(), document, 0, 0, nowhere())
        await app.push_screen(review)
        await pilot.pause()
        listing = review.query_one(ChangeList)
        assert len(listing.lines) == 64 * 4
        await pilot.press("shift+tab", "shift+tab")  # from Send, past Back, to the list
        assert listing.has_focus
        await pilot.press("end")
        await pilot.pause()
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "9.9.63" in shown  # the last change, at the bottom
        assert listing.scroll_offset.y == len(listing.lines) - listing.size.height


async def test_the_form_title_names_the_component_of_its_node(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        screen = app.screen
        assert isinstance(screen, PlanEditorScreen)
        screen.query_one(PlanTree).select_path(("components", 0, "runtime_stack"))
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components", 0, "runtime_stack"), "the form shows the node")
        assert form._title_text.endswith("(order-api \u203a runtime_stack)")  # the name, not components.0
        screen.query_one(PlanTree).select_path(("components", 1))
        await until(pilot, lambda: form.path == ("components", 1), "the form shows the next component")
        assert form._title_text.endswith("(#1)")  # its name is the title already

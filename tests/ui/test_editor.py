"""The editor driven with keys, as a person drives it, checking the document, the issues and the screen."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ui.conftest import find, focused_row, ready, tab_to, until
from tui.app import RelplanApp
from tui.document import Document
from tui.jsonfiles import load_file
from tui.types import Issue, Severity
from widgets.field_editor import FieldEditor
from widgets.issues_panel import IssuesPanel
from widgets.plan_tree import PlanTree

VERSION = ("components", 0, "version")
PAUSE = 0.8  # longer than the editor waits before it shows a field's new errors


def tree_label(app: RelplanApp, path: tuple[str | int, ...]) -> str:
    tree = app.screen.query_one(PlanTree)
    node = tree._by_path[path]
    return str(node.label)


async def test_walk_to_a_field_type_see_the_error_and_fix_it(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "l", "down", "enter")
        assert app.screen.query_one(FieldEditor).path == ("components", 0)
        row = await tab_to(pilot, VERSION)
        await pilot.press("end", "ctrl+u", "1", ".", "0")
        assert app.session.document.get(VERSION) == "1.0"
        assert [issue.path for issue in app.session.issues] == [VERSION]
        assert row.issues_shown == ""  # not while typing
        await pilot.pause(PAUSE)
        assert "version must be 3 or 4 whole numbers" in row.issues_shown
        assert "✗1" in tree_label(app, ("components", 0))
        assert "✗1" in tree_label(app, ("components",))
        assert [issue.path for issue in app.screen.query_one(IssuesPanel).issues] == [VERSION]

        await pilot.press(".", "1")
        assert app.session.document.get(VERSION) == "1.0.1"
        assert app.session.issues == []
        assert row.issues_shown == ""  # cleared at once
        assert "✗" not in tree_label(app, ("components", 0))
        assert app.screen.query_one(IssuesPanel).issues == []


async def test_leaving_a_field_shows_its_error_at_once(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.0.version", focus=VERSION)
        row = focused_row(app)
        assert row is not None
        await pilot.press("end", "x")
        assert row.issues_shown == ""
        await pilot.press("tab")
        assert "version must be 3 or 4 whole numbers" in row.issues_shown


async def test_what_was_typed_is_kept_even_when_it_does_not_parse(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.1.replica", focus=("components", 1, "replica"))
        await pilot.press("end", "backspace", "t", "w", "o")
        assert app.session.document.get(("components", 1, "replica")) == "two"
        await pilot.press("home")
        await pilot.press("delete", "delete", "delete", "4")
        assert app.session.document.get(("components", 1, "replica")) == 4
        assert app.session.issues == []


async def test_find_goes_to_a_field_ready_to_type(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "d", "e", "s", "c", "enter")
        row = focused_row(app)
        assert row is not None
        assert row.path == ("desc",)
        await pilot.press("end", "!")
        assert str(app.session.document.get(("desc",))).endswith("front end and order API.!")


def component_names(app: RelplanApp) -> list[str]:
    return [c["name"] for c in app.session.document.get(("components",))]  # type: ignore[index,union-attr]


FIRST_COMPONENT = ("slash", *"components.0", "enter")  # the finder puts the tree's cursor on the first component


async def test_add_duplicate_move_and_delete_a_component_and_undo_each(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        original = json.dumps(app.session.document.data)
        await pilot.press("down", "l", "down")  # walk the tree to the first component
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 0)

        await pilot.press("c")
        assert component_names(app) == ["order-api", "order-api-copy", "web-frontend"]
        assert app.session.document.get(("components", 1, "component_id")) == ""
        assert any(
            i.path == ("components", 1, "component_id") and i.severity is Severity.ERROR for i in app.session.issues
        )
        await pilot.press("ctrl+z")
        assert json.dumps(app.session.document.data) == original

        await pilot.press(*FIRST_COMPONENT)
        await pilot.pause()
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 0)
        await pilot.press("J")
        assert component_names(app) == ["web-frontend", "order-api"]
        await pilot.press("ctrl+z")
        assert json.dumps(app.session.document.data) == original

        await pilot.press(*FIRST_COMPONENT)
        await pilot.pause()
        await pilot.press("a")
        assert component_names(app) == ["order-api", "", "web-frontend"]
        new = app.session.document.get(("components", 1))
        assert isinstance(new, dict)
        assert (new["seq"], new["version"], new["component_id"]) == (2, "1.0.0", "")
        errors = {i.path[2] for i in app.session.issues if i.path[:2] == ("components", 1)}
        assert {"component_id", "name", "environment_id"} <= errors
        await pilot.press("ctrl+z")
        assert json.dumps(app.session.document.data) == original

        await pilot.press(*FIRST_COMPONENT)
        await pilot.pause()
        await pilot.press("d")
        await pilot.press("y")
        assert component_names(app) == ["web-frontend"]
        await pilot.press("ctrl+z")
        assert json.dumps(app.session.document.data) == original


async def test_delete_asks_first_and_no_keeps_the_plan(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        original = json.dumps(app.session.document.data)
        await pilot.press("down", "l", "down", "d")
        await pilot.press("escape")
        assert json.dumps(app.session.document.data) == original


async def test_edit_a_node_as_json_with_a_syntax_error_then_fix_it(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "l", "down", "l", "down")  # components.0.runtime_stack
        assert app.screen.query_one(PlanTree).cursor_path == ("components", 0, "runtime_stack")
        await pilot.press("e")
        await pilot.press("down", "down", "end", "backspace")  # drop the comma after "type": "Java"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#json-error")
        assert str(error.render()) == "line 4, column 3: Expecting ',' delimiter"
        assert app.session.document.get(("components", 0, "runtime_stack", "type")) == "Java"
        await pilot.press(",", "down", "end", "left", "left", "backspace", "backspace", "2", "1")
        await pilot.press("ctrl+s")
        assert app.session.document.get(("components", 0, "runtime_stack")) == {
            "name": "OpenJDK17", "type": "Java", "version": "21", "deploy_mode": "container"
        }  # fmt: skip
        await pilot.press("ctrl+z")
        assert app.session.document.get(("components", 0, "runtime_stack", "version")) == "17"


async def test_save_and_reload_finds_exactly_the_edits(app: RelplanApp, plan_file: Path) -> None:
    before = load_file(plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "components.1.replica", focus=("components", 1, "replica"))
        await pilot.press("end", "backspace", "5", "escape")
        await find(pilot, "fail_strategy", focus=("fail_strategy",))
        await pilot.press("enter", "up", "enter")  # open the select and choose the choice above: continue
        await pilot.press("ctrl+s")
        assert not app.session.document.dirty
    after = Document.load(plan_file)
    after.baseline = before
    assert [(c.kind, c.path, c.old, c.new) for c in after.changes()] == [
        ("changed", ("fail_strategy",), "stop", "continue"),
        ("changed", ("components", 1, "replica"), 2, 5),
    ]
    assert list(after.data) == list(before)


async def test_n_goes_from_problem_to_problem(tmp_path: Path) -> None:
    from tui.samples import sample_path

    app = RelplanApp(Document.load(sample_path("mistakes.json")))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        first = focused_row(app)
        assert first is not None
        assert first.path == app.session.issues[0].path
        await pilot.press("f8")  # from inside a field, where n would be typed
        second = focused_row(app)
        assert second is not None
        assert second.path == app.session.issues[1].path
        await pilot.press("shift+f8")
        back = focused_row(app)
        assert back is not None
        assert back.path == app.session.issues[0].path


async def test_quitting_with_unsaved_edits_asks(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!")
        await pilot.press("ctrl+q")
        assert app.is_running
        await pilot.press("escape")
        assert app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running


async def test_looking_at_a_form_changes_nothing() -> None:
    from tui.samples import sample_path

    app = RelplanApp(Document.load(sample_path("mistakes.json")))
    original = json.dumps(app.session.document.data)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "l", "down", "down")  # the second component, whose seq is the string "2"
        form = app.screen.query_one(FieldEditor)
        await until(pilot, lambda: form.path == ("components", 1), "the form shows the second component")
        await pilot.press("enter", "tab", "tab", "tab", "tab")
        await pilot.pause(0.3)
    assert json.dumps(app.session.document.data) == original
    assert not app.session.document.dirty


async def test_an_unset_field_is_filled_in_only_when_typed_into(app: RelplanApp) -> None:
    path = ("components", 0, "workload_name")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "workload_name", focus=path)
        assert not app.session.document.has(path)
        await pilot.press("o", "r", "d")
        assert app.session.document.get(path) == "ord"
        await pilot.press("ctrl+u")
        assert not app.session.document.has(path)


async def test_an_unset_field_that_must_be_set_says_so_and_can_be_filled_in() -> None:
    from tui.samples import sample_path
    from widgets.field_editor import UnsetRow

    path = ("components", 0, "deploy_strategy", "gray_release", "first_batch_replica")
    app = RelplanApp(Document.load(sample_path("mistakes.json")))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"first_batch_weight", "enter")
        await pilot.pause()
        [unset] = [row for row in app.screen.query(UnsetRow) if row.path == path]
        assert "✗ first_batch_replica is required when type is WEIGHT" in str(unset.render())
        await pilot.press("escape")
        await find(pilot, "first_batch_replica", focus=path)
        await pilot.press("1")
        assert app.session.document.get(path) == 1
        assert path not in {issue.path for issue in app.session.issues}


async def test_lists_maps_and_switches_are_edited_in_place(tmp_path: Path) -> None:
    from tests.helpers import PLANS

    app = RelplanApp(Document.load(PLANS / "full-component.json"))
    component = ("components", 0)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "image_pull_secrets", focus=(*component, "image_pull_secrets"))
        await pilot.press("end", "enter", *"pull-2")
        assert app.session.document.get((*component, "image_pull_secrets")) == ["default-secret", "pull-2"]
        await pilot.press("escape")
        await find(pilot, "sys_config", focus=(*component, "sys_config"))
        await pilot.press("end", "enter", *"b.conf: on")
        assert app.session.document.get((*component, "sys_config")) == {
            "conf/app.properties": "feature.x=true",
            "b.conf": "on",
        }
        await pilot.press("escape")
        await find(pilot, "enable_sermant_dubbo_register", focus=(*component, "enable_sermant_dubbo_register"))
        await pilot.press("space")
        assert app.session.document.get((*component, "enable_sermant_dubbo_register")) is True
        assert app.session.issues == []


async def test_markup_in_a_plan_is_shown_literally(tmp_path: Path) -> None:
    from tests.helpers import load

    plan = load("minimal.json")
    plan["name"] = "[bold red]release[/]"
    plan["components"][0]["name"] = "[@click=app.quit]api"
    plan["components"][0]["description"] = "\x1b[2Jcleared?"
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "l", "down", "enter")
        assert "[bold red]release[/]" in tree_label(app, ())
        assert "[@click=app.quit]api" in tree_label(app, ("components", 0))
        assert app.is_running
        assert app.session.document.get(("components", 0, "description")) == "\x1b[2Jcleared?"


async def test_undoing_a_move_shows_the_form_of_what_is_now_there(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(*FIRST_COMPONENT)
        await pilot.pause()
        await pilot.press("J")  # order-api moves to index 1, and the form follows it there
        form = app.screen.query_one(FieldEditor)
        assert form.path == ("components", 1)
        await pilot.press("ctrl+z")  # web-frontend is back at index 1
        await pilot.pause()
        shown = form.rows()[(*form.path, "name")].editor
        assert shown.value == app.session.document.get((*form.path, "name"))  # type: ignore[attr-defined]


async def test_the_key_bar_names_the_keys_of_where_the_focus_is(app: RelplanApp) -> None:
    from widgets.key_bar import KeyBar

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = app.screen.query_one(KeyBar)
        in_tree = str(bar.render())
        assert "a Add" in in_tree
        assert "/ Find" in in_tree
        await find(pilot, "desc", focus=("desc",))
        await pilot.pause()
        in_field = str(bar.render())
        assert "Add" not in in_field  # typing "a" in a field types it
        assert "/ Find" in in_field


async def test_the_key_bar_repaints_only_when_its_keys_change(app: RelplanApp) -> None:
    from widgets.key_bar import KeyBar

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await find(pilot, "desc", focus=("desc",))
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one(KeyBar)
        painted: list[str] = []
        render = bar.render
        bar.render = lambda: painted.append(str(render())) or render()  # type: ignore[method-assign]

        screen.refresh_bindings()  # as after a move of the focus that keeps the same keys
        await pilot.pause()
        assert painted == []

        screen.query_one(PlanTree).focus()  # the tree offers keys a field does not
        await until(pilot, lambda: bool(painted), "the key bar repainted")
        assert "a Add" in painted[-1]


async def test_n_repaints_the_issues_panel_only_when_its_highlight_moves(app: RelplanApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        panel = app.screen.query_one(IssuesPanel)
        panel.show_issues(
            [Issue(("desc",), Severity.ERROR, "one", "test"), Issue(("name",), Severity.ERROR, "two", "t")]
        )
        await pilot.pause()
        painted: list[int | None] = []
        render = panel.render
        panel.render = lambda: painted.append(panel.highlighted) or render()  # type: ignore[method-assign]

        assert panel.next_issue(None) == panel.issues[0]  # the highlight comes to the first
        await pilot.pause()
        assert painted == [0]
        assert panel.next_issue(None) == panel.issues[0]  # and stays there
        await pilot.pause()
        assert painted == [0]
        assert panel.next_issue(("desc",)) == panel.issues[1]  # and moves on
        await pilot.pause()
        assert painted == [0, 1]

"""The keys for many components at once, pressed as a person does: `=` sets a field, `+` bumps versions, `y`
copies a node and `p` pastes it into another component; each one undo step, a wrong value refused with the reason."""

from __future__ import annotations

import json
from pathlib import Path

from textual.content import Content
from textual.widgets import Input, OptionList

from screens.editor import PlanEditorScreen
from screens.read_only import READ_ONLY_SAID
from screens.set_field import SetFieldScreen
from tests.ui.conftest import editing, find, ready, said, told, until
from tui.app import RelplanApp
from tui.document import Document
from widgets.field_editor import FieldEditor
from widgets.plan_tree import PlanTree

FIRST_COMPONENT = ("down", "l", "down")
"""From the plan's root: open the components and put the cursor on the first (order-api, version 3.4.1)."""


def value(app: RelplanApp, *path: str | int) -> object:
    return app.session.document.get(tuple(path))


async def prompt(pilot: object, app: RelplanApp) -> SetFieldScreen:
    await until(pilot, lambda: isinstance(app.screen, SetFieldScreen), "the prompt opened")  # type: ignore[arg-type]
    assert isinstance(app.screen, SetFieldScreen)
    return app.screen


async def test_equals_sets_a_field_on_the_component_and_ctrl_z_undoes_it(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        await pilot.press("equals_sign", *"version", "tab", *"2.0.0", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the prompt closed")
        assert value(app, "components", 0, "version") == "2.0.0"
        assert value(app, "components", 1, "version") == "2.0.7"  # only the component under the cursor
        await told(pilot, lambda text: "Set version to" in text and "1 replaced" in text)
        form = app.screen.query_one(FieldEditor)

        def shown() -> object:  # looked up each time: the form under the cursor may be built or swapped in meanwhile
            row = form.rows().get(("components", 0, "version"))
            return None if row is None else row.editor.value  # type: ignore[attr-defined]

        await until(pilot, lambda: shown() == "2.0.0", "the form shows the new version")
        await pilot.press("ctrl+z")
        assert value(app, "components", 0, "version") == "3.4.1"
        assert not app.session.document.dirty


async def test_a_wrong_value_is_refused_with_the_reason_and_the_prompt_keeps_the_text(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        before = json.dumps(app.session.document.data)
        await pilot.press("equals_sign", *"replica", "tab", *"lots", "enter")
        screen = await prompt(pilot, app)
        await pilot.pause()
        assert app.screen is screen
        assert "nothing changed" in screen.refusal
        assert "replica" in screen.refusal
        assert (screen.field, screen.value) == ("replica", "lots")
        assert json.dumps(app.session.document.data) == before
        await pilot.press("ctrl+u", "4", "enter")  # fixed: set
        await until(pilot, lambda: app.screen is not screen, "the prompt closed")
        assert value(app, "components", 0, "replica") == 4


async def test_tab_moves_between_the_boxes_and_escape_changes_nothing(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        before = json.dumps(app.session.document.data)
        await pilot.press("equals_sign")
        screen = await prompt(pilot, app)
        await pilot.press(*"desc")
        assert screen.focused is not None and screen.focused.id == "set-field"
        await pilot.press("tab")  # takes the completion shown, then the value
        assert screen.field == "description"
        assert screen.focused is not None and screen.focused.id == "set-value"
        await pilot.press(*"new words", "shift+tab")
        assert screen.focused is not None and screen.focused.id == "set-field"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlanEditorScreen), "the prompt closed")
        assert json.dumps(app.session.document.data) == before


async def test_the_field_is_completed_from_the_schema(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        await pilot.press("equals_sign", *"deploy")
        screen = await prompt(pilot, app)
        box = screen.query_one("#set-field", Input)
        await until(
            pilot, lambda: "deploy_strategy.type" in box.render_line(0).text, "the completion is shown in the box"
        )
        hints = screen.query_one(OptionList)
        assert "deploy_strategy.type" in screen.hints
        assert hints.display
        await pilot.press("ctrl+u", *"type")  # a later key: listed, though no field starts with it
        await until(pilot, lambda: "deploy_strategy.type" in screen.hints, "listed by a later key")
        while screen.field != "deploy_strategy.type":
            await pilot.press("down")
        await pilot.press("right")  # as in any input: the completion of what is there (itself) is taken
        assert screen.field == "deploy_strategy.type"


async def test_enter_in_the_field_box_goes_to_the_value_when_none_is_typed(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        before = json.dumps(app.session.document.data)
        await pilot.press("equals_sign", *"descr", "enter")  # not "remove description": nothing typed yet
        screen = await prompt(pilot, app)
        assert screen.field == "description"
        assert screen.focused is not None and screen.focused.id == "set-value"
        assert json.dumps(app.session.document.data) == before


async def test_plus_bumps_the_version_in_one_undo_step(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT, "plus")
        assert value(app, "components", 0, "version") == "3.4.2"
        await told(pilot, lambda text: "Bumped the version of 1 component" in text)
        await pilot.press("plus")
        assert value(app, "components", 0, "version") == "3.4.3"
        await pilot.press("ctrl+z")
        assert value(app, "components", 0, "version") == "3.4.2"
        await pilot.press("ctrl+z")
        assert value(app, "components", 0, "version") == "3.4.1"


async def test_copy_a_node_and_paste_it_into_another_component(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        envs = value(app, "components", 0, "envs")
        assert not app.session.document.has(("components", 1, "envs"))
        tree = app.screen.query_one(PlanTree)
        tree.select_path(("components", 0, "envs"))
        await pilot.pause()
        await pilot.press("y")
        await told(pilot, lambda text: "Copied order-api \u203a envs" in text)
        tree.select_path(("components", 1))
        await pilot.pause()
        await pilot.press("p")
        assert value(app, "components", 1, "envs") == envs
        await told(pilot, lambda text: "Pasted" in text and "1 added" in text)
        await pilot.press("ctrl+z")
        assert not app.session.document.has(("components", 1, "envs"))

        rolling = value(app, "components", 0, "deploy_strategy")
        tree.select_path(("components", 0, "deploy_strategy"))
        await pilot.pause()
        await pilot.press("y")
        tree.select_path(("components", 1))
        await pilot.pause()
        await pilot.press("p")
        assert value(app, "components", 1, "deploy_strategy") == rolling
        await told(pilot, lambda text: "Pasted" in text and "1 replaced" in text)

        tree.select_path(("components", 0, "envs", 0))  # an item: replaces the first of the other's envs
        await pilot.pause()
        await pilot.press("y")
        tree.select_path(("components", 1))
        await pilot.pause()
        await pilot.press("p")
        await told(pilot, lambda text: "has no item envs.0" in text)  # refused: nothing to replace
        assert not app.session.document.has(("components", 1, "envs"))


async def test_the_bulk_keys_type_in_a_field(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await find(pilot, "components.0.description", focus=("components", 0, "description"))
        await pilot.press("end", "equals_sign", "plus", "y", "p")
        await pilot.pause()
        assert str(value(app, "components", 0, "description")).endswith("=+yp")
        assert isinstance(app.screen, PlanEditorScreen)


async def test_keys_typed_behind_equals_reach_the_prompt(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT)
        app.screen.query_one(PlanTree).focus()
        for key in ("equals_sign", *"replica", "tab", "7"):  # all at once, as a fast typist's burst arrives
            app.post_message(__import__("textual").events.Key(key, key if len(key) == 1 else None))
        screen = await prompt(pilot, app)
        await until(pilot, lambda: screen.value == "7", "the burst reached the prompt")
        assert screen.field == "replica"


async def test_a_read_only_view_refuses_the_bulk_edits(plan_file: Path) -> None:
    app = RelplanApp(Document.load(plan_file), read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        editor = app.screen
        assert isinstance(editor, PlanEditorScreen)
        before = json.dumps(app.session.document.data)
        await pilot.press(*FIRST_COMPONENT, "y", "equals_sign", "plus", "p")
        await pilot.pause()
        assert app.screen is editor
        assert editor.refusals.refused == 3  # `y` only copies
        assert READ_ONLY_SAID in said(app)
        assert json.dumps(app.session.document.data) == before


async def test_the_keys_are_in_help_and_the_command_palette(app: RelplanApp) -> None:
    from screens.help import key_lines

    async with editing(app):
        lines = {binding_id: (keys, what) for keys, what, binding_id in key_lines(app.screen)}
        assert lines["editor.set_many"] == ("=", "Set a field")
        assert lines["editor.bump"] == ("+", "Bump versions")
        assert lines["editor.copy_node"] == ("y", "Copy node")
        assert lines["editor.paste"] == ("p", "Paste node")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Set a field", "Bump versions", "Copy node", "Paste node"} <= titles


async def test_the_value_box_says_what_the_field_holds_now(app: RelplanApp) -> None:
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT, "equals_sign", *"version")
        screen = await prompt(pilot, app)
        box = screen.query_one("#set-value", Input)
        await until(pilot, lambda: box.placeholder == 'now "3.4.1"', "the version now")  # required: not removable
        await pilot.press("ctrl+u", *"source.http_password")
        await until(pilot, lambda: "now" not in box.placeholder, "a secret is not shown")
        editor = app.screen_stack[-2]
        assert isinstance(editor, PlanEditorScreen)
        assert editor._now([0, 1], "version") == '"3.4.1" in 1, "2.0.7" in 1'
        assert editor._now([0, 1], "runtime_stack.deploy_mode") == '"container"'
        assert editor._now([0, 1], "source.http_password") == ""
        assert editor._now([0, 1], "source") == ""  # an object may hold a secret: no value of it is shown
        assert editor._now([0, 1], "envs") == ""
        assert editor._now([0, 1], "vers") == ""  # not a field (yet)


async def test_y_in_the_form_copies_the_object_that_has_the_focus(app: RelplanApp) -> None:
    from widgets.field_editor import BranchRow

    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT, "enter")
        for _ in range(40):
            focused = app.screen.focused
            if isinstance(focused, BranchRow) and focused.path == ("components", 0, "deploy_strategy"):
                break
            await pilot.press("tab")
        else:
            raise AssertionError("tab never reached deploy_strategy")
        await pilot.press("y")
        await told(pilot, lambda text: "Copied order-api \u203a deploy_strategy" in text)


async def test_the_prompt_names_a_component_whose_name_looks_like_markup_as_it_is(plan_file: Path) -> None:
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    plan["components"][0]["name"] = "a[/x] [red]b\x1b[2J"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    app = RelplanApp(Document.load(plan_file))
    async with editing(app) as pilot:
        await pilot.press(*FIRST_COMPONENT, "equals_sign")
        screen = await prompt(pilot, app)
        title = Content.from_markup(str(screen.query_one("Vertical").border_title))  # as Textual draws a title
        assert title.plain == "Set a field in a[/x] [red]b\\x1b[2J"  # the characters typed, escaped, never markup

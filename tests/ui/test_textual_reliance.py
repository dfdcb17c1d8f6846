"""What relplan's widgets rely on in Textual beyond its documented API: a Textual upgrade that changes it fails here.

``PlanTree`` overrides ``Tree._refresh_node`` (Textual has no public way to repaint one node's line after a new label
without repainting every line below it) and ``ScrollView._size_updated`` (which fits the scroll bars again at every
layout, measuring a tree's children rather than its lines), ``ChoiceSelect`` skips ``Select``'s set-up when it has
no parts, ``InOrderInput`` runs a key's bindings with ``App._check_bindings`` as the key reaches it, the table of
components overrides ``DataTable._update_dimensions`` (so that a thousand new rows are not measured cell by cell),
the editor, the app's first screen, is given the result callback ``App.switch_screen`` takes from the screen it
replaces (``Screen._push_result_callback``), which a first screen never pushed has none of, and ``SteadyScreen``
overrides ``Screen._screen_resized`` and ``Screen._on_timer_update`` (no layout for the size a screen has, a repaint
drawn in the layout's frame). The form (``RestylesAlone``) overrides ``Widget.watch_has_focus`` to restyle itself alone
with ``Stylesheet.update_nodes``, which holds while no rule makes a widget's look depend on the form's focus.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import OptionList, Select, Static, Tree

from tests.ui.conftest import until
from tui.app import RelplanApp
from tui.document import Document
from tui.outline import Counts
from tui.samples import sample_path, sample_plan
from widgets.field_editor import FieldEditor
from widgets.field_row import ChoiceSelect
from widgets.focus_style import RestylesAlone
from widgets.plan_tree import PlanTree


class Host(App[None]):
    """An app that shows one widget."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


# -------------------------------------------------------------------------------- PlanTree and Tree._refresh_node


def test_tree_has_the_repaint_methods_plan_tree_relies_on() -> None:
    assert list(inspect.signature(Tree._refresh_node).parameters) == ["self", "node"]
    assert list(inspect.signature(Tree._refresh_line).parameters) == ["self", "line"]


def test_tree_has_the_sizing_method_plan_tree_overrides() -> None:
    sizing = ScrollView._size_updated
    assert list(inspect.signature(sizing).parameters) == ["self", "size", "virtual_size", "container_size", "layout"]
    assert Tree._size_updated is sizing and PlanTree._size_updated is not sizing


async def test_a_new_label_repaints_its_own_line_only_through_the_override() -> None:
    plan = json.loads(sample_path("small.json").read_text(encoding="utf-8"))
    tree = PlanTree(plan)
    async with Host(tree).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert tree.virtual_size.height > 1  # lines below the root, which Tree itself would repaint too
        painted: list[int] = []
        repaint = tree._refresh_line

        def spy(line: int) -> None:
            painted.append(line)
            repaint(line)

        tree._refresh_line = spy  # type: ignore[method-assign]
        tree.show_counts({(): Counts(errors=1)})
        await until(pilot, lambda: not tree._relabelled, "Tree called the override for the new label")
        assert painted == [tree.root.line]
        assert str(tree.root.label).endswith(" ✗1")


# -------------------------------------------------------------------------------- ChoiceSelect and Select's set-up


class PartlessSelect(Select[str]):
    """A select whose parts are not there when it is mounted, as when it is removed while being composed."""

    def compose(self) -> ComposeResult:
        yield from ()


class PartlessChoiceSelect(ChoiceSelect):
    """The same, for relplan's select."""

    def compose(self) -> ComposeResult:
        yield from ()


async def test_select_s_own_set_up_still_needs_its_parts() -> None:
    # when this fails, Select copes without its parts, and ChoiceSelect's guard can go
    with pytest.raises(NoMatches):
        async with Host(PartlessSelect([("a", "a")], value="a")).run_test() as pilot:
            await pilot.pause()


async def test_a_choice_select_without_its_parts_mounts_quietly() -> None:
    select = PartlessChoiceSelect([("a", "a")], value="a")
    async with Host(select).run_test() as pilot:
        await pilot.pause()
        assert select.is_mounted


async def test_a_choice_select_with_its_parts_is_set_up_as_select_does() -> None:
    select = ChoiceSelect([("a", "a"), ("b", "b")], value="b", allow_blank=False)
    async with Host(select).run_test() as pilot:
        await pilot.pause()
        assert select.query_one(OptionList).option_count == 2  # Select's own set-up filled its list
        assert select.selection == "b"


# -------------------------------------------------------------------------------- InOrderInput and App._check_bindings


def test_the_app_has_the_binding_lookup_in_order_input_runs() -> None:
    assert list(inspect.signature(App._check_bindings).parameters) == ["self", "key", "priority"]
    assert inspect.iscoroutinefunction(App._check_bindings)


# -------------------------------------------------------------------------------- ComponentsTable and DataTable


def test_data_table_has_the_sizing_method_the_components_table_overrides() -> None:
    from textual.widgets import DataTable

    assert list(inspect.signature(DataTable._update_dimensions).parameters) == ["self", "new_rows"]


async def test_the_components_table_sizes_its_columns_without_measuring_each_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.cells import cell_len
    from textual.widgets import DataTable, _data_table

    from tui.document import Document
    from tui.samples import sample_plan
    from tui.selection import Selection
    from widgets.components_table import ComponentsTable

    document = Document(sample_plan(40))
    table = ComponentsTable(Selection(document))
    async with Host(table).run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        measured: list[object] = []
        measure = _data_table.measure
        monkeypatch.setattr(
            _data_table, "measure", lambda *args, **kwargs: measured.append(args) or measure(*args, **kwargs)
        )
        table.show(document.data, {})
        await pilot.pause()
        rows = table.query_one(DataTable)
        assert rows.row_count == 40
        assert len(measured) < 40, "the new rows' cells were measured one by one"
        names = [rows.get_row_at(i)[2].plain for i in range(40)]
        assert rows.ordered_columns[2].content_width == max(map(cell_len, names))


# -------------------------------------------------------------------------------- SteadyScreen and Screen's updates


def test_the_screen_has_the_update_methods_and_state_steady_screen_relies_on() -> None:
    from textual._compositor import Compositor
    from textual.screen import Screen
    from textual.scroll_view import ScrollView

    assert list(inspect.signature(Screen._screen_resized).parameters) == ["self", "size"]
    assert list(inspect.signature(Screen._on_timer_update).parameters) == ["self"]
    assert list(inspect.signature(ScrollView._size_updated).parameters) == [
        "self",
        "size",
        "virtual_size",
        "container_size",
        "layout",
    ]
    # a Resize lays out the screen and those under it through ``_screen_resized``; the tick lays out, then repaints
    assert "_screen_resized(event.size)" in inspect.getsource(Screen._on_resize)
    tick = inspect.getsource(Screen._on_timer_update)
    assert "self._refresh_layout(scroll=self._scroll_required)" in tick and "self._dirty_widgets.add(self)" in tick
    assert "self.size = size" in inspect.getsource(Compositor.reflow)
    assert "self.size = size" in inspect.getsource(Compositor.reflow_visible)


async def test_a_modal_steady_screen_lays_out_no_steady_screen_under_it() -> None:
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Label

    from screens.steady import SteadyScreen

    class Under(SteadyScreen[None]):
        def compose(self) -> ComposeResult:
            yield Label("under")

    class Over(SteadyScreen[None], ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Label("over")

    app = App[None]()
    async with app.run_test(size=(40, 10)) as pilot:
        under = Under()
        await app.push_screen(under)
        await pilot.pause()
        layouts: list[Screen[None]] = []
        layout = Screen._refresh_layout

        def counted(screen: Screen[None], *args: object, **kwargs: object) -> None:
            layouts.append(screen)
            layout(screen, *args, **kwargs)  # type: ignore[arg-type]

        Screen._refresh_layout = counted  # type: ignore[method-assign,assignment]
        try:
            await app.push_screen(Over())
            await pilot.pause(0.1)
        finally:
            Screen._refresh_layout = layout  # type: ignore[method-assign]
        assert layouts.count(under) == 0, "the screen under the modal one was laid out for the size it has"
        # the modal one: for its size, then for what its widgets ask (the Resize of its first layout asks for none)
        assert sum(1 for screen in layouts if isinstance(screen, Over)) <= 2, layouts


# -------------------------------------------------------------------------------- the editor as the app's first screen


class FirstScreenHost(App[None]):
    """An app whose first screen is its own, given a result callback as relplan gives its first editor one."""

    def get_default_screen(self) -> Screen[Any]:
        from screens.editor_start import first_screen

        return first_screen(Screen(), self)  # type: ignore[arg-type]


def test_the_screen_has_the_result_callbacks_switch_screen_takes_one_of() -> None:
    assert list(inspect.signature(Screen._push_result_callback).parameters) == [
        "self",
        "requester",
        "callback",
        "future",
    ]
    assert "_pop_result_callback()" in inspect.getsource(App.switch_screen)


async def test_a_first_screen_given_a_result_callback_can_be_switched_for_another() -> None:
    app = FirstScreenHost()
    async with app.run_test(size=(40, 10)) as pilot:
        first = app.screen
        await app.switch_screen(Screen())
        await pilot.pause()
        assert app.screen is not first and len(app.screen_stack) == 1


def test_a_resume_that_refreshes_no_styles_applies_none() -> None:
    assert events.ScreenResume().refresh_styles  # the first resume of a screen says so; the editor's says not
    assert "if event.refresh_styles:" in inspect.getsource(Screen._on_screen_resume)


# -------------------------------------------------------------------------------- RestylesAlone and the focus's styles


class Restyled(App[None]):
    """A scrolling container of ``kind`` holding a few lines, its restyles counted."""

    def __init__(self, kind: type[VerticalScroll]) -> None:
        super().__init__()
        self.kind = kind
        self.restyled: list[DOMNode] = []

    def compose(self) -> ComposeResult:
        with self.kind():
            for line in range(3):
                yield Static(str(line))


class AloneScroll(VerticalScroll, RestylesAlone):
    """A container as the form is one."""


@pytest.mark.parametrize(("kind", "inside"), [(VerticalScroll, True), (AloneScroll, False)])
async def test_a_container_s_focus_restyles_what_it_holds_unless_it_restyles_alone(
    kind: type[VerticalScroll], inside: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert list(inspect.signature(Widget.watch_has_focus).parameters) == ["self", "_has_focus"]
    assert list(inspect.signature(Stylesheet.update_nodes).parameters) == ["self", "nodes", "animate"]
    update_nodes = Stylesheet.update_nodes
    app = Restyled(kind)

    def counting(stylesheet: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        app.restyled.extend(nodes)
        update_nodes(stylesheet, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    async with app.run_test(size=(40, 10)) as pilot:
        container = app.query_one(kind)
        assert container.has_focus  # the first widget that can have the focus has it
        for focus in (False, True):
            app.restyled.clear()
            container.focus() if focus else container.blur()
            await pilot.pause()
            assert container.has_focus is focus and container in app.restyled
            assert bool(set(app.query(Static)) & set(app.restyled)) is inside


async def test_no_style_of_what_the_form_holds_depends_on_the_form_s_focus() -> None:
    """A rule such as ``FieldEditor:focus Input`` or ``*:focus-within > Static`` would need the form's focus to
    restyle what it holds: ``RestylesAlone`` would then draw it stale."""
    app = RelplanApp(Document(sample_plan(2)))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.ready, "the editor is ready")
        form = app.screen.query_one(FieldEditor)
        assert isinstance(form, RestylesAlone)
        focus = {"focus", "blur", "focus-within"}
        for rule in app.stylesheet.rules:
            for selectors in rule.selector_set:
                for selector in selectors.selectors[:-1]:  # a part above the widget styled
                    assert not (selector.pseudo_classes & focus and selector._check(form)), selectors.css

"""What a jump costs the screen besides what it shows: the widgets it builds, the layouts, the tree's lines and
scroll bar. ``n`` to the list's own issue shows the list's form kept built (one layout); ``n`` to a field opens no
node of the tree (opening one lays out and draws every line below it); a layout that leaves the tree's size as it
was repaints none of its scroll bars (a scroll bar's colours follow the tree's focus: a jump from the tree repaints
it for that).
"""

from __future__ import annotations

from functools import partial

from textual.widget import Widget

from screens.editor import PlanEditorScreen
from tests.ui.conftest import focused_row, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan
from widgets.field_editor import FieldEditor
from widgets.issues_panel import IssuesPanel
from widgets.item_rows import ItemRows
from widgets.plan_tree import PlanTree

TOO_MANY = 70
"""More components than a plan may hold: the list itself has an issue."""


def _editor(app: RelplanApp) -> PlanEditorScreen:
    screen = app.screen
    assert isinstance(screen, PlanEditorScreen)
    return screen


def _layouts(screen: PlanEditorScreen) -> list[object]:
    """The layouts of ``screen`` from now on."""
    layouts: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen, layouts.append, immediate=True)
    return layouts


def _showing(widget: Widget) -> bool:
    """Whether ``widget`` and the form body holding it are displayed."""
    return widget.display and isinstance(widget.parent, Widget) and widget.parent.display


def _focus_in_tree(app: RelplanApp, in_tree: bool) -> bool:
    """Whether the editor is settled with the focus in the tree (``in_tree``) or out of it."""
    return settled(app) and isinstance(app.focused, PlanTree) == in_tree


def _counted(widget: Widget, painted: list[str]) -> None:
    """Count in ``painted`` each repaint of ``widget`` (its lines drawn again, not taken from its cache)."""
    render = widget.render

    def counted() -> object:
        painted.append(type(widget).__name__)
        return render()

    widget.render = counted  # type: ignore[assignment,method-assign]


async def test_n_to_the_list_s_issue_shows_its_form_built_while_nothing_happened_in_one_layout() -> None:
    app = RelplanApp(Document(sample_plan(TOO_MANY)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = _editor(app)
        form = screen.query_one(FieldEditor)
        await until(pilot, lambda: bool(form.query(ItemRows)), "the list's form, built hidden")
        await until(
            pilot, lambda: settled(app) and not _showing(form.query(ItemRows).first()), "the list's form hidden"
        )
        built = set(form.query(ItemRows))
        screen.go_to(("components", 10, "replica"))  # the form of a component, the focus in its field
        await until(pilot, lambda: form.path == ("components", 10) and settled(app), "the component's form")
        await pilot.press("escape")
        panel = screen.query_one(IssuesPanel)
        assert panel.issues[0].path == ("components",), "the plan's first issue is not the list's own"
        panel.highlighted = None  # ``n`` goes to the first issue
        await pilot.pause(0.2)
        layouts = _layouts(screen)

        await pilot.press("n")
        await until(pilot, lambda: form.path == ("components",) and settled(app), "the list's form")
        await pilot.pause(0.2)

        shown = [items for items in form.query(ItemRows) if _showing(items)]
        assert len(shown) == 1 and shown[0] in built, "the list's form was built again"
        assert shown[0].items is app.session.document.get(("components",)) and shown[0].cursor == 0
        assert len(layouts) == 1, f"the jump laid the screen out {len(layouts)} times"


async def test_n_to_a_field_opens_no_node_of_the_tree() -> None:
    plan = sample_plan(40)
    plan["components"][30]["replica"] = "45x"  # type: ignore[index,call-overload]
    app = RelplanApp(Document(plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = _editor(app)
        tree, form = screen.query_one(PlanTree), screen.query_one(FieldEditor)
        screen.go_to(("components", 29))
        await until(pilot, lambda: settled(app) and screen.focused is tree, "the tree on the component before")
        await pilot.pause(0.2)
        lines = tree.virtual_size.height

        await pilot.press("n")
        await until(pilot, lambda: (row := focused_row(app)) is not None and row.path[:2] == ("components", 30), "n")
        await until(pilot, lambda: settled(app), "the jump settled")
        await pilot.pause(0.2)

        assert form.path == ("components", 30) and tree.cursor_path == ("components", 30)
        assert not tree._by_path[("components", 30)].is_expanded, "the field's component was opened in the tree"
        assert tree.virtual_size.height == lines, "the tree's lines were laid out again"


async def test_a_layout_of_the_screen_repaints_no_scroll_bar_of_the_tree() -> None:
    app = RelplanApp(Document(sample_plan(40)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = _editor(app)
        tree, form = screen.query_one(PlanTree), screen.query_one(FieldEditor)
        await until(pilot, lambda: settled(app) and form.path == (), "the plan's form")
        await pilot.pause(0.5)  # the forms kept hidden are built
        assert tree.show_vertical_scrollbar
        painted: list[str] = []
        _counted(tree.vertical_scrollbar, painted)
        layouts = _layouts(screen)

        await pilot.press("down")  # the list of components: a form of another shape, laid out
        await until(pilot, lambda: form.path == ("components",) and settled(app), "the list's form")
        await pilot.pause(0.2)

        assert layouts, "nothing was laid out"
        assert painted == []


async def test_the_focus_to_the_form_and_back_draws_no_line_of_the_tree_again_until_the_theme_changes() -> None:
    """The tree's lines are kept for each of its looks (focused, not): a focus change that leaves the tree as it was
    draws none of them again; a new theme draws them all."""
    app = RelplanApp(Document(sample_plan(8)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = _editor(app)
        tree = screen.query_one(PlanTree)
        screen.go_to(("components", 2, "replica"))
        await until(pilot, lambda: focused_row(app) is not None and settled(app), "the field focused")

        async def there_and_back() -> None:
            for key, in_tree in (("escape", True), ("tab", False)):
                await pilot.press(key)
                await until(pilot, partial(_focus_in_tree, app, in_tree), key)
                await pilot.pause(0.1)

        await there_and_back()  # each look of the tree drawn once
        drawn: list[object] = []
        render_label = tree.render_label

        def counted(*args: object) -> object:
            drawn.append(args[0])
            return render_label(*args)  # type: ignore[arg-type]

        tree.render_label = counted  # type: ignore[assignment,method-assign]

        await there_and_back()
        assert drawn == [], f"{len(drawn)} lines of the tree were drawn again"

        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause(0.2)
        assert len(drawn) >= len(tree._tree_lines), "the tree kept lines drawn in the old theme"

"""The plan editor: the tree, the form of the node under its cursor, and the issues panel."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import QueryType
from textual.message import Message
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Tree

from screens.editor_bulk import BulkActions
from screens.editor_edits import StructureEdits
from screens.editor_issues import IssueSteps
from screens.editor_keys import EDITOR_KEYS
from screens.editor_merge import MergeActions
from screens.editor_release import ReleaseKeys
from screens.editor_start import StartUp
from screens.editor_table import TableView
from screens.read_only import EDIT_ACTIONS, ReadOnly, changes
from screens.steady import SteadyScreen
from tui.edits import Changed
from tui.outline import count_issues
from tui.session import EditSession
from tui.text import printable
from tui.types import JSON, Issue, Path
from widgets.field_editor import FieldEditor, Unset
from widgets.issues_panel import IssuesPanel
from widgets.item_rows import ItemRows
from widgets.key_bar import KeyBar
from widgets.key_order import bind_on_arrival
from widgets.plan_tree import PlanTree
from widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.finding import FieldIndex
    from tui.outside_edit import Runner

__all__ = ["PlanEditorScreen"]

_NEEDS_REFERENCE = frozenset(
    {"add", "delete", "duplicate", "move", "edit_json", "edit_outside", "find", "next_issue", "previous_issue"}
    | {"undo", "redo", "set_many", "bump", "paste", "replace_value"}
)
"""The actions that wait for the API reference to load."""

SHOW_AFTER = 0.6
"""Seconds of quiet typing after which a field's new errors show."""
FORM_AFTER = 0.08
"""Seconds the tree cursor rests on a node before its form is built (so that scrolling stays quick)."""
PREPARE_AFTER = 0.3
"""Seconds after the plan's check that the forms of its lists' items are built, hidden (see ``_prepare_forms``)."""


class PlanEditorScreen(
    StartUp, SteadyScreen[None], ReleaseKeys, TableView, BulkActions, StructureEdits, MergeActions, IssueSteps
):
    """Browse the plan's tree and edit the node under the cursor, with live validation.

    Each edit goes to the session, and the screen repaints what the session says changed. What needs more than
    the plan (reviewing and sending, stopping a send) it asks of the App with a message.
    """

    CSS_PATH = "editor.tcss"

    BINDINGS = EDITOR_KEYS  # a long table: it has a module of its own

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """The focused widget: unlike ``Screen``'s, a change repaints only the two widgets it concerns (they restyle
    themselves), not the whole screen; a jump changes the focus."""

    KEY_BAR_KEEP = ("editor.review", "editor.save", "editor.next_issue", "editor.find")
    """The keys the key bar keeps longest when the screen is narrow, the most important first."""

    @dataclass
    class _Request(Message):
        editor: PlanEditorScreen
        """The editor that asks."""

        @property
        def control(self) -> PlanEditorScreen:
            """The editor that asks."""
            return self.editor

    class ReviewRequested(_Request):
        """The person asked to review the changes and send them (``on_plan_editor_screen_review_requested``)."""

    class BackRequested(_Request):
        """Escape, with nothing in the way (``on_plan_editor_screen_back_requested``): the App stops waiting for an
        update in flight, or else calls :meth:`PlanEditorScreen.to_tree`."""

    def __init__(self, session: EditSession, *, read_only: bool = False) -> None:
        super().__init__()
        self.session = session
        """The plan being edited and the rules of every edit."""
        self.read_only = read_only
        """Whether every key that would edit says so instead (``relplan view``)."""
        self.refusals = ReadOnly(lambda said: self.notify(said, severity="warning", markup=False))
        """Says, once in a while, that the view is read-only."""
        self.run_outside: Runner | None = None
        """Runs the person's editor for ``E``; None for the App's terminal handed over to it (a test sets one)."""
        self._form_timer: Timer | None = None
        self._issues_timer: Timer | None = None
        self._shown: list[Issue] = []
        self._typing: Path | None = None
        self._form_on = False
        """Whether the form is shown: from just after the tree's first frame (see :meth:`start_form`)."""
        self._finding: tuple[JSON, int, FieldIndex] | None = None
        """The finder's index of the plan, with the plan and the document's state it was made for: kept while they
        are, so that a walk of the plan a query needed is not done again by the next finder."""

    def compose(self) -> ComposeResult:
        yield TitleBar()  # as Textual's Header draws it, in one widget rather than four
        with Horizontal(id="body"):
            yield PlanTree(self.session.document.data, id="tree")
            with Vertical(id="right"):  # shown with the form (see ``form_starts``)
                yield FieldEditor(id="form", plan=lambda: self.session.document.data)
                yield IssuesPanel(id="issues", plan=lambda: self.session.document.data)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = printable(self.session.title)  # a file's name or a plan's name from the server
        target = self.session.target
        if target is not None and target.note:
            self.sub_title = printable(target.note)
        if self.read_only:
            self.sub_title = " · ".join(filter(None, ("read-only", self.sub_title)))
        self.query_one(PlanTree).focus()
        self.query_one(FieldEditor).typed_signal.subscribe(self, self._typed, immediate=True)
        if self.session.ready:  # a plan opened after the reference had loaded
            self.reference_loaded(self.session.issues)

    async def _on_resize(self, event: events.Resize) -> None:
        """Fit the tree to the width, and lay the screen out again only when its size changed.

        Textual lays out and draws the whole screen for every resize, and the first layout tells the screen its size
        (which it was laid out at), as the App passes on the terminal's size once more after start-up: two layouts
        and frames of the whole screen while the form is being built, for nothing.
        """
        self.query_one(PlanTree).fit(event.size.width)
        if event.size == self._compositor.size and self.is_current:
            event.stop()
            event.prevent_default()  # ``Screen``'s own handler, which lays out and draws it again

    def start_form(self) -> None:
        """Show the form of the node under the cursor: called once the tree's first frame is on the screen.

        The form needs only the field specs, which load without the models; the plan's check comes after it, and
        its issues then (:meth:`reference_loaded`).
        """
        form = self.query_one(FieldEditor)
        if not self._form_on and form.is_mounted and form.is_attached:  # else at the check (the app is ending)
            self.form_starts()

    @property
    def form_built(self) -> bool:
        """Whether every widget of the form is mounted and its rows drawn: work started now (the check, the draft)
        comes after the frame that shows the form, not in its way."""
        form = self.query_one(FieldEditor)
        return all(widget.is_mounted for widget in form.walk_children(Widget)) and form.drawn

    def reference_loaded(self, issues: list[Issue]) -> None:
        """The API reference has loaded and the plan has been checked: show the issues (and the form, if not yet)."""
        if not self.query(PlanTree):  # the app is ending: the check landed as its widgets were being removed
            return
        if not self._form_on:
            self.form_starts()
        self.show_issues(issues)
        self.refresh_bindings()
        self.release_after_check()
        self.set_timer(PREPARE_AFTER, self._prepare_forms)

    def _prepare_forms(self) -> None:
        """Build, hidden, the forms of each list of objects in the plan (the components) and of its first item: the
        first move to one, from the plan's form, then shows it without building it."""
        from tui.schema import spec_at

        data = self.session.document.data
        if not isinstance(data, dict) or not self.is_attached:
            return
        form = self.query_one(FieldEditor)
        form.prepare_styles()
        for key, value in data.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                form.prepare((key, 0), value[0], spec_at((key, 0)))
                form.prepare((key,), value, spec_at((key,)))  # the list's own form (an issue of its length)

    async def _on_key(self, event: events.Key) -> None:
        """A key's binding runs as the key reaches the screen, so that keys typed behind ``/`` reach the finder; a
        key typed before the check that needs it waits for it (see ``StartUp.hold_before_check``)."""
        if self.hold_before_check(event, self.session.ready, _NEEDS_REFERENCE):
            return
        if not await bind_on_arrival(self, event):
            await super()._on_key(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The structure keys, undo, the finder and the issue jumps wait (shown dimmed) until the plan has been
        checked; typing in the form does not (what is typed is checked with the plan). In a read-only view, every
        edit is off."""
        if action in _NEEDS_REFERENCE and not self.session.ready:
            return None
        if (self.read_only and action in EDIT_ACTIONS) or self.table_refuses(action):  # dimmed; read-only says so
            return None
        return True

    # -- what the app tells it

    def show_change(self, changed: Changed | None) -> None:
        """Show what an operation of the session changed: the tree, the form, the issues, the cursor, a notice."""
        if changed is None:
            return
        if changed.paths:
            self._repaint(changed.paths, changed.typing)
            self.table_follows(changed)
            self.show_issues(changed.issues, typing=changed.typing)
        if changed.cursor is not None:
            self.go_to(changed.cursor)
        if (notice := changed.notice) is not None:
            self.notify(notice.text, severity=notice.tone, timeout=notice.timeout, markup=False)

    def _repaint(self, changed: tuple[Path, ...], typing: Path | None) -> None:
        """The document changed at ``changed``: update the tree and the form (not the field being typed in)."""
        tree = self.query_one(PlanTree)
        document = self.session.document
        tree.show_plan(document.data, changed)
        form = self.query_one(FieldEditor)
        node = form.path
        if document.has(node):
            form.retitle(document.get(node))
        if typing is not None:
            return
        if not document.has(node):
            self._show_form(tree.cursor_path)
        elif any(node[: len(path)] == path for path in changed):
            self._show_form(node)  # the node itself, or a list or object holding it, was replaced or reordered
        elif any(len(path) == len(node) + 1 and path[: len(node)] == node for path in changed):
            value = document.get(node)
            if not form.refresh_values(value if isinstance(value, dict) else None):
                self._show_form(node)

    def show_issues(self, issues: list[Issue], *, typing: Path | None = None) -> None:
        """Show ``issues``; new ones at the field being typed in wait for a pause in the typing."""
        if self._issues_timer is not None:
            self._issues_timer.stop()
            self._issues_timer = None
        self._typing = typing
        visible = issues
        if typing is not None:
            before = {issue for issue in self._shown if issue.path == typing}
            visible = [issue for issue in issues if issue.path != typing or issue in before]
            if len(visible) != len(issues):
                self._issues_timer = self.set_timer(SHOW_AFTER, self.flush_issues)
        self._shown = visible
        counts = count_issues(visible)
        self.query_one(PlanTree).show_counts(counts)
        self.table_counts(counts)
        self.query_one(IssuesPanel).show_issues(visible)
        self._show_field_issues()

    @property
    def settled(self) -> bool:
        """Whether everything the screen holds back for a pause (the form under the cursor, new errors) is shown."""
        return self._form_timer is None and self._issues_timer is None and self.query_one(FieldEditor).settled

    def flush_issues(self) -> None:
        """Show every issue now, those held back while typing included."""
        self.show_issues(self.session.issues)

    def go_to(self, path: Path) -> None:
        """Move the tree to ``path`` (or its nearest node) and, for a field, put the focus in its input."""
        tree = self.query_one(PlanTree)
        node = tree.select_path(path)
        self._show_form(node)
        if self.query_one(FieldEditor).focus_field(path):  # a field, or a list or map edited as text
            return
        tree.focus()

    def to_tree(self) -> None:
        """Put the focus back in the tree."""
        self.query_one(PlanTree).focus()

    # -- what the person does

    def _typed(self, event: FieldEditor.Edited) -> None:
        if self._form_refused():
            return
        self.show_change(self.session.typed(event.path, event.text))

    @on(FieldEditor.Chosen)
    def _chosen(self, event: FieldEditor.Chosen) -> None:
        if self.read_only:  # a form being built tells of values it was given: only a new one is an edit
            if changes(self.session.document, event.path, event.value):
                self._form_refused()
            return
        if isinstance(event.value, Unset):
            self.show_change(self.session.unset(event.path))
        else:
            self.show_change(self.session.choose(event.path, event.value, typing=event.typing))

    @on(FieldEditor.AddRequested)
    def _add_field(self, event: FieldEditor.AddRequested) -> None:
        if self._form_refused():
            return
        self.show_change(self.session.add_field(event.path))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Path]) -> None:
        if self._form_timer is not None:
            self._form_timer.stop()
        path = event.node.data or ()
        self._form_timer = self.set_timer(FORM_AFTER, lambda: self._cursor_rested(path))

    def _cursor_rested(self, path: Path) -> None:
        self._form_timer = None
        self._show_form(path, rebuild=False)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[Path]) -> None:
        self._show_form(event.node.data or (), rebuild=False)
        form = self.query_one(FieldEditor)
        first = next(iter(form.rows()), None)
        if first is not None:
            form.focus_field(first)

    @on(FieldEditor.OpenRequested)
    def _open(self, event: FieldEditor.OpenRequested) -> None:
        self.go_to(event.path)

    @on(FieldEditor.Left)
    def _left(self, event: FieldEditor.Left) -> None:
        if self._typing == event.path:
            self.flush_issues()

    @on(IssuesPanel.JumpRequested)
    def _jump(self, event: IssuesPanel.JumpRequested) -> None:
        self.go_to(event.path)

    def _show_form(self, path: Path, *, rebuild: bool = True) -> None:
        """Build the form of the node at ``path``; without ``rebuild``, only when the form shows another node."""
        if not self._form_on:
            return
        from tui.schema import spec_at

        document = self.session.document
        if not document.has(path):
            path = ()
        form = self.query_one(FieldEditor)
        if not rebuild and form.path == path and form.shown:
            return
        form.show(path, document.get(path), spec_at(path))
        self._show_field_issues()

    def _show_field_issues(self) -> None:
        """Show each field of the form the issues shown at it."""
        by_path: dict[Path, list[Issue]] = {}
        for issue in self._shown:
            by_path.setdefault(issue.path, []).append(issue)
        self.query_one(FieldEditor).show_issues(by_path)

    def _form_refused(self) -> bool:
        """In a read-only view, say so and put the form's values back: True when so."""
        if self.read_only:
            self.refusals.refuse()
            self.call_later(self._show_form, self.query_one(FieldEditor).path)
        return self.read_only

    def refuses(self, event: events.Key | events.Paste) -> bool:
        """Whether ``event`` is an edit this read-only view refuses (and says so)."""
        return self.read_only and self.refusals.refuses(event, self)

    def action_find(self) -> None:
        """Find a field by name or path."""
        from screens.finder import FinderScreen
        from tui.finding import FieldIndex

        document = self.session.document
        kept = self._finding
        if kept is None or kept[0] is not document.data or kept[1] != document.state:  # what it walked is kept
            kept = self._finding = (document.data, document.state, FieldIndex(document.data))
        finder = FinderScreen(document.data, replace=None if self.read_only else self.replace_value, index=kept[2])

        async def found(path: Path | None) -> None:
            if path is None:
                return
            form = self.query_one(FieldEditor)
            form.hold_keys()  # typed during the jump: meant for the field found
            batch = self.app.batch_update()  # the screen drawn once, with the finder gone and the field found
            batch.__enter__()
            try:
                if finder.closed is not None:
                    await finder.closed  # its removal lays the screen out: the jump's changes come in that layout
                    await self._app_turn()  # and so does what the App does after it
                form.pass_keys(finder.held or [])  # typed before the finder closed: before those held since
                self.go_to(path)
                await asyncio.sleep(0)  # a turn of the loop: the widgets changed ask the screen for their layout
            finally:  # after those asks (in the screen's queue): one layout for all
                form.end_hold()
                self.app.call_later(batch.__exit__, None, None, None)

        self.app.push_screen(finder, found)

    async def _app_turn(self) -> None:
        """Wait till the App has done what it was asked to do so far."""
        turn = asyncio.get_running_loop().create_future()

        def done() -> None:  # a Python function: Textual reads a built-in's signature by parsing its text (~7 ms)
            turn.set_result(None)

        self.app.call_next(done)
        await turn

    def can_view_entire(self, widget: Widget) -> bool:
        """Whether ``widget`` shows whole; a list's items take the focus where they are and show their cursor's line
        themselves (the screen would scroll to their first)."""
        return isinstance(widget, ItemRows) or super().can_view_entire(widget)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        """Focus the widget before the focused one; a list's items, come to from below, from their last."""
        widget = super().focus_previous(selector)
        if isinstance(widget, ItemRows):
            widget.move_to(len(widget.items) - 1)
        return widget

    def action_review(self) -> None:
        """Review what would be sent, then send it."""
        self.post_message(self.ReviewRequested(self))

    def action_to_tree(self) -> None:
        """Stop waiting for an update in flight; else go back to the tree."""
        self.post_message(self.BackRequested(self))

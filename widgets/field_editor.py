"""The form for the node under the tree's cursor, built from the schema's field specs and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from tui.fields import FieldSpec, Kind
from tui.outline import node_label, value_text
from tui.text import printable
from tui.types import JSON, Issue, Path, Severity
from widgets.branch_row import BranchRow
from widgets.field_row import (
    UNSET,
    FieldInput,
    FieldRow,
    Unset,
    edited_as_text,
    enclosing,
    holds_escapes,
    is_switch,
    is_text_area,
    news,
    parse_lines,
)
from widgets.focus_style import RestylesAlone
from widgets.form_rows import fits, object_plan, object_rows, retarget, shaped_rows
from widgets.form_shelf import FormKeeper
from widgets.item_rows import ItemRows
from widgets.key_hold import KeyCatcher
from widgets.unset_row import UnsetRow

if TYPE_CHECKING:
    from textual.widgets import Switch, TextArea

__all__ = ["BranchRow", "FieldEditor", "FieldRow", "Unset", "UnsetRow"]


class FieldEditor(FormKeeper, RestylesAlone):
    """The form of one node. It says what the person typed or chose; it never changes the document itself."""

    DEFAULT_CSS = """
    FieldEditor {
        height: 1fr;
        padding: 0 1;
        overflow-y: scroll;
        & > .form-help { dock: bottom; height: 3; background: $boost; color: $text-muted; }
        & .form-title { text-style: bold; height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
        & > .form-body { height: auto; }
        & .field-help { height: 1; color: $text-muted; }
    }
    """

    @dataclass
    class Edited:
        """Text typed into a field, published on :attr:`FieldEditor.typed_signal`; kept even when it does not parse."""

        path: Path
        text: str

    @dataclass
    class Chosen(Message):
        """A value chosen with a select, a switch or a text area (``on_field_editor_chosen``)."""

        path: Path
        value: JSON | Unset
        typing: bool = False
        """Whether it came from typing in a text area (more keystrokes are likely to follow)."""

    @dataclass
    class OpenRequested(Message):
        """The person asked to open a nested object or list (``on_field_editor_open_requested``)."""

        path: Path

    @dataclass
    class AddRequested(Message):
        """The person asked to add an optional object or list that is not set (``on_field_editor_add_requested``)."""

        path: Path

    @dataclass
    class Left(Message):
        """Focus left a field (``on_field_editor_left``): time to show its issues."""

        path: Path

    def __init__(self, *, id: str | None = None, plan: Callable[[], JSON] | None = None) -> None:
        super().__init__(id=id, plan=plan)
        self._catcher = KeyCatcher()
        self._key_hold = self._catcher.hold
        """Keys typed while a field found or jumped to is being built: they are meant for it (see ``focus_field``)."""
        self._focusing: Widget | None = None
        """The widget to take the focus once the form is on the screen (see ``_focus_row``), while it waits."""
        self._help = Static("", classes="form-help")
        self._help_text = Text()
        """The focused field's whole description and issues."""
        self.typed_signal: Signal[FieldEditor.Edited] = Signal(self, "typed")
        """Text typed into a field, published in the keystroke's own turn of the loop (see ``FieldInput``).

        A subscriber that reacts at once (``immediate=True``) has what it repaints drawn in the same frame as the
        key's echo; a message would reach it only after the echo's frame, and cost a second one.
        """

    def compose(self) -> ComposeResult:
        yield self._catcher
        yield self._help
        if self._body is None:
            self._body = Vertical(classes="form-body")  # a place for the first form to be swapped into
        yield self._body

    def show_help(self, row: FieldRow) -> None:
        """Show a field's whole description and all its issues in the help bar."""
        text = Text()
        for issue in row.issues:
            mark = "✗ " if issue.severity is Severity.ERROR else "! "
            text.append(mark + printable(issue.message) + "\n", style="bold")
        text.append(row.help_text)
        if text != self._help_text:
            self._help_text = text
            self._help.update(text, layout=False)

    @property
    def shown(self) -> bool:
        """Whether the form shows a node yet."""
        return bool(self._rows)

    @property
    def drawn(self) -> bool:
        """Whether the rows of the form shown are laid out on the screen: Textual draws a layout in the turn that
        makes it, so the frame that shows them has been made."""
        return bool(self._rows) and all(row.region for row in self._rows if row.display)

    @property
    def settled(self) -> bool:
        """Whether the form on the screen is the last one built (none waits to be swapped in)."""
        return self._swapping is None

    def show(self, path: Path, value: JSON, spec: FieldSpec | None) -> None:
        """Build the form for the node at ``path`` (its secrets masked).

        A form of the same shape (another component, say) is not built again: its rows show the new node's values,
        whether they are on the screen or kept hidden since the form last showed a node of that shape.
        """
        if self._reuse(path, value, spec) or self._recall(path, value, spec):
            return
        self.path = path
        self.secrets_shown = False
        self._title_text = node_label(path, value) + self.where(path)
        self._title = Static(Text(self._title_text), classes="form-title")
        rows: list[Widget] = [self._title]
        shaped = shaped_rows(path, value, spec)  # a form that can be kept for the next node of its spec
        if shaped is not None:
            rows += shaped
        elif spec is not None and edited_as_text(spec):
            rows.append(FieldRow(path, spec, value, True))
        elif isinstance(value, dict):
            rows += object_rows(path, value, None)
        body = Vertical(*rows, classes="form-body")
        keepable = spec if shaped is not None else None
        keep = not (keepable is not None and spec is self._spec) and self._stash()
        old, self._body, self._rows = self._body, body, rows
        self._spec = keepable
        if keepable is not None:
            self._shelf.drop(keepable)  # kept, but it did not fit this node: this form takes its place
        self._listen(rows)
        if not self.is_mounted:  # not composed yet: compose mounts this body
            return
        if old is None:
            self.mount(body)
        else:  # keep the old form on the screen until the new one is built, so that moving never shows a blank
            body.display = False
            self.mount(body, after=old)
            self._swapping = body
            self._hold_frames()  # the jump's tree and panel are drawn with the new form, in one frame
            self.call_after_refresh(self._swap, old, body, keep)

    def prepare_styles(self) -> None:
        """Read the styles of a list's form now (its items' widget), while nothing waits: Textual reads a widget's
        own styles when the first of its kind is mounted, and then sorts every style of the screen again, which the
        first jump to a list (the plan's components) would otherwise pay for."""
        stylesheet = self.app.stylesheet
        for read_from, css, tie_breaker, scope in ItemRows((), [])._get_default_css():
            stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
        stylesheet.rules_map  # noqa: B018 -- read (and sorted) now rather than at the first list's form

    def _leave(self) -> None:
        """Tell the screen that the field typed in is left (its node is no longer the form's)."""
        focused = next((row for row in self.rows().values() if row.editor.has_focus), None)
        if focused is not None:
            self.post_message(self.Left(focused.path))

    def _reuse(self, path: Path, value: JSON, spec: FieldSpec | None) -> bool:
        """Show the object at ``path`` in the rows on the screen, when they are the rows it needs; else False."""
        if spec is None or spec.kind is not Kind.OBJECT or not isinstance(value, dict) or self.secrets_shown:
            return False
        if not self.shown or self._swapping is not None or self._title is None or not self.is_mounted:
            return False
        plan = list(object_plan(path, value, spec))
        rows = self._rows[1:]
        if not fits(rows, plan):
            return False
        self._leave()
        self.path = path
        self.retitle(value)
        retarget(rows, plan)
        self.scroll_home(animate=False, immediate=True)  # in the frame that shows the new values
        return True

    def fill_in(self, row: UnsetRow) -> None:
        """Replace an unset field's line with its input and put the focus there (the document is not touched)."""
        parent = row.parent
        if parent is None:  # the form is still being built: once it is
            self.call_after_refresh(self.fill_in, row)
            return
        if row not in self._rows:
            return
        field = FieldRow(row.path, row.spec, None, False)
        self._rows[self._rows.index(row)] = field
        self._listen([field])
        assert isinstance(parent, Widget)
        parent.mount(field, after=row)
        row.remove()
        if self._key_hold.holding:  # a jump's: the keys held are the field's
            self._focusing = field.editor
            self.call_after_refresh(self._focus_row, field.editor, field)
        else:
            self.call_after_refresh(field.editor.focus)

    def retitle(self, value: JSON) -> None:
        """Name the node again (its name or batch may have just been typed); a one-line title needs no layout."""
        title = node_label(self.path, value) + self.where(self.path)
        if self._title is not None and title != self._title_text:
            self._title_text = title
            self._title.update(Text(title), layout=False)

    def reveal_secrets(self, values: Mapping[Path, JSON]) -> bool:
        """Show the form's secrets as they are (``values``: the document's, by path), or mask them again.

        Returns whether they are shown now; False also when the form has none.
        """
        secrets = [row for row in self.rows().values() if row.secret]
        if not secrets:
            return False
        self.secrets_shown = not self.secrets_shown
        for row in secrets:
            value = values.get(row.path)
            editor = row.editor
            if not self.secrets_shown and is_text_area(editor) and editor.text != row.last:
                # typed just now, its Changed not handled yet: tell it first, so masking cannot drop it
                value = parse_lines(row.spec, editor.text)
                row.last = editor.text
                self.post_message(self.Chosen(row.path, value, typing=True))
            row.reveal(self.secrets_shown, value)
        return self.secrets_shown

    def rows(self) -> dict[Path, FieldRow]:
        """The field rows of the form, by path."""
        return {row.path: row for row in self._rows if isinstance(row, FieldRow)}

    def show_issues(self, by_path: Mapping[Path, list[Issue]], *, withhold: Path | None = None) -> None:
        """Show each field's issues; a field being typed in keeps showing what it showed (see ``withhold``)."""
        for path, row in self.rows().items():
            if path == withhold:
                continue
            row.show_issues(by_path.get(path, []))
        for unset in self._rows:
            if isinstance(unset, UnsetRow):
                unset.show_issues(by_path.get(unset.path, []))
        focused = next((row for row in self.rows().values() if row.editor.has_focus), None)
        if focused is not None:
            self.show_help(focused)

    def refresh_values(self, plan_value: Mapping[str, JSON] | None) -> bool:
        """Put the document's current values in inputs that show something else (after an undo, say).

        False when that is not enough: a field shown as unset now has a value, so the form must be rebuilt.
        """
        if plan_value is None:
            return True
        if any(isinstance(row, UnsetRow) and row.path[-1] in plan_value for row in self._rows):
            return False
        for path, row in self.rows().items():
            key = path[-1]
            if not isinstance(key, str):
                continue
            present = key in plan_value
            value = plan_value.get(key)
            if row.locked and (present, value) != (row.present, row.value):
                return False  # a read-only value changed (undone, say): its row is built again
            if not row.locked and present and row.spec.kind is not Kind.CHOICE and holds_escapes(value):
                return False  # a value now shown escaped needs a read-only row
            editor = row.editor
            if isinstance(editor, Input):
                text = value_text(value) if present else ""
                if editor.value != text:
                    row.last = text  # first: the input tells of its new value as it is set
                    with editor.prevent(Input.Changed):
                        editor.value = text
            elif isinstance(editor, Select):
                wanted = value if present else Select.NULL
                if editor.value != wanted:
                    with editor.prevent(Select.Changed):
                        editor.value = wanted
                    row.last = wanted
            elif is_switch(editor) and isinstance(value, bool) and editor.value != value:
                with editor.prevent(editor.Changed):
                    editor.value = value
                row.last = value
        return True

    def focus_field(self, path: Path) -> bool:
        """Put the focus in the editor of the field at ``path``; False when the form has no such field."""
        for row in self._rows:
            if isinstance(row, UnsetRow) and row.path == path:
                self.fill_in(row)
                return True
            if isinstance(row, FieldRow) and row.path == path:
                self._focus_soon(row.editor, row)
                return True
            if isinstance(row, BranchRow) and row.path == path:
                self._focus_soon(row, row)
                return True
            if isinstance(row, ItemRows) and path[:-1] == row.path and path[-1] in range(len(row.items)):
                assert isinstance(path[-1], int)
                row.cursor = path[-1]
                self._key_hold.start()
                self._focusing = row
                self.call_after_refresh(self._focus_row, row, row)
                return True
        return False

    def _focus_soon(self, target: Widget, row: Widget) -> None:
        """Focus ``target`` now when it is on the screen, else hold the keys typed till it is (see ``focus_field``)."""
        laid_out = bool(row.region)  # a form kept hidden is laid out once it shows: the row's place is known then
        ready = target.is_attached and self._swapping is None and self._focusing is None
        if ready and (laid_out or self._scroll_ahead(row)):
            self.screen.set_focus(target, scroll_visible=False)  # one change of focus: each repaints and restyles
            self._key_hold.release()  # keys held for the jump (see ``hold_keys``) are the field's
            if isinstance(row, FieldRow):
                self.show_help(row)  # now, not when the focus's message comes: in the same frame as the field
            if laid_out:  # with the form's other scroll (a form shown in the rows there starts at its top)
                self.scroll_to_widget(row, animate=False, top=True, immediate=True)
            return
        self._key_hold.start()  # the field takes the focus once it is on the screen: keys till then are its
        self._focusing = target
        self.call_after_refresh(self._focus_row, target, row)  # after the new form is on the screen

    def _under(self) -> int:
        return self._help.outer_size.height  # the help bar

    def hold_keys(self) -> None:
        """Hold the keys typed from now till a field takes the focus (a jump's, see ``focus_field``)."""
        self._key_hold.start()

    def end_hold(self) -> None:
        """Hand on the keys held (see ``hold_keys``) now, unless a field is about to take the focus and them."""
        if self._focusing is None:
            self._key_hold.release()

    def pass_keys(self, keys: list[events.Key]) -> None:
        """Keys typed ahead elsewhere, for the field about to take the focus (or whatever has it)."""
        self._key_hold.pass_keys(keys)

    def on_key(self, event: events.Key) -> None:
        """Hold a key typed ahead of the field being built (see ``focus_field``)."""
        self._key_hold.take(event)

    def _focus_row(self, target: Widget, row: Widget) -> None:
        if not target.is_attached and row in self._rows and self._key_hold.holding:
            # Mounting the new form takes its own turns of the loop, which a refresh may come before: try again.
            self.call_after_refresh(self._focus_row, target, row)
            return
        if target.is_attached:
            self.screen.set_focus(target, scroll_visible=False)
        if self._focusing is target:
            self._focusing = None
        self._key_hold.release()
        # Once the form has been laid out: the row at the top, so that where it lands does not depend on timing.
        if isinstance(row, ItemRows):
            self.call_after_refresh(row.show_cursor, top=True)
        else:
            self.call_after_refresh(self.scroll_to_widget, row, animate=False, top=True)

    def on_mount(self) -> None:
        self._listen(self._rows)  # a form built before the editor was mounted

    def _listen(self, rows: Iterable[Widget]) -> None:
        """Hear the inputs of ``rows`` in each keystroke's own turn (see ``typed_signal``)."""
        if not self.is_running:
            return  # ``on_mount`` listens
        for row in rows:
            if isinstance(row, FieldRow) and isinstance(row.editor, FieldInput):
                row.editor.changed_signal.subscribe(self, self._value_changed, immediate=True)

    def _value_changed(self, editor: Input) -> None:
        """Tell what was typed (once: the input's ``Changed`` that follows finds it told already)."""
        row = news(editor, editor.value)
        if row is not None and not row.locked:
            self.typed_signal.publish(self.Edited(row.path, editor.value))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._value_changed(event.input)

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        row = news(event.select, event.value)
        if row is not None:
            value = UNSET if event.value is Select.NULL else event.value
            self.post_message(self.Chosen(row.path, value))  # type: ignore[arg-type]

    def on_switch_changed(self, event: Switch.Changed) -> None:  # named, not @on: Switch loads with the first form
        event.stop()
        row = news(event.switch, event.value)
        if row is not None:
            self.post_message(self.Chosen(row.path, event.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:  # named, not @on, as Switch's
        event.stop()
        row = news(event.text_area, event.text_area.text)
        if row is not None and not row.locked:  # what a read-only row shows is escaped: never the value
            self.post_message(self.Chosen(row.path, parse_lines(row.spec, event.text_area.text), typing=True))

    @on(BranchRow.Opened)
    def _branch_opened(self, event: BranchRow.Opened) -> None:
        event.stop()
        self.post_message(self.OpenRequested(event.path))

    @on(ItemRows.Opened)
    def _item_opened(self, event: ItemRows.Opened) -> None:
        event.stop()
        self.post_message(self.OpenRequested(event.path))

    @on(BranchRow.AddRequested)
    def _branch_added(self, event: BranchRow.AddRequested) -> None:
        event.stop()
        self.post_message(self.AddRequested(event.path))

    @on(UnsetRow.FillRequested)
    def _fill_requested(self, event: UnsetRow.FillRequested) -> None:
        event.stop()
        self.fill_in(event.row)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        row = enclosing(event.widget, FieldRow)
        if row is not None:
            self.show_help(row)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        row = enclosing(event.input, FieldRow)
        if row is not None:
            self.post_message(self.Left(row.path))

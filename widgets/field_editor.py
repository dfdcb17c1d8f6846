"""The form for the node under the tree's cursor, built from the schema's field specs and nothing else."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static, Switch, TextArea
from textual.widgets._select import SelectOverlay

from tui.fields import FieldSpec, Kind
from tui.outline import node_label, value_text
from tui.types import JSON, Issue, Path, Severity

__all__ = ["FieldEditor", "FieldRow", "Unset"]


class Unset:
    """The choice that removes a field's key (as opposed to setting it to null)."""


UNSET = Unset()
_TEXT_KINDS = (Kind.TEXT, Kind.INTEGER, Kind.NUMBER, Kind.UNION)


def _kind_words(spec: FieldSpec) -> str:
    if spec.kind is Kind.UNION:
        return "integer or percent"
    if spec.kind is Kind.STRING_MAP:
        return "key: value per line"
    if spec.kind is Kind.LIST and spec.item is not None and spec.item.kind is Kind.TEXT:
        return "one per line"
    return str(spec.kind)


class ChoiceSelect(Select[str | int]):
    """A select that tolerates being removed before its parts are composed (forms are rebuilt as the cursor moves)."""

    def _on_mount(self, event: events.Mount) -> None:
        if not self.query(SelectOverlay):
            event.prevent_default()  # removed before it was composed: there is nothing to set up


class _IssueLine(Widget):
    """A widget with one line that shows issues: it keeps them, and draws them once it is mounted."""

    issues: list[Issue]

    def show_issues(self, issues: list[Issue]) -> None:
        """Show these issues (redrawn only when they changed)."""
        if issues == self.issues:
            return
        self.issues = list(issues)
        if self.is_mounted:
            self._render_line()

    def _render_line(self) -> None:
        raise NotImplementedError

    def _issue_text(self, prefix: str) -> Text:
        """``prefix`` and the first issue, marked and coloured by its severity (``(+n)`` for more)."""
        issue = self.issues[0]
        kind = "error" if any(i.severity is Severity.ERROR for i in self.issues) else "warning"
        mark = "✗ " if issue.severity is Severity.ERROR else "! "
        more = f" (+{len(self.issues) - 1})" if len(self.issues) > 1 else ""
        text = Text(prefix)
        text.append(mark + issue.message + more, style=self.get_component_rich_style(f"{self._style_prefix}--{kind}"))
        return text

    _style_prefix = ""


class FieldRow(Vertical, _IssueLine):
    """One field: its name (``*`` when required), an input for its kind, and one line below it.

    The line shows the field's first issue when it has one, else the start of its help; it never changes height,
    so that showing or clearing an issue while typing costs a repaint, not a new layout. The form's help bar
    shows the focused field's whole description and every issue.
    """

    COMPONENT_CLASSES = {"field-row--help", "field-row--error", "field-row--warning"}
    """The line under the field: help, an error, a warning."""

    DEFAULT_CSS = """
    FieldRow {
        height: 2;
        &.tall { height: 5; }
        & > Horizontal { height: 1; }
        &.tall > Horizontal { height: 4; }
        & .field-name { width: 20; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
        & .field-name.required { color: $text; }
        & Input, & Select { width: 1fr; }
        & Switch { width: auto; height: 1; border: none; padding: 0; }
        & TextArea { height: 4; width: 1fr; }
        & .field-line { height: 1; padding-left: 20; text-wrap: nowrap; text-overflow: ellipsis; }
        & > .field-row--help { color: $text-muted; }
        & > .field-row--error { color: $error; }
        & > .field-row--warning { color: $warning; }
    }
    """

    def __init__(self, path: Path, spec: FieldSpec, value: JSON, present: bool) -> None:
        super().__init__()
        self.path = path
        self.spec = spec
        self.value = value
        self.present = present
        self.editor = self._editor()
        """The input, select, switch or text area that edits the field."""
        self.last: object = _editor_value(self.editor)
        """What the editor held when it last told the form (widgets also report the value they are built with)."""
        self.issues: list[Issue] = []
        """The issues the row shows."""
        self._line = Static("", classes="field-line")
        if isinstance(self.editor, TextArea):
            self.add_class("tall")

    @property
    def help_text(self) -> str:
        """The field's description and what it takes, as the help bar shows it."""
        spec = self.spec
        words = _kind_words(spec)
        if spec.pattern_words:
            words = f"{words}: {spec.pattern_words}"
        return f"{spec.help} ({words})" if spec.help else f"({words})"

    def compose(self) -> ComposeResult:
        spec = self.spec
        name = Text(spec.name or str(self.path[-1]))
        if spec.required:
            name.append(" *")
        with Horizontal():
            yield Static(name, classes="field-name required" if spec.required else "field-name")
            yield self.editor
        yield self._line

    def on_mount(self) -> None:
        self._render_line()

    def _editor(self) -> Widget:
        spec, value = self.spec, self.value
        if spec.kind is Kind.CHOICE:
            options: list[tuple[Text, str | int]] = [(Text(value_text(choice)), choice) for choice in spec.choices]
            if self.present and isinstance(value, str | int) and value not in spec.choices:
                options.append((Text(f"{value_text(value)} (not in the reference)"), value))
            current = value if self.present and isinstance(value, str | int) else Select.NULL
            return ChoiceSelect(options, value=current, allow_blank=not spec.required, prompt="(not set)", compact=True)
        if spec.kind is Kind.BOOLEAN and (not self.present or isinstance(value, bool)):
            return Switch(value=bool(value) if self.present else False)
        if spec.kind is Kind.STRING_MAP or spec.kind is Kind.LIST:
            return TextArea(_lines(spec, value), soft_wrap=False, show_line_numbers=False)
        placeholder = "(not set)" if not self.present else ""
        text = value_text(value) if self.present else ""
        return Input(text, placeholder=placeholder, select_on_focus=False, compact=True)

    _style_prefix = "field-row"

    def _render_line(self) -> None:
        if self.issues:
            text = self._issue_text("")
        else:
            first = self.spec.help.split("\n")[0] if self.spec.help else ""
            text = Text(first or f"({_kind_words(self.spec)})", style=self.get_component_rich_style("field-row--help"))
        self._line.update(text, layout=False)
        if self.editor.has_focus:
            form = _enclosing(self, FieldEditor)
            if form is not None:
                form.show_help(self)

    @property
    def issues_shown(self) -> str:
        """The text of the field's issues as shown (empty when it shows none)."""
        return "\n".join(issue.message for issue in self.issues)


def _edited_as_text(spec: FieldSpec) -> bool:
    """Whether a list or map is edited as lines of text (strings one a line, ``key: value`` pairs) in one field."""
    if spec.kind is Kind.STRING_MAP:
        return True
    return spec.kind is Kind.LIST and spec.item is not None and spec.item.kind in _TEXT_KINDS


def _lines(spec: FieldSpec, value: JSON) -> str:
    if spec.kind is Kind.STRING_MAP and isinstance(value, dict):
        return "\n".join(f"{key}: {value_text(item)}" for key, item in value.items())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(value)  # type: ignore[arg-type]
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def parse_lines(spec: FieldSpec, text: str) -> JSON:
    """The value of a string map (``key: value`` lines) or a list of strings (one a line) typed in a text area."""
    lines = [line for line in text.split("\n") if line.strip()]
    if spec.kind is Kind.STRING_MAP:
        result: dict[str, JSON] = {}
        for line in lines:
            key, _, item = line.partition(":")
            result[key.strip()] = item.strip()
        return result
    return [line.strip() for line in lines]


class BranchRow(Static, can_focus=True):
    """A nested object or list, shown as a link: ``enter`` opens it in the tree (or adds it when absent)."""

    DEFAULT_CSS = """
    BranchRow {
        height: 1;
        padding-left: 1;
        color: $accent;
        &:focus { background: $accent 30%; }
    }
    """

    BINDINGS = [Binding("enter", "open", "Open", id="form.open_branch")]

    def __init__(self, path: Path, spec: FieldSpec | None, value: JSON, present: bool) -> None:
        super().__init__()
        self.path = path
        self.spec = spec
        self.present = present
        text = f"▸ {node_label(path, value)}" if present else f"+ {path[-1]}  (not set: enter adds it)"
        self.update(Text(text))

    def action_open(self) -> None:
        """Ask to open the branch (or to add it)."""
        if self.present:
            self.post_message(FieldEditor.OpenRequested(self.path))
        elif self.spec is not None:
            self.post_message(FieldEditor.AddRequested(self.path))


class UnsetRow(Static, _IssueLine, can_focus=True):
    """An optional field that is not set: one line until the person asks to fill it in (``enter``)."""

    DEFAULT_CSS = """
    UnsetRow {
        height: 1;
        color: $text-muted;
        &:focus { background: $accent 30%; }
        & > .unset-row--error { color: $error; }
        & > .unset-row--warning { color: $warning; }
    }
    """

    BINDINGS = [Binding("enter", "fill", "Fill in", id="form.fill_in")]

    COMPONENT_CLASSES = {"unset-row--error", "unset-row--warning"}
    """The mark of an unset field that must be set (an error) or had better be (a warning)."""

    def __init__(self, path: Path, spec: FieldSpec) -> None:
        super().__init__(Text(f"{spec.name:<19} (not set: enter fills it in)"))
        self.path = path
        self.spec = spec
        self.issues: list[Issue] = []

    _style_prefix = "unset-row"

    def on_mount(self) -> None:
        if self.issues:
            self._render_line()

    def _render_line(self) -> None:
        prefix = f"{self.spec.name:<19} "
        text = self._issue_text(prefix) if self.issues else Text(prefix + "(not set: enter fills it in)")
        self.update(text, layout=False)

    def action_fill(self) -> None:
        """Turn the line into the field's input, with the focus in it."""
        form = _enclosing(self, FieldEditor)
        if form is not None:
            form.fill_in(self)


class FieldEditor(VerticalScroll):
    """The form of one node. It says what the person typed or chose; it never changes the document itself."""

    DEFAULT_CSS = """
    FieldEditor {
        height: 1fr;
        padding: 0 1;
        & > .form-help { dock: bottom; height: 3; background: $boost; color: $text-muted; }
        & .form-title { text-style: bold; height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
        & > .form-body { height: auto; }
        & .field-help { height: 1; color: $text-muted; }
    }
    """

    @dataclass
    class Edited(Message):
        """Text typed into a field (``on_field_editor_edited``); kept even when it does not parse."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path: Path = ()
        """The node the form shows."""
        self._rows: list[Widget] = []
        self._body: Vertical | None = None
        self._title: Static | None = None
        self._title_text = ""
        self._help = Static("", classes="form-help")
        """The focused field's whole description and issues."""

    def compose(self) -> ComposeResult:
        yield self._help
        if self._body is None:
            self._body = Vertical(Static(Text("Loading the API reference…"), classes="form-title"), classes="form-body")
        yield self._body

    def show_help(self, row: FieldRow) -> None:
        """Show a field's whole description and all its issues in the help bar."""
        text = Text()
        for issue in row.issues:
            mark = "✗ " if issue.severity is Severity.ERROR else "! "
            text.append(mark + issue.message + "\n", style="bold")
        text.append(row.help_text)
        self._help.update(text, layout=False)

    @property
    def shown(self) -> bool:
        """Whether the form shows a node yet."""
        return bool(self._rows)

    def show(self, path: Path, value: JSON, spec: FieldSpec | None) -> None:
        """Build the form for the node at ``path``."""
        self.path = path
        self._title_text = node_label(path, value) + _where(path)
        self._title = Static(Text(self._title_text), classes="form-title")
        rows: list[Widget] = [self._title]
        if spec is not None and spec.kind is Kind.OBJECT and isinstance(value, dict):
            rows += self._object_rows(path, value, spec)
        elif spec is not None and _edited_as_text(spec):
            rows.append(FieldRow(path, spec, value, True))
        elif isinstance(value, list):
            rows += [BranchRow((*path, i), spec.item if spec else None, item, True) for i, item in enumerate(value)]
            rows.append(Static(Text("a adds an item · d deletes · c duplicates · K/J move"), classes="field-help"))
        elif isinstance(value, dict):
            rows += self._object_rows(path, value, None)
        body = Vertical(*rows, classes="form-body")
        old, self._body, self._rows = self._body, body, rows
        if not self.is_mounted:  # not composed yet: compose mounts this body
            return
        if old is None:
            self.mount(body)
        else:  # keep the old form on the screen until the new one is built, so that moving never shows a blank
            body.display = False
            self.mount(body, after=old)
            self.call_after_refresh(self._swap, old, body)

    def _swap(self, old: Widget, body: Widget) -> None:
        with self.app.batch_update():
            old.remove()
            body.display = True
        self.scroll_home(animate=False)

    def _object_rows(self, path: Path, value: Mapping[str, JSON], spec: FieldSpec | None) -> Iterable[Widget]:
        fields = spec.fields if spec is not None else {}
        names = list(fields) + [key for key in value if key not in fields]
        for name in names:
            field = fields.get(name) or FieldSpec(name, Kind.TEXT, help="A key the API reference does not list.")
            child_path = (*path, name)
            present = name in value
            item = value.get(name)
            as_text = _edited_as_text(field)
            if (
                field.kind is Kind.OBJECT
                or (field.kind is Kind.LIST and not as_text)
                or (isinstance(item, dict | list) and not as_text)
            ):
                yield BranchRow(child_path, field, item, present)
            elif not present and not field.required:
                yield UnsetRow(child_path, field)
            else:
                yield FieldRow(child_path, field, item, present)

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
        assert isinstance(parent, Widget)
        parent.mount(field, after=row)
        row.remove()
        self.call_after_refresh(field.editor.focus)

    def retitle(self, value: JSON) -> None:
        """Name the node again (its name or batch may have just been typed); a one-line title needs no layout."""
        title = node_label(self.path, value) + _where(self.path)
        if self._title is not None and title != self._title_text:
            self._title_text = title
            self._title.update(Text(title), layout=False)

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
            editor = row.editor
            if isinstance(editor, Input):
                text = value_text(value) if present else ""
                if editor.value != text:
                    with editor.prevent(Input.Changed):
                        editor.value = text
                    row.last = text
            elif isinstance(editor, Select):
                wanted = value if present else Select.NULL
                if editor.value != wanted:
                    with editor.prevent(Select.Changed):
                        editor.value = wanted
                    row.last = wanted
            elif isinstance(editor, Switch) and isinstance(value, bool) and editor.value != value:
                with editor.prevent(Switch.Changed):
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
                self.call_after_refresh(self._focus_row, row.editor, row)  # after the new form is on the screen
                return True
            if isinstance(row, BranchRow) and row.path == path:
                self.call_after_refresh(self._focus_row, row, row)
                return True
        return False

    def _focus_row(self, target: Widget, row: Widget) -> None:
        target.focus()
        self.call_after_refresh(self.scroll_to_widget, row, animate=False)  # once the form has been laid out

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        row = _news(event.input, event.value)
        if row is not None:
            self.post_message(self.Edited(row.path, event.value))

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        row = _news(event.select, event.value)
        if row is not None:
            value = UNSET if event.value is Select.NULL else event.value
            self.post_message(self.Chosen(row.path, value))  # type: ignore[arg-type]

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        event.stop()
        row = _news(event.switch, event.value)
        if row is not None:
            self.post_message(self.Chosen(row.path, event.value))

    @on(TextArea.Changed)
    def _lines_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        row = _news(event.text_area, event.text_area.text)
        if row is not None:
            self.post_message(self.Chosen(row.path, parse_lines(row.spec, event.text_area.text), typing=True))

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        row = _enclosing(event.widget, FieldRow)
        if row is not None:
            self.show_help(row)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        row = _enclosing(event.input, FieldRow)
        if row is not None:
            self.post_message(self.Left(row.path))


def _editor_value(editor: Widget) -> object:
    if isinstance(editor, Input | Select | Switch):
        return editor.value
    if isinstance(editor, TextArea):
        return editor.text
    return None


_W = TypeVar("_W", bound=Widget)


def _enclosing(widget: Widget, kind: type[_W]) -> _W | None:
    """The nearest widget of ``kind`` that holds ``widget`` (or is it)."""
    return next((node for node in widget.ancestors_with_self if isinstance(node, kind)), None)


def _news(editor: Widget, value: object) -> FieldRow | None:
    """The row of an editor whose change is news; None for the echo of the value it was built with.

    Widgets report the value they are built with too; forwarding that would rewrite the document on sight
    (``"2"`` read back as ``2``).
    """
    row = _enclosing(editor, FieldRow)
    if row is None or value == row.last:
        return None
    row.last = value
    return row


def _where(path: Path) -> str:
    dotted = ".".join(str(key) for key in path)
    return f"  ({dotted})" if dotted else ""

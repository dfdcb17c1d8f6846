"""One field of a form: its name, an input for its kind, and a line for its first issue or its help."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TypeGuard, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from tui.fields import FieldSpec, Kind
from tui.outline import value_text
from tui.secrets import MASK, is_secret, mask_secrets
from tui.text import json_for_terminal, needs_escapes, printable
from tui.types import JSON, Issue, Path, Severity
from widgets.key_order import InOrderInput
from widgets.lines_box import fit_lines

if TYPE_CHECKING:
    from textual.widgets import Switch, TextArea

__all__ = [
    "LOCKED_HELP",
    "LOCKED_LINE",
    "UNSET",
    "ChoiceSelect",
    "FieldInput",
    "FieldRow",
    "IssueLine",
    "LockedValue",
    "Unset",
    "edited_as_text",
    "enclosing",
    "holds_escapes",
    "is_switch",
    "is_text_area",
    "news",
    "parse_lines",
]


class Unset:
    """The choice that removes a field's key (as opposed to setting it to null)."""


UNSET = Unset()
_TEXT_KINDS = (Kind.TEXT, Kind.INTEGER, Kind.NUMBER, Kind.UNION)

LOCKED_LINE = "read-only: control characters; e edits as JSON"
"""The line under a field whose value holds characters shown as escapes (when it has no issue to show)."""
LOCKED_HELP = "Read-only: it holds control characters, shown as escapes (\\x1b); e edits it as JSON. "
"""What the help bar says of such a field, before its description."""


def holds_escapes(value: JSON) -> bool:
    """Whether a value, or any string in it (a map's keys too), shows escaped: such a field is read-only."""
    if isinstance(value, str):
        return needs_escapes(value)
    if isinstance(value, dict):
        return any(needs_escapes(key) or holds_escapes(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_escapes(item) for item in value)
    return False


class LockedValue(Static, can_focus=True):
    """A one-line value that holds characters a terminal would act on, shown escaped and never edited in place.

    What is on the screen (``\\x1b``) is not what is stored (ESC): an input holding it would store the escape
    the moment a key was typed. ``e`` (the screen's) edits the node as JSON instead.
    """

    DEFAULT_CSS = """
    LockedValue {
        height: 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { background: $accent 30%; }
    }
    """


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

    def on_mount(self, event: events.Mount) -> None:
        """Skip ``Select``'s own set-up when it has no parts: it would look for them and fail."""
        if not self.children or not self.query("SelectCurrent > #label"):
            event.prevent_default()  # removed before it was composed: there is nothing to set up


class FieldInput(InOrderInput):
    """The input of a text, number or integer field: an ``Input`` that costs less per keystroke, keys in order.

    ``Input`` keeps its text's width in ``virtual_size``, which asks for a layout of the whole screen on every
    keystroke that changes the text's length (and that layout repaints every scroll bar). A field's row has a fixed
    size whatever its text, so here the width is a repaint.

    ``changed_signal`` tells of a new value as it is set, in the keystroke's own turn. ``Input.Changed`` comes a
    turn later: the input has by then sent its echo to the screen, which draws it before anything that reacts to
    the message, so reacting to the message costs a second frame.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))
    """The text's width (for scrolling it): unlike ``Widget``'s, no layout when it changes."""

    def __init__(self, value: str, *, placeholder: str, password: bool) -> None:
        self.changed_signal: Signal[FieldInput] = Signal(self, "changed")
        """Published with the input whenever its value changes, before ``Input.Changed`` is sent."""
        super().__init__(value, placeholder=placeholder, select_on_focus=False, compact=True, password=password)

    def watch_value(self) -> None:
        """Tell of the new value now, in the turn that set it (see the class's docstring)."""
        self.changed_signal.publish(self)


class IssueLine(Widget):
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
        style = self.get_component_rich_style(f"{self._style_prefix}--{kind}")
        text.append(mark + printable(issue.message) + more, style=style)
        return text

    _style_prefix = ""


class FieldRow(IssueLine):
    """One field: its name (``*`` when required), an input for its kind, and one line below it.

    The line shows the field's first issue when it has one, else the start of its help; it never changes height,
    so that showing or clearing an issue while typing costs a repaint, not a new layout. The form's help bar
    shows the focused field's whole description and every issue.

    The row draws its name and its line itself; its only child is the input. Every widget on the screen costs
    time in every frame, and a form has dozens of rows.
    """

    COMPONENT_CLASSES = {
        "field-row--name",
        "field-row--required",
        "field-row--help",
        "field-row--error",
        "field-row--warning",
    }
    """The field's name (of a required field), and the line under the field: help, an error, a warning."""

    DEFAULT_CSS = """
    FieldRow {
        height: 2;
        layout: vertical;
        &.tall { height: 5; }
        & > * { margin-left: 20; width: 1fr; }
        & Switch { width: auto; height: 1; border: none; padding: 0; }
        & TextArea { height: 4; }
        & > .field-row--name { color: $text-muted; }
        & > .field-row--required { color: $text; }
        & > .field-row--help { color: $text-muted; }
        & > .field-row--error { color: $error; }
        & > .field-row--warning { color: $warning; }
    }
    """

    NAME_WIDTH = 20
    """The columns of the field's name, left of its input (and the indent of the line below)."""

    def __init__(self, path: Path, spec: FieldSpec, value: JSON, present: bool) -> None:
        super().__init__()
        self.path = path
        self.spec = spec
        self.value = value
        self.present = present
        self.secret = is_secret(path)
        """Whether the value is a secret, masked on screen until revealed."""
        self.locked = present and spec.kind is not Kind.CHOICE and holds_escapes(value)
        """Whether the value holds characters shown as escapes, so that the field is read-only (see LOCKED_HELP)."""
        self.editor = self._editor()
        """The input, select, switch or text area that edits the field."""
        self.last: object = _editor_value(self.editor)
        """What the editor held when it last told the form (widgets also report the value they are built with)."""
        self.issues: list[Issue] = []
        """The issues the row shows."""
        if is_text_area(self.editor):
            self.add_class("tall")
            fit_lines(self, self.editor)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """A line more or less: the box follows (the form hears the change too)."""
        fit_lines(self, event.text_area)

    def on_resize(self) -> None:
        """A narrower or wider box may show or hide its horizontal scroll bar, which takes a line."""
        if is_text_area(self.editor):
            fit_lines(self, self.editor)

    @property
    def help_text(self) -> str:
        """The field's description and what it takes, as the help bar shows it."""
        spec = self.spec
        words = _kind_words(spec)
        if spec.pattern_words:
            words = f"{words}: {spec.pattern_words}"
        told = f"{spec.help} ({words})" if spec.help else f"({words})"
        return LOCKED_HELP + told if self.locked else told

    def compose(self) -> ComposeResult:
        yield self.editor

    def render(self) -> Text:
        width = self.NAME_WIDTH
        name = Text(printable(self.spec.name or str(self.path[-1])))  # an unknown key is the plan's own text
        if self.spec.required:
            name.append(" *")
        name.truncate(width - 1, overflow="ellipsis")
        name.stylize(self.get_component_rich_style("field-row--required" if self.spec.required else "field-row--name"))
        line = self._line_text()
        line.truncate(max(1, self.size.width - width), overflow="ellipsis")
        blank = "\n" * (self.size.height - 2)
        return Text.assemble(name, blank, "\n", " " * width, line, no_wrap=True, end="")

    def _editor(self) -> Widget:
        spec, value = self.spec, self.value
        if spec.kind is Kind.CHOICE:
            options: list[tuple[Text, str | int]] = [(Text(value_text(choice)), choice) for choice in spec.choices]
            if self.present and isinstance(value, str | int) and value not in spec.choices:
                options.append((Text(f"{printable(value_text(value))} (not in the reference)"), value))
            current = value if self.present and isinstance(value, str | int) else Select.NULL
            return ChoiceSelect(options, value=current, allow_blank=not spec.required, prompt="(not set)", compact=True)
        if spec.kind is Kind.BOOLEAN and (not self.present or isinstance(value, bool)):
            from textual.widgets import Switch  # the form's heavier widgets load with the first field that needs one

            _LOADED["Switch"] = Switch
            return Switch(value=bool(value) if self.present else False)
        if spec.kind is Kind.STRING_MAP or spec.kind is Kind.LIST:
            from textual.widgets import TextArea

            _LOADED["TextArea"] = TextArea
            if self.secret or self.locked:  # shown masked and read-only until revealed (see ``reveal``), or for good
                shown = _lines(spec, mask_secrets(value, self.path) if self.secret else value)
                return TextArea(shown, soft_wrap=False, show_line_numbers=False, read_only=True)
            return TextArea(_lines(spec, value), soft_wrap=False, show_line_numbers=False)
        if self.locked:
            return LockedValue(Text(MASK if self.secret else printable(value_text(value))))
        placeholder = "(not set)" if not self.present else ""
        text = value_text(value) if self.present else ""
        return FieldInput(text, placeholder=placeholder, password=self.secret)

    def retarget(self, path: Path, value: JSON, present: bool, *, check: bool = False) -> bool:
        """Show the same field of another node (``path``): its value in this row's editor, no widget built.

        False, and nothing changed, when the editor this row has is not the one the value needs; with ``check``,
        only says whether it is.
        """
        spec, editor = self.spec, self.editor
        if present != self.present or self.locked or holds_escapes(value) or is_secret(path) != self.secret:
            return False
        unlisted = (present and value not in spec.choices) or (self.present and self.value not in spec.choices)
        switch = spec.kind is Kind.BOOLEAN and (not present or isinstance(value, bool))
        if isinstance(editor, Select):
            if unlisted:  # its options name a value the reference does not list: built for that value
                return False
        elif is_switch(editor) != switch or not (isinstance(editor, Input) or switch or is_text_area(editor)):
            return False
        if check:
            return True
        # What the row draws itself (the name, the line under it) changes only with the issues, which go, and for a
        # field without a name of its own, with the key it is shown under: the editor repaints its new value.
        redraw = bool(self.issues) or (not spec.name and path[-1:] != self.path[-1:])
        self.path, self.value = path, value
        self.issues = []
        if isinstance(editor, Input):
            text = value_text(value) if present else ""
            self.last = text  # first: the input tells of its new value as it is set
            with editor.prevent(Input.Changed):
                editor.value = text
                editor.cursor_position = len(text)
        elif isinstance(editor, Select):
            wanted = value if present else Select.NULL
            self.last = wanted
            with editor.prevent(Select.Changed):
                editor.value = wanted
        elif is_switch(editor):
            self.last = bool(value) if present else False
            with editor.prevent(editor.Changed):
                editor.value = bool(value) if present else False
        elif is_text_area(editor):
            self.last = _lines(spec, value)
            editor.load_text(self.last)
        if redraw:
            self.refresh()
        return True

    def reveal(self, show: bool, value: JSON) -> None:
        """Show a secret field's value (``value``, the document's) as it is, or mask it again."""
        if not self.secret:
            return
        editor = self.editor
        if isinstance(editor, Input):
            editor.password = not show
        elif isinstance(editor, LockedValue):
            editor.update(Text(printable(value_text(value)) if show else MASK))
        elif is_text_area(editor):
            text = _lines(self.spec, value if show else mask_secrets(value, self.path))
            self.last = text  # the text put in is not an edit
            editor.read_only = self.locked or not show
            editor.load_text(text)

    _style_prefix = "field-row"

    def _line_text(self) -> Text:
        if self.issues:
            return self._issue_text("")
        if self.locked:
            return Text(LOCKED_LINE, style=self.get_component_rich_style("field-row--warning"))
        first = self.spec.help.split("\n")[0] if self.spec.help else ""
        return Text(first or f"({_kind_words(self.spec)})", style=self.get_component_rich_style("field-row--help"))

    def _render_line(self) -> None:
        """Repaint the line under the field (its last)."""
        self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    @property
    def issues_shown(self) -> str:
        """The text of the field's issues as shown (empty when it shows none)."""
        return "\n".join(issue.message for issue in self.issues)


_LOADED: dict[str, type[Widget]] = {}
"""Textual's Switch and TextArea, once a field needed one: they load with the first field that uses them (a
TextArea brings its document, its themes and tree-sitter's hooks), and a form's editor is built only by
:class:`FieldRow`."""


def is_switch(editor: Widget) -> TypeGuard[Switch]:
    """Whether a form's ``editor`` is a Switch, without importing it: no field built one unless it was loaded."""
    kind = _LOADED.get("Switch")
    return kind is not None and isinstance(editor, kind)


def is_text_area(editor: Widget) -> TypeGuard[TextArea]:
    """Whether a form's ``editor`` is a TextArea, without importing it (see :func:`is_switch`)."""
    kind = _LOADED.get("TextArea")
    return kind is not None and isinstance(editor, kind)


def edited_as_text(spec: FieldSpec) -> bool:
    """Whether a list or map is edited as lines of text (strings one a line, ``key: value`` pairs) in one field."""
    if spec.kind is Kind.STRING_MAP:
        return True
    return spec.kind is Kind.LIST and spec.item is not None and spec.item.kind in _TEXT_KINDS


def _lines(spec: FieldSpec, value: JSON) -> str:
    """The text a text area shows for a map or list, each key and item escaped on its own line (see ``locked``)."""
    if spec.kind is Kind.STRING_MAP and isinstance(value, dict):
        return "\n".join(f"{printable(key)}: {printable(value_text(item))}" for key, item in value.items())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(printable(item) for item in value)  # type: ignore[arg-type]
    return "" if value is None else json_for_terminal(json.dumps(value, ensure_ascii=False))


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


def _editor_value(editor: Widget) -> object:
    if isinstance(editor, Input | Select) or is_switch(editor):
        return editor.value
    if is_text_area(editor):
        return editor.text
    return None


_W = TypeVar("_W", bound=Widget)


def enclosing(widget: Widget, kind: type[_W]) -> _W | None:
    """The nearest widget of ``kind`` that holds ``widget`` (or is it)."""
    return next((node for node in widget.ancestors_with_self if isinstance(node, kind)), None)


def news(editor: Widget, value: object) -> FieldRow | None:
    """The row of an editor whose change is news; None for the echo of the value it was built with.

    Widgets report the value they are built with too; forwarding that would rewrite the document on sight
    (``"2"`` read back as ``2``).
    """
    row = enclosing(editor, FieldRow)
    if row is None or value == row.last:
        return None
    row.last = value
    return row

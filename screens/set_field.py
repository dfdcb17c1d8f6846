"""Set one field on many components: a prompt for the field (completed from the schema) and its value."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.text import printable
from widgets.first_keys import FirstKeys, FirstKeysInput

if TYPE_CHECKING:
    from tui.bulk import BulkResult
    from tui.fields import FieldSpec

__all__ = ["SetFieldScreen"]

_PLACEHOLDER: Final = "checked by the field's rules; empty removes it"
"""The value's box, empty, before a field it can say the value of is typed."""

HINTS: Final = 5
"""How many fields the list under the field's box offers at most."""


def _fields(prefix: str, limit: int | None = None) -> list[str]:
    from tui.bulk import component_fields  # the schema's field list, read when the prompt first asks for it

    return component_fields(prefix, limit=limit)


def _spec(field: str) -> FieldSpec | None:
    """The spec of ``field``, a path inside a component; None when it is not one."""
    from tui.paths import parse_path
    from tui.schema import spec_at

    try:
        inner = parse_path(field.strip())
    except ValueError:
        return None
    return spec_at(("components", 0, *inner)) if inner else None


def _choices(spec: FieldSpec | None) -> tuple[str, ...]:
    """The values a field documents (a choice's, or a boolean's), as typed; none for any other field."""
    from tui.fields import Kind

    if spec is None:
        return ()
    if spec.kind is Kind.BOOLEAN:
        return ("true", "false")
    return tuple(str(choice) for choice in spec.choices) if spec.kind is Kind.CHOICE else ()


def _completion(typed: str) -> str | None:
    """The field ``typed`` completes to (``dep`` -> ``deploy_strategy.type``), a whole name to itself; without
    regard to case; None when no field starts with it."""
    wanted = typed.casefold()
    if not wanted:
        return None
    starting = [path for path in _fields(wanted) if path.casefold().startswith(wanted)]
    return next((path for path in starting if path.casefold() == wanted), starting[0] if starting else None)


class _FieldNames(Suggester):
    """Completes a field inside a component, shown in the box as Textual's ``Input`` shows a suggestion."""

    async def get_suggestion(self, value: str) -> str | None:
        return _completion(value)


class _Choices(Suggester):
    """Completes a value from the field's documented choices (the field is the one in the field's box)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False)  # the choices change with the field
        self.choices: tuple[str, ...] = ()
        """The values of the field named now."""

    async def get_suggestion(self, value: str) -> str | None:
        return next((choice for choice in self.choices if value and choice.lower().startswith(value)), None)


class _FieldInput(FirstKeysInput):
    """The field's box: ``tab`` takes the completion shown and moves on; ``up``/``down`` take a listed field."""

    BINDINGS = [
        Binding("tab", "complete", "Complete, then the value", show=False, id="set_field.complete"),
        Binding("down", "hint(1)", "Next field", show=False, id="set_field.next_field"),
        Binding("up", "hint(-1)", "Previous field", show=False, id="set_field.previous_field"),
    ]

    def take_completion(self) -> None:
        """Put the completion shown in the box (what ``right`` at the end of the box does)."""
        completion = _completion(self.value)
        if completion is not None and completion != self.value:
            self.value = completion
            self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        """Take the completion shown, then go to the value."""
        self.take_completion()
        self.screen.focus_next()

    def action_hint(self, step: int) -> None:
        """Put the next (or previous) field of the list in the box."""
        screen = self.screen
        if isinstance(screen, SetFieldScreen):
            screen.step_hint(step)


class SetFieldScreen(ModalScreen["BulkResult | None"]):
    """A field inside a component (``version``, ``deploy_strategy.type``) and the text of its value.

    ``enter`` hands both to ``apply``, which checks the value by the field's spec and makes the edit (or refuses
    it, changing nothing). A refusal shows here, with what was typed kept; an edit made closes the prompt with its
    result. ``enter`` in the field's box with no value typed yet goes to the value (an empty value removes a field).
    """

    DEFAULT_CSS = """
    SetFieldScreen {
        align: center middle;
        & > Vertical { width: 72; max-width: 100%; height: auto; border: thick $accent; background: $surface;
                       padding: 0 1; }
        & Horizontal { height: auto; }
        & .set-field-label { width: 7; }
        & Input { width: 1fr; }
        & OptionList { height: auto; max-height: 5; margin-left: 7; border: none; padding: 0;
                       background: $surface; }
        & #set-field-said { color: $error; text-style: bold; height: auto; display: none; &.-shown { display: block; } }
        & #set-field-keys { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="set_field.cancel")]

    def __init__(
        self, apply: Callable[[str, str], BulkResult], where: str, *, now: Callable[[str], str] | None = None
    ) -> None:
        """Ask for a field and a value to set in ``where`` (the components, as a person names them, printable);
        ``now`` says what they hold at a field (shown in the value's box while it is empty)."""
        super().__init__()
        self.apply = apply
        """Checks and makes the edit: the field and the value's text in, what it did (or why not) out."""
        self.now = now
        self.where = where
        self.hints: list[str] = []
        """The fields listed under the field's box, for what is typed there."""
        self.refusal = ""
        """Why the last ``enter`` changed nothing; empty before, and once the text is changed."""
        self.first_keys = FirstKeys(self)
        """Keys typed with ``=``, before the field's box had the focus: typed into it once it has."""
        self._choices = _Choices()
        self._stepped: str | None = None
        """A field put in the box from the list (``up``/``down``): the list stays as it was for it."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("Set a field in ").append(self.where)  # a name from the plan: never markup
            with Horizontal():
                yield Static(Text("field"), classes="set-field-label")
                yield _FieldInput(
                    placeholder="version, replica, source.url…", suggester=_FieldNames(), id="set-field", compact=True
                )
            hints = OptionList(id="set-field-hints", compact=True)
            hints.can_focus = False
            yield hints
            with Horizontal():
                yield Static(Text("value"), classes="set-field-label")
                yield FirstKeysInput(
                    placeholder=_PLACEHOLDER,
                    suggester=self._choices,
                    id="set-value",
                    compact=True,
                )
            yield Static(id="set-field-said")
            yield Static(Text("tab next · enter set · escape cancel"), id="set-field-keys")

    def on_mount(self) -> None:
        self._hint("")
        self.first_keys.focus(self.query_one(_FieldInput))

    def on_key(self, event: events.Key) -> None:
        self.first_keys.take(event)

    @property
    def field(self) -> str:
        """The field typed."""
        return self.query_one(_FieldInput).value

    @property
    def value(self) -> str:
        """The value typed."""
        return self.query_one("#set-value", Input).value

    @on(Input.Changed, "#set-field")
    def _field_changed(self, event: Input.Changed) -> None:
        if event.value != self._stepped:
            self._stepped = None
            self._hint(event.value)
        spec = _spec(event.value)
        self._choices.choices = _choices(spec)
        held = self.now(event.value) if self.now is not None and spec is not None else ""
        optional = spec is not None and not spec.required
        box = self.query_one("#set-value", Input)
        if held:
            box.placeholder = f"now {printable(held)}" + ("; empty removes it" if optional else "")
        else:
            box.placeholder = _PLACEHOLDER
        self._say("")

    @on(Input.Changed, "#set-value")
    def _value_changed(self) -> None:
        self._say("")

    def _hint(self, typed: str) -> None:
        self.hints = _fields(typed.strip(), limit=HINTS)
        hints = self.query_one(OptionList)
        hints.set_options(Option(Text(printable(field))) for field in self.hints)
        hints.display = bool(self.hints) and typed.strip() not in self.hints[:1]

    def step_hint(self, step: int) -> None:
        """Put the next (or previous) listed field in the field's box, the list as it was before."""
        hints = self.query_one(OptionList)
        if not self.hints or not hints.display:
            return
        shown = self.hints
        current = hints.highlighted if hints.highlighted is not None else -1 if step > 0 else len(shown)
        index = max(0, min(len(shown) - 1, current + step))
        box = self.query_one(_FieldInput)
        box.value = shown[index]
        box.cursor_position = len(box.value)
        self._stepped = box.value  # its change would list the fields for the new text: the list stays as it is
        hints.highlighted = index

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        box = self.query_one(_FieldInput)
        box.value = self.hints[event.option_index]
        box.cursor_position = len(box.value)
        box.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one(_FieldInput)
        if event.input is box:
            box.take_completion()
            if not self.value:
                self.query_one("#set-value", Input).focus()
                return
        self._apply()

    def _apply(self) -> None:
        result = self.apply(self.field, self.value)
        if result.refused:
            self._say(result.message)
        else:
            self.dismiss(result)

    def _say(self, refusal: str) -> None:
        if refusal == self.refusal:
            return
        self.refusal = refusal
        said = self.query_one("#set-field-said", Static)
        said.update(Text(f"\u2717 {printable(refusal)}" if refusal else ""))
        said.set_class(bool(refusal), "-shown")

    def action_cancel(self) -> None:
        """Close, changing nothing."""
        self.dismiss(None)

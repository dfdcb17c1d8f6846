"""A read-only view of a plan (``relplan view``): which keys would edit, and saying, once, that none will."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any, Protocol

from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.types import JSON, Path
from widgets.field_editor import FieldEditor
from widgets.field_row import Unset

__all__ = ["EDIT_ACTIONS", "READ_ONLY_SAID", "ReadOnly", "binds_edit", "changes", "edits"]

READ_ONLY_SAID = "This view is read-only: nothing in it can be changed (relplan edit opens the plan to edit it)."
"""What a key that would edit says instead."""

SAID_FOR = 5.0
"""Seconds during which more refused keys do not say it again (the notice is still on the screen)."""

EDIT_ACTIONS = frozenset(
    {"add", "delete", "duplicate", "move", "edit_json", "edit_outside", "undo", "redo"}
    | {"set_many", "bump", "paste", "replace_value"}
)
"""The editor's actions that change the plan: off in a read-only view."""

_EDIT_KEYS = EDIT_ACTIONS | {"app.save"}
"""The actions of the editor's keys that a read-only view refuses, saying so."""

_EDITING = ("delete", "cut", "paste", "undo", "redo", "toggle", "show_overlay")
"""How the actions of a field's own keys that change its value (or open a choice's list) begin."""


def binds_edit(screen: Screen[Any], event: events.Key | events.Paste) -> bool:
    """Whether ``event`` is a key ``screen`` binds to an edit (as the keymap has it, and not taken by a widget's
    own key on the way, as the issues panel's ``j``)."""
    active = screen.active_bindings.get(event.key) if isinstance(event, events.Key) else None
    return active is not None and active.node is screen and active.binding.action.partition("(")[0] in _EDIT_KEYS


def edits(focused: Widget | None, event: events.Key | events.Paste, form: type[Widget]) -> bool:
    """Whether ``event``, going to ``focused``, would change a value of the form (a ``form`` widget holds it).

    Typing, deleting, cutting and pasting in a field do, as do toggling a switch and opening a choice's list: a
    printable key, or a key the field binds to such an action. Moving in the field, copying, leaving it, and every
    key the field leaves to the screen (the screen's own say for themselves) do not.
    """
    if focused is None or not any(isinstance(node, form) for node in focused.ancestors):
        return False
    from textual.widgets import TextArea  # loaded with the first form that has one, not at start-up

    if isinstance(focused, TextArea) and focused.read_only:
        return False
    text = isinstance(focused, Input | TextArea)
    if isinstance(event, events.Paste):
        return text
    if text and (event.is_printable or (isinstance(focused, TextArea) and event.key == "enter")):
        return True
    return any(action.startswith(_EDITING) for action in _actions(type(focused), event.key))


def _actions(widget: type[Widget], key: str) -> list[str]:
    """The actions a widget's class binds ``key`` to (its own and its bases' bindings)."""
    found = []
    for cls in widget.__mro__:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            if binding.key == key:
                found.append(binding.action)
    return found


def changes(plan: Values, path: Path, value: JSON | Unset) -> bool:
    """Whether a field chosen to hold ``value`` (or to be unset) differs from what the plan holds."""
    if isinstance(value, Unset):
        return plan.has(path)
    return not (plan.has(path) and plan.get(path) == value)


class Values(Protocol):
    """The plan, read by path."""

    def has(self, path: Path) -> bool:
        """Whether the plan holds a value at ``path``."""
        ...

    def get(self, path: Path) -> JSON:
        """The value at ``path``."""
        ...


class ReadOnly:
    """Says that the view is read-only when a key would edit, once while the notice is still on the screen."""

    def __init__(self, say: Callable[[str], None], *, clock: Callable[[], float] = monotonic) -> None:
        self._say = say
        self._clock = clock
        self._said_at: float | None = None
        self.refused = 0
        """How many edits were refused."""

    def refuses(self, event: events.Key | events.Paste, screen: Screen[Any]) -> bool:
        """Whether ``event`` is an edit, and so refused (and said): a key ``screen`` binds to an edit, or a key or a
        paste that would change the value of the field that has the focus."""
        if binds_edit(screen, event) or edits(screen.focused, event, FieldEditor):
            self.refuse()
            return True
        return False

    def refuse(self) -> None:
        """An edit was asked for: count it, and say why nothing happens unless that was said a moment ago."""
        self.refused += 1
        now = self._clock()
        if self._said_at is None or now - self._said_at >= SAID_FOR:
            self._said_at = now
            self._say(READ_ONLY_SAID)

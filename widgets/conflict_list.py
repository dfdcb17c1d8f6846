"""The conflicts of a merge, one option each: where, how it stands, and the value opened, on the server and yours."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.merge import Conflict
from tui.merge_review import side_text
from widgets.readable_text import path_text

__all__ = ["ConflictList"]


def conflict_prompt(conflict: Conflict, state: str) -> Text:
    """A conflict in four lines: ``≠ order-api › version: to resolve``, then the three values."""
    path = conflict.path
    prompt = Text("≠ ")
    prompt.append_text(path_text(conflict.where))
    prompt.append(f": {state}")
    for label, value in (("opened", conflict.base), ("server", conflict.theirs), ("yours ", conflict.mine)):
        prompt.append(f"\n    {label} {side_text(value, path)}")
    return prompt


class ConflictList(OptionList):
    """The conflicts to resolve, the one to act on highlighted (``up``/``down``); the screen says what a key does."""

    DEFAULT_CSS = """
    ConflictList {
        height: auto;
        max-height: 10;
        border: none;
        padding: 0;
        &:focus { border: none; }
    }
    """

    def __init__(self, conflicts: list[Conflict], state: Callable[[Conflict], str], *, id: str | None = None) -> None:
        """List ``conflicts``; ``state`` says how each stands (``to resolve``, ``theirs taken``)."""
        self.conflicts = conflicts
        """The conflicts listed, in order: option ``i`` is ``conflicts[i]``."""
        self.state = state
        super().__init__(*(Option(conflict_prompt(c, state(c))) for c in conflicts), id=id, compact=True)

    def on_mount(self) -> None:
        if self.conflicts:
            self.highlighted = 0

    @property
    def current(self) -> Conflict | None:
        """The highlighted conflict, if any."""
        index = self.highlighted
        return self.conflicts[index] if index is not None and 0 <= index < len(self.conflicts) else None

    def restate(self, conflict: Conflict) -> None:
        """Show how ``conflict`` stands now."""
        index = self.conflicts.index(conflict)
        self.replace_option_prompt_at_index(index, conflict_prompt(conflict, self.state(conflict)))

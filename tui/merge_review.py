"""The merge a review offers when the plan changed on the server: what merges cleanly, each conflict with its three
values, the choices made by keys, and how many of their changes an overwrite would revert.

Plain Python: the App makes a :class:`ServerMerge` from the plan as opened, the plan on the server and the plan as
edited; the review shows it and resolves its conflicts (take mine, take theirs, or a value checked by the field's
rules); "Merge and send" puts :attr:`ServerMerge.plan` in the editor and sends it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tui.diff import Change
from tui.errors import EditRefusedError
from tui.merge import ABSENT, Absent, Choice, Conflict, ConflictKey, Merged, SetValue, Take, merge3
from tui.secrets import mask_secrets
from tui.text import plural, printable
from tui.types import JSON, Path

__all__ = ["SHOWN_CHARS", "ServerMerge", "choice_words", "parse_choice", "side_text"]

SHOWN_CHARS = 60
"""Characters of a conflict's value shown; the rest is cut with an ellipsis."""


def side_text(value: JSON | Absent, path: Path, limit: int = SHOWN_CHARS) -> str:
    """One side's value at ``path`` as JSON (secrets masked, printable, cut), or ``(not there)``."""
    if isinstance(value, Absent):
        return "(not there)"
    text = json.dumps(mask_secrets(value, path), ensure_ascii=False)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return printable(text)


def choice_words(choice: Choice | None) -> str:
    """How a conflict stands: ``to resolve``, ``yours kept``, ``theirs taken`` or ``value set``."""
    if choice is None:
        return "to resolve"
    if isinstance(choice, SetValue):
        return "value set" if not isinstance(choice.value, Absent) else "removed"
    return "yours kept" if choice is Take.MINE else "theirs taken"


def parse_choice(plan: JSON, path: Path, text: str) -> SetValue:
    """``text`` typed for the conflict at ``path``, parsed by the field's spec and checked by its rules in ``plan``
    (the merged plan); empty text removes an optional field.

    Raises:
        EditRefusedError: the value breaks the field's own rules, or is not JSON where the field is an object or list.
    """
    from tui.bulk import check_value
    from tui.fields import Kind, parse_unlisted
    from tui.schema import spec_at

    spec = spec_at(path)
    if text.strip() == "" and (spec is None or not spec.required):
        return SetValue(ABSENT)
    if spec is not None and spec.kind in (Kind.OBJECT, Kind.LIST, Kind.STRING_MAP):
        try:
            value: JSON = json.loads(text)
        except ValueError:
            raise EditRefusedError("Type the value as JSON (an object or a list); nothing changed.") from None
    else:
        value = spec.parse(text) if spec is not None else parse_unlisted(text)
    if _has_parent(plan, path):
        check_value(plan, path, value)
    return SetValue(value)


def _has_parent(plan: JSON, path: Path) -> bool:
    """Whether the object or list ``path`` ends in is in ``plan`` (a component mine deleted is not)."""
    from tui.errors import PathError
    from tui.paths import at

    try:
        parent = at(plan, path[:-1])
    except PathError:
        return False
    last = path[-1] if path else None
    return isinstance(parent, dict) or (isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent))


@dataclass
class ServerMerge:
    """The plan as opened (base), on the server (theirs) and as edited (mine), merged, with the choices made."""

    first: Merged
    """The merge with no choice made: what merges cleanly, and every conflict."""
    choices: dict[ConflictKey, Choice] = field(default_factory=dict)
    """The choice made for each conflict resolved so far, by its key."""
    _now: Merged | None = field(default=None, repr=False)

    @classmethod
    def of(cls, base: dict[str, JSON], theirs: dict[str, JSON], mine: dict[str, JSON]) -> ServerMerge:
        """Merge ``theirs`` and ``mine``, both changed from ``base`` (with what is taken worked out too: the App
        makes it off the screen's thread)."""
        merged = merge3(base, theirs, mine)
        _ = merged.taken
        return cls(merged)

    @property
    def theirs(self) -> dict[str, JSON]:
        """The plan on the server, as fetched for this merge."""
        return self.first.sides[1]

    @property
    def conflicts(self) -> list[Conflict]:
        """Every conflict, resolved or not, in plan order."""
        return self.first.details

    @property
    def taken(self) -> list[Change]:
        """Their changes that merge cleanly, at their paths in the merged plan."""
        return self.first.taken

    @property
    def merged(self) -> Merged:
        """The merge with the choices made so far."""
        if self._now is None:
            self._now = self.first.resolve(self.choices) if self.choices else self.first
        return self._now

    @property
    def plan(self) -> dict[str, JSON]:
        """The merged plan, with the choices made so far (mine where a conflict is still open)."""
        return self.merged.plan

    @property
    def open(self) -> int:
        """How many conflicts have no choice yet."""
        return sum(1 for conflict in self.conflicts if conflict.key not in self.choices)

    @property
    def reverts(self) -> int:
        """How many of their changes sending mine over them reverts: those taken cleanly, and every conflict."""
        return len(self.taken) + len(self.conflicts)

    def choose(self, conflict: Conflict, choice: Choice) -> None:
        """Resolve ``conflict`` with ``choice`` (a later choice replaces an earlier one)."""
        self.choices[conflict.key] = choice
        self._now = None

    def choice(self, conflict: Conflict) -> Choice | None:
        """The choice made for ``conflict``; None while it is open."""
        return self.choices.get(conflict.key)

    def value_for(self, conflict: Conflict, text: str) -> SetValue:
        """``text`` as a value for ``conflict``, checked by the field's rules (see :func:`parse_choice`)."""
        return parse_choice(self.plan, conflict.path, text)

    def summary(self) -> str:
        """``taken from the server: 2 changes; 1 conflict to resolve`` (the count of conflicts only when any)."""
        said = self.first.taken_summary()
        if not self.conflicts:
            return said
        left = self.open
        resolved = "all resolved" if not left else f"{left} to resolve"
        return f"{said}; {plural(len(self.conflicts), 'conflict')}, {resolved}"

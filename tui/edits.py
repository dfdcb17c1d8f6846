"""What the edit session's operations return and say: a view repaints a :class:`Changed` and shows a :class:`Notice`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from tui.types import JSON, Issue, Path

if TYPE_CHECKING:
    from tui.diff import Change
    from tui.drafts import Draft
    from tui.jsonfiles import ChangedOnDiskError, FileState

__all__ = ["REMOVE", "Changed", "DiskChange", "DraftOffer", "Notice", "Remove", "Tone", "quiet"]

Tone = Literal["information", "warning", "error"]
"""How a notice is shown: as Textual's notification severities."""


class Remove:
    """The type of :data:`REMOVE`."""

    def __repr__(self) -> str:
        return "REMOVE"


REMOVE: Final = Remove()
"""Given as a value to :meth:`tui.session.EditSession.edit_many`: remove the key or list item at that path."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the person, as plain text (whoever shows it makes it printable)."""

    text: str
    tone: Tone = "information"
    timeout: float | None = None
    """Seconds it stays; None for the usual time."""
    subtitle: str | None = None
    """A new subtitle for the editor when the notice changes it (who else has the plan open)."""


@dataclass(frozen=True, slots=True)
class Changed:
    """What an operation changed, for a view to repaint exactly that."""

    paths: tuple[Path, ...]
    """The nodes replaced, added, removed or reordered (each with everything under it); empty when none was."""
    issues: list[Issue]
    """Every issue of the plan as it is now, the server's included (the session's own list: read, never change)."""
    cursor: Path | None = None
    """Where the cursor goes next (a new item, the neighbour of a deleted one), or None to leave it."""
    typing: Path | None = None
    """The field being typed in, whose new errors wait for a pause in the typing."""
    notice: Notice | None = None
    """What to tell the person about the change, if anything."""


@dataclass(frozen=True, slots=True)
class DraftOffer:
    """A draft left by an editor that ended, which differs from the plan as opened: what the offer shows."""

    draft: Draft
    plan: dict[str, JSON]
    """The plan as opened, to show what restoring the draft changes."""
    baseline_moved: bool
    """Whether the plan changed where it lives since the draft was made."""


@dataclass(frozen=True, slots=True)
class DiskChange:
    """A file that changed on disk since it was read: what it held then and now, and what changed there."""

    error: ChangedOnDiskError
    """What the save found: the file's path and what it holds now."""
    base: dict[str, JSON] | None
    """What the file held when it was read (or last saved); None when it cannot be read."""
    theirs: dict[str, JSON] | None
    """What it holds now; None when it cannot be read."""
    changes: list[Change] | None
    """What changed on disk, by path; None when either side cannot be read."""
    unreadable: str
    """Why the file cannot be read, when it cannot."""

    @classmethod
    def read(cls, error: ChangedOnDiskError, was: FileState) -> DiskChange:
        """The change ``error`` found, from what the file held (``was``) and holds now."""
        from tui.diff import diff
        from tui.errors import RelplanError
        from tui.jsonfiles import plan_format
        from tui.jsontext import decode, parse_json, parse_toml

        try:
            parse = parse_toml if plan_format(error.path) == "toml" else parse_json
            theirs, base = parse(decode(error.now.raw)), parse(decode(was.raw))
        except RelplanError as problem:
            return cls(error, None, None, None, str(problem))
        return cls(error, base, theirs, diff(base, theirs), "")


def quiet(notice: Notice) -> None:
    """Tells no one: for a session nobody shows (a unit test, a plan not open yet)."""

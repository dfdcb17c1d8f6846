"""Review before sending: what changed, what is wrong, where it goes, and whether someone changed it meanwhile."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from screens.review_merge import MergeReview, Review
from tui.diff import Change, ChangeKind
from tui.paths import format_path
from tui.readable import ChangeGroup, group_changes, readable, summarize
from tui.secrets import mask_secrets
from tui.target import Target
from tui.text import plural, printable
from tui.types import JSON, Path
from widgets.change_list import ChangeList
from widgets.readable_text import component_text, path_text

if TYPE_CHECKING:
    from tui.merge_review import ServerMerge

__all__ = ["PlanValues", "Review", "ReviewScreen", "change_line", "grouped_lines"]

SHOWN_VALUE_CHARS = 120
"""Characters of a value shown in a change line; the rest is cut with an ellipsis."""

HEADING_STYLE = Style(bold=True)
"""A component's heading in the review: its name and how many changes it has."""


def _literal(value: JSON, path: Path = ()) -> str:
    """``value`` as JSON, its secrets masked, cut to :data:`SHOWN_VALUE_CHARS`."""
    text = json.dumps(mask_secrets(value, path), ensure_ascii=False)
    if len(text) > SHOWN_VALUE_CHARS:
        text = text[: SHOWN_VALUE_CHARS - 1] + "…"
    return printable(text)


def change_line(change: Change, plan: JSON = None) -> str:
    """One change as text: ``~ path`` with the value it had and has, ``+ path: new``, ``- path: old``, or a move.

    Values are shown as JSON, literally, so that ``"2"`` and ``2`` read differently; secrets are masked. Given the
    ``plan`` the change is in, the path names its component (``orders-000 › version``).
    """
    path = change.path
    where = readable(path, plan).text if plan is not None else printable(format_path(path))
    if change.kind is ChangeKind.ADDED:
        return f"+ {where}: {_literal(change.new, path)}"
    if change.kind is ChangeKind.REMOVED:
        return f"- {where}: {_literal(change.old, path)}"
    if change.kind is ChangeKind.MOVED:
        return f"↕ {where} (was at {printable(format_path(change.old_path or ()))})"
    return f"~ {where}\n    was {_literal(change.old, path)}\n    now {_literal(change.new, path)}"


def grouped_lines(groups: list[ChangeGroup]) -> list[Text]:
    """Every change, one line each, under a heading per component that counts them: ``orders-037 #37: 3 changes``.

    Built in one pass over the groups. The index is dim; everything from the plan (names, keys, values) arrives
    printable and is added as text with styles, never read as markup.
    """
    lines: list[Text] = []
    for group in groups:
        heading = component_text(group.title, group.index, style=HEADING_STYLE)
        heading.append(f": {_counted(group)}")
        lines.append(heading)
        lines.extend(Text(line) for change in group.changes for line in _inside_lines(group, change))
    return lines


def _counted(group: ChangeGroup) -> str:
    """A group's size: ``3 changes (2 changed, 1 added)``, ``1 change``, or ``added`` or ``removed`` for a whole
    component."""
    if group.removed:
        return "removed"
    if len(group.changes) == 1 and group.changes[0].kind is ChangeKind.ADDED and len(group.changes[0].path) == 2:
        return "added"
    count = plural(len(group.changes), "change")
    return f"{count} ({group.summary})" if len(group.counts) > 1 else count


def _inside_lines(group: ChangeGroup, change: Change) -> tuple[str, ...]:
    """One change of ``group``, by its path inside the component, indented under the group's heading."""
    where, path = group.where(change) or "the component", change.path
    if change.kind is ChangeKind.ADDED:
        return (f"  + {where}: {_literal(change.new, path)}",)
    if change.kind is ChangeKind.REMOVED:
        return (f"  - {where}: {_literal(change.old, path)}",)
    if change.kind is ChangeKind.MOVED:
        before = change.old_path or ()
        was = f"#{before[1]}" if len(before) == 2 and before[0] == "components" else format_path(before)
        return (f"  ↕ {where} moved (was at {printable(str(was))})",)
    return (f"  ~ {where}", f"      was {_literal(change.old, path)}", f"      now {_literal(change.new, path)}")


class PlanValues(Protocol):
    """The plan as edited, read by path: what the review shows as "yours" beside a change on the server."""

    def has(self, path: Path) -> bool:
        """Whether the plan holds a value at ``path``."""
        ...

    def get(self, path: Path) -> JSON:
        """The value at ``path``."""
        ...

    @property
    def data(self) -> dict[str, JSON]:
        """The whole plan as edited (read, never changed)."""
        ...

    @property
    def baseline(self) -> dict[str, JSON]:
        """The plan as it was opened (read, never changed)."""
        ...


class ReviewScreen(MergeReview):
    """The diff against what was opened, the issues' count, the target, and the lost-update check.

    ``enter`` on the focused button sends; ``escape`` goes back. With errors in the plan the focus starts on Back
    and the send button says what sending means. With changes on the server since the plan was opened, the review
    shows the merge with them (see :class:`~screens.review_merge.MergeReview`): "Merge and send" once every
    conflict is resolved, or "Overwrite their changes".
    """

    DEFAULT_CSS = """
    ReviewScreen {
        align: center middle;
        & > Vertical { width: 100%; max-width: 110; height: 100%; max-height: 40; border: thick $accent;
                       background: $surface; padding: 0 1; }
        & .review-line { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
        & #review-changes { height: 1fr; border-top: hkey $panel; border-bottom: hkey $panel; }
        & #review-buttons { height: 1; align-horizontal: right; }
        & Button { margin-left: 2; }
        & .-errors { color: $error; }
        & .-warning { color: $warning; }
    }
    """

    BINDINGS = [Binding("escape", "back", "Back", id="review.back"), *MergeReview.MERGE_BINDINGS]

    @dataclass
    class CheckRequested(Message):
        """Check whether the plan on the server is still as it was opened (the lost-update check).

        Handled by ``RelplanApp.on_review_screen_check_requested``.
        """

        review: ReviewScreen

        @property
        def control(self) -> ReviewScreen:
            """The review that asks."""
            return self.review

    def __init__(self, changes: list[Change], mine: PlanValues, errors: int, warnings: int, target: Target) -> None:
        """Review ``changes`` (of the plan ``mine``) with the plan's issue counts, before sending to ``target``."""
        super().__init__()
        self.changes = changes
        """What changed since the plan was opened."""
        self.mine = mine
        self.errors = errors
        self.warnings = warnings
        self.target = target
        """Where the plan goes (only said: the screen sends nothing)."""
        self.server_changes: list[Change] | None = None
        """What changed on the server since the plan was opened; None until checked (or when it could not be)."""

    def compose(self) -> ComposeResult:
        groups = group_changes(self.changes, self.mine.data, self.mine.baseline)
        with Vertical() as box:
            box.border_title = "Review and send"
            yield Static(Text(f"To: {printable(self.target.describe())}"), classes="review-line")
            size = summarize(groups) if self.changes else "No changes to send"
            summary = f"{size}; {plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
            yield Static(
                Text(summary), id="review-summary", classes="review-line -errors" if self.errors else "review-line"
            )
            yield Static(Text("Checking the plan on the server…"), id="review-server", classes="review-line")
            nothing = [Text("No changes to send: the plan is as it was opened.")]
            yield ChangeList(grouped_lines(groups) if self.changes else nothing, id="review-changes")
            with Horizontal(id="review-buttons"):
                yield Button("Back", id="review-back", compact=True)
                if self.changes:
                    yield Button(
                        "Send anyway" if self.errors else "Send", id="review-send", variant="primary", compact=True
                    )

    def on_mount(self) -> None:
        self.query_one("#review-send" if self.changes and not self.errors else "#review-back", Button).focus()
        self.post_message(self.CheckRequested(self))

    def check_failed(self, reason: str) -> None:
        """Say that the plan on the server could not be checked, and why."""
        line = self.query_one("#review-server", Static)
        line.update(Text(f"! Could not check the plan on the server: {printable(reason)}"))
        line.add_class("-warning")

    def show_server_changes(self, changes: list[Change], merge: ServerMerge | None = None) -> None:
        """Show what changed on the server since the plan was opened; with changes, Send gives way to the
        ``merge`` with them (else to Overwrite)."""
        line = self.query_one("#review-server", Static)
        self.server_changes = changes
        if not changes:
            line.update(Text("The plan on the server is as it was when opened."))
            return
        if merge is not None:
            line.add_class("-warning")
            for send in self.query("#review-send"):
                send.remove()
            taken = grouped_lines(group_changes(merge.taken, merge.first.plan, merge.first.sides[2]))
            self.show_merge(merge, taken=taken)
            return
        places = plural(len(changes), "place")
        line.update(Text(f"! Someone changed the plan on the server since it was opened, at {places}:"))
        line.add_class("-errors")
        listing = self.query_one("#review-changes", ChangeList)
        listing.prepend([Text("Your changes:")])
        listing.prepend((row for change in changes for row in self._three_ways(change)), warning=True)
        self.query_one("#review-back", Button).focus()
        # Another button, not a new label: a press of Send on its way now still means Send, which the client
        # refuses when the plan changed on the server.
        for send in self.query("#review-send"):
            send.remove()
        if not self.changes:  # nothing of yours to send: overwriting would only revert theirs
            return
        overwrite = Button("Overwrite their changes", id="review-overwrite", variant="error", compact=True)
        self.query_one("#review-buttons").mount(overwrite)

    def _three_ways(self, change: Change) -> list[Text]:
        """One change on the server: the value when opened, on the server now, and in this editor."""
        path = change.path
        where = Text("≠ ")
        where.append_text(path_text(readable(path, self.mine.baseline)))
        if change.kind is ChangeKind.MOVED:
            where.append(f" moved (was at {printable(format_path(change.old_path or ()))})")
            return [where]
        opened = _literal(change.old, path) if change.kind is not ChangeKind.ADDED else "(not there)"
        server = _literal(change.new, path) if change.kind is not ChangeKind.REMOVED else "(removed)"
        yours = _literal(self.mine.get(path), path) if self.mine.has(path) else "(not there)"
        return [where, Text(f"    opened {opened}"), Text(f"    server {server}"), Text(f"    yours  {yours}")]

    @on(Button.Pressed, "#review-send")
    def _send(self) -> None:
        self.dismiss(Review.SEND)

    @on(Button.Pressed, "#review-overwrite")
    def _overwrite(self) -> None:
        self.dismiss(Review.OVERWRITE)

    @on(Button.Pressed, "#review-back")
    def action_back(self) -> None:
        """Go back to editing; nothing is sent."""
        self.dismiss(None)

"""The plan picker: the project's release plans, filtered as the person types; ``enter`` opens one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from tui.client import PlanSummary
from tui.document import Document
from tui.errors import ClientError, RelplanError
from tui.target import Target
from tui.text import moment, printable
from widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.app import RelplanApp

__all__ = ["PlanPickerScreen", "matches"]


def matches(plan: PlanSummary, query: str) -> bool:
    """Whether every word of ``query`` is in the plan's name, id, status or creator (case ignored)."""
    haystack = " ".join((plan.name, plan.id, plan.status, plan.creator)).casefold()
    return all(word in haystack for word in query.casefold().split())


class PlanPickerScreen(Screen[None]):
    """The release plans of the target's project: name, status, creator and times. Type to filter."""

    DEFAULT_CSS = """
    PlanPickerScreen {
        & #picker-filter { margin: 0 1; }
        & #picker-plans { height: 1fr; }
        & #picker-state { height: 1; padding: 0 1; color: $text-muted; }
        & #picker-state.-failed { color: $error; }
    }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="picker.down", priority=True),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.up", priority=True),
        Binding("enter", "open", "Open", id="picker.open", priority=True),
        Binding("ctrl+l", "reload", "Reload", id="picker.reload"),
        Binding("escape", "back", "Back", id="picker.back"),
    ]

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        self.plans: list[PlanSummary] = []
        """Every plan the server listed."""
        self.shown: list[PlanSummary] = []
        """The plans that match the filter, in the table's order."""

    @property
    def relplan(self) -> RelplanApp:
        return cast("RelplanApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="filter by name, id, status, creator; or a plan id or file to open",
            id="picker-filter",
            compact=True,
        )
        yield DataTable(id="picker-plans", cursor_type="row", zebra_stripes=True)
        yield Static(Text(f"Listing the plans of {printable(self.target.describe())}…"), id="picker-state")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.target.note:  # the demo: where its drafts go matters more than its stand-in's passing address
            self.title, self.sub_title = printable(self.target.note), ""
        else:
            self.title, self.sub_title = "Open a release plan", printable(self.target.endpoint)
        table = self.query_one(DataTable)
        table.add_column("name", width=22)
        table.add_column("status", width=10)
        table.add_column("creator", width=8)
        table.add_column("modified", width=16)
        table.add_column("id", width=12)
        self.query_one(Input).focus()
        self.action_reload()

    def _state(self, message: str, *, failed: bool = False) -> None:
        state = self.query_one("#picker-state", Static)
        state.update(Text(printable(message)))
        state.set_class(failed, "-failed")

    def action_reload(self) -> None:
        """Ask the server for the list again."""
        self._list()

    @work(exclusive=True, group="picker")
    async def _list(self) -> None:
        self._state(f"Listing the plans of {self.target.describe()}…")
        try:
            async with self.target.client() as client:
                plans = await client.list_plans()
        except ClientError as exc:
            self._state(f"Could not list the plans: {exc} · ctrl+l tries again", failed=True)
            return
        self.plans = sorted(plans, key=lambda plan: plan.modify_time or 0, reverse=True)
        self._show(self.query_one(Input).value)

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        self.shown = [plan for plan in self.plans if matches(plan, query)]
        table = self.query_one(DataTable)
        table.clear()
        for plan in self.shown:
            table.add_row(
                Text(printable(plan.name)),
                Text(printable(plan.status)),
                Text(printable(plan.creator)),
                moment(plan.modify_time),
                Text(printable(plan.id)),
            )
        self._state(f"{len(self.shown)} of {len(self.plans)} plans · enter opens the highlighted one")

    def action_move(self, step: int) -> None:
        """Move the highlight while the focus stays in the filter."""
        table = self.query_one(DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_open(self) -> None:
        """Open the highlighted plan; the one already open comes back as it was, edits and all.

        With no plan listed that matches, what was typed is opened as a plan file if there is such a file, else
        as the id of a plan (one the list may not show).
        """
        row = self.query_one(DataTable).cursor_row
        query = self.query_one(Input).value.strip()
        if not 0 <= row < len(self.shown):
            if query:
                self._open_typed(query)
            return
        self._ask_then_open(self.shown[row])

    def _open_typed(self, query: str) -> None:
        path = FilePath(query).expanduser()
        if not path.is_file():
            self._ask_then_open(PlanSummary(id=query, name=query))
            return
        try:
            document = Document.load(path)
        except RelplanError as exc:
            self._state(str(exc), failed=True)
            return
        self._ask_then_do(path.name, lambda: self.relplan.open_plan(document, path.name, None))

    def _ask_then_open(self, plan: PlanSummary) -> None:
        app = self.relplan
        if app.has_plan and app.session.target is not None and app.session.target.plan_id == plan.id:
            app.open_plan_back()
            return
        self._ask_then_do(plan.name or plan.id, lambda: self._open(plan))

    def _ask_then_do(self, name: str, opening: Callable[[], object]) -> None:
        """Open with ``opening``, after asking when the plan open now has edits that would be dropped."""
        if not (self.relplan.has_plan and self.relplan.session.document.dirty):
            opening()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                opening()

        from screens.confirm import ConfirmScreen

        question = (
            f"The plan open now has edits that are neither saved nor sent. Open {name}? The edits stay in a draft, "
            "offered when you open that plan again."
        )
        self.app.push_screen(ConfirmScreen(printable(question), yes="Open"), answered)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    @work(exclusive=True, group="picker")
    async def _open(self, plan: PlanSummary) -> None:
        self._state(f"Opening {plan.name or plan.id}…")
        target = replace(self.target, plan_id=plan.id)
        try:
            async with target.client() as client:
                data = await client.get_plan(plan.id)
        except ClientError as exc:
            self._state(f"Could not open {plan.name or plan.id}: {exc}", failed=True)
            return
        self.relplan.open_plan(Document(data), f"{data.get('name') or plan.id}", target)

    def action_back(self) -> None:
        """Back to the plan that is open, if one is; else clear the filter."""
        if not self.relplan.open_plan_back():
            self.query_one(Input).value = ""

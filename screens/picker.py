"""The plan picker: the project's release plans, filtered as the person types; ``enter`` opens one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from tui.plan_wire import PlanSummary
from tui.target import Target
from tui.text import moment, printable
from widgets.first_keys import FirstKeys, FirstKeysInput
from widgets.key_bar import KeyBar

__all__ = ["PlanPickerScreen", "matches"]


def matches(plan: PlanSummary, query: str) -> bool:
    """Whether every word of ``query`` is in the plan's name, id, status or creator (case ignored)."""
    haystack = " ".join((plan.name, plan.id, plan.status, plan.creator)).casefold()
    return all(word in haystack for word in query.casefold().split())


class PlanPickerScreen(Screen[None]):
    """The release plans of the target's project: name, status, creator and times. Type to filter.

    It lists and opens nothing itself: it asks with a message, and is shown the plans, or a failure, by the methods
    under "what the app shows".
    """

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

    @dataclass
    class ListRequested(Message):
        """The plans are to be listed, again or for the first time.

        Handled by ``RelplanApp.on_plan_picker_screen_list_requested``.
        """

        picker: PlanPickerScreen

        @property
        def control(self) -> PlanPickerScreen:
            """The picker that asks."""
            return self.picker

    @dataclass
    class OpenRequested(Message):
        """A plan is to be opened: a listed one by its id, or what was typed (a plan file if there is one, else a
        plan's id).

        Handled by ``RelplanApp.on_plan_picker_screen_open_requested``.
        """

        picker: PlanPickerScreen
        plan_id: str = ""
        """The id of the plan chosen from the list."""
        name: str = ""
        """The name of the plan chosen from the list."""
        typed: str = ""
        """What was typed in the filter when no listed plan matched it."""

        @property
        def control(self) -> PlanPickerScreen:
            """The picker that asks."""
            return self.picker

    @dataclass
    class BackRequested(Message):
        """Back to the plan that is open, as it was. Handled by ``RelplanApp.on_plan_picker_screen_back_requested``."""

        picker: PlanPickerScreen

        @property
        def control(self) -> PlanPickerScreen:
            """The picker that asks."""
            return self.picker

    def __init__(self, target: Target, *, plan_open: bool = False) -> None:
        """Pick from the plans of ``target``'s project; ``plan_open`` says that ``escape`` goes back to a plan."""
        super().__init__()
        self.target = target
        self.plan_open = plan_open
        """Whether a plan is open behind the picker (``escape`` goes back to it)."""
        self.plans: list[PlanSummary] = []
        """Every plan the server listed."""
        self.shown: list[PlanSummary] = []
        """The plans that match the filter, in the table's order."""
        self.first_keys = FirstKeys(self)
        """Keys typed with the key that opened the picker, before the filter had the focus: typed into it later."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FirstKeysInput(
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
        self.first_keys.focus(self.query_one(FirstKeysInput))
        self.action_reload()

    def on_key(self, event: events.Key) -> None:
        self.first_keys.take(event)

    # -- what the app shows

    def show_plans(self, plans: list[PlanSummary]) -> None:
        """Show ``plans`` (in their order), filtered by what is typed."""
        self.plans = plans
        self._show(self.query_one(Input).value)

    def show_progress(self, message: str) -> None:
        """Say what is under way (listing, opening)."""
        self._state(message)

    def show_failure(self, message: str) -> None:
        """Say what failed, as an error."""
        self._state(message, failed=True)

    def clear_filter(self) -> None:
        """Empty the filter: every plan is shown."""
        self.query_one(Input).value = ""

    # -- what the person does

    def action_reload(self) -> None:
        """Ask the server for the list again."""
        self._state(f"Listing the plans of {self.target.describe()}…")
        self.post_message(self.ListRequested(self))

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

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
        if 0 <= row < len(self.shown):
            plan = self.shown[row]
            self.post_message(self.OpenRequested(self, plan_id=plan.id, name=plan.name))
        elif query:
            self.post_message(self.OpenRequested(self, typed=query))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_back(self) -> None:
        """Back to the plan that is open, if one is; else clear the filter."""
        if self.plan_open:
            self.post_message(self.BackRequested(self))
        else:
            self.clear_filter()

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

    def _state(self, message: str, *, failed: bool = False) -> None:
        state = self.query_one("#picker-state", Static)
        state.update(Text(printable(message)))
        state.set_class(failed, "-failed")

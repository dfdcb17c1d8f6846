"""The watch view: a release followed batch by batch, as the App's watch hands over each answer of deploy-info."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from tui.releasing import Release, watch_rows
from tui.text import printable
from widgets.key_bar import KeyBar
from widgets.release_header import ReleaseHeader
from widgets.release_rows import ReleaseRows

__all__ = ["ReleaseWatchScreen"]


def _now_ms() -> int:
    return int(time.time() * 1000)


class ReleaseWatchScreen(Screen[None]):
    """Batches in ``seq`` order with their components, the plan's progress in the head, and a note under them.

    A view only: the App polls in a worker and calls :meth:`show` after each answer or failure. ``escape`` leaves
    it (the watch goes on); stopping the watch is asked of the App with :class:`StopRequested`.
    """

    DEFAULT_CSS = """
    ReleaseWatchScreen {
        & > #release-note { height: auto; max-height: 8; padding: 0 1; background: $panel; display: none; }
        & > #release-note.-shown { display: block; }
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="release.back"),
        Binding("x", "stop", "Stop watching", id="release.stop"),
    ]

    KEY_BAR_KEEP = ("release.back", "release.stop")
    """The keys the key bar keeps longest when the screen is narrow."""

    @dataclass
    class StopRequested(Message):
        """The person asked to stop watching (``on_release_watch_screen_stop_requested``)."""

        screen: ReleaseWatchScreen

        @property
        def control(self) -> ReleaseWatchScreen:
            """The watch view that asks."""
            return self.screen

    def __init__(self, release: Release, *, now_ms: Callable[[], int] = _now_ms) -> None:
        super().__init__()
        self.release = release
        """The release shown."""
        self.now_ms = now_ms
        """Where the elapsed times are counted to (epoch milliseconds)."""

    def compose(self) -> ComposeResult:
        yield ReleaseHeader(id="release-header")
        yield ReleaseRows(id="release-rows")
        yield Static(id="release-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = printable(f"Release of {self.release.facts.name}")
        self.show(self.release)
        self.query_one(ReleaseRows).focus()

    def show(self, release: Release) -> None:
        """Show how ``release`` stands now."""
        self.release = release
        if not self.query_children(ReleaseHeader):  # not composed yet: mounting shows it
            return
        self.query_one(ReleaseHeader).show(release.facts.name, release.headline(), release.tally)
        if release.info is not None:
            self.query_one(ReleaseRows).show(watch_rows(release.info, self.now_ms()))
        note = self.query_one("#release-note", Static)
        lines = release.note()
        note.set_class(bool(lines), "-shown")
        note.update(Text(printable("\n".join(lines), lines=True)))
        self.refresh_bindings()  # stopping is on offer only while the watch runs

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stopping the watch is on offer only while it runs."""
        return self.release.running if action == "stop" else True

    def action_back(self) -> None:
        """Leave the view; the release is still watched, its progress in the editor's status line."""
        self.dismiss()

    def action_stop(self) -> None:
        """Stop watching (the release goes on on the server)."""
        self.post_message(self.StopRequested(self))

"""The editor's release keys: ``f5`` releases the plan the server holds, ``f7`` shows the release being watched.

The editor only asks; the App puts the question, makes the calls in a worker and shows the watch view.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.screen import Screen

__all__ = ["ReleaseKeys"]


class ReleaseKeys(Screen[None]):
    """The release actions of the editor (their keys are in :data:`screens.editor_keys.EDITOR_KEYS`)."""

    @dataclass
    class ReleaseRequested(Message):
        """The person asked to release the plan (``f5``)."""

        editor: ReleaseKeys

        @property
        def control(self) -> ReleaseKeys:
            """The editor that asks."""
            return self.editor

    @dataclass
    class WatchRequested(Message):
        """The person asked to see the release being watched (``f7``)."""

        editor: ReleaseKeys

        @property
        def control(self) -> ReleaseKeys:
            """The editor that asks."""
            return self.editor

    def action_release(self) -> None:
        """Release the plan as the server holds it, after a confirmation."""
        self.post_message(self.ReleaseRequested(self))

    def action_watch_release(self) -> None:
        """Show the release being watched (or the last one watched)."""
        self.post_message(self.WatchRequested(self))

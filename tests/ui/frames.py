"""The frames the screen draws, and what each watched widget shows in them, line by line.

A frame is counted by the screen's own ``render_lines``: every frame draws the screen's background, after the
widgets in front of it. What a widget shows is what it drew last. Used by the tests that say a key or a jump
costs one frame, and that frame shows all it changed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

Shown = dict[str, dict[int, str]]
"""What each watched widget (by its name) shows, by the line's y."""


class Frames:
    """What the watched widgets show after each frame the screen draws, from now on."""

    def __init__(self, app: App[None], widgets: dict[str, Widget]) -> None:
        self.frames: list[Shown] = []
        self._shown: Shown = {name: {} for name in widgets}
        for name, widget in widgets.items():
            self._watch(widget, self._drawing(name, widget.render_lines))
        self._watch(app.screen, self._frame_ends(app.screen.render_lines))

    @staticmethod
    def _watch(widget: Widget, render_lines: Callable[[Region], list[Strip]]) -> None:
        widget.render_lines = render_lines  # type: ignore[method-assign,assignment]

    def _drawing(self, name: str, render_lines: Callable[[Region], list[Strip]]) -> Callable[[Region], list[Strip]]:
        def drawn(crop: Region) -> list[Strip]:
            strips = render_lines(crop)
            for y, strip in enumerate(strips, crop.y):
                self._shown[name][y] = strip.text
            return strips

        return drawn

    def _frame_ends(self, render_lines: Callable[[Region], list[Strip]]) -> Callable[[Region], list[Strip]]:
        def drawn(crop: Region) -> list[Strip]:
            self.frames.append({name: dict(lines) for name, lines in self._shown.items()})
            return render_lines(crop)

        return drawn

    def changing(self) -> list[Shown]:
        """The frames that changed what a watched widget shows."""
        changed, before = [], None
        for frame in self.frames:
            if frame != before:
                changed.append(frame)
            before = frame
        return changed

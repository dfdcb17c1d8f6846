"""A screen that draws each change once: no second layout for a size it has, no second frame for a repaint that the
layout's frame drew already.

Textual lays a screen out again for every ``Resize`` it is sent, even for the size it was just laid out at: a new
screen's first layout sends one to the screen itself, which lays it out a second time, and every screen under it
too (the whole editor, under the finder that just opened). And when a screen is to be laid out and repainted in the
same turn (a screen coming back to the front after a modal one, with the changes a jump made under it), Textual
draws the layout's frame and then the whole screen again in a second one. This is the one place relplan overrides
Textual's screen updates; the Textual reliance tests pin what it relies on.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen, ScreenResultType

__all__ = ["SteadyScreen"]


class SteadyScreen(Screen[ScreenResultType]):
    """A screen laid out once per size, drawn once per turn (see the module's docstring)."""

    def _screen_resized(self, size: Size) -> None:
        """Lay out for a new size only: the size of the last layout asks for none (the layout's changes of any
        widget ask for their own)."""
        if size != self._compositor.size:
            super()._screen_resized(size)

    def _on_timer_update(self) -> None:
        """A repaint asked for with a layout is drawn in the layout's frame: the whole screen marked dirty in it."""
        if self._layout_required and self._repaint_required and self.is_current and not self.app._batch_count:
            self._repaint_required = False
            self._dirty_widgets.add(self)
        super()._on_timer_update()

"""Keys that reach a screen before its input has the focus, handed to the input in the order they were typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget

from widgets.key_order import InOrderInput

__all__ = ["FirstKeys", "FirstKeysInput", "TakesFirstKeys"]

if TYPE_CHECKING:
    _Mixin = Widget
else:
    _Mixin = object  # a Widget base of its own puts Widget ahead of Input in the classes' order, losing Input's styles


class FirstKeys:
    """The keys a screen is sent before its first widget has the focus (typed with the key that opened it), kept for it.

    The App sends a key to the focused widget, or to the screen while nothing has the focus, which it does not until
    the screen's widgets are mounted: a burst typed with ``/`` comes to the screen first, and Textual drops it there.
    The screen passes each key it gets to :meth:`take`, and gives the focus with :meth:`focus`; the keys it kept are
    typed into the input first, then those that reached the input in the meantime, then the rest, in order.
    """

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._before: list[events.Key] | None = []
        """The keys the screen was sent before its input had the focus; None once they were typed into it."""
        self._after: list[events.Key] = []
        """The keys the input was sent once it had the focus, before those of :attr:`_before` were typed into it."""
        self._input: TakesFirstKeys | None = None

    @property
    def holding(self) -> bool:
        """Whether keys are still kept for the input."""
        return self._before is not None

    def take(self, event: events.Key) -> None:
        """Keep a key the screen got, while the input has not had those kept before it."""
        if self._before is not None:
            event.stop()
            event.prevent_default()
            self._before.append(events.Key(event.key, event.character))

    def focus(self, target: TakesFirstKeys) -> None:
        """Focus ``target`` now, and type into it, in its own turn, the keys the screen has been sent till now."""
        self._input = target
        target.first_keys = self
        self._screen.set_focus(target)  # from here the App sends keys to the input, not to the screen
        # behind every key the screen has been sent, then behind every key sent to the input meanwhile
        self._screen.call_later(target.call_later, self._release)

    def holds(self, event: events.Key) -> bool:
        """Keep a key the input got before those the screen kept were typed into it: True when kept."""
        if self._before is None:
            return False
        event.stop()
        event.prevent_default()
        self._after.append(events.Key(event.key, event.character))
        return True

    async def _release(self) -> None:
        """Type the keys kept into the input, in the input's turn: keys it was sent since wait behind them."""
        keys = [*(self._before or ()), *self._after]
        self._before, self._after = None, []
        target = self._input
        assert target is not None
        for key in keys:
            await target._dispatch_message(key)


class TakesFirstKeys(_Mixin):
    """A widget (mixed in before its class) that waits for the keys its screen kept for it (see :class:`FirstKeys`)."""

    first_keys: FirstKeys | None = None
    """The keys kept for this widget, set by :meth:`FirstKeys.focus`."""

    async def _on_key(self, event: events.Key) -> None:
        if self.first_keys is not None and self.first_keys.holds(event):
            return
        await super()._on_key(event)


class FirstKeysInput(TakesFirstKeys, InOrderInput):
    """An :class:`InOrderInput` that waits for the keys its screen kept for it (see :class:`FirstKeys`)."""

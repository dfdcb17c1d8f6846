"""Keys typed ahead of the focus, held by a widget until the field they are meant for can take them."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.timer import Timer
from textual.widget import Widget

__all__ = ["HOLD_KEYS_AT_MOST", "KeyCatcher", "KeyHold"]

HOLD_KEYS_AT_MOST = 5.0
"""Seconds keys are held for a field about to take the focus, at the most: a safety net, should it never come.

The keys are passed on as soon as the field has the focus, which on a loaded machine can take more than a second;
released early, they would reach the tree, where ``a`` adds and ``d`` deletes.
"""


class KeyHold:
    """The keys a widget holds while the field they are meant for is being built; handed on, in order, once it is.

    The widget takes the focus while it holds, so that keys typed ahead (a burst over a slow link) come to it, and
    not to whatever had the focus before, and passes each key event it gets (or a container of it gets, as they
    bubble up) to :meth:`take`.
    """

    def __init__(self, owner: Widget) -> None:
        self._owner = owner
        self._held: list[events.Key] | None = None
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        """Whether keys are being held."""
        return self._held is not None

    def start(self) -> None:
        """Give the owner the focus and hold the keys that come, until :meth:`release` (or a few seconds)."""
        if self._held is None:
            self._held = []
            self._owner.screen.set_focus(self._owner, scroll_visible=False)
            self._timer = self._owner.set_timer(HOLD_KEYS_AT_MOST, self.release)

    def take(self, event: events.Key) -> None:
        """Hold a key the owner got, while holding; else leave it to go on its way."""
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(events.Key(event.key, event.character))

    def pass_keys(self, keys: list[events.Key]) -> None:
        """Keys typed ahead elsewhere, before any held here: held with them, or handed on at once."""
        if self._held is not None:
            self._held[:0] = keys
        else:
            self._replay(keys)

    def release(self) -> None:
        """Hand the keys held to whatever has the focus now, in the order they came."""
        held, self._held = self._held, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._replay(held or ())

    def _replay(self, keys: Iterable[events.Key]) -> None:
        """Hand keys to the App as if typed now (as ``App.simulate_key`` does): it sends them where the focus is."""
        for key in keys:
            self._owner.app.post_message(events.Key(key.key, key.character))


class KeyCatcher(Widget):
    """A widget of no size that takes the focus while its :attr:`hold` holds keys, and only then.

    A container that took the focus itself would have its every widget styled again when it took it and again
    when it gave it up, which for a form of a hundred widgets costs more than building the form.
    """

    DEFAULT_CSS = """
    KeyCatcher { width: 0; height: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hold = KeyHold(self)
        """The keys held while this has the focus; they bubble up to whoever passes them to :meth:`KeyHold.take`."""

    def allow_focus(self) -> bool:
        """Focused only while holding keys: never by tab, nor by a click."""
        return self.hold.holding

"""An input that handles each key it is sent in the order the keys came, its bindings included."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

__all__ = ["InOrderInput", "bind_on_arrival", "keys_in_order"]


class InOrderInput(Input):
    """An ``Input`` that runs a key's binding when the key reaches it, not after the key has bubbled up to the App.

    Textual types a printable key in the input's own turn, but runs a binding (the input's ``backspace``, ``ctrl+u``,
    ``home``, or the screen's ``tab``) only once the key has bubbled, widget by widget, up to the App. Keys that
    arrive together (typed while the app was busy, after a jump) then land out of order: ``backspace 7`` in a field
    holding ``2`` types the ``7`` and deletes it. Here each key is done with before the next is looked at.

    A key that reaches the input after the focus has moved on (behind a ``tab`` or a jump that moved it) was typed
    for the widget that has the focus now, and goes there.
    """

    async def _on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:  # has_focus changes only when the Blur queued behind this key comes
            _send_on(self.app, event)
            return
        if not event.is_printable and await _run_binding(self.app, event):
            return
        await super()._on_key(event)


async def bind_on_arrival(screen: Screen[Any], event: events.Key) -> bool:
    """Run the binding of a key that bubbled up to ``screen`` now, as :class:`InOrderInput` does for its own keys.

    Textual runs it once the key has gone on to the App, by which time the keys typed behind it have bubbled past
    ``screen`` too: when the binding opens a screen (``/`` the finder), the App sees them with that screen in front,
    finds no binding there and drops them. Run here, the new screen is in front before they reach ``screen``, which
    sends each on to it (whatever has its focus), in the order they came. True when the key was done with here.
    """
    if screen.app.screen is not screen:  # typed behind the key that opened the screen in front: meant for it
        _send_on(screen.app, event)
        return True
    return await _run_binding(screen.app, event)


async def keys_in_order(widget: Widget, event: events.Key) -> bool:
    """What :class:`InOrderInput` does, for another widget that has the focus: a key that reaches ``widget`` after
    the focus moved on (behind a key whose binding moved it) goes where the focus is now, and a key's binding runs
    as the key reaches ``widget``. True when the key was done with here."""
    if widget.app.focused is not widget:
        _send_on(widget.app, event)
        return True
    return await _run_binding(widget.app, event)


def _send_on(app: App[Any], event: events.Key) -> None:
    """Take ``event`` from where it is and hand the key to the App as if typed now: it goes where the focus is."""
    event.stop()
    event.prevent_default()
    app.post_message(events.Key(event.key, event.character))


async def _run_binding(app: App[Any], event: events.Key) -> bool:
    """Run the binding ``event``'s key has now, looked up from the focused widget up as the App does for a key that
    bubbled up to it; True (and the event done with) when it had one."""
    if await app._check_bindings(event.key):
        event.stop()
        event.prevent_default()
        return True
    return False

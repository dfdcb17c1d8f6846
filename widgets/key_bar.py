"""The key bar: one line naming the keys the screen and the focused widget offer."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.text import printable

__all__ = ["KeyBar"]

LAST_TO_GO = ("app.quit", "app.help")
"""The keys a narrow screen keeps longest, the last first: quit, then help."""


@dataclass(frozen=True)
class _Key:
    key: str
    description: str
    enabled: bool
    rank: int


class KeyBar(Widget):
    """The keys on offer (those bound with ``show=True``), drawn as one line of text.

    Textual's ``Footer`` builds a widget for every key and builds them all again whenever the focus moves; that
    made up a fifth of the editor's start-up. This draws the same keys as text, again only when they change: they
    are read when the screen says its bindings may have changed (a move of the focus, say), and the bar repaints
    only when they did. Keys whose action cannot run yet are dimmed. When they do not fit, the least important go
    first: those the screen does not name in its ``KEY_BAR_KEEP`` (binding ids, the most important first), from the
    right, then those it names, and last of all help and quit.
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    """A key, what it does, and a key that cannot be used yet."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; background: $footer-description-background; }
        & > .key-bar--disabled { color: $text-disabled; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[_Key] | None = None
        """The keys on offer as last read (None: to be read when the bar is next drawn)."""
        self._shown_keys: dict[tuple[str, str | None], str] = {}
        """How each key is shown (`` ^s`` for ``ctrl+s``), by the key and the display its binding names."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Read the keys again, and repaint if they changed; on a screen not in front (one opening on top of it, or
        itself closing), only once it is drawn again in front: its focus moves meanwhile, each move a signal, and
        nobody sees its keys (a modal screen's own key bar covers them)."""
        if screen is not self.screen:
            return
        if self.app.screen is not screen:
            if self._keys is not None:
                self._keys = None
                self.refresh()
            return
        keys = self._offered()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _rank(self, binding: Binding, keep: tuple[str, ...]) -> int:
        """How long a key stays when the bar is too narrow: the higher, the longer."""
        return len(keep) - keep.index(binding.id) if binding.id in keep else 0

    def _keep(self) -> tuple[str, ...]:
        """The ids of the keys kept longest, the most important first: help and quit, then those the focused widget
        (or a widget holding it) names in its ``KEY_BAR_KEEP``, then those the screen names."""
        focused = self.screen.focused
        mine = (
            [key for node in focused.ancestors_with_self for key in getattr(node, "KEY_BAR_KEEP", ())]
            if focused
            else []
        )
        return (*LAST_TO_GO, *mine, *getattr(self.screen, "KEY_BAR_KEEP", ()))

    def _offered(self) -> list[_Key]:
        """The keys on offer now, each once, in the screen's order."""
        keys: list[_Key] = []
        seen: set[str] = set()
        keep = self._keep()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self._shown_keys.get((binding.key, binding.key_display))
            if key is None:  # a key may come from the config's [keymap]
                shown = f" {printable(self.app.get_key_display(binding))}"
                key = self._shown_keys[binding.key, binding.key_display] = shown
            keys.append(_Key(key, f" {binding.description}", enabled, self._rank(binding, keep)))
        return keys

    def render(self) -> Text:
        if self._keys is None:
            self._keys = self._offered()
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        shown: list[tuple[_Key, Text]] = []
        for key in self._keys:
            text = Text(no_wrap=True, end="")
            if key.enabled:
                text.append(key.key, style=key_style)
                text.append(key.description, style=description_style)
            else:
                text.append(key.key + key.description, style=disabled_style)
            shown.append((key, text))
        room = self.content_size.width
        while len(shown) > 1 and sum(text.cell_len for _, text in shown) > room:
            least = min(range(len(shown)), key=lambda index: (shown[index][0].rank, -index))
            del shown[least]
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for _, text in shown:
            line.append_text(text)
        return line

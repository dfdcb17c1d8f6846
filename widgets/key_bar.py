"""The key bar: one line naming the keys the screen and the focused widget offer."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from tui.text import printable

__all__ = ["KeyBar"]


class KeyBar(Widget):
    """The keys on offer (those bound with ``show=True``), drawn as one line of text.

    Textual's ``Footer`` builds a widget for every key and builds them all again whenever the focus moves; that
    made up a fifth of the editor's start-up. This draws the same keys as text, again only when they change.
    Keys whose action cannot run yet are dimmed.
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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = f" {printable(self.app.get_key_display(binding))}"  # a key may come from the config's [keymap]
            description = f" {binding.description}"
            if enabled:
                text.append(key, style=key_style)
                text.append(description, style=description_style)
            else:
                text.append(key + description, style=disabled_style)
        return text

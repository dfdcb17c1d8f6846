"""The keys of the screen underneath, every one, with what each does and the id that rebinds it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.text import printable

__all__ = ["HelpScreen", "key_lines", "palette_commands"]


def key_lines(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, what they do, binding id) for every binding active on ``screen``, shown in the key bar or not.

    The screen's own keys come first, then the app's, then those of the widget with the focus.
    """
    app = screen.app
    seen: dict[tuple[str, str], int] = {}
    lines: list[tuple[str, str, str]] = []
    ranked = sorted(
        screen.active_bindings.values(), key=lambda active: 0 if active[0] is screen else 1 if active[0] is app else 2
    )
    for _node, binding, _enabled, _tooltip in ranked:
        description = binding.description or binding.action
        key = (binding.action, description)
        display = printable(app.get_key_display(binding))  # a key may come from the config file's [keymap]
        if key in seen:  # several keys for one action: list them together
            index = seen[key]
            keys, what, binding_id = lines[index]
            lines[index] = (f"{keys}, {display}", what, binding_id)
            continue
        seen[key] = len(lines)
        lines.append((display, description, binding.id or ""))
    return lines


def palette_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """A command palette entry for every action of ``screen``'s keys that is enabled now, with its keys and id."""
    app = screen.app
    seen: set[str] = set()
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if not enabled or binding.action in seen or binding.action in {"command_palette", "quit", "help"}:
            continue
        seen.add(binding.action)
        keys = app.get_key_display(binding)
        yield SystemCommand(
            binding.description or binding.action,
            f"{keys} · {binding.id or binding.action}",
            partial(app.run_action, binding.action, node),
        )


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath. ``escape``, ``f1`` or ``q`` closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll { width: 100%; max-width: 90; height: 100%; max-height: 30; border: thick $accent;
                             background: $surface; padding: 0 1; }
        & Static { text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.lines = key_lines(screen)
        """(keys, what they do, binding id) of the screen underneath."""

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _, _ in self.lines), default=4) + 2
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for keys, what, binding_id in self.lines:
            text.append(keys.ljust(width), style="bold")
            text.append(what)
            if binding_id:
                text.append(f"  [{binding_id}]", style="dim")
            text.append("\n")
        text.append("\nKeys can be rebound by id in [keymap] of the config file,")  # two lines: 80 columns
        text.append('\nfor example editor.add = "insert".')
        text.append("\nctrl+p lists every action.")
        with VerticalScroll() as box:
            box.border_title = "Keys"
            yield Static(text)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

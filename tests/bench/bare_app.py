"""The scale for every ratio: a bare Textual app with a tree, an input and a footer, started as relplan is.

Its tree shows the first component names of the sample plan, so that "the tree is drawn" is the same text for both.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Input, Tree

NAMES = ("orders-000", "payments-001", "catalog-002", "cart-003")
"""The first names relplan's tree shows for the sample plan."""


class BareApp(App[None]):
    """A tree, an input (focused, as relplan's field is when a person types) and a footer."""

    BINDINGS: ClassVar[list[BindingType]] = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        tree: Tree[None] = Tree("plan")
        for name in NAMES:
            tree.root.add(name)
        tree.root.expand()
        yield tree
        yield Input(placeholder="value")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    BareApp().run()

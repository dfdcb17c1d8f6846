"""A container whose gaining or losing the focus restyles only itself, not every widget inside it."""

from __future__ import annotations

from textual.widget import Widget

__all__ = ["RestylesAlone"]


class RestylesAlone(Widget):
    """Textual restyles a widget and every widget inside it when the widget gains or loses the focus
    (``Widget.watch_has_focus`` calls ``update_node_styles``, which walks its children), for rules such as
    ``Tree:focus > .tree--cursor``. No rule makes what is inside the form depend on the form's own focus (a test in
    tests/ui/test_textual_reliance.py reads the stylesheet), so the form restyles itself alone: ``tab`` from the tree
    and ``escape`` back to it restyle one widget rather than the hundred and more of a component's form."""

    def watch_has_focus(self, has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)

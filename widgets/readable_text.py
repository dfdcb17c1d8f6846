"""Paths as a person reads them, as Rich text: the component's name, its index dim beside it, the path inside.

Built with styles on :class:`~rich.text.Text`, never with markup: every part comes printable from
:mod:`tui.readable`, and text from a plan (``[bold]`` in a name) stays the characters it is.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.readable import SEPARATOR, ReadablePath

__all__ = ["INDEX_STYLE", "component_text", "path_text"]

INDEX_STYLE = Style(dim=True)
"""How a component's index shows beside its name: dim, so that the name reads first (and ``NO_COLOR`` keeps it)."""


def component_text(title: str, index: int | None, *, style: Style | str = "") -> Text:
    """A component by its (printable) ``title`` with its index dim beside it: ``orders-037 #37``.

    A component with no name is titled by its index already (``#37``), which is then not repeated; ``index`` None
    (the plan's own fields) shows the title alone.
    """
    text = Text(title, style=style)
    if index is not None and title != f"#{index}":
        text.append(f" #{index}", style=INDEX_STYLE)
    return text


def path_text(read: ReadablePath, *, style: Style | str = "") -> Text:
    """``read`` in one line: ``orders-037 #37 › source.url`` with the index dim; a path outside components as is."""
    if read.component is None:
        return Text(read.text, style=style)
    text = component_text(read.component, read.index, style=style)
    if read.inside:
        text.append(SEPARATOR + read.inside)
    return text

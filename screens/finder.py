"""Find a field by name or path, a component by its name, or the places holding a value; go there, or replace the
value everywhere it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from screens.steady import SteadyScreen
from tui.finding import FieldIndex, Hit
from tui.readable import readable
from tui.text import printable
from tui.types import JSON, Path
from tui.wording import show
from widgets.first_keys import FirstKeys, FirstKeysInput
from widgets.key_bar import KeyBar

__all__ = ["FinderScreen"]


class _QueryInput(FirstKeysInput):
    """The finder's query. Keys that reach it after ``enter`` (typed ahead) are kept for the field found.

    A new query is answered in the keystroke's own turn (:attr:`typed`), so the matches are drawn in the frame that
    echoes the key; ``Input.Changed`` comes a turn later, after that frame. The text's width is no layout: the box
    has a fixed size whatever it holds.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))
    """The text's width (for scrolling it): unlike ``Widget``'s, no layout of the screen when it changes."""

    def __init__(self, typed: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.typed = typed
        """Called with the query whenever it changes, before ``Input.Changed`` is sent."""
        self.held: list[events.Key] | None = None
        """The keys typed after ``enter``, once it has been pressed."""
        self.closing = False
        """Whether the finder is closing: its screen is never drawn again."""

    def watch_value(self, value: str) -> None:
        """Answer the new query now, in the turn that set it (see the class's docstring)."""
        self.typed(value)

    def watch_has_focus(self, has_focus: bool) -> None:
        """Restyle for the focus, except for the blur of a finder closing (its removal): it is not drawn again, and
        the restyle would cost the jump's frame a few milliseconds."""
        if has_focus or not self.closing:
            super().watch_has_focus(has_focus)

    async def _on_key(self, event: events.Key) -> None:
        if self.first_keys is not None and self.first_keys.holds(event):  # typed before it had the focus: wait
            return
        if self.held is None:
            if event.key == "enter":  # the keys behind it in this queue come before its binding submits
                self.held = []
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self.held.append(events.Key(event.key, event.character))


class _HitList(OptionList):
    """The matches: an ``OptionList`` that asks for a layout of the screen only when its height or scroll bar
    changes.

    ``OptionList`` lays the whole screen out whenever its options are set (its height is ``auto``), which repaints
    every widget of the finder. A query typed mostly keeps the list as tall as it was (full, or the same count), and
    then only the list is drawn again.
    """

    _sized = True
    """Whether a change asks for a layout (off while options are set that keep the list's size)."""
    _shown: list[Text] | None = None
    """The lines shown as options."""

    def show(self, lines: list[Text]) -> None:
        """Show these lines as the options, the first highlighted; laid out again only if the list's size changes,
        drawn again only if they changed."""
        if lines == self._shown:
            if lines:
                self.highlighted = 0
            return
        self._shown = lines
        shown, old, new = self.scrollable_content_region.height, self.option_count, len(lines)
        self._sized = not (self.is_mounted and (new == old or (old > shown and new > shown)))
        try:
            self.set_options(Option(line) for line in lines)
        finally:
            self._sized = True
        if new > self._most_rows() and not self.show_vertical_scrollbar:
            self.show_vertical_scrollbar = True  # placed by the layout the new height asks for, not by one after it
        if lines:
            self.highlighted = 0

    def _most_rows(self) -> int:
        """The most lines the list shows without a scroll bar, whatever room the screen leaves it: more always
        scroll."""
        most = self.styles.max_height
        cells = most.cells if most is not None else None
        return cells - self.styles.gutter.height if cells is not None else 1 << 30

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        """Refresh, without the layout that a new set of options (or their count) asks for if the size holds."""
        return super().refresh(*regions, repaint=repaint, layout=layout and self._sized, recompose=recompose)


_VALUE_SHOWN = 200
"""The most characters of a value a match reads; the list cuts a line too long for it at its edge, once."""

Replacer = Callable[[JSON, str], None]
"""Replaces a value (as the plan holds it) everywhere with text, as one edit: what the finder's replace calls."""


class FinderScreen(SteadyScreen[Path | None], ModalScreen[Path | None]):
    """Type a field name (``desc``), a path (``components.0.version``), a component's name or a value (``1.0.9``);
    ``enter`` goes to the best match, ``ctrl+r`` on a value found replaces it everywhere it is.

    A query is answered as it is typed (see :class:`~tui.finding.FieldIndex` for the order); one that needs a walk of
    the whole plan (a value, a key the reference does not list) is answered from a thread, so the screen never waits.
    Every match names its component (``orders-000 › version = "1.0.9"``, the index dim after it).
    """

    DEFAULT_CSS = """
    FinderScreen {
        align: center top;
        & > Vertical { width: 90%; max-width: 100; height: auto; max-height: 80%; margin-top: 2;
                       border: thick $accent; background: $surface; }
        & OptionList { height: auto; max-height: 16; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="finder.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="finder.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="finder.previous"),
        Binding("ctrl+r", "replace", "Replace value", id="finder.replace"),
    ]

    @dataclass
    class Found(Message):
        """A query answered from a thread. Handled by :meth:`FinderScreen._found`."""

        query: str
        hits: list[Hit]

    def __init__(self, plan: JSON, *, replace: Replacer | None = None, index: FieldIndex | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.replace = replace
        """Replaces a value everywhere (the editor's session does it); None where nothing may be edited."""
        self.index = index if index is not None else FieldIndex(plan)
        """Finds the matches: made for this finder, or given (one kept while the plan has not changed)."""
        self._replace_on = False
        """Whether the replace key is on (the match highlighted is a value), as the key line shows it."""
        self.hits: list[Hit] = []
        """The matches shown, best first."""
        self.answered = ""
        """The query :attr:`hits` answer (the one typed, unless its answer is still being found)."""
        self.going = False
        """Whether ``enter`` was pressed before the query typed had its answer: it goes there once it has."""
        self.held: list[events.Key] | None = None
        """Keys typed after the choice, before the finder had closed: they were meant for the field found."""
        self.first_keys = FirstKeys(self)
        """Keys typed with ``/``, before the query had the focus: typed into it once it has."""
        self.closed: AwaitComplete | None = None
        """Done once the finder, closed, is off the screen and removed (the screen under it is laid out then)."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Find a field, a component or a value"
            placeholder = "a name, path or value: desc, components.0.version, 1.0.9"
            yield _QueryInput(self._query, placeholder=placeholder, id="finder-query")
            yield _HitList(id="finder-hits")
        yield KeyBar()

    def on_mount(self) -> None:
        self.first_keys.focus(self.query_one(_QueryInput))

    def _query(self, query: str) -> None:
        hits = self.index.quick_search(query)
        if hits is None:
            self._search(query)
        else:
            self.workers.cancel_group(self, "finder")
            self._show(query, hits)

    @work(thread=True, exclusive=True, group="finder", description="finding a field", exit_on_error=False)
    def _search(self, query: str) -> None:
        try:
            hits = self.index.search(query)
        except RuntimeError:  # the plan changed under the walk (an edit after the finder closed): nobody waits for it
            return
        self.post_message(self.Found(query, hits))

    @on(Found)
    def _found(self, event: Found) -> None:
        if event.query == self.query_one(Input).value:  # else a later query has its answer, or is finding it
            self._show(event.query, event.hits)

    def _show(self, query: str, hits: list[Hit]) -> None:
        self.hits, self.answered = hits, query
        self.query_one(_HitList).show([self._line(hit) for hit in hits])
        self._replace_shown()
        if self.going:
            self._go(None)

    def _line(self, hit: Hit) -> Text:
        """A match as a person reads it: ``orders-000 › version = "1.0.9"``, the component's index dim after it."""
        where = readable(hit.path, self.plan)  # printable already
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(where.text)
        if hit.kind == "value":
            line.append(f" = {printable(show(hit.value, limit=_VALUE_SHOWN))}")
        if where.index is not None:
            line.append(f"  #{where.index}", style="dim")
        return line

    @on(OptionList.OptionHighlighted)
    def _replace_shown(self) -> None:
        """Dim the replace key unless the match highlighted is a value; the key line is redrawn only on a change."""
        on = self.replace is not None and self._value_hit() is not None
        if on != self._replace_on:
            self._replace_on = on
            self.refresh_bindings()

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted | None) -> None:
        if self.answered != self.query_one(Input).value:
            self.going = True  # the answer is on its way: go there when it comes
            return
        hits = self.query_one(OptionList)
        index = hits.highlighted
        self._leave(self.hits[index].path if self.hits and index is not None else None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._leave(self.hits[event.option_index].path)

    def _leave(self, path: Path | None) -> None:
        """Close on ``path``, keeping the keys typed after ``enter`` for the field found (see :attr:`held`)."""
        query = self.query_one(_QueryInput)
        if query.held is None:
            query.held = []
        self.held = query.held  # keys still on their way to the query join these
        if not query.has_focus:
            self.set_focus(None)  # keys still on their way come to the screen (``on_key``), not to a match
        self.closed = self._close(path)

    def on_key(self, event: events.Key) -> None:
        if self.first_keys.holding:
            self.first_keys.take(event)
        elif self.held is not None:
            event.stop()
            event.prevent_default()
            self.held.append(events.Key(event.key, event.character))

    def action_move(self, step: int) -> None:
        """Move the highlight through the matches while typing."""
        hits = self.query_one(OptionList)
        if self.hits:
            current = hits.highlighted if hits.highlighted is not None else -1
            hits.highlighted = max(0, min(len(self.hits) - 1, current + step))

    def action_cancel(self) -> None:
        """Close without moving."""
        self._close(None)

    def _close(self, path: Path | None) -> AwaitComplete:
        """Close, going to ``path`` (None: nowhere)."""
        closed = self.dismiss(path)
        self.query_one(_QueryInput).closing = True  # its blur comes as the screen is removed, after this turn
        return closed

    def _value_hit(self) -> Hit | None:
        """The match highlighted, if it was found by its value."""
        index = self.query_one(OptionList).highlighted
        hit = self.hits[index] if index is not None and index < len(self.hits) else None
        return hit if hit is not None and hit.kind == "value" else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The replace key is dimmed unless the match highlighted is a value, and off where nothing is edited."""
        if action == "replace":
            return True if self._replace_on else None
        return True

    def action_replace(self) -> None:
        """Replace the highlighted value everywhere it is: the count first, then the new value, then a yes."""
        hit, replace = self._value_hit(), self.replace
        if hit is None or replace is None:
            return
        from screens.replace_value import ReplaceValueScreen

        old = hit.value

        def typed(text: str | None) -> None:
            if text is not None:
                replace(old, text)
                self._close(None)

        self.app.push_screen(ReplaceValueScreen(self.plan, old), typed)

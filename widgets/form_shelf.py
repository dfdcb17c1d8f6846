"""Forms of objects and lists kept built, hidden, for the next node of their shape: showing one builds no widget."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from tui.fields import FieldSpec
from tui.outline import node_label
from tui.readable import readable
from tui.types import JSON, Path
from widgets.form_rows import refit, shaped_rows

__all__ = ["FormKeeper", "FormShelf", "KeptForm", "where"]

KEPT = 4
"""The most forms kept hidden (the plan's own, a component's, the components' list, and one more)."""
_AWAY = -10_000
"""Where a form built hidden is laid out: lines above the screen's top."""
LOOK_AGAIN = 0.05
"""Seconds between looks at a form being built hidden, till it has been laid out."""


@dataclass
class KeptForm:
    """A form of one spec (an object's or a list's): its body (hidden while kept), its rows, the first its title."""

    spec: FieldSpec
    body: Widget
    rows: list[Widget]
    title: Static
    title_text: str

    @property
    def ready(self) -> bool:
        """Whether every widget of the form is mounted (a form still being mounted cannot show a node yet)."""
        return self.body.is_attached and all(widget.is_mounted for widget in self.body.walk_children(Widget))


class FormShelf:
    """The forms kept hidden, by the spec (an object's or a list's) they show, one each; the oldest goes when there
    are too many."""

    def __init__(self) -> None:
        self._forms: dict[int, KeptForm] = {}

    def __contains__(self, spec: FieldSpec) -> bool:
        return id(spec) in self._forms

    def put(self, form: KeptForm) -> None:
        """Keep ``form`` (hidden by the caller); a form kept for the same spec, or the oldest past the limit, goes."""
        self.drop(form.spec, keep=form.body)
        self._forms[id(form.spec)] = form
        while len(self._forms) > KEPT:
            oldest = next(iter(self._forms.values()))
            self.drop(oldest.spec)

    def take(self, spec: FieldSpec) -> KeptForm | None:
        """The form kept for ``spec``, no longer kept (to be shown), when it is ready; else None."""
        form = self._forms.get(id(spec))
        if form is None or not form.ready:
            return None
        del self._forms[id(spec)]
        return form

    def drop(self, spec: FieldSpec, *, keep: Widget | None = None) -> None:
        """Remove the form kept for ``spec`` from the screen (unless its body is ``keep``)."""
        form = self._forms.pop(id(spec), None)
        if form is not None and form.body is not keep:
            form.body.remove()


class FormKeeper(VerticalScroll):
    """A scrolled form that keeps the forms of objects and lists it showed, hidden, for the next node of their shape."""

    def __init__(self, *, id: str | None = None, plan: Callable[[], JSON] | None = None) -> None:
        super().__init__(id=id)
        self.path: Path = ()
        """The node the form shows."""
        self._plan = plan
        """The plan as it is now, for the title to name a node's component (None: by its index)."""
        self._rows: list[Widget] = []
        self._body: Widget | None = None
        self._title: Static | None = None
        self._title_text = ""
        self._swapping: Widget | None = None
        self._spec: FieldSpec | None = None
        """The spec of the form on the screen, when it can be kept for the next node of its shape."""
        self._shelf = FormShelf()
        self.secrets_shown = False
        """Whether the form shows its secrets (passwords, header values) as they are."""
        self._frames_held = 0
        """How many new forms being mounted hold the screen's frames back until they are swapped in."""

    def retitle(self, value: JSON) -> None:
        """Name the node again."""
        raise NotImplementedError

    def where(self, path: Path) -> str:
        """The place of the node at ``path``, after its name in the title: ``  (orders-000 › source)``."""
        return where(path, None if self._plan is None else self._plan())

    def _leave(self) -> None:
        """Tell the screen that the field typed in is left."""
        raise NotImplementedError

    def _listen(self, rows: Iterable[Widget]) -> None:
        """Hear the inputs of ``rows``."""
        raise NotImplementedError

    def _swap(self, old: Widget, body: Widget, keep: bool = False) -> None:
        if self._swapping is body:
            self._swapping = None
        try:
            with self.app.batch_update():
                self._put_away(old, keep)
                body.display = True
                self._scroll_for_layout(0)  # at its top in the frame that shows it, not a frame later
        finally:
            self._release_frames()

    def _hold_frames(self) -> None:
        """Draw nothing until the form being mounted is swapped in: a frame between would show the old form with
        what else changed (the tree's cursor), and the new form a frame later."""
        self.app._begin_batch()
        self._frames_held += 1

    def _release_frames(self) -> None:
        if self._frames_held:
            self._frames_held -= 1
            self.app._end_batch()

    def on_unmount(self) -> None:
        """A form removed before its swap (the editor closed) holds no frames back."""
        while self._frames_held:
            self._release_frames()

    def _put_away(self, old: Widget, keep: bool) -> None:
        """Take the form ``old`` off the screen: hidden when it is kept, else removed."""
        if not keep:
            old.remove()
            return
        focused = self.screen.focused
        if focused is not None and old in focused.ancestors_with_self:
            self.screen._reset_focus(focused, [old])  # where the focus goes when the form is removed
        old.display = False

    def _stash(self) -> bool:
        """Keep the form on the screen, to be hidden, for the next node of its shape: True when it is kept."""
        spec, body, title = self._spec, self._body, self._title
        if spec is None or body is None or title is None or self.secrets_shown or self._swapping is not None:
            return False
        self._shelf.put(KeptForm(spec, body, self._rows, title, self._title_text))
        return True

    def _recall(self, path: Path, value: JSON, spec: FieldSpec | None) -> bool:
        """Show the node at ``path`` in a form kept for its spec, when one fits it; else False."""
        if spec is None or spec not in self._shelf or self._body is None:
            return False
        if self._swapping is not None or not self.is_mounted:
            return False
        kept = self._shelf.take(spec)
        if kept is None:
            return False
        show = refit(kept.rows[1:], path, value, spec)
        if show is None:
            self._shelf.put(kept)
            return False
        self._leave()
        old, keep = self._body, self._stash()
        assert old is not None
        self._body, self._rows, self._title, self._title_text = kept.body, kept.rows, kept.title, kept.title_text
        self._spec, self.path, self.secrets_shown = spec, path, False
        self.retitle(value)
        show()
        with self.app.batch_update():
            self._put_away(old, keep)
            _unveil(kept.body)
            kept.body.display = True
        self._size_ahead(kept.body)
        self._scroll_for_layout(0)
        return True

    def _under(self) -> int:
        """Lines of the scrolled height under the form (docked there)."""
        return 0

    def _scroll_ahead(self, row: Widget) -> bool:
        """Scroll a kept form just shown, not laid out yet, to put ``row`` at the top: the form's one layout and frame
        then show it there. False when its rows' heights are not all known (a layout places it then)."""
        body = self._body
        if body is None or row.parent is not body or body.region or not body.display:
            return False
        place = self._size_ahead(body, row)
        if place is None:
            return False
        self._scroll_for_layout(place)
        return True

    def _size_ahead(self, body: Widget, row: Widget | None = None) -> int | None:
        """The line ``row`` starts at in ``body``, a kept form just shown and not laid out yet, by its rows' heights
        (0 without a row); the scrolled height set to fit them now, so that the layout that places the form asks for
        no second one (a new virtual size does). None when a row's height is not known."""
        top, place = 0, None if row is not None else 0
        for child in body.children:
            if not child.display:
                continue
            if child is row:
                place = top
            height = child.styles.height
            if height is None or height.unit is not Unit.CELLS:
                return None
            top += int(height.value) + child.styles.margin.height
        if place is not None:
            self.set_reactive(Widget.virtual_size, Size(self.virtual_size.width, top + self._under()))
            self._refresh_scrollbars()
        return place

    def _scroll_for_layout(self, y: int) -> None:
        """Scroll to line ``y`` of a form just shown, in the layout that places it (a scroll's own refresh would
        come after that layout, and cost a frame of its own)."""
        y = max(0, min(y, round(self.max_scroll_y)))
        self.set_reactive(VerticalScroll.scroll_target_y, float(y))
        self.set_reactive(VerticalScroll.scroll_y, float(y))
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = y

    def prepare(self, path: Path, value: JSON, spec: FieldSpec | None) -> None:
        """Build the form of the object or list at ``path``, hidden, so that the first move to a node of its shape
        (the first jump to a component, or to the list of them, from the plan's form) shows it at once."""
        if spec is None or spec is self._spec or spec in self._shelf or self._body is None or not self.is_mounted:
            return
        shaped = shaped_rows(path, value, spec)
        if shaped is None:
            return
        text = node_label(path, value) + self.where(path)
        title = Static(Text(text), classes="form-title")
        rows: list[Widget] = [title, *shaped]
        body = Vertical(*rows, classes="form-body")
        # Laid out once, off the screen and outside the scrolled height, then hidden: each of its widgets knows its
        # size then, so that showing it is one layout of the form (a widget's first size asks for a second one).
        body.styles.overlay = "screen"
        body.styles.offset = (0, _AWAY)
        self._listen(rows)
        self.mount(body, after=self._body)
        self._shelf.put(KeptForm(spec, body, rows, title, text))
        self.call_after_refresh(self._laid_out, body)

    def _laid_out(self, body: Widget, *, again: bool = True) -> None:
        """Hide a form built by :meth:`prepare` once it has been laid out (unless it shows already): twice, as a
        widget's first size (a scroll bar's, say) asks for a second layout."""
        if body.styles.get_rule("overlay") is None or not body.is_attached:
            return  # shown by now (see ``_unveil``), or gone
        if not body.region:  # still being mounted: look again in a while (not at each turn of the loop)
            self.set_timer(LOOK_AGAIN, partial(self._laid_out, body))
            return
        if again:
            self.call_after_refresh(self._laid_out, body, again=False)
            return
        with self.app.batch_update():
            self._put_away(body, keep=True)
            _unveil(body)


def _unveil(body: Widget) -> None:
    """Put a form laid out unseen (see ``FormKeeper.prepare``) back in the form's flow, visible."""
    if body.styles.get_rule("overlay") is not None:
        body.styles.clear_rule("overlay")
        body.styles.clear_rule("offset")


def where(path: Path, plan: JSON = None) -> str:
    """The place of a form's node, after its name in the title, its component named as ``plan`` holds it
    (``  (orders-000 › source)``; by its index, ``#0``, without a plan), a component by its index (its name is the
    title); nothing for the plan itself."""
    if not path:
        return ""
    read = readable(path, plan)  # printable, every part
    if read.index is not None and not read.inside:  # a component: its name is the title already
        return f"  (#{read.index})"
    return f"  ({read.text})"

"""The editor's start-up: its first frame is the tree alone, laid out and drawn once; the form and the issues follow.

The editor of a plan opened from the command line is the app's first screen (see :func:`first_screen`): pushed over
Textual's default screen, it was laid out and drawn a second time once its mount had been awaited. Textual resumes a
screen by applying every style of it again, which its first resume does not need (each widget's styles were applied
as it mounted). The right side (the form and the issues panel) is left out of the first layout: it has nothing to
show until the form is built, at once after that frame (see :meth:`StartUp.form_starts`), and neither has the
status line (hidden until there is a request to tell of), mounted with the form.

A key whose action needs the plan checked (``/``, ``n``, ``a``, ``d``, ``e``, ``ctrl+z``: see the editor's
``check_action``) typed before the check has landed is not dropped: it and every key typed after it wait, in order,
and are handed on as if typed then once the check lands (:meth:`StartUp.hold_before_check`). The check always lands,
or the app ends with its error, so the wait needs no clock.
"""

from __future__ import annotations

from collections.abc import Collection

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen

from tui.types import Path
from widgets.key_bar import KeyBar
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus

__all__ = ["StartUp", "first_screen"]

RIGHT = "#right"
"""The editor's right side: the form and the issues panel."""


class StartUp(Screen[None]):
    """The editor screen's start-up: one layout and one frame for the tree, then the form."""

    _form_on: bool
    _resumed = False
    """Whether the screen has been resumed once (its first showing)."""
    _before_check: list[events.Key] | None = None
    """The keys waiting for the check, from the first whose action needs it; None when none wait."""

    def _show_form(self, path: Path, *, rebuild: bool = True) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        # Hidden by its own style, not a class: a class taken off again would apply every style below it again.
        if not self._form_on:  # (an editor opened once the plan was checked shows its form as it mounts)
            self.query_one(RIGHT).display = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first resume draws the screen as mounted: every style was applied as its widget was mounted."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def form_starts(self) -> None:
        """Show the right side, and on it the form of the node under the tree's cursor (from now on, every move of
        the cursor shows its node's form)."""
        self._form_on = True
        self.query_one(RIGHT).display = True
        self.mount(RequestStatus(id="request-status"), before=self.query_one(KeyBar))  # hidden until a request
        self._show_form(self.query_one(PlanTree).cursor_path)

    def hold_before_check(self, event: events.Key, ready: bool, needs_check: Collection[str]) -> bool:
        """Hold ``event`` for the check when a key already waits for it, or when its action is one of
        ``needs_check`` and the plan is not ``ready``. True when held (the key goes no further now)."""
        if self._before_check is None:
            if ready:
                return False
            active = self.app.active_bindings.get(event.key)
            if active is None or active.node is not self or active.binding.action not in needs_check:
                return False
            self._before_check = []
        event.stop()
        event.prevent_default()
        self._before_check.append(events.Key(event.key, event.character))
        return True

    def release_after_check(self) -> None:
        """The check has landed: hand the keys that waited for it to the App, in order, as if typed now."""
        held, self._before_check = self._before_check or [], None
        for key in held:
            self.app.post_message(key)


def first_screen(editor: StartUp, app: MessagePump) -> StartUp:
    """``editor``, ready to be ``app``'s first screen (``App.get_default_screen``).

    ``switch_screen`` takes the result callback of the screen it replaces, as ``push_screen`` gave it one; a first
    screen was never pushed, so it is given one as ``switch_screen`` gives the screen it switches to (Textual's
    private API: pinned in tests/ui/test_textual_reliance.py).
    """
    editor._push_result_callback(app, None)
    return editor

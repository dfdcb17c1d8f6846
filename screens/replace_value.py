"""Replace a value everywhere it is: the count first, the new value typed and checked, then a yes before the edit."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.errors import EditRefusedError
from tui.text import plural, printable
from tui.types import JSON
from tui.wording import show
from widgets.first_keys import FirstKeys, FirstKeysInput

__all__ = ["ReplaceValueScreen"]


class ReplaceValueScreen(ModalScreen[str | None]):
    """Says how many places hold ``old``, asks for the value to put there instead, and dismisses with it once the
    value is one every field it lands in takes (else says why, and waits) and the person has said yes to the count.

    ``escape`` cancels. The screen changes nothing: whoever opened it makes the replace with the text it returns.
    """

    DEFAULT_CSS = """
    ReplaceValueScreen {
        align: center middle;
        & > Vertical { width: 80%; max-width: 90; height: auto; border: thick $accent; background: $surface;
                       padding: 1 2; }
        & #replace-refused { color: $error; height: auto; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="replace.cancel")]

    def __init__(self, plan: JSON, old: JSON) -> None:
        super().__init__()
        from tui.value_search import places_words, value_places

        self.plan = plan
        self.old = old
        """The value to replace, as the plan holds it (``"1"`` and ``1`` are told apart)."""
        self.places = value_places(plan, old)
        """Where it is, counted before anything is asked."""
        self.count = places_words(self.places, old)
        """The count in words: ``3 places hold "1.0.9", in 3 components``."""
        self.first_keys = FirstKeys(self)
        """Keys typed with the key that asked, before the input had the focus: typed into it once it has."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Replace a value everywhere"
            yield Static(Text(f"{self.count}. Replace it with:"), id="replace-count")  # printable: places_words
            start = self.old if isinstance(self.old, str) else show(self.old, limit=10_000)
            if printable(start) != start:  # control characters from the plan: shown escaped above, never typed in
                start = ""
            yield FirstKeysInput(start, id="replace-with", select_on_focus=True)
            yield Static("", id="replace-refused")

    def on_mount(self) -> None:
        self.first_keys.focus(self.query_one(FirstKeysInput))

    def on_key(self, event: events.Key) -> None:
        self.first_keys.take(event)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        from screens.confirm import ConfirmScreen
        from tui.bulk import shown
        from tui.value_search import plan_replace

        text = event.value
        try:
            planned = plan_replace(self.plan, self.old, text)
        except EditRefusedError as exc:
            self.query_one("#replace-refused", Static).update(Text(printable(str(exc))))
            return
        self.query_one("#replace-refused", Static).update("")
        if not planned.edits:
            self.query_one("#replace-refused", Static).update(Text(planned.result.message))
            return
        new = planned.edits[0][1]
        question = f"Replace {shown(self.old)} with {shown(new)} in {plural(len(planned.edits), 'place')}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(text)

        self.app.push_screen(ConfirmScreen(f"{self.count}.\n{question}", yes="Replace"), answered)

    def action_cancel(self) -> None:
        """Replace nothing."""
        self.dismiss(None)

"""The plan editor's structure keys: add, delete, duplicate, move, edit as JSON (here or in your own editor),
undo and redo, replacing a value everywhere, and showing the form's secrets; each an edit through the session, its
change shown by the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.edits import Changed
from tui.errors import EditRefusedError, RelplanError
from tui.outline import node_label
from tui.readable import readable
from tui.secrets import mask_secrets, unmask_secrets
from tui.session import EditSession
from tui.types import JSON, Path
from widgets.field_editor import FieldEditor, FieldRow
from widgets.field_row import enclosing
from widgets.plan_tree import PlanTree
from widgets.request_status import RequestStatus

if TYPE_CHECKING:
    from tui.outside_edit import Runner

__all__ = ["StructureEdits"]


class StructureEdits(Screen[None]):
    """The editor's actions that change the plan's structure (the editor screen is one of these)."""

    session: EditSession
    run_outside: Runner | None
    show_change: Callable[[Changed | None], None]
    go_to: Callable[[Path], None]
    action_find: Callable[[], None]

    def _target(self) -> Path:
        """The node the structure keys act on: the tree's cursor, or the form's node when the form has focus."""
        tree = self.query_one(PlanTree)
        return tree.cursor_path if tree.has_focus else self.query_one(FieldEditor).path

    def _edit(self, edit: Callable[[], Changed | None]) -> bool:
        """Make an edit through the session and show what changed; False, and why said, when it was not made."""
        try:
            changed = edit()
        except RelplanError as exc:  # one refused where the cursor is is a warning; a failure, an error
            self.notify(str(exc), severity="warning" if isinstance(exc, EditRefusedError) else "error", markup=False)
            return False
        self.show_change(changed)
        return True

    def action_add(self) -> None:
        """Add an item to the list under the cursor (or after the list item under it)."""
        self._edit(lambda: self.session.add_item(self._target()))

    def action_delete(self) -> None:
        """Delete the node under the cursor, after asking."""
        path = self._target()
        if not path:
            self.notify("The plan itself cannot be deleted.", severity="warning")
            return
        label = node_label(path, self.session.document.get(path))

        def answered(yes: bool | None) -> None:
            if yes:
                self._edit(lambda: self.session.delete(path))

        from screens.confirm import ConfirmScreen

        where = readable(path, self.session.document.data).text
        self.app.push_screen(ConfirmScreen(f"Delete {label} ({where})?", yes="Delete"), answered)

    def action_duplicate(self) -> None:
        """Duplicate the list item under the cursor, just after it."""
        self._edit(lambda: self.session.duplicate(self._target()))

    def action_move(self, step: int) -> None:
        """Move the list item under the cursor up or down."""
        self._edit(lambda: self.session.move(self._target(), step))

    def action_edit_json(self) -> None:
        """Edit the node under the cursor as JSON text, its secrets masked (a mask left as it is keeps the secret)."""
        path = self._target()
        original = self.session.document.get(path)

        def edited(result: tuple[JSON] | None) -> None:
            if result is not None and not self._edit(lambda: self.session.replace(path, result[0])):
                self.go_to(path)

        from screens.json_node import JsonNodeScreen  # with the text area: imported when first used

        def unmasked(value: JSON) -> JSON:  # a mask left with no secret to keep is said in the editor, text kept
            return unmask_secrets(value, original, path)

        node = JsonNodeScreen(path, mask_secrets(original, path), finish=unmasked, plan=self.session.document.data)
        self.app.push_screen(node, edited)

    def action_edit_outside(self) -> None:
        """Edit the node under the cursor as JSON in your own editor ($VISUAL or $EDITOR), checked when it returns."""
        from screens.outside_editor import terminal_runner
        from tui.outside_edit import edit_node_outside

        if self.query_one(RequestStatus).in_flight:  # the editor holds the loop the update's answer comes on
            self.notify("An update is on its way; E waits for its answer (escape stops waiting).", markup=False)
            return
        run = self.run_outside or terminal_runner(self.app)
        path = self._target()
        self._edit(lambda: edit_node_outside(self.session, path, run))

    def action_undo(self) -> None:
        """Undo the last edit."""
        if (changed := self.session.undo()) is None:
            self.notify("Nothing to undo.")
        self.show_change(changed)

    def action_redo(self) -> None:
        """Redo the last undone edit."""
        if (changed := self.session.redo()) is None:
            self.notify("Nothing to redo.")
        self.show_change(changed)

    def action_reveal(self) -> None:
        """Show the form's secrets (passwords, header values) as they are, or mask them again."""
        form = self.query_one(FieldEditor)
        document = self.session.document
        values = {path: document.get(path) for path in form.rows() if document.has(path)}
        shown = form.reveal_secrets(values)
        if not shown and not any(row.secret for row in form.rows().values()):
            self.notify("This form has no secrets to show.", markup=False)

    def action_replace_value(self) -> None:
        """Replace a value everywhere it is: the one under the cursor, else one found with the finder."""
        from screens.replace_value import ReplaceValueScreen
        from tui.secrets import is_secret

        focused = self.focused
        row = enclosing(focused, FieldRow) if focused is not None else None
        path = row.path if row is not None else self.query_one(PlanTree).cursor_path
        document = self.session.document
        value = document.get(path) if document.has(path) else None
        if value is None or isinstance(value, dict | list) or is_secret(path):
            self.notify("Find the value with the finder (/), then ctrl+r replaces it everywhere.", markup=False)
            self.action_find()
            return

        def typed(text: str | None) -> None:
            if text is not None:
                self.replace_value(value, text)

        self.app.push_screen(ReplaceValueScreen(document.data, value), typed)

    def replace_value(self, old: JSON, text: str) -> None:
        """Put ``text`` (parsed by each field's spec) in every place holding ``old``, as one undo step."""
        result = self.session.replace_value(old, text)
        if result.refused or result.changed is None:
            self.notify(result.message, severity="warning" if result.refused else "information", markup=False)
        else:
            self.show_change(result.changed)

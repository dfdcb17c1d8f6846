"""The plan editor's keys: each with what it does and the id that rebinds it (``[keymap]`` in the config file)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["EDITOR_KEYS"]

EDITOR_KEYS: list[BindingType] = [
    Binding("a", "add", "Add", id="editor.add"),
    Binding("d", "delete", "Delete", id="editor.delete"),
    Binding("c", "duplicate", "Duplicate", show=False, id="editor.duplicate"),
    Binding("K", "move(-1)", "Move up", show=False, id="editor.move_up"),
    Binding("J", "move(1)", "Move down", show=False, id="editor.move_down"),
    Binding("e", "edit_json", "JSON", id="editor.edit_json"),
    Binding("E", "edit_outside", "$EDITOR", show=False, id="editor.edit_outside"),
    Binding("equals_sign", "set_many", "Set a field", id="editor.set_many"),
    Binding("plus", "bump", "Bump versions", show=False, id="editor.bump"),
    Binding("y", "copy_node", "Copy node", show=False, id="editor.copy_node"),
    Binding("p", "paste", "Paste node", show=False, id="editor.paste"),
    Binding("n", "next_issue", "Next issue", id="editor.next_issue"),
    Binding("N", "previous_issue", "Previous issue", show=False, id="editor.previous_issue"),
    Binding("f8", "next_issue", "Next issue", show=False, id="editor.next_issue_anywhere", priority=True),
    Binding(
        "shift+f8",
        "previous_issue",
        "Previous issue",
        show=False,
        id="editor.previous_issue_anywhere",
        priority=True,
    ),
    Binding("slash", "find", "Find", id="editor.find"),
    Binding("R,f4", "replace_value", "Replace value everywhere", show=False, id="editor.replace_value"),
    Binding("t", "toggle_table", "Table", id="editor.table"),
    Binding("ctrl+s", "app.save", "Save", id="editor.save", priority=True),
    Binding("ctrl+z", "undo", "Undo", show=False, id="editor.undo", priority=True),
    Binding("ctrl+y", "redo", "Redo", show=False, id="editor.redo", priority=True),
    Binding("ctrl+r", "review", "Review", id="editor.review", priority=True),
    Binding("question_mark", "app.help", "Help", show=False, id="editor.help"),
    Binding("ctrl+o", "app.open_other", "Open", show=False, id="editor.open", priority=True),
    Binding("f5", "release", "Release", show=False, id="editor.release", priority=True),
    Binding("f7", "watch_release", "Watch the release", show=False, id="editor.watch_release", priority=True),
    Binding("f6", "app.show_response", "Answer", show=False, id="editor.response", priority=True),
    Binding("ctrl+t", "reveal", "Reveal secrets", show=False, id="editor.reveal", priority=True),
    Binding("escape", "to_tree", "Tree", show=False, id="editor.to_tree"),
    Binding("f2", "toggle_panel('#tree')", "Tree panel", show=False, id="editor.toggle_tree"),
    Binding("f3", "toggle_panel('#issues')", "Issues panel", show=False, id="editor.toggle_issues"),
    Binding("ctrl+g", "rebase", "Rebase on the server's plan", show=False, id="editor.rebase"),
    Binding("M", "take('mine')", "Conflict: keep yours", show=False, id="editor.keep_mine"),
    Binding("T", "take('theirs')", "Conflict: take theirs", show=False, id="editor.take_theirs"),
]
"""The plan editor's keys; an ``app.`` action is the App's work, the others the editor's."""

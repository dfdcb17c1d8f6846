"""The reusable Textual widgets of the relplan editor."""

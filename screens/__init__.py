"""The Textual screens of the relplan editor, one per file."""

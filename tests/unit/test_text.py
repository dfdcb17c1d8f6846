"""Text from outside made safe to print: escapes for controls, one line for one-line fields, and times."""

from __future__ import annotations

from tui.text import printable


def test_one_line_escapes_newlines_and_a_display_of_many_lines_keeps_them() -> None:
    hostile = "a\tb\nc\rd\x85\u202e\x1b[2K"
    assert printable(hostile) == "a\tb\\nc\\rd\\x85\\u202e\\x1b[2K"
    assert printable(hostile, lines=True) == "a\tb\nc\\rd\\x85\\u202e\\x1b[2K"

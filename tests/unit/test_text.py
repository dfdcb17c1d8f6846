"""Text from outside made safe to print: escapes for controls, one line for one-line fields, and times."""

from __future__ import annotations

from tui.text import plural, printable


def test_one_line_escapes_newlines_and_a_display_of_many_lines_keeps_them() -> None:
    hostile = "a\tb\nc\rd\x85\u202e\x1b[2K"
    assert printable(hostile) == "a\tb\\nc\\rd\\x85\\u202e\\x1b[2K"
    assert printable(hostile, lines=True) == "a\tb\nc\\rd\\x85\\u202e\\x1b[2K"


def test_a_count_in_words_is_plural_unless_it_is_one() -> None:
    assert [plural(count, "draft") for count in (0, 1, 2)] == ["0 drafts", "1 draft", "2 drafts"]

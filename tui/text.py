"""Text on a terminal: text from outside (files, servers) made safe to print, and counts in words.

Kept to the standard library's lightest modules, since the command line's every start imports it.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["json_for_terminal", "moment", "needs_escapes", "plural", "printable"]

# C0 and C1 controls but tab and newline, DEL, and the bidirectional controls that can reorder what a terminal shows.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_IN_A_LINE = re.compile(f"[\n{_CONTROLS}]")  # a newline too: one line stays one line
_NAMED = {"\n": "\\n", "\r": "\\r"}
# What JSON writers leave as itself inside a string but a terminal acts on (C0 controls are escaped already).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so it cannot drive the terminal.

    The result is one line: a newline or carriage return becomes ``\\n`` or ``\\r``, so that text from a server
    cannot forge a line of output. With ``lines``, for a display made of many lines, newlines are kept. Tabs are
    kept; everything else below space, DEL, the C1 range and the bidirectional controls become visible ``\\xNN``
    or ``\\uNNNN`` escapes.
    """
    return (_UNSAFE if lines else _UNSAFE_IN_A_LINE).sub(_escape, text)


def needs_escapes(text: str) -> bool:
    """Whether :func:`printable` would change ``text`` shown on one line (a control, a newline, a bidi control).

    A field holding such text cannot be edited as shown: the escapes on the screen are not the characters stored.
    """
    return _UNSAFE_IN_A_LINE.search(text) is not None


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, the C1 controls and the bidirectional controls written as ``\\uXXXX`` escapes.

    Those characters can only stand inside JSON strings, where the escape means the same character: the result is
    still valid JSON with the same value, and cannot drive or reorder a terminal.
    """
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def moment(epoch_ms: int | None) -> str:
    """A server's time (milliseconds since the epoch) as local ``YYYY-MM-DD HH:MM``; ``-`` when there is none.

    A time no calendar date can hold (``10**18``, say) is shown as the number the server sent.
    """
    if not epoch_ms:
        return "-"
    try:
        return datetime.fromtimestamp(epoch_ms / 1000).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return str(epoch_ms)


def plural(count: int, word: str) -> str:
    """A count and the word it counts, plural unless the count is one: ``1 draft``, ``0 drafts``, ``3 drafts``."""
    return f"{count} {word}{'s' * (count != 1)}"

"""Lenient readers of the fields of a server's JSON answer: a field of another type than the API promises is read
as the nearest thing it can mean, or as nothing, never a crash.

The plan list's rows (:func:`tui.plan_wire.plan_summary`) and the release's jobs (:func:`tui.release.parse_deploy_info`)
read their fields with them.
"""

from __future__ import annotations

from tui.types import JSON

__all__ = ["lenient_moment", "lenient_text"]


def lenient_text(value: JSON) -> str:
    """A string as sent; a number written out; anything else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def lenient_moment(value: JSON) -> int | None:
    """Epoch milliseconds; None for 0, a negative, a non-number or a string that is not one."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None

"""A release plan as it goes over the wire, apart from the network: the part that can be edited and sent back,
the bytes of the PUT body, a fetched plan's two parts, and a row of the plan list.

Nothing here imports httpx: the editor, the review and the picker shape a plan with it without loading the
client (:mod:`tui.client`), which sends and reads these shapes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import orjson

from tui.errors import DocumentError
from tui.json_fields import lenient_moment, lenient_text
from tui.jsontext import check_writable, find_not_finite
from tui.jsontree import copy_json
from tui.models import READ_ONLY_KEYS
from tui.paths import format_path
from tui.types import JSON

__all__ = ["FetchedPlan", "PlanSummary", "editable", "plan_summary", "put_body", "without_read_only"]


def editable(plan: Mapping[str, JSON]) -> dict[str, JSON]:
    """A copy of a plan without its read-only keys: what can be edited and sent back."""
    return {key: copy_json(value) for key, value in plan.items() if key not in READ_ONLY_KEYS}


def without_read_only(plan: Mapping[str, JSON]) -> dict[str, JSON]:
    """``plan`` without its read-only keys, sharing its values (for comparing, never for editing)."""
    return {key: value for key, value in plan.items() if key not in READ_ONLY_KEYS}


def put_body(plan: Mapping[str, JSON]) -> bytes:
    """The bytes of the PUT body: the plan minus read-only keys, serialised once. These bytes are signed and sent.

    Compact JSON in UTF-8, keys in the document's order. orjson writes it (fifteen times faster than :mod:`json`
    for a 64-component plan); the rare value it refuses, an integer beyond 64 bits, falls back to :mod:`json`,
    which writes the same bytes for everything else.

    Raises:
        DocumentError: the plan holds a number that is not finite (NaN or an infinity), which JSON cannot hold;
            the message names its path. orjson would write it as null.
    """
    body = without_read_only(plan)
    try:
        data = orjson.dumps(body)
    except orjson.JSONEncodeError:
        check_writable(body)  # text no UTF-8 can hold, or nesting too deep: refused with its path
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if b"null" in data or b"NaN" in data or b"Infinity" in data:  # rare: only then look for what is not finite
        where = find_not_finite(body)
        if where is not None:
            raise DocumentError(f"the number at {format_path(where)} is not finite, and JSON cannot hold it")
    return data


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """One row of the list call."""

    id: str
    name: str
    status: str = ""
    action: str = ""
    creator: str = ""
    create_time: int | None = None
    modify_time: int | None = None
    execute_time: int | None = None


@dataclass(frozen=True, slots=True)
class FetchedPlan:
    """A plan as the get call returns it, in two parts: what can be edited, and what the server keeps to itself."""

    plan: dict[str, JSON]
    """Every key but the read-only ones, in the server's order: what can be edited and sent back."""
    read_only: dict[str, JSON]
    """The read-only keys the server sent (``id``, ``action``, ``status``, the times, ``creator``)."""


def plan_summary(row: dict[str, JSON]) -> PlanSummary:
    """A row of the plan list as the server described it, read leniently (see :mod:`tui.json_fields`)."""

    return PlanSummary(
        id=lenient_text(row.get("id")),
        name=lenient_text(row.get("name")),
        status=lenient_text(row.get("status")),
        action=lenient_text(row.get("action")),
        creator=lenient_text(row.get("creator")),
        create_time=lenient_moment(row.get("create_time")),
        modify_time=lenient_moment(row.get("modify_time")),
        execute_time=lenient_moment(row.get("execute_time")),
    )

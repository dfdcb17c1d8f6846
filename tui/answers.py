"""What a server answered, read safely: kept as text, read within a limit and decoded, parsed as JSON, and a refusal
or a redirect turned into its typed error.

Nothing a server sends is trusted: the body is read no further than :data:`MAX_RESPONSE_BYTES` (decoded with a cap
as it streams, :mod:`tui.decoding`), kept to show as at most :data:`SHOWN_BODY_CHARS` characters, and a body that
is not the JSON the API promises is a :class:`~tui.errors.ResponseError` with a message, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

import httpx

from tui.decoding import read_decoded
from tui.errors import ResponseError, StatusError
from tui.jsontext import loads_strict
from tui.text import printable
from tui.types import JSON

__all__ = [
    "MAX_RESPONSE_BYTES",
    "SHOWN_BODY_CHARS",
    "Answer",
    "parsed",
    "read_capped",
    "redirected",
    "status_error",
    "unexpected_data",
]

MAX_RESPONSE_BYTES: Final = 20 * 1024 * 1024
"""The most of an answer that is read: a plan is far smaller; anything larger is cut off with an error."""
SHOWN_BODY_CHARS: Final = 4096
"""How much of an unexpected body an error keeps to show."""
SHOWN_LOCATION_CHARS: Final = 300
"""How much of a redirect's Location is shown."""
_NOT_JSON = (UnicodeDecodeError, json.JSONDecodeError, RecursionError)
"""What reading a body that is not JSON raises."""
_ERROR_FIELDS = (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message"))
"""The spellings of an error's code and message, ServiceStage's first, then those gateways use."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the server said to a request, as text that is safe to keep and show."""

    method: str
    url: str
    status: int
    reason: str
    elapsed: float
    """Seconds from sending to the last byte read."""
    request_id: str | None
    headers: tuple[tuple[str, str], ...]
    text: str
    """The body as text, cut to :data:`SHOWN_BODY_CHARS` characters."""

    @classmethod
    def of(cls, method: str, url: str, response: httpx.Response, raw: bytes, elapsed: float) -> Answer:
        """The answer ``response`` to ``method url``, whose body read as ``raw`` in ``elapsed`` seconds."""
        text = raw[: SHOWN_BODY_CHARS * 4].decode("utf-8", errors="replace")[:SHOWN_BODY_CHARS]
        return cls(
            method=method,
            url=url,
            status=response.status_code,
            reason=response.reason_phrase,
            elapsed=elapsed,
            request_id=response.headers.get("X-Request-Id"),
            headers=tuple(response.headers.multi_items()),
            text=text,
        )


async def read_capped(response: httpx.Response) -> bytes:
    """The answer's body, decoded and read no further than just past :data:`MAX_RESPONSE_BYTES`."""
    try:
        chunks = response.aiter_raw()
        return await read_decoded(chunks, response.headers.get_list("Content-Encoding"), MAX_RESPONSE_BYTES)
    except httpx.StreamConsumed:  # a transport in this process (a test's) handed over the body already decoded
        return response.content[: MAX_RESPONSE_BYTES + 1]


def parsed(answer: Answer, raw: bytes, *, may_have_applied: bool = False) -> JSON:
    """The JSON of an answer's body, or a :class:`ResponseError` saying why there is none."""

    def unexpected(why: str) -> ResponseError:
        return ResponseError(
            why, status=answer.status, body=answer.text, request_id=answer.request_id, may_have_applied=may_have_applied
        )

    if len(raw) > MAX_RESPONSE_BYTES:
        raise unexpected(f"the answer is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB; it was cut off")
    if not raw:
        raise unexpected(f"the server answered {answer.status} with an empty body")
    try:
        data = loads_strict(raw)
    except _NOT_JSON:
        raise unexpected(f"the server answered {answer.status} with a body that is not JSON") from None
    except ValueError as exc:  # NaN, Infinity, 1e999: JSON as Python reads it, not as the API means it
        raise unexpected(f"the server answered {answer.status} with a number JSON cannot hold ({exc})") from None
    return data


def unexpected_data(message: str, data: Any) -> ResponseError:
    """A 200 whose JSON ``data`` is not what the API sends, said by ``message``, with the JSON kept to show."""
    try:
        shown = json.dumps(data)[:SHOWN_BODY_CHARS]
    except (ValueError, RecursionError):
        shown = ""
    return ResponseError(message, status=200, body=shown)


def status_error(answer: Answer, raw: bytes) -> StatusError:
    """A status error from an answer, reading the code and message in any of the spellings gateways use."""
    code = message = None
    try:
        data = json.loads(raw) if raw and len(raw) <= MAX_RESPONSE_BYTES else None
    except _NOT_JSON:
        data = None
    if isinstance(data, dict):
        for code_key, message_key in _ERROR_FIELDS:
            if code_key in data or message_key in data:
                code = _text(data.get(code_key))
                message = _text(data.get(message_key))
                break
    summary = f"{answer.status} {answer.reason}".strip()
    detail = ": ".join(part for part in (code, message) if part) or (answer.text.strip()[:200] or "no body")
    retry_after = _retry_after(answer)
    later = f"; retry after {retry_after}" if retry_after else ""
    return StatusError(
        f"the server answered {summary}: {detail}{later}",
        status=answer.status,
        error_code=code,
        error_msg=message,
        request_id=answer.request_id,
        body=answer.text,
        headers=answer.headers,
        retry_after=retry_after,
    )


def _retry_after(answer: Answer) -> str | None:
    """When a 429 or 503 says to come back: ``30 s``, or the date it gives, as text safe to show."""
    if answer.status not in (429, 503):
        return None
    value = next((value for name, value in answer.headers if name.lower() == "retry-after"), "").strip()
    if not value:
        return None
    return f"{int(value)} s" if value.isdigit() and len(value) < 10 else printable(value[:40])


def redirected(answer: Answer) -> ResponseError:
    """A 3xx answer: said for what it is, never taken for the call's success."""
    location = next((value for name, value in answer.headers if name.lower() == "location"), "").strip()
    where = f"redirected to {printable(location[:SHOWN_LOCATION_CHARS])}" if location else "a redirect with no Location"
    return ResponseError(
        f"the server answered {answer.status} {answer.reason}: {where}; relplan does not follow redirects "
        "(check the endpoint)",
        status=answer.status,
        body=answer.text,
        request_id=answer.request_id,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)

"""What the stand-in answers besides a plan: ServiceStage's error bodies, and the odd answers of its faults."""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar
from typing import Final

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

__all__ = [
    "ALREADY_RELEASING",
    "BAD_AUTH",
    "FORCED",
    "INTERNAL",
    "INVALID_PLAN",
    "NOT_AUTHORIZED",
    "NO_SUCH_API",
    "UNKNOWN_PLAN",
    "UNKNOWN_PROJECT",
    "DroppedResponse",
    "error",
    "odd_body",
    "quiet_deliberate_drops",
    "unknown_plan",
]

INVALID_PLAN: Final = "SVCSTG.00100400"
ALREADY_RELEASING: Final = "SVCSTG.00100400"
"""A plan executed while its release runs: a 400 like any other bad request (the reference names no own code)."""
UNKNOWN_PLAN: Final = "SVCSTG.00100404"
UNKNOWN_PROJECT: Final = "SVCSTG.00100404"
INTERNAL: Final = "SVCSTG.00100500"
NO_SUCH_API: Final = "APIGW.0101"
BAD_AUTH: Final = "APIGW.0301"
NOT_AUTHORIZED: Final = "APIGW.0302"
FORCED: Final = "Forced by the stand-in's fault switch"

_DROP_DECLARED: Final = 4096
"""The Content-Length a dropped answer promises; far more than it sends."""
_DROP_SENT: Final = b'{"count": 3, "release_plans": [{"id": "'
_UNFINISHED: Final = "ASGI callable returned without completing response."
"""What uvicorn logs when an app ends an answer early, which a dropped answer does on purpose."""
_dropping: ContextVar[bool] = ContextVar("_dropping", default=False)

_HTML_PAGE: Final = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer in time.</p></body></html>\n"
)


def unknown_plan(plan_id: str) -> Response:
    """404: the plan is not held."""
    return error(404, UNKNOWN_PLAN, f"The release plan {plan_id} does not exist")


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error answer with ServiceStage's body: ``{"error_code": code, "error_msg": message}``."""
    return JSONResponse({"error_code": code, "error_msg": message}, status_code=status, headers=headers)


def odd_body(kind: str) -> Response:
    """A 200 answer whose body is not JSON."""
    if kind == "html":
        return HTMLResponse(_HTML_PAGE)
    if kind == "garbage":  # 0xff never occurs in UTF-8, so this is never text
        return Response(b"\xff\xfe" + os.urandom(62), media_type="application/json")
    return Response(b"", media_type="application/json")


class DroppedResponse(Response):
    """An answer that promises more than it sends and then ends, so the client sees the connection drop."""

    def __init__(self) -> None:
        super().__init__(status_code=200, media_type="application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(_DROP_DECLARED).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": _DROP_SENT, "more_body": True})
        # Returning with the answer unfinished makes uvicorn close the connection; mark it as meant.
        _dropping.set(True)


class _QuietDrops(logging.Filter):
    """Hides uvicorn's complaint about an unfinished answer when the stand-in dropped it on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_dropping.get() and record.msg == _UNFINISHED)


_QUIET_DROPS: Final = _QuietDrops()


def quiet_deliberate_drops() -> None:
    """Keep uvicorn from logging the stand-in's deliberate drops as failures."""
    logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)  # adding the same filter twice is a no-op

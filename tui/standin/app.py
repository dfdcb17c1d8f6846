"""The stand-in's web app: the release-plan calls, checked the way ServiceStage checks them, and a fault switch.

API calls live under ``/v3/{project_id}/cas/release-plans``: list, get, update (validated with the same rules as
the editor), execute and deploy-info. Each needs an IAM token or an ``SDK-HMAC-SHA256`` signature (401 otherwise).
The stand-in serves one project: another project in the URL is a 404, and a signed request whose ``X-Project-Id``
is not the URL's project is refused with a 403.
The control routes under ``/_standin/faults`` need neither: the server only listens on loopback. Every answer
carries a fresh ``X-Request-Id``; every error body is ``{"error_code": ..., "error_msg": ...}``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.standin.answers import INTERNAL, NO_SUCH_API, error, quiet_deliberate_drops
from tui.standin.api import Api
from tui.standin.credentials import Credentials
from tui.standin.faults import Faults
from tui.standin.store import PlanStore

__all__ = ["API_PREFIX", "DEFAULT_PROJECT", "FAULTS_PATH", "create_app"]

API_PREFIX: Final = "/v3/{project_id}/cas/release-plans"
FAULTS_PATH: Final = "/_standin/faults"

DEFAULT_PROJECT: Final = "demo"
"""The project the stand-in serves unless told another: the one ``relplan demo`` and the README's tour use."""


def create_app(
    store: PlanStore,
    credentials: Credentials,
    faults: Faults | None = None,
    *,
    project_id: str = DEFAULT_PROJECT,
    request_ids: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> Starlette:
    """The stand-in's ASGI app over ``store`` in the project ``project_id``, accepting ``credentials``, misbehaving
    as ``faults`` say.

    Every answer carries ``X-Request-Id: request_ids()`` (fresh UUIDs, unless a test wants them predictable).

    The current faults are ``app.state.faults``: the control routes replace them, and so may code in the same
    process.

    Raises:
        ValueError: ``credentials`` set neither a token nor an access key, so no call could pass; or
            ``project_id`` is empty.
    """
    if not credentials.accepts_anything:
        raise ValueError("the stand-in needs a token, or an access key and secret key, to check calls against")
    if not project_id:
        raise ValueError("the stand-in needs a project id to serve")
    quiet_deliberate_drops()
    api = Api(store, credentials, project_id)
    routes = [
        Route(API_PREFIX, api.list_plans, methods=["GET"]),
        Route(API_PREFIX + "/{plan_id}", api.get_plan, methods=["GET"]),
        Route(API_PREFIX + "/{plan_id}", api.update_plan, methods=["PUT"]),
        Route(API_PREFIX + "/{plan_id}/execute", api.execute_plan, methods=["POST"]),
        Route(API_PREFIX + "/{plan_id}/deploy-info", api.deploy_info, methods=["GET"]),
        Route(FAULTS_PATH, _get_faults, methods=["GET"]),
        Route(FAULTS_PATH, _put_faults, methods=["PUT"]),
        Route(FAULTS_PATH, _reset_faults, methods=["DELETE"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_RequestIdMiddleware, request_ids=request_ids)],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.router.redirect_slashes = False  # a trailing slash is another path, as the gateway sees it
    app.state.faults = faults if faults is not None else Faults()
    return app


# ------------------------------------------------------------------------------------------------- control


async def _get_faults(request: Request) -> Response:
    faults: Faults = request.app.state.faults
    return JSONResponse(faults.to_json())


async def _put_faults(request: Request) -> Response:
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return error(400, "STANDIN.0400", f"The faults must be a JSON object: {exc}")
    try:
        faults = Faults.from_json(data)
    except ValueError as exc:
        return error(400, "STANDIN.0400", f"Bad faults: {exc}")
    request.app.state.faults = faults
    return JSONResponse(faults.to_json())


async def _reset_faults(request: Request) -> Response:
    request.app.state.faults = Faults()
    return JSONResponse(Faults().to_json())


# ---------------------------------------------------------------------------------------- every response


class _RequestIdMiddleware:
    """Adds a fresh ``X-Request-Id`` to every answer, as the ServiceStage gateway does."""

    def __init__(self, app: ASGIApp, request_ids: Callable[[], str]) -> None:
        self.app = app
        self.request_ids = request_ids

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self.request_ids()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode("ascii"))]
            await send(message)

        await self.app(scope, receive, send_with_id)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors, answered as the gateway answers them (an unknown path or method is a 404)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status in (404, 405):
        return error(404, NO_SUCH_API, "The API does not exist or has not been published in the environment")
    detail: Any = exc.detail if isinstance(exc, HTTPException) else "error"
    return error(status, f"SVCSTG.00100{status}", str(detail))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug in the stand-in: a ServiceStage-style 500 (this answer bypasses the request-id middleware)."""
    return error(500, INTERNAL, "The stand-in failed; its log has the details", {"X-Request-Id": str(uuid.uuid4())})

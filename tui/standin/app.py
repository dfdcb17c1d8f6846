"""The stand-in's web app: the release-plan calls, checked the way ServiceStage checks them, and a fault switch.

API calls live under ``/v3/{project_id}/cas/release-plans``: list, get, update (validated with the same rules as
the editor), execute and deploy-info. Each needs an IAM token or an ``SDK-HMAC-SHA256`` signature (401 otherwise).
The stand-in serves one project: another project in the URL is a 404, and a signed request whose ``X-Project-Id``
is not the URL's project is refused with a 403.
The control routes under ``/_standin/faults`` need neither: the server only listens on loopback. Every answer
carries a fresh ``X-Request-Id``; every error body is ``{"error_code": ..., "error_msg": ...}``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.auth import DATE_FORMAT, parse_authorization
from tui.errors import DocumentError
from tui.jsontext import parse_json
from tui.paths import format_path
from tui.standin.faults import Faults
from tui.standin.store import PlanStore
from tui.types import Severity
from tui.validation import validate

__all__ = ["API_PREFIX", "DEFAULT_PROJECT", "FAULTS_PATH", "MAX_CLOCK_SKEW", "Credentials", "create_app"]

API_PREFIX: Final = "/v3/{project_id}/cas/release-plans"
FAULTS_PATH: Final = "/_standin/faults"
MAX_CLOCK_SKEW: Final = timedelta(minutes=15)
"""How far ``X-Sdk-Date`` may be from the server's clock."""

DEFAULT_PROJECT: Final = "demo"
"""The project the stand-in serves unless told another: the one ``relplan demo`` and the README's tour use."""

INVALID_PLAN: Final = "SVCSTG.00100400"
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


@dataclass(frozen=True)
class Credentials:
    """What the stand-in accepts: an IAM token, an access key and secret key pair, or both."""

    token: str | None = field(default=None, repr=False)
    access_key: str | None = None
    secret_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if "" in (self.token, self.access_key, self.secret_key):
            raise ValueError("a credential cannot be empty")
        if (self.access_key is None) != (self.secret_key is None):
            raise ValueError("an access key needs its secret key, and a secret key its access key")

    @property
    def accepts_anything(self) -> bool:
        """Whether some request could pass: a token or an AK/SK pair is set."""
        return self.token is not None or self.access_key is not None


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
    _quiet_deliberate_drops()
    api = _Api(store, credentials, project_id)
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


# ----------------------------------------------------------------------------------------------- API calls


class _Api:
    """The release-plan calls: faults first, then authentication, then the call itself."""

    def __init__(self, store: PlanStore, credentials: Credentials, project_id: str) -> None:
        self.store = store
        self.credentials = credentials
        self.project_id = project_id

    async def list_plans(self, request: Request) -> Response:
        """GET the list of plans."""
        return await self._serve(request, self._list)

    async def get_plan(self, request: Request) -> Response:
        """GET one plan."""
        return await self._serve(request, self._get)

    async def update_plan(self, request: Request) -> Response:
        """PUT a plan's new body, validated first."""
        return await self._serve(request, self._update)

    async def execute_plan(self, request: Request) -> Response:
        """POST to release a plan."""
        return await self._serve(request, self._execute)

    async def deploy_info(self, request: Request) -> Response:
        """GET a plan's deploy info."""
        return await self._serve(request, self._deploy_info)

    async def _serve(self, request: Request, call: Callable[[Request], Awaitable[Response]]) -> Response:
        faults: Faults = request.app.state.faults
        # Take the whole request first: closing a connection with unread bytes resets it instead of ending it.
        await request.body()
        if faults.applies(request.method):
            if faults.delay and await _held(request, faults.delay):
                return Response(status_code=499)  # nobody is left to read it
            if faults.drop:
                return _DroppedResponse()
            if faults.status is not None:
                return _error(faults.status, f"SVCSTG.00100{faults.status}", faults.message or FORCED)
            if faults.body is not None:
                return _odd_body(faults.body)
        why = await self._refusal(request)
        if why is not None:
            return _error(401, BAD_AUTH, f"Incorrect IAM authentication information: {why}")
        refused = self._project_refusal(request)
        return refused if refused is not None else await call(request)

    def _project_refusal(self, request: Request) -> Response | None:
        """The answer to a call outside the project served, or None when it is the project's.

        A signed request says which project it acts in twice: in the URL, and in ``X-Project-Id``, from which
        the gateway takes the scope of the AK/SK. When the two differ the answer is 403, not 401: the signature
        has proved who is calling, so 401's "authenticate again" cannot help; the caller may not act on the
        URL's project with what it holds, which is what 403 says. A project the stand-in does not serve is a
        404 with ServiceStage's error body, as for a plan it does not hold.
        """
        project = request.path_params["project_id"]
        claimed = request.headers.get("x-project-id")
        if request.state.signed and claimed is not None and claimed != project:
            return _error(
                403,
                NOT_AUTHORIZED,
                f"The IAM user is not authorized to access the API: X-Project-Id {claimed} is not the project "
                f"in the URL, {project}",
            )
        if project != self.project_id:
            return _error(404, UNKNOWN_PROJECT, f"The project {project} does not exist")
        return None

    async def _list(self, request: Request) -> Response:
        plans = self.store.summaries()
        return JSONResponse({"count": len(plans), "release_plans": plans})

    async def _get(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        plan = self.store.get(plan_id)
        return _unknown_plan(plan_id) if plan is None else JSONResponse(plan)

    async def _update(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        if plan_id not in self.store:
            return _unknown_plan(plan_id)
        raw = await request.body()
        if not raw.strip():
            return _error(400, INVALID_PLAN, "The request body is empty; send the release plan as a JSON object")
        try:
            body = parse_json(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return _error(400, INVALID_PLAN, "The request body is not JSON: it is not UTF-8 text")
        except DocumentError as exc:
            return _error(400, INVALID_PLAN, f"The request body {exc}")
        issues = await run_in_threadpool(validate, body)
        errors = [issue for issue in issues if issue.severity is Severity.ERROR]
        if errors:
            listed = "; ".join(f"{format_path(issue.path)}: {issue.message}" for issue in errors)
            return _error(400, INVALID_PLAN, f"Invalid release plan: {listed}")
        try:
            await run_in_threadpool(self.store.update, plan_id, body)
        except KeyError:
            return _unknown_plan(plan_id)
        except DocumentError as exc:
            return _error(500, INTERNAL, f"The stand-in could not save the plan: {exc}")
        return JSONResponse({"release_plan_id": plan_id})

    async def _execute(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        try:
            executed = await run_in_threadpool(self.store.execute, plan_id)
        except DocumentError as exc:
            return _error(500, INTERNAL, f"The stand-in could not save the plan: {exc}")
        return JSONResponse({"release_plan_id": plan_id}) if executed else _unknown_plan(plan_id)

    async def _deploy_info(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        info = self.store.deploy_info(plan_id)
        return _unknown_plan(plan_id) if info is None else JSONResponse(info)

    async def _refusal(self, request: Request) -> str | None:
        """Why the request's credentials are refused, in words that hold no secret; None when they pass."""
        request.state.signed = False
        reasons: list[str] = []
        token = request.headers.get("x-auth-token")
        if token is not None:
            expected = self.credentials.token
            if expected is not None and hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
                return None
            reasons.append("the X-Auth-Token is not valid" if expected else "this server takes no tokens")
        authorization = request.headers.get("authorization")
        if authorization is not None:
            why = self._signature_refusal(request, authorization, await request.body())
            if why is None:
                request.state.signed = True
                return None
            reasons.append(why)
        return "; ".join(reasons) or "send an X-Auth-Token header or an SDK-HMAC-SHA256 Authorization header"

    def _signature_refusal(self, request: Request, authorization: str, body: bytes) -> str | None:
        """Why an ``SDK-HMAC-SHA256`` signature is refused; None when it is good."""
        signature = parse_authorization(authorization)
        if signature is None:
            return "the Authorization header is not an SDK-HMAC-SHA256 signature"
        access_key, secret_key = self.credentials.access_key, self.credentials.secret_key
        if access_key is None or secret_key is None:
            return "this server takes no AK/SK signatures"
        if not hmac.compare_digest(signature.access_key.encode("utf-8"), access_key.encode("utf-8")):
            return "the access key is not known"
        for name in ("host", "x-sdk-date"):
            if name not in signature.signed_headers:
                return f"{name.title()} is not among the signed headers"
        date = request.headers.get("x-sdk-date", "")
        try:
            moment = datetime.strptime(date, DATE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            return "X-Sdk-Date is missing or not in the form 20261126T120000Z"
        if abs(datetime.now(UTC) - moment) > MAX_CLOCK_SKEW:
            return "X-Sdk-Date is more than 15 minutes away from the server's clock"
        headers = {name.lower(): value for name, value in request.headers.items()}
        if not signature.signature.isascii() or not signature.matches(
            secret_key, date, request.method, _target(request.scope), headers, body
        ):
            return "the signature does not match the request"
        return None


def _target(scope: Scope) -> str:
    """The request target as the client sent it: the raw, percent-encoded path and the raw query."""
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else quote(scope["path"])
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _unknown_plan(plan_id: str) -> Response:
    return _error(404, UNKNOWN_PLAN, f"The release plan {plan_id} does not exist")


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error_code": code, "error_msg": message}, status_code=status, headers=headers)


def _odd_body(kind: str) -> Response:
    """A 200 answer whose body is not JSON."""
    if kind == "html":
        return HTMLResponse(_HTML_PAGE)
    if kind == "garbage":  # 0xff never occurs in UTF-8, so this is never text
        return Response(b"\xff\xfe" + os.urandom(62), media_type="application/json")
    return Response(b"", media_type="application/json")


class _DroppedResponse(Response):
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


def _quiet_deliberate_drops() -> None:
    logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)  # adding the same filter twice is a no-op


# ------------------------------------------------------------------------------------------------- control


async def _get_faults(request: Request) -> Response:
    faults: Faults = request.app.state.faults
    return JSONResponse(faults.to_json())


async def _put_faults(request: Request) -> Response:
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _error(400, "STANDIN.0400", f"The faults must be a JSON object: {exc}")
    try:
        faults = Faults.from_json(data)
    except ValueError as exc:
        return _error(400, "STANDIN.0400", f"Bad faults: {exc}")
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
        return _error(404, NO_SUCH_API, "The API does not exist or has not been published in the environment")
    detail: Any = exc.detail if isinstance(exc, HTTPException) else "error"
    return _error(status, f"SVCSTG.00100{status}", str(detail))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug in the stand-in: a ServiceStage-style 500 (this answer bypasses the request-id middleware)."""
    return _error(500, INTERNAL, "The stand-in failed; its log has the details", {"X-Request-Id": str(uuid.uuid4())})


async def _held(request: Request, seconds: float) -> bool:
    """Wait ``seconds`` before answering, or until the caller goes away (then True): a client that gave up waiting
    does not keep the server busy, nor its shutdown waiting."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        if await request.is_disconnected():
            return True
        await asyncio.sleep(min(left, 0.05))
    return False

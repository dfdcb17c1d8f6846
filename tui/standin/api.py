"""The stand-in's release-plan calls: list, get, update (validated as the editor validates), execute, deploy-info.

Each call meets the faults first, then the credentials, then the project, as a request meets the gateway.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tui.errors import DocumentError
from tui.jsontext import parse_json
from tui.paths import format_path
from tui.standin.answers import (
    ALREADY_RELEASING,
    BAD_AUTH,
    FORCED,
    INTERNAL,
    INVALID_PLAN,
    NOT_AUTHORIZED,
    UNKNOWN_PROJECT,
    DroppedResponse,
    error,
    odd_body,
    unknown_plan,
)
from tui.standin.credentials import Credentials
from tui.standin.faults import Faults
from tui.standin.releases import AlreadyReleasingError
from tui.standin.store import PlanStore
from tui.types import Severity
from tui.validation import validate

__all__ = ["Api", "held"]


class Api:
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
            if faults.delay and await held(request, faults.delay):
                return Response(status_code=499)  # nobody is left to read it
            if faults.drop:
                return DroppedResponse()
            if faults.status is not None:
                later = {"Retry-After": str(faults.retry_after)} if faults.retry_after is not None else None
                return error(faults.status, f"SVCSTG.00100{faults.status}", faults.message or FORCED, later)
            if faults.body is not None:
                return odd_body(faults.body)
        why = await self.credentials.refusal(request)
        if why is not None:
            return error(401, BAD_AUTH, f"Incorrect IAM authentication information: {why}")
        refused = self._project_refusal(request)
        if refused is not None:
            return refused
        answer = await call(request)
        if faults.drop_after and faults.applies(request.method) and answer.status_code < 400:
            return DroppedResponse()  # carried out: only its answer is lost
        return answer

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
            return error(
                403,
                NOT_AUTHORIZED,
                f"The IAM user is not authorized to access the API: X-Project-Id {claimed} is not the project "
                f"in the URL, {project}",
            )
        if project != self.project_id:
            return error(404, UNKNOWN_PROJECT, f"The project {project} does not exist")
        return None

    async def _list(self, request: Request) -> Response:
        plans = self.store.summaries()
        return JSONResponse({"count": len(plans), "release_plans": plans})

    async def _get(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        plan = self.store.get(plan_id)
        return unknown_plan(plan_id) if plan is None else JSONResponse(plan)

    async def _update(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        if plan_id not in self.store:
            return unknown_plan(plan_id)
        raw = await request.body()
        if not raw.strip():
            return error(400, INVALID_PLAN, "The request body is empty; send the release plan as a JSON object")
        try:
            body = parse_json(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return error(400, INVALID_PLAN, "The request body is not JSON: it is not UTF-8 text")
        except DocumentError as exc:
            return error(400, INVALID_PLAN, f"The request body {exc}")
        issues = await run_in_threadpool(validate, body)
        errors = [issue for issue in issues if issue.severity is Severity.ERROR]
        if errors:
            listed = "; ".join(f"{format_path(issue.path)}: {issue.message}" for issue in errors)
            return error(400, INVALID_PLAN, f"Invalid release plan: {listed}")
        try:
            await run_in_threadpool(self.store.update, plan_id, body)
        except KeyError:
            return unknown_plan(plan_id)
        except DocumentError as exc:
            return error(500, INTERNAL, f"The stand-in could not save the plan: {exc}")
        return JSONResponse({"release_plan_id": plan_id})

    async def _execute(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        faults: Faults = request.app.state.faults
        try:
            executed = await run_in_threadpool(
                functools.partial(
                    self.store.execute, plan_id, failing=faults.fail_components, message=faults.fail_message
                )
            )
        except AlreadyReleasingError as exc:
            return error(400, ALREADY_RELEASING, str(exc))
        except DocumentError as exc:
            return error(500, INTERNAL, f"The stand-in could not save the plan: {exc}")
        return JSONResponse({"release_plan_id": plan_id}) if executed else unknown_plan(plan_id)

    async def _deploy_info(self, request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        info = self.store.deploy_info(plan_id)
        return unknown_plan(plan_id) if info is None else JSONResponse(info)


async def held(request: Request, seconds: float) -> bool:
    """Wait ``seconds`` before answering, or until the caller goes away (then True): a client that gave up waiting
    does not keep the server busy, nor its shutdown waiting."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        if await request.is_disconnected():
            return True
        await asyncio.sleep(min(left, 0.05))
    return False

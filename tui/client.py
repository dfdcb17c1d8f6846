"""The async ServiceStage client: list, get, update and execute release plans and read their deploy-info, with
typed errors.

One client serves the editor and the command line. Each call is one request with a deadline for its whole answer
(:mod:`tui.exchange`), whose answer is read within limits and checked against what the API promises
(:mod:`tui.answers`); anything else raises a :class:`~tui.errors.ClientError` with a message, never a crash, and
no message holds a credential. Credentials go over plain http only to loopback unless the person opted in. What
it sends and reads, the plan's editable part, the PUT body and a list row, is shaped by :mod:`tui.plan_wire`.

An update goes further than the API does: :meth:`ServiceStageClient.submit` first fetches the plan again and says
whether someone changed it since it was opened (the API has no ETag), and after a 200 fetches it once more and
says whether the server now holds exactly what was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import quote

import httpx

from tui.answers import Answer, parsed, status_error, unexpected_data
from tui.diff import Change, diff
from tui.endpoint import check_endpoint, check_plain_http
from tui.errors import (
    ClientError,
    ConnectionFailedError,
    ConnectionLostError,
    DocumentError,
    LostUpdateCheckError,
    PlanChangedError,
    RequestTimeoutError,
    ResponseError,
    SettingsError,
    StatusError,
)
from tui.exchange import Exchange
from tui.jsontext import check_size, check_writable
from tui.jsontree import same_json
from tui.models import READ_ONLY_KEYS
from tui.plan_wire import FetchedPlan, PlanSummary, plan_summary, put_body, without_read_only
from tui.release import DeployInfo, parse_deploy_info
from tui.server_check import ServerCheck, compare
from tui.types import JSON

__all__ = ["DEFAULT_TIMEOUT", "Arrival", "ServiceStageClient", "Submission"]

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds a call may take, unless the caller says otherwise."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """Whether the server holds what was sent, judged by fetching the plan after a 200."""

    verified: bool
    differences: list[Change] = field(default_factory=list)
    """Where the plan on the server differs from what was sent (empty when verified)."""
    error: str | None = None
    """Why the check could not be made, when it could not."""


@dataclass(frozen=True, slots=True)
class Submission:
    """The outcome of :meth:`ServiceStageClient.submit`."""

    release_plan_id: str | None
    """What the answer named; None when the answer could not be read (see :attr:`unexpected`)."""
    answer: Answer
    arrival: Arrival
    server_changes: list[Change] | None = None
    """What had changed on the server since the plan was opened, and was sent over; None when no check was made."""
    unexpected: str | None = None
    """Why the server's 2xx answer is not one the API sends (not JSON, empty, no release_plan_id), when it is not.

    The server accepted the request even so, and may have applied it: :attr:`arrival` says what it holds.
    """


class ServiceStageClient:
    """Release-plan calls against one endpoint and project, with one authentication.

    Use it as an async context manager, or call :meth:`aclose` when done.
    """

    def __init__(
        self,
        endpoint: str,
        project_id: str,
        auth: httpx.Auth,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        ca_bundle: str | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        """Prepare calls to ``endpoint``; nothing is sent yet.

        Without ``transport``, the network is reached as httpx reaches it by default: through the proxies the
        environment names, trusting ``ca_bundle`` (a PEM file) or else ``SSL_CERT_FILE`` or the usual CAs.

        Raises:
            ConnectionFailedError: the endpoint is not a URL relplan can use, is plain http to a host that is not
                loopback without ``allow_insecure_http``, or the CA file or a proxy setting cannot be used.
        """
        try:
            self.endpoint = check_endpoint(endpoint)
            check_plain_http(self.endpoint, allowed=allow_insecure_http)
        except SettingsError as exc:
            raise ConnectionFailedError(str(exc)) from None
        self.project_id = project_id
        self.timeout = timeout
        """Seconds each call may take, from sending the request to the last byte of the answer."""
        self._exchange = Exchange(self.endpoint, auth, timeout=timeout, transport=transport, ca_bundle=ca_bundle)

    async def __aenter__(self) -> ServiceStageClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._exchange.aclose()

    def plan_url(self, plan_id: str | None = None) -> str:
        """The full URL of the plan list, or of one plan."""
        return f"{self.endpoint}{self._path(plan_id)}"

    def _path(self, plan_id: str | None = None) -> str:
        base = f"/v3/{quote(self.project_id, safe='')}/cas/release-plans"
        return base if plan_id is None else f"{base}/{quote(plan_id, safe='')}"

    # -- the calls

    async def list_plans(self) -> list[PlanSummary]:
        """Every release plan of the project."""
        return [plan_summary(row) for row in await self.list_plan_rows()]

    async def list_plan_rows(self) -> list[dict[str, JSON]]:
        """Every release plan of the project, each as the server described it (a JSON object)."""
        _, data = await self._json("GET", self._path())
        rows = data.get("release_plans") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise unexpected_data("the plan list has no release_plans list", data)
        return [row for row in rows if isinstance(row, dict)]

    async def get_plan(self, plan_id: str) -> dict[str, JSON]:
        """A plan as the server holds it, without its read-only keys: what can be edited and sent back."""
        return (await self.fetch_plan(plan_id)).plan

    async def fetch_plan(self, plan_id: str) -> FetchedPlan:
        """A plan as the server holds it, with its read-only keys apart."""
        _, data = await self._json("GET", self._path(plan_id))
        if not isinstance(data, dict):
            raise unexpected_data("the plan is not a JSON object", data)
        try:
            check_writable(check_size(data))  # what could not be edited, saved or sent back is refused now
        except DocumentError as exc:
            raise unexpected_data(f"the plan the server sent {exc}", data) from None
        plan: dict[str, JSON] = {}
        read_only: dict[str, JSON] = {}
        for key, value in data.items():
            (read_only if key in READ_ONLY_KEYS else plan)[key] = value
        return FetchedPlan(plan, read_only)

    async def update_plan(self, plan_id: str, body: bytes) -> tuple[str, Answer]:
        """Send ``body`` (see :func:`put_body`) as the plan's new content; returns the release_plan_id and answer.

        Raises:
            ResponseError: the answer is not one the API sends; after a 2xx, ``may_have_applied`` is true.
        """
        answer, released, unexpected = await self._put(plan_id, body)
        if unexpected is not None:
            raise unexpected
        assert released is not None
        return released, answer

    async def _put(self, plan_id: str, body: bytes) -> tuple[Answer, str | None, ResponseError | None]:
        """Send the update; a 2xx answer that cannot be read is returned with why, not raised: it was accepted."""
        answer, raw = await self._exchange.send("PUT", self._path(plan_id), body)
        if answer.status >= 400:
            raise status_error(answer, raw)
        accepted = 200 <= answer.status < 300
        try:
            data = parsed(answer, raw, may_have_applied=accepted)
        except ResponseError as exc:
            if not accepted:
                raise
            return answer, None, exc
        released = data.get("release_plan_id") if isinstance(data, dict) else None
        if isinstance(released, str):
            return answer, released, None
        missing = ResponseError(
            f"the server answered {answer.status} without a release_plan_id",
            status=answer.status,
            body=answer.text,
            request_id=answer.request_id,
            may_have_applied=accepted,
        )
        if not accepted:
            raise missing
        return answer, None, missing

    # -- releasing

    async def execute_plan(self, plan_id: str) -> Answer:
        """POST ``.../execute``: start releasing the plan. No body is sent; the answer's body, if any, is not used.

        Raises:
            StatusError: the server refused (a plan already releasing is a 400 whose ``error_code`` and
                ``error_msg`` say so).
            ResponseError: a 2xx answer whose body is not JSON; ``may_have_applied`` is true, as the release may
                have started.
        """
        answer, raw = await self._exchange.send("POST", f"{self._path(plan_id)}/execute", None)
        if answer.status >= 400:
            raise status_error(answer, raw)
        if raw.strip():  # the API sends no body; a gateway's HTML page in its place is not a success to trust
            parsed(answer, raw, may_have_applied=True)
        return answer

    async def deploy_info(self, plan_id: str) -> DeployInfo:
        """GET ``.../deploy-info``: the plan's release jobs, one per component (see :mod:`tui.release`).

        Raises:
            ResponseError: the answer is not JSON, is too large, or is not an object with a ``components`` list.
        """
        _, data = await self._json("GET", f"{self._path(plan_id)}/deploy-info")
        if not isinstance(data, dict) or not isinstance(data.get("components"), list):
            raise unexpected_data("the deploy-info has no components list", data)
        return parse_deploy_info(data, plan_id)

    # -- the safe update

    async def changed_since(self, plan_id: str, opened: Mapping[str, JSON]) -> list[Change]:
        """What changed on the server since the plan was opened as ``opened`` (empty when nothing did).

        Only what can be edited is compared: read-only keys in ``opened`` are left out, as :meth:`get_plan` leaves
        them out of the plan on the server.
        """
        now = await self.get_plan(plan_id)
        return diff(without_read_only(opened), now)

    async def check_server(
        self, plan_id: str, opened: Mapping[str, JSON], *, sent: Mapping[str, JSON] | None = None
    ) -> ServerCheck:
        """The plan on the server against ``opened`` and the plan last ``sent`` (see :func:`tui.server_check.compare`):
        when the server holds exactly what was last sent, that is no one else's change."""
        now = await self.get_plan(plan_id)
        return compare(without_read_only(opened), now, None if sent is None else without_read_only(sent))

    async def check_arrival(self, plan_id: str, sent: bytes) -> Arrival:
        """Fetch the plan again and compare it with what was sent."""
        try:
            now = await self.get_plan(plan_id)
        except (ConnectionFailedError, ConnectionLostError, RequestTimeoutError, ResponseError, StatusError) as exc:
            return Arrival(False, error=str(exc))
        expected = json.loads(sent)
        if same_json(expected, now):
            return Arrival(True)
        return Arrival(False, diff(expected, now))

    async def submit(
        self,
        plan_id: str,
        plan: Mapping[str, JSON],
        *,
        opened: Mapping[str, JSON] | None = None,
        overwrite: bool = False,
        sending: Callable[[ServerCheck | None], object] | None = None,
        sent: Mapping[str, JSON] | None = None,
    ) -> Submission:
        """PUT the plan, then check that the server holds what was sent.

        With ``opened`` (the plan as it was fetched), the plan is first fetched again; if someone changed it since,
        nothing is sent and :class:`PlanChangedError` says what changed, unless ``overwrite`` says to send over
        those changes (:attr:`Submission.server_changes` lists them). When that fetch fails, nothing is sent and
        :class:`LostUpdateCheckError` says why. A 2xx answer that is not what the API sends is not raised: the
        server accepted the update, so the arrival is checked and :attr:`Submission.unexpected` says what was wrong
        with the answer. ``sending`` is called just before the PUT goes out, with what the lost-update check found
        (the plan on the server and its changes; None when it was not made). ``sent``, the plan last sent whose
        answer never came: when the server holds exactly it, that is no change since ``opened``.
        """
        changes = check = None
        if opened is not None:
            try:
                check = await self.check_server(plan_id, opened, sent=sent)
            except ClientError as exc:
                raise LostUpdateCheckError(
                    f"the plan could not be fetched to check that nobody changed it meanwhile ({exc})"
                ) from exc
            changes = check.changes
            if changes and not overwrite:
                from tui.readable import change_place

                before = without_read_only(opened)
                paths = ", ".join(change_place(change, check.now, before).text for change in changes[:5])
                more = f" and {len(changes) - 5} more" if len(changes) > 5 else ""
                raise PlanChangedError(
                    f"the plan changed on the server since it was opened (at {paths}{more})",
                    changes=changes,
                    plan=check.now,
                    opened=before,
                )
        body = put_body(plan)
        if sending is not None:
            sending(check)
        answer, released, unexpected = await self._put(plan_id, body)
        arrival = await self.check_arrival(plan_id, body)
        return Submission(released, answer, arrival, changes, None if unexpected is None else str(unexpected))

    # -- plumbing

    async def _json(self, method: str, path: str, *, content: bytes | None = None) -> tuple[Answer, JSON]:
        """Send a request and read its JSON answer; any status of 400 or more raises :class:`StatusError`."""
        answer, raw = await self._exchange.send(method, path, content)
        if answer.status >= 400:
            raise status_error(answer, raw)
        return answer, parsed(answer, raw)

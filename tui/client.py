"""The async ServiceStage client: list, get and update release plans, with typed errors.

One client serves the editor and the command line. Every call has a deadline: the whole answer must have come
within the timeout, however slowly the server sends it. Only a failure to connect, before anything was sent, is
retried. Anything the server sends is kept as text and a bounded number of bytes, decoded with a cap as it
streams (:mod:`tui.decoding`); an answer that is not what the API promises, a redirect included, raises a
:class:`~tui.errors.ClientError` with a message, never a crash, and no message holds a credential.

The network is the operator's: ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` are honoured as
httpx honours them, ``SSL_CERT_FILE`` (or a profile's ``ca_bundle``) names the certificate authorities to trust,
and credentials go over plain http only to loopback unless the person opted in.

An update goes further than the API does: :meth:`ServiceStageClient.submit` first fetches the plan again and says
whether someone changed it since it was opened (the API has no ETag), and after a 200 fetches it once more and
says whether the server now holds exactly what was sent.
"""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote

import httpx
import orjson

from tui.auth import redact
from tui.decoding import ACCEPT_ENCODING, DecodeError, read_decoded
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
from tui.jsontext import check_size, check_writable, find_not_finite, loads_strict
from tui.jsontree import copy_json, same_json
from tui.logs import logger
from tui.models import READ_ONLY_KEYS
from tui.paths import format_path
from tui.text import printable
from tui.types import JSON

__all__ = [
    "CONTENT_TYPE",
    "MAX_RESPONSE_BYTES",
    "Answer",
    "Arrival",
    "FetchedPlan",
    "PlanSummary",
    "ServiceStageClient",
    "Submission",
    "editable",
    "put_body",
]

CONTENT_TYPE: Final = "application/json;charset=utf8"
MAX_RESPONSE_BYTES: Final = 20 * 1024 * 1024
"""The most of an answer that is read: a plan is far smaller; anything larger is cut off with an error."""
SHOWN_BODY_CHARS: Final = 4096
"""How much of an unexpected body an error keeps to show."""
DEFAULT_TIMEOUT: Final = 30.0
_log = logger("http")
_NOT_JSON = (UnicodeDecodeError, json.JSONDecodeError, RecursionError)
"""What reading a body that is not JSON raises."""
CONNECT_RETRIES: Final = 2
"""How many more times a connection that failed before anything was sent is tried."""
RETRY_PAUSE: Final = 0.25
"""Seconds before the first retry of a connection; each next pause is twice as long."""
SHOWN_LOCATION_CHARS: Final = 300


def editable(plan: Mapping[str, JSON]) -> dict[str, JSON]:
    """A copy of a plan without its read-only keys: what can be edited and sent back."""
    return {key: copy_json(value) for key, value in plan.items() if key not in READ_ONLY_KEYS}


def _without_read_only(plan: Mapping[str, JSON]) -> dict[str, JSON]:
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
    body = _without_read_only(plan)
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
        options: dict[str, Any] = {"transport": transport} if transport is not None else _network(ca_bundle)
        try:
            self._http = httpx.AsyncClient(
                base_url=self.endpoint,
                auth=auth,
                timeout=httpx.Timeout(timeout),
                headers={"User-Agent": "relplan", "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING},
                follow_redirects=False,
                **options,
            )
        except OSError as exc:  # ssl.SSLError is one too
            where = os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR") or "the usual CA file"
            raise ConnectionFailedError(
                f"the certificate authorities in {printable(where)} cannot be used ({_reason(exc)})"
            ) from None
        except (ValueError, TypeError, httpx.InvalidURL) as exc:  # the proxy URL may hold a password: not shown
            raise ConnectionFailedError(
                "a proxy setting in the environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) is not a URL relplan "
                f"can use ({type(exc).__name__})"
            ) from None

    async def __aenter__(self) -> ServiceStageClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    def plan_url(self, plan_id: str | None = None) -> str:
        """The full URL of the plan list, or of one plan."""
        return f"{self.endpoint}{self._path(plan_id)}"

    def _path(self, plan_id: str | None = None) -> str:
        base = f"/v3/{quote(self.project_id, safe='')}/cas/release-plans"
        return base if plan_id is None else f"{base}/{quote(plan_id, safe='')}"

    # -- the calls

    async def list_plans(self) -> list[PlanSummary]:
        """Every release plan of the project."""
        return [_summary(row) for row in await self.list_plan_rows()]

    async def list_plan_rows(self) -> list[dict[str, JSON]]:
        """Every release plan of the project, each as the server described it (a JSON object)."""
        _, data = await self._json("GET", self._path())
        rows = data.get("release_plans") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise self._unexpected("the plan list has no release_plans list", data)
        return [row for row in rows if isinstance(row, dict)]

    async def get_plan(self, plan_id: str) -> dict[str, JSON]:
        """A plan as the server holds it, without its read-only keys: what can be edited and sent back."""
        return (await self.fetch_plan(plan_id)).plan

    async def fetch_plan(self, plan_id: str) -> FetchedPlan:
        """A plan as the server holds it, with its read-only keys apart."""
        _, data = await self._json("GET", self._path(plan_id))
        if not isinstance(data, dict):
            raise self._unexpected("the plan is not a JSON object", data)
        try:
            check_writable(check_size(data))  # what could not be edited, saved or sent back is refused now
        except DocumentError as exc:
            raise self._unexpected(f"the plan the server sent {exc}", data) from None
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
        answer, raw = await self._send("PUT", self._path(plan_id), body)
        if answer.status >= 400:
            raise _status_error(answer, raw)
        accepted = 200 <= answer.status < 300
        try:
            data = _parsed(answer, raw, may_have_applied=accepted)
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

    # -- the safe update

    async def changed_since(self, plan_id: str, opened: Mapping[str, JSON]) -> list[Change]:
        """What changed on the server since the plan was opened as ``opened`` (empty when nothing did).

        Only what can be edited is compared: read-only keys in ``opened`` are left out, as :meth:`get_plan` leaves
        them out of the plan on the server.
        """
        now = await self.get_plan(plan_id)
        return diff(_without_read_only(opened), now)

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
        sending: Callable[[list[Change] | None], object] | None = None,
    ) -> Submission:
        """PUT the plan, then check that the server holds what was sent.

        With ``opened`` (the plan as it was fetched), the plan is first fetched again; if someone changed it since,
        nothing is sent and :class:`PlanChangedError` says what changed, unless ``overwrite`` says to send over
        those changes (:attr:`Submission.server_changes` lists them). When that fetch fails, nothing is sent and
        :class:`LostUpdateCheckError` says why. A 2xx answer that is not what the API sends is not raised: the
        server accepted the update, so the arrival is checked and :attr:`Submission.unexpected` says what was wrong
        with the answer. ``sending`` is called just before the PUT goes out, with what the lost-update check found
        (None when it was not made).
        """
        changes = None
        if opened is not None:
            try:
                changes = await self.changed_since(plan_id, opened)
            except ClientError as exc:
                raise LostUpdateCheckError(
                    f"the plan could not be fetched to check that nobody changed it meanwhile ({exc})"
                ) from exc
            if changes and not overwrite:
                paths = ", ".join(format_path(change.path, root="the plan") for change in changes[:5])
                more = f" and {len(changes) - 5} more" if len(changes) > 5 else ""
                raise PlanChangedError(
                    f"the plan changed on the server since it was opened (at {paths}{more})",
                    changes=changes,
                )
        body = put_body(plan)
        if sending is not None:
            sending(changes)
        answer, released, unexpected = await self._put(plan_id, body)
        arrival = await self.check_arrival(plan_id, body)
        return Submission(released, answer, arrival, changes, None if unexpected is None else str(unexpected))

    # -- plumbing

    async def _json(self, method: str, path: str, *, content: bytes | None = None) -> tuple[Answer, JSON]:
        """Send a request and read its JSON answer; any status of 400 or more raises :class:`StatusError`."""
        answer, raw = await self._send(method, path, content)
        if answer.status >= 400:
            raise _status_error(answer, raw)
        return answer, _parsed(answer, raw)

    async def _send(self, method: str, path: str, content: bytes | None) -> tuple[Answer, bytes]:
        """Send one request and read its answer, logging the method, URL, status and time (never a header or body)."""
        started = time.perf_counter()
        url = f"{self.endpoint}{path}"
        try:
            answer, raw = await self._exchange(method, path, content)
        except ClientError as exc:
            took = time.perf_counter() - started
            _log.info("%s %s failed after %.3f s: %s: %s", method, url, took, type(exc).__name__, exc)
            raise
        except asyncio.CancelledError:
            _log.info("%s %s stopped after %.3f s (no longer waited for)", method, url, time.perf_counter() - started)
            raise
        _log.info("%s %s -> %d in %.3f s, %d bytes", method, url, answer.status, answer.elapsed, len(raw))
        return answer, raw

    async def _exchange(self, method: str, path: str, content: bytes | None) -> tuple[Answer, bytes]:
        headers = {"Content-Type": CONTENT_TYPE} if content is not None else {}
        progress = _Progress()
        try:
            request = self._http.build_request(
                method, path, content=content, headers=headers, extensions={"trace": progress.trace}
            )
        except (httpx.InvalidURL, ValueError) as exc:
            raise ConnectionFailedError(f"the call's URL cannot be built ({_reason(exc)})") from None
        started = time.perf_counter()
        unsendable = False
        try:
            # httpx's timeouts are per read: a server sending a byte now and then would never reach them.
            async with asyncio.timeout(self.timeout):
                response = await self._connect_and_send(request, progress)
                progress.now, progress.status = "reading", response.status_code
                try:
                    raw = await _read_capped(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise self._timed_out(progress.now) from None
        except httpx.TimeoutException as exc:
            connecting = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise self._timed_out("connecting" if connecting else progress.now) from None
        except httpx.ConnectError as exc:
            raise ConnectionFailedError(_connect_failure(self.endpoint, exc)) from None
        except httpx.LocalProtocolError:  # its text quotes the header it refused, which may be a credential
            unsendable = True  # raised below, outside this block, so that no traceback can reach it
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            if "location header" in str(exc):  # httpx reads a redirect's Location even when it does not follow it
                raise ResponseError(
                    "the server answered a redirect to a Location that is not a URL; relplan does not follow "
                    "redirects (check the endpoint)",
                    status=300,
                ) from None
            raise ConnectionLostError(
                f"the connection to {self.endpoint} dropped before the whole answer came ({_reason(exc)})"
            ) from None
        except httpx.ProxyError as exc:
            raise ConnectionFailedError(f"the proxy would not reach {self.endpoint}: {_reason(exc)}") from None
        except httpx.TransportError as exc:
            raise ConnectionFailedError(f"could not talk to {self.endpoint}: {_reason(exc)}") from None
        except DecodeError as exc:  # a body that does not match its Content-Encoding, or one relplan does not read
            status = progress.status
            raise ResponseError(
                f"the server answered {status} with a body that cannot be decoded ({exc})",
                status=status,
                may_have_applied=method == "PUT" and status < 400,
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as exc:  # none foreseen: still words
            failure = ConnectionLostError if progress.now == "reading" else ConnectionFailedError
            raise failure(f"the call to {self.endpoint} failed ({type(exc).__name__}: {_reason(exc)})") from None
        if unsendable:
            raise ConnectionFailedError(f"the request to {self.endpoint} could not be sent: a header is not valid HTTP")
        elapsed = time.perf_counter() - started
        text = raw[: SHOWN_BODY_CHARS * 4].decode("utf-8", errors="replace")[:SHOWN_BODY_CHARS]
        answer = Answer(
            method=method,
            url=str(request.url),
            status=response.status_code,
            reason=response.reason_phrase,
            elapsed=elapsed,
            request_id=response.headers.get("X-Request-Id"),
            headers=tuple(response.headers.multi_items()),
            text=text,
        )
        if 300 <= answer.status < 400:
            raise _redirected(answer)
        return answer, raw

    async def _connect_and_send(self, request: httpx.Request, progress: _Progress) -> httpx.Response:
        """Send ``request``, trying a connection that failed before anything was sent again, twice at most."""
        for attempt in range(CONNECT_RETRIES + 1):
            try:
                return await self._http.send(request, stream=True)
            except httpx.ConnectError as exc:
                if attempt == CONNECT_RETRIES or _certificate_failure(exc):
                    raise
            await asyncio.sleep(RETRY_PAUSE * 2**attempt)
            progress.now = "connecting"
        raise AssertionError("unreachable")  # pragma: no cover

    def _timed_out(self, phase: str) -> ClientError:
        """The error for a call that took longer than :attr:`timeout`, by how far it had gone."""
        limit = _seconds(self.timeout)
        if phase == "connecting":
            return ConnectionFailedError(f"could not connect to {self.endpoint} within {limit}")
        if phase == "reading":
            return RequestTimeoutError(f"the answer did not come whole within {limit} (it was still arriving)")
        return RequestTimeoutError(f"no answer after {limit} (waiting)")

    def _unexpected(self, message: str, data: Any) -> ResponseError:
        try:
            shown = json.dumps(data)[:SHOWN_BODY_CHARS]
        except (ValueError, RecursionError):
            shown = ""
        return ResponseError(message, status=200, body=shown)


class _Progress:
    """How far a request has gone, from the transport's trace: what a deadline that passes interrupted."""

    def __init__(self) -> None:
        self.now = "waiting"
        """``connecting`` (nothing sent yet), ``waiting`` (sent, or not known), or ``reading`` the answer."""
        self.status = 200
        """The answer's status, once it is ``reading``."""

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace callback: ``connection.connect_tcp.started``, ``http11.send_request_headers.started``."""
        if event.endswith((".connect_tcp.started", ".start_tls.started")):
            self.now = "connecting"
        elif event.endswith(".send_request_headers.started"):
            self.now = "waiting"


async def _read_capped(response: httpx.Response) -> bytes:
    """The answer's body, decoded and read no further than just past :data:`MAX_RESPONSE_BYTES`."""
    try:
        chunks = response.aiter_raw()
        return await read_decoded(chunks, response.headers.get_list("Content-Encoding"), MAX_RESPONSE_BYTES)
    except httpx.StreamConsumed:  # a transport in this process (a test's) handed over the body already decoded
        return response.content[: MAX_RESPONSE_BYTES + 1]


def _parsed(answer: Answer, raw: bytes, *, may_have_applied: bool = False) -> JSON:
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


_ERROR_FIELDS = (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message"))


def _status_error(answer: Answer, raw: bytes) -> StatusError:
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


def _redirected(answer: Answer) -> ResponseError:
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


def _network(ca_bundle: str | None) -> dict[str, Any]:
    """How httpx reaches the network: its own transports, proxies from the environment, the CAs to trust."""
    if ca_bundle is None:
        return {"trust_env": True}  # httpx reads SSL_CERT_FILE, SSL_CERT_DIR and the proxy variables itself
    try:
        context = ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ConnectionFailedError(f"the ca_bundle {printable(ca_bundle)} cannot be used ({_reason(exc)})") from None
    return {"trust_env": True, "verify": context}


def _certificate_failure(exc: BaseException) -> bool:
    """Whether a connection failed because the server's certificate is not trusted."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _connect_failure(endpoint: str, exc: httpx.ConnectError) -> str:
    if _certificate_failure(exc):
        return (
            f"could not connect to {endpoint}: its TLS certificate is not one this machine trusts ({_reason(exc)}). "
            "If your network has its own certificate authority, point SSL_CERT_FILE or the profile's ca_bundle at "
            "its PEM file"
        )
    return f"could not connect to {endpoint}: {_reason(exc)}"


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def _summary(row: dict[str, Any]) -> PlanSummary:
    def text(key: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) else ""

    def moment(key: str) -> int | None:
        value = row.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return PlanSummary(
        id=text("id"),
        name=text("name"),
        status=text("status"),
        action=text("action"),
        creator=text("creator"),
        create_time=moment("create_time"),
        modify_time=moment("modify_time"),
        execute_time=moment("execute_time"),
    )


def _reason(exc: BaseException) -> str:
    text = redact(str(exc)).strip()  # no message httpx or the system wrote may carry a credential on
    return text[:SHOWN_LOCATION_CHARS] or type(exc).__name__


def _seconds(value: float) -> str:
    return f"{value:.1f} s"

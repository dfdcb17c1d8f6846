"""One request to ServiceStage and its whole answer, or a typed error that says how far it got.

Every request has a deadline: the whole answer must have come within the timeout, however slowly the server sends
it. Only a failure to connect, before anything was sent, is retried. A redirect is not followed. Every failure of
the network, the TLS handshake or the connection becomes a :class:`~tui.errors.ClientError` whose message holds no
credential; the log gets the method, URL, status and time of each request, never a header or a body.

The network is the operator's: ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` are honoured as
httpx honours them, and ``SSL_CERT_FILE`` (or a profile's ``ca_bundle``) names the certificate authorities to trust.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from collections.abc import Mapping
from typing import Any, Final

import httpx

from tui.answers import Answer, read_capped, redirected
from tui.auth import redact
from tui.decoding import ACCEPT_ENCODING, DecodeError
from tui.errors import ClientError, ConnectionFailedError, ConnectionLostError, RequestTimeoutError, ResponseError
from tui.logs import logger
from tui.text import printable

__all__ = ["CONNECT_RETRIES", "CONTENT_TYPE", "RETRY_PAUSE", "Exchange"]

CONTENT_TYPE: Final = "application/json;charset=utf8"
CONNECT_RETRIES: Final = 2
"""How many more times a connection that failed before anything was sent is tried."""
RETRY_PAUSE: Final = 0.25
"""Seconds before the first retry of a connection; each next pause is twice as long."""
SHOWN_REASON_CHARS: Final = 300
"""How much of what httpx or the system said about a failure is shown."""
_log = logger("http")


class Exchange:
    """Requests to one endpoint with one authentication, each answered whole within ``timeout`` seconds or failed.

    Call :meth:`aclose` when done.
    """

    def __init__(
        self,
        endpoint: str,
        auth: httpx.Auth,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        """Prepare requests to ``endpoint`` (a URL already checked); nothing is sent yet.

        Without ``transport``, the network is reached as httpx reaches it by default: through the proxies the
        environment names, trusting ``ca_bundle`` (a PEM file) or else ``SSL_CERT_FILE`` or the usual CAs.

        Raises:
            ConnectionFailedError: the CA file or a proxy setting cannot be used.
        """
        self.endpoint = endpoint
        self.timeout = timeout
        """Seconds each request may take, from sending it to the last byte of the answer."""
        options: dict[str, Any] = {"transport": transport} if transport is not None else _network(ca_bundle)
        try:
            self._http = httpx.AsyncClient(
                base_url=endpoint,
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

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def send(self, method: str, path: str, content: bytes | None) -> tuple[Answer, bytes]:
        """Send one request and read its answer, logging the method, URL, status and time (never a header or body).

        Raises:
            ClientError: no connection, no whole answer in time, or a redirect.
        """
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
                    raw = await read_capped(response)
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
        answer = Answer.of(method, str(request.url), response, raw, time.perf_counter() - started)
        if 300 <= answer.status < 400:
            raise redirected(answer)
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
        """The error for a request that took longer than :attr:`timeout`, by how far it had gone."""
        limit = f"{self.timeout:.1f} s"
        if phase == "connecting":
            return ConnectionFailedError(f"could not connect to {self.endpoint} within {limit}")
        if phase == "reading":
            return RequestTimeoutError(f"the answer did not come whole within {limit} (it was still arriving)")
        return RequestTimeoutError(f"no answer after {limit} (waiting)")


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


def _reason(exc: BaseException) -> str:
    text = redact(str(exc)).strip()  # no message httpx or the system wrote may carry a credential on
    return text[:SHOWN_REASON_CHARS] or type(exc).__name__

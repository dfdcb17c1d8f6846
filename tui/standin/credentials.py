"""What the stand-in accepts, and why it refuses a request: an IAM token, or an ``SDK-HMAC-SHA256`` signature."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final
from urllib.parse import quote

from starlette.requests import Request
from starlette.types import Scope

from tui.auth import DATE_FORMAT, parse_authorization

__all__ = ["MAX_CLOCK_SKEW", "Credentials"]

MAX_CLOCK_SKEW: Final = timedelta(minutes=15)
"""How far ``X-Sdk-Date`` may be from the server's clock."""


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

    async def refusal(self, request: Request) -> str | None:
        """Why the request's credentials are refused, in words that hold no secret; None when they pass.

        Sets ``request.state.signed``: whether an AK/SK signature proved the caller.
        """
        request.state.signed = False
        reasons: list[str] = []
        token = request.headers.get("x-auth-token")
        if token is not None:
            expected = self.token
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
        access_key, secret_key = self.access_key, self.secret_key
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

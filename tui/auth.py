"""Authentication for ServiceStage calls: an IAM token, or AK/SK request signing (``SDK-HMAC-SHA256``).

Both are :class:`httpx.Auth` classes. The signer signs the exact bytes that are sent, after every other header is
final, the way Huawei Cloud's SDK signer does; :func:`canonical_request` is shared with the stand-in server, which
checks signatures the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote

import httpx

from tui.errors import SettingsError

__all__ = [
    "ALGORITHM",
    "AkSkAuth",
    "Signature",
    "TokenAuth",
    "canonical_request",
    "check_secret",
    "parse_authorization",
    "redact",
    "sdk_date",
    "sign",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
SIGNED_HEADERS = ("content-type", "host", "x-project-id", "x-sdk-date")
"""The headers signed when present: the ones a gateway checks and no proxy rewrites."""
REDACTED: Final = "***"
_known_secrets: set[str] = set()
"""Every token, AK and SK this process has been given, so that :func:`redact` can take them out of any text."""


def check_secret(value: str, what: str) -> str:
    """``value`` without the whitespace around it, refused when it holds what no header can carry.

    ``what`` says where it came from ("the token from RELPLAN_TOKEN"). The message never shows the value: a
    line break in the middle of a token is a paste gone wrong, and the text around it is still a secret.

    Raises:
        SettingsError: the value holds a line break or another control character, or a character beyond ASCII.
    """
    value = value.strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise SettingsError(f"{what} contains a line break or a control character")
    if not value.isascii():
        raise SettingsError(f"{what} contains a character that is not ASCII, which no HTTP header can carry")
    return value


def redact(text: str) -> str:
    """``text`` with every credential this process knows replaced by ``***``: for messages nobody foresaw."""
    for secret in sorted(_known_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _remember(*secrets: str) -> None:
    # Short values would blank out ordinary words; no real token or key is this short.
    _known_secrets.update(secret for secret in secrets if len(secret) >= 4)


class TokenAuth(httpx.Auth):
    """Sends an IAM token in ``X-Auth-Token``."""

    def __init__(self, token: str) -> None:
        self._token = check_secret(token, "the token")
        _remember(self._token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Token"] = self._token
        yield request

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"


class AkSkAuth(httpx.Auth):
    """Signs each request with an access key and secret key (``SDK-HMAC-SHA256``), adding ``X-Project-Id``."""

    requires_request_body = True

    def __init__(
        self, access_key: str, secret_key: str, project_id: str | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._access_key = check_secret(access_key, "the access key")
        self._secret_key = check_secret(secret_key, "the secret key")
        self._project_id = project_id
        _remember(self._access_key, self._secret_key)
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._project_id:
            request.headers["X-Project-Id"] = self._project_id
        request.headers[DATE_HEADER] = sdk_date(self._clock())
        request.headers["Authorization"] = sign(request, self._access_key, self._secret_key)
        yield request

    def __repr__(self) -> str:
        return "AkSkAuth(access_key=***, secret_key=***)"


def sdk_date(moment: float) -> str:
    """A time as ``X-Sdk-Date`` spells it: ``20261126T120000Z`` (UTC)."""
    return time.strftime(DATE_FORMAT, time.gmtime(moment))


def sign(request: httpx.Request, access_key: str, secret_key: str) -> str:
    """The ``Authorization`` value for ``request``, whose headers (``X-Sdk-Date`` included) are final."""
    names = [name for name in SIGNED_HEADERS if name in request.headers]
    headers = {name: request.headers[name] for name in names}
    canonical = canonical_request(request.method, request.url.raw_path.decode("ascii"), headers, request.content)
    signature = _signature(secret_key, request.headers[DATE_HEADER], canonical)
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(names)}, Signature={signature}"


def canonical_request(method: str, target: str, headers: dict[str, str], body: bytes) -> str:
    """The canonical request of the signature: method, path, query, headers, signed names and body hash.

    ``target`` is the request target as sent (path and query, percent-encoded); ``headers`` maps the signed
    headers' lower-case names to their values.
    """
    path, _, query = target.partition("?")
    names = sorted(headers)
    return "\n".join(
        [
            method.upper(),
            _canonical_path(path),
            _canonical_query(query),
            "".join(f"{name}:{headers[name].strip()}\n" for name in names),
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def _encode(text: str) -> str:
    return quote(text, safe="~")


def _canonical_path(path: str) -> str:
    encoded = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def _canonical_query(query: str) -> str:
    pairs = httpx.QueryParams(query).multi_items()
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(pairs))


def _signature(secret_key: str, date: str, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{date}\n{digest}"
    return hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Signature:
    """The parts of an ``Authorization: SDK-HMAC-SHA256 ...`` header."""

    access_key: str
    signed_headers: tuple[str, ...]
    signature: str

    def matches(
        self, secret_key: str, date: str, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> bool:
        """Whether this signature is the one ``secret_key`` gives for the request described."""
        signed = {name: headers.get(name, "") for name in self.signed_headers}
        expected = _signature(secret_key, date, canonical_request(method, target, signed, body))
        return hmac.compare_digest(expected.encode(), self.signature.encode("utf-8", "surrogateescape"))


def parse_authorization(value: str) -> Signature | None:
    """Read an ``SDK-HMAC-SHA256`` authorization header; None when it is not one."""
    scheme, _, rest = value.partition(" ")
    if scheme != ALGORITHM:
        return None
    parts: dict[str, str] = {}
    for item in rest.split(","):
        key, sep, val = item.strip().partition("=")
        if sep:
            parts[key] = val
    try:
        return Signature(parts["Access"], tuple(_names(parts["SignedHeaders"])), parts["Signature"])
    except KeyError:
        return None


def _names(value: str) -> Iterable[str]:
    return (name for name in value.split(";") if name)

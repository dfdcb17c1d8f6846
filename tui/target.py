"""Where the plan being edited lives on ServiceStage, so that the editor can send it back; what an endpoint may be."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.errors import SettingsError
from tui.text import printable

if TYPE_CHECKING:
    import httpx

    from tui.client import ServiceStageClient
    from tui.document import Document

__all__ = ["Target", "check_endpoint", "check_plain_http", "is_loopback"]


def check_endpoint(text: str, what: str = "the endpoint") -> str:
    """``text`` as an endpoint URL, without surrounding whitespace or a trailing slash.

    Raises:
        SettingsError: it is not an http(s) URL with a host and a valid port, or holds a line break, a user name
            or password, a query or a fragment; the message quotes it made printable.
    """
    import httpx  # here, not at the top: the editor's first frame does not wait for it

    url = text.strip()
    shown = f"{what} '{printable(url)}'"
    if any(ord(char) < 0x20 or ord(char) == 0x7F or char.isspace() for char in url):
        raise SettingsError(f"{shown} contains a space, a line break or a control character")
    if not url.startswith(("https://", "http://")):
        raise SettingsError(f"{shown} must start with https:// (or http:// for a local stand-in)")
    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except (httpx.InvalidURL, ValueError) as exc:
        raise SettingsError(f"{shown} is not a URL relplan can use: {printable(str(exc))}") from None
    if not parsed.host:
        raise SettingsError(f"{shown} has no host name")
    if port is not None and not 0 < port <= 65535:
        raise SettingsError(f"{shown} has a port out of range (1 to 65535)")
    if parsed.userinfo:
        raise SettingsError(f"{shown} holds a user name or password; relplan authenticates with a token or AK/SK")
    if parsed.query or parsed.fragment:
        raise SettingsError(f"{shown} has a query or a fragment; give only the scheme, host, port and path")
    return url.rstrip("/")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine: ``localhost`` or a loopback address."""
    if host.lower().rstrip(".") == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_plain_http(endpoint: str, *, allowed: bool) -> None:
    """Refuse to send a token or a signature over plain http to another machine, unless ``allowed``.

    Raises:
        SettingsError: the endpoint is ``http://`` to a host that is not loopback, and nobody opted in.
    """
    import httpx

    url = httpx.URL(endpoint)
    if url.scheme == "http" and not allowed and not is_loopback(url.host):
        raise SettingsError(
            f"refusing to send credentials over plain http to {printable(url.host)}: anyone on the way could read "
            "them. Use https://, or, on a network you trust, set allow_insecure_http = true in the profile or pass "
            "--allow-insecure-http"
        )


@dataclass(frozen=True)
class Target:
    """A plan on a ServiceStage endpoint: the endpoint, the project, the credentials and the plan's id."""

    endpoint: str
    project_id: str
    auth: httpx.Auth
    plan_id: str
    profile: str | None = None
    """The profile the connection came from, if any (shown, never used to connect)."""
    timeout: float = 30.0
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False, compare=False)
    """How to reach the endpoint; by default over the network (tests may hand the stand-in's app over directly)."""
    place: str | None = None
    """A name for the server that outlives its address, for drafts (the demo's stand-in moves port each run)."""
    ca_bundle: str | None = None
    """A file of the certificate authorities to trust instead of the usual ones (a corporate CA)."""
    allow_insecure_http: bool = False
    """Whether credentials may go over plain http to a host that is not loopback (the person opted in)."""
    note: str = ""
    """A line the picker and the editor show under their title (the demo says where its drafts go)."""

    def client(self) -> ServiceStageClient:
        """A client for the endpoint (use it as an async context manager)."""
        from tui.client import ServiceStageClient

        return ServiceStageClient(
            self.endpoint,
            self.project_id,
            self.auth,
            timeout=self.timeout,
            transport=self.transport,
            ca_bundle=self.ca_bundle,
            allow_insecure_http=self.allow_insecure_http,
        )

    async def fetch_plan(self) -> Document:
        """The plan :attr:`plan_id` names, fetched from the server, as a document to edit."""
        from tui.document import Document

        async with self.client() as client:
            return Document(await client.get_plan(self.plan_id))

    def describe(self) -> str:
        """One line naming the profile, the endpoint, the project and the plan (when there is one)."""
        profile = f"profile {self.profile} · " if self.profile else ""
        plan = f" · plan {self.plan_id}" if self.plan_id else ""
        return f"{profile}{self.endpoint} · project {self.project_id}{plan}"

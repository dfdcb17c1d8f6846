"""What an endpoint may be: an http(s) URL relplan can use, and no credentials over plain http to another machine."""

from __future__ import annotations

import ipaddress

from tui.errors import SettingsError
from tui.text import printable

__all__ = ["check_endpoint", "check_plain_http", "is_loopback"]


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

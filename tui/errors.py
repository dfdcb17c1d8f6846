"""The errors relplan raises on purpose, all under one base class.

::

    RelplanError                anything relplan reports to a person as a message, never as a traceback
    ├── DocumentError           a plan file that cannot be read, parsed or written
    │   ├── PathError           a path that leads nowhere in the document
    │   └── EditRefusedError    an edit that cannot be made where the cursor is (said as a warning)
    ├── SettingsError           a config file that is malformed or unsafe, or credentials that are missing
    ├── ServerStartError        the stand-in server could not start (its port is taken, say)
    └── ClientError             talking to ServiceStage went wrong
        ├── ConnectionFailedError    no connection: refused, DNS, TLS (nothing was sent)
        ├── ConnectionLostError      the connection dropped before the whole answer came (it may have been applied)
        ├── RequestTimeoutError      no answer in time (it may still be applied)
        ├── ResponseError       an answer that is not what the API sends: not JSON, empty, too large, or a
        │                       redirect (after a 2xx to an update, it may have been applied)
        ├── StatusError         the server said no (status 400 or more), with its code, message and request id
        ├── PlanChangedError    the plan changed on the server since it was opened (nothing was sent)
        └── LostUpdateCheckError    the plan could not be fetched to check that nobody changed it (nothing was sent)

The UI and the command line catch :class:`RelplanError` only, so that a real bug still fails loudly in tests.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ClientError",
    "ConnectionFailedError",
    "ConnectionLostError",
    "DocumentError",
    "EditRefusedError",
    "LostUpdateCheckError",
    "PathError",
    "PlanChangedError",
    "RelplanError",
    "RequestTimeoutError",
    "ResponseError",
    "ServerStartError",
    "SettingsError",
    "StatusError",
]


class RelplanError(Exception):
    """Base of every error relplan explains to the person using it."""


class DocumentError(RelplanError):
    """A plan file that cannot be read, parsed or written, or an edit that cannot be made."""


class PathError(DocumentError, LookupError):
    """A path that does not lead to a value in the document."""


class EditRefusedError(DocumentError):
    """An edit that cannot be made where the cursor is (duplicating what is not a list item, say): a warning."""


class SettingsError(RelplanError):
    """A config file that is malformed or unsafe, or a connection that lacks what it needs."""


class ServerStartError(RelplanError):
    """The stand-in could not start: its port is taken, say."""


class ClientError(RelplanError):
    """A call to ServiceStage that did not give the answer the API promises.

    The message says what went wrong, not whether the request went out: the class and :attr:`may_have_applied`
    say that, and whoever shows the message says it once ("Not sent: ...").
    """

    may_have_applied: bool = False
    """Whether the server may have acted on the request even so (so a retry could apply it twice)."""


class ConnectionFailedError(ClientError):
    """No connection could be made (refused, DNS, TLS): nothing was sent."""


class ConnectionLostError(ClientError):
    """The connection dropped after the request was sent and before the whole answer came."""

    may_have_applied = True


class RequestTimeoutError(ClientError):
    """No answer came in time."""

    may_have_applied = True


class ResponseError(ClientError):
    """An answer that is not what the API sends: a body that is not JSON, is empty, or is too large."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: str = "",
        request_id: str | None = None,
        may_have_applied: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body
        self.request_id = request_id
        self.may_have_applied = may_have_applied
        """True for an update answered 2xx: the server accepted it, though its answer cannot be read."""


class StatusError(ClientError):
    """The server answered with status 400 or more."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_code: str | None = None,
        error_msg: str | None = None,
        request_id: str | None = None,
        body: str = "",
        headers: tuple[tuple[str, str], ...] = (),
        retry_after: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.body = body
        self.headers = headers
        """The answer's headers, as sent."""
        self.retry_after = retry_after
        """When a 429 or 503 says to try again (``30 s``, or the date it gives), as text safe to show."""


class PlanChangedError(ClientError):
    """Someone changed the plan on the server since it was opened; the update was not sent."""

    def __init__(self, message: str, *, changes: list[Any], plan: Any = None, opened: Any = None) -> None:
        super().__init__(message)
        self.changes = changes
        """What changed on the server, as :class:`tui.diff.Change` items."""
        self.plan = plan
        """The plan on the server when it was checked (None if not kept): it names the changes' components."""
        self.opened = opened
        """The plan as it was opened (None if not kept): it names the components removed on the server."""


class LostUpdateCheckError(ClientError):
    """Before an update, the plan could not be fetched to check that nobody changed it; the update was not sent.

    The error that kept it from being fetched is the ``__cause__``.
    """

"""The stand-in's fault switch: how it should misbehave, so that every failure a client handles can be shown.

Faults apply to API calls only, in this order: wait :attr:`Faults.delay` seconds, then drop the connection, or
answer with a forced status (with ``Retry-After`` when :attr:`Faults.retry_after` says), or answer 200 with a body
that is not JSON; with none of those, answer normally, or (:attr:`Faults.drop_after`) carry the call out and then
drop the connection. Apart from those, :attr:`Faults.fail_components` makes the components it names fail and roll
back in the releases that start while it is set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast, get_args

__all__ = ["BODIES", "MAX_DELAY", "METHODS", "Body", "Faults"]

Body = Literal["html", "garbage", "empty"]
"""A body that is not JSON: an HTML error page, random bytes that are not UTF-8, or nothing at all."""

BODIES: Final[tuple[Body, ...]] = get_args(Body)

METHODS: Final = frozenset({"GET", "PUT", "POST"})
"""The HTTP methods the release-plan API answers, and so the ones a fault can be limited to."""

MAX_DELAY: Final = 300.0
"""The longest delay the switch accepts, in seconds."""

_KEYS: Final = (
    "delay",
    "status",
    "message",
    "body",
    "drop",
    "drop_after",
    "methods",
    "retry_after",
    "fail_components",
    "fail_message",
)
MAX_RETRY_AFTER: Final = 3600
"""The longest ``Retry-After`` the switch accepts, in seconds."""


@dataclass
class Faults:
    """How the stand-in misbehaves on API calls; the default is not at all."""

    delay: float = 0.0
    """Seconds to wait before answering."""
    status: int | None = None
    """Answer with this status (400 to 599) and a ServiceStage-style error body."""
    message: str | None = None
    """The ``error_msg`` of that body (by default it says the fault switch forced it)."""
    body: Body | None = None
    """Answer 200 with a body that is not JSON."""
    drop: bool = False
    """Drop the connection part way through the answer."""
    drop_after: bool = False
    """Carry the call out (an update is applied), then drop the connection part way through its answer."""
    methods: frozenset[str] = field(default_factory=frozenset)
    """The HTTP methods the faults apply to; empty means every API call."""
    retry_after: int | None = None
    """Seconds a forced status's ``Retry-After`` header asks the caller to wait; None sends no such header."""
    fail_components: frozenset[str] = field(default_factory=frozenset)
    """Names of components that fail and roll back in a release started while this is set."""
    fail_message: str | None = None
    """Their ``fail_message`` (by default it says the fault switch forced it)."""

    def __post_init__(self) -> None:
        if isinstance(self.delay, bool) or not isinstance(self.delay, int | float):
            raise ValueError("delay must be a number of seconds")
        if not (math.isfinite(self.delay) and 0 <= self.delay <= MAX_DELAY):
            raise ValueError(f"delay must be between 0 and {MAX_DELAY:g} seconds")
        self.delay = float(self.delay)
        if self.status is not None and (
            isinstance(self.status, bool) or not isinstance(self.status, int) or not 400 <= self.status <= 599
        ):
            raise ValueError("status must be an HTTP error status from 400 to 599, or null")
        if self.message is not None and not isinstance(self.message, str):
            raise ValueError("message must be a string, or null")
        if self.body is not None and self.body not in BODIES:
            raise ValueError(f"body must be one of {', '.join(BODIES)}, or null")
        if not isinstance(self.drop, bool):
            raise ValueError("drop must be true or false")
        if not isinstance(self.drop_after, bool):
            raise ValueError("drop_after must be true or false")
        if isinstance(self.methods, str) or not all(isinstance(method, str) for method in self.methods):
            raise ValueError("methods must be a set of HTTP methods")
        methods = frozenset(method.upper() for method in self.methods)
        unknown = sorted(methods - METHODS)
        if unknown:
            raise ValueError(f"methods has {', '.join(unknown)}; the API answers {', '.join(sorted(METHODS))}")
        self.methods = methods
        if self.retry_after is not None and (
            isinstance(self.retry_after, bool)
            or not isinstance(self.retry_after, int)
            or not 0 <= self.retry_after <= MAX_RETRY_AFTER
        ):
            raise ValueError(f"retry_after must be a number of seconds from 0 to {MAX_RETRY_AFTER}, or null")
        if isinstance(self.fail_components, str) or not all(isinstance(name, str) for name in self.fail_components):
            raise ValueError("fail_components must be a set of component names")
        self.fail_components = frozenset(self.fail_components)
        if self.fail_message is not None and not isinstance(self.fail_message, str):
            raise ValueError("fail_message must be a string, or null")

    def applies(self, method: str) -> bool:
        """Whether these faults apply to a call with this HTTP method."""
        return not self.methods or method.upper() in self.methods

    def to_json(self) -> dict[str, Any]:
        """The faults as a JSON object, the shape :meth:`from_json` reads."""
        return {
            "delay": self.delay,
            "status": self.status,
            "message": self.message,
            "body": self.body,
            "drop": self.drop,
            "drop_after": self.drop_after,
            "methods": sorted(self.methods),
            "retry_after": self.retry_after,
            "fail_components": sorted(self.fail_components),
            "fail_message": self.fail_message,
        }

    @classmethod
    def from_json(cls, data: object) -> Faults:
        """Faults from a JSON object; a missing key keeps its default.

        Raises:
            ValueError: ``data`` is not an object, has a key not known here, or a value of the wrong type or out
                of range; the message names the key.
        """
        if not isinstance(data, dict):
            raise ValueError(f"faults must be a JSON object with the keys {', '.join(_KEYS)}")
        unknown = [key for key in data if key not in _KEYS]
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}; the keys are {', '.join(_KEYS)}")
        methods = data.get("methods", [])
        if not isinstance(methods, list) or not all(isinstance(method, str) for method in methods):
            raise ValueError('methods must be a list of HTTP methods, such as ["PUT"]')
        failing = data.get("fail_components", [])
        if not isinstance(failing, list) or not all(isinstance(name, str) for name in failing):
            raise ValueError('fail_components must be a list of component names, such as ["order-api"]')
        return cls(
            delay=cast(float, data.get("delay", 0.0)),
            status=cast(int | None, data.get("status")),
            message=cast(str | None, data.get("message")),
            body=cast(Body | None, data.get("body")),
            drop=cast(bool, data.get("drop", False)),
            drop_after=cast(bool, data.get("drop_after", False)),
            methods=frozenset(cast(list[str], methods)),
            retry_after=cast(int | None, data.get("retry_after")),
            fail_components=frozenset(cast(list[str], failing)),
            fail_message=cast(str | None, data.get("fail_message")),
        )

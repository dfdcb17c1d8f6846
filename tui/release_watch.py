"""Following a release: poll deploy-info until every job reached an end, through lost contact and busy servers.

:class:`ReleaseWatch` is plain asyncio with no I/O of its own: it is given the call that fetches deploy-info and
the sleep to wait with, and reports what it saw through a callback. The editor runs it in a worker, the command line
in ``asyncio.run``; tests give it a sleep that returns at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Final

from tui.errors import ClientError, StatusError
from tui.release import DeployInfo, JobChange, changes

__all__ = ["DEFAULT_INTERVAL", "LostContact", "Polled", "ReleaseWatch", "WatchEvent", "retry_after_seconds"]

DEFAULT_INTERVAL: Final = 2.0
"""Seconds between two polls."""
MAX_BACKOFF: Final = 30.0
"""The longest wait between two tries after errors, unless the server asks for longer."""
_GIVE_UP_STATUSES: Final = frozenset({400, 401, 403, 404})
"""Answers that another try will not change: the watch stops and raises them."""


@dataclass(frozen=True, slots=True)
class Polled:
    """A poll that got an answer."""

    info: DeployInfo
    changes: list[JobChange]
    """Jobs new or changed since the previous answer (every job, on the first)."""
    regained: bool = False
    """Whether this answer ends a run of failed polls."""


@dataclass(frozen=True, slots=True)
class LostContact:
    """A poll that failed; the watch tries again after :attr:`retry_in` seconds."""

    error: ClientError
    retry_in: float
    failures: int = field(default=1)
    """Failed polls in a row, this one included."""


WatchEvent = Polled | LostContact


class ReleaseWatch:
    """Polls deploy-info every ``interval`` seconds until the release ends, then returns its last answer."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[DeployInfo]],
        *,
        interval: float = DEFAULT_INTERVAL,
        max_backoff: float = MAX_BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._fetch = fetch
        self._interval = interval
        self._max_backoff = max(max_backoff, interval)
        self._sleep = sleep
        self.last: DeployInfo | None = None
        """The latest answer, None before the first."""

    async def run(
        self, report: Callable[[WatchEvent], None], *, until: Callable[[DeployInfo], bool] | None = None
    ) -> DeployInfo:
        """Poll until every job has ended, or an answer ``until`` accepts, calling ``report`` after each poll; return
        the last answer.

        Errors a retry may mend (a dropped connection, a timeout, a 429 or 5xx) are reported as
        :class:`LostContact` and tried again, backing off and honouring ``Retry-After``. Raises:
            StatusError: the server answered 400, 401, 403 or 404, which another try would not change.
        Cancelling the task stops the watch (the release goes on on the server).
        """
        failures = 0
        while True:
            try:
                info = await self._fetch()
            except ClientError as exc:
                if isinstance(exc, StatusError) and exc.status in _GIVE_UP_STATUSES:
                    raise
                failures += 1
                wait = self._backoff(failures, exc)
                report(LostContact(exc, wait, failures))
                await self._sleep(wait)
                continue
            found = changes(self.last, info)
            self.last = info
            report(Polled(info, found, regained=failures > 0))
            failures = 0
            if info.tally.finished or (until is not None and until(info)):
                return info
            await self._sleep(self._interval)

    def _backoff(self, failures: int, error: ClientError) -> float:
        """The wait after ``failures`` failed polls in a row: doubling from the interval, or what the server asked."""
        asked = retry_after_seconds(error) if isinstance(error, StatusError) else None
        doubled: float = min(self._max_backoff, self._interval * 2.0 ** min(failures - 1, 16))
        return max(doubled, asked) if asked is not None else doubled


def retry_after_seconds(error: StatusError, *, now: float | None = None) -> float | None:
    """The seconds a 429 or 503's ``Retry-After`` asks to wait (a number or an HTTP date), at most an hour.

    None when the answer has no such header, or one that cannot be read. ``now`` (epoch seconds) is for tests.
    """
    if error.status not in (429, 503):
        return None
    value = next((value for name, value in error.headers if name.lower() == "retry-after"), "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(int(value[:6])), 3600.0)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    seconds = when - (time.time() if now is None else now)
    return min(max(seconds, 0.0), 3600.0)

"""``relplan demo``: the stand-in with its sample plans on a free loopback port, and a data folder of the run's own.

The demo's plans live in the stand-in's memory and are gone when it ends, so its drafts and baselines go to a
temporary folder made for the run and removed at its end (see :mod:`tui.datadir`): nothing is saved outside it,
and the person's own drafts are never read or written.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tui.auth import TokenAuth
from tui.datadir import temporary_data_dir
from tui.document import Document
from tui.target import Target

__all__ = ["NOTE", "Demo", "demo"]

NOTE = "demo: drafts go to a temporary folder"
"""What the demo's first screen says under its title."""


@dataclass(frozen=True)
class Demo:
    """What the editor opens on: the stand-in's plans, or one of them, and the folder that holds the drafts."""

    target: Target
    """The stand-in, with ``plan_id`` set when a sample was asked for."""
    document: Document | None
    """The sample asked for, fetched from the stand-in; None to start on the plan picker."""
    title: str | None
    """The editor's title for ``document``."""
    folder: Path
    """The temporary folder that holds the run's drafts and baselines."""


@contextmanager
def demo(sample: str | None = None, *, release_seconds: float | None = None) -> Iterator[Demo]:
    """Start the stand-in with its samples and keep drafts in a temporary folder, until the block ends.

    ``sample`` (``small``, ``mistakes`` or ``large``) opens that plan at once; None opens the picker. Each batch of a
    release takes ``release_seconds`` (by default long enough to watch: the large sample's four batches take about
    half a minute).
    """
    from tui.standin import (
        DEFAULT_PROJECT,
        DEFAULT_RELEASE_SECONDS,
        LARGE_ID,
        MISTAKES_ID,
        SMALL_ID,
        Credentials,
        PlanStore,
        StandinServer,
        create_app,
    )

    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).disabled = True  # nothing may write over the screen
    token = secrets.token_urlsafe(16)
    plan_id = {"mistakes": MISTAKES_ID, "small": SMALL_ID, "large": LARGE_ID, None: ""}[sample]
    with temporary_data_dir() as folder:
        try:
            seconds = DEFAULT_RELEASE_SECONDS if release_seconds is None else release_seconds
            store = PlanStore.with_samples(release_seconds=seconds)
            with StandinServer(create_app(store, Credentials(token=token))) as server:
                target = Target(
                    server.url,
                    DEFAULT_PROJECT,
                    TokenAuth(token),
                    plan_id,
                    "demo",
                    10.0,
                    place="the demo's stand-in",
                    note=NOTE,
                )
                document = asyncio.run(target.fetch_plan()) if plan_id else None
                title = str(document.data.get("name")) if document is not None else None  # the note says demo
                yield Demo(target, document, title, folder)
        finally:
            for thread in threading.enumerate():  # a draft still being written goes before its folder does
                if thread.name == "relplan-draft" and thread is not threading.current_thread():
                    thread.join(timeout=2)

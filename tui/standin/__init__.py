"""A local stand-in for the ServiceStage release-plan API, for the demo and the integration tests.

It serves real HTTP on loopback (Starlette under uvicorn): list, get, update, execute and deploy-info, with plans
in memory or in a folder, token or AK/SK checked, the editor's own validation answering 400, and a fault switch
that makes it slow, failing, garbled or cut off on demand::

    store = PlanStore.with_samples()
    with StandinServer(create_app(store, Credentials(token="t"))) as server:
        ...  # talk to server.url
"""

from __future__ import annotations

from tui.errors import ServerStartError
from tui.standin.app import DEFAULT_PROJECT, create_app
from tui.standin.credentials import Credentials
from tui.standin.faults import Faults
from tui.standin.releases import DEFAULT_RELEASE_SECONDS
from tui.standin.server import StandinServer
from tui.standin.store import LARGE_ID, MISTAKES_ID, SMALL_ID, PlanStore

__all__ = [
    "DEFAULT_PROJECT",
    "DEFAULT_RELEASE_SECONDS",
    "LARGE_ID",
    "MISTAKES_ID",
    "SMALL_ID",
    "Credentials",
    "Faults",
    "PlanStore",
    "ServerStartError",
    "StandinServer",
    "create_app",
]

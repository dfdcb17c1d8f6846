"""A real stand-in server on a loopback port, shared by the tests of a module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tui.standin import Credentials, PlanStore, StandinServer, create_app
from tui.standin.store import SMALL_ID

TOKEN = "tok-integration"
ACCESS_KEY, SECRET_KEY = "AK-integration", "SK-integration"
PROJECT = "demo"


@dataclass
class Standin:
    """The running stand-in and its store."""

    url: str
    store: PlanStore

    def set_faults(self, **faults: object) -> None:
        """Switch faults on through the control call, as a person would with curl."""
        body = {key: sorted(value) if isinstance(value, set) else value for key, value in faults.items()}
        httpx.put(f"{self.url}/_standin/faults", content=json.dumps(body)).raise_for_status()

    def clear_faults(self) -> None:
        httpx.delete(f"{self.url}/_standin/faults").raise_for_status()


@pytest.fixture(scope="module")
def standin() -> Iterator[Standin]:
    store = PlanStore.with_samples()
    credentials = Credentials(token=TOKEN, access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    with StandinServer(create_app(store, credentials)) as server:
        yield Standin(server.url, store)


@pytest.fixture
def plan_id(standin: Standin) -> Iterator[str]:
    """A fresh copy of the small sample plan, so that tests do not see each other's edits."""
    source = standin.store.get(SMALL_ID)
    assert source is not None
    new_id = standin.store.add({key: value for key, value in source.items() if key != "id"})
    yield new_id
    standin.clear_faults()

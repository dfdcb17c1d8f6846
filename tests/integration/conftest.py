"""A real stand-in server on a loopback port, shared by the tests of a module; the command line run against it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tui.cli import main
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


@pytest.fixture
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Config and data in the test's own folder, RELPLAN_TOKEN the stand-in's, and no other credential or log."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RELPLAN_TOKEN", TOKEN)
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID", "RELPLAN_LOG"):
        monkeypatch.delenv(name, raising=False)


def relplan(standin: Standin, *args: str, log: Path | None = None) -> tuple[int, str]:
    """``relplan ARGS`` against the stand-in (``--log LOG`` first when given): its exit status and what it printed."""
    out = io.StringIO()
    first = ["--log", str(log)] if log is not None else []
    status = main([*first, *args, "--endpoint", standin.url, "--project-id", PROJECT], out=out)
    return status, out.getvalue()

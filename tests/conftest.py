"""Every test keeps its config and data (drafts, baselines) in a folder of its own, never in the home folder.

No test goes through the proxy of the machine running it: calls to the loopback stand-in go straight to it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.samples import sample_path


@pytest.fixture(autouse=True)
def private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A copy of the small sample plan, as a file of the test's own to edit."""
    target = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), target)
    return target


@pytest.fixture(autouse=True)
def no_proxy_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)

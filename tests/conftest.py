"""Every test keeps its config and data (drafts, baselines) in a folder of its own, never in the home folder.

No test goes through the proxy of the machine running it: calls to the loopback stand-in go straight to it.

The garbage collector's full walks run a tenth as often as Python's default: what a test process holds grows with
every app it runs, and the suite's processes spent a fifth to a quarter of their time in those walks.

Shared fixtures and helpers, for tests to reuse rather than copy:

- ``plan_file``: a copy of the small sample plan to edit; ``checked``: the components checked whole (pydantic and
  the rules), in order, as the validator checks them (here).
- ``tests.helpers``: fixture plans, edits of them (``colleague_edit``: the small sample as a colleague changed it),
  what a check finds.
- ``tests.unit.conftest``: the validator, made once a module (``validator``), and the small sample plan (``plan``).
- ``tests.ui.conftest``: the editor run with keys (``editing``, ``ready``, ``until``, ``find``), and
  ``tests.ui.frames``: the frames the screen draws and what each watched widget shows in them, and the cursor's
  step down the tree's components (the test and its benchmark drive it alike).
- ``tests.integration.conftest``: a module's stand-in server (``standin``) and a fresh plan id per test
  (``plan_id``); ``tests.integration.pty_editor``: relplan on a pseudo-terminal, waited on by what it draws.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

import tui.validation
from tui.samples import sample_path
from tui.types import JSON, Issue

FULL_COLLECTION_EVERY = 100
"""Collections of the middle generation before a full one (Python's default is 10)."""


def pytest_configure(config: pytest.Config) -> None:
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


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


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The components checked whole (pydantic and the rules), in order, seen through the function that checks them."""
    seen: list[object] = []
    real = tui.validation.components_issues

    def counting(components: list[JSON]) -> list[list[Issue]]:
        seen.extend(components)
        return real(components)

    monkeypatch.setattr(tui.validation, "components_issues", counting)
    return seen

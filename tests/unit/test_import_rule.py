"""The core never loads Textual or Rich: each module under tui/ is imported alone, in a fresh interpreter.

httpx imports Rich when it is installed, for httpx's own command-line client (``httpx/__init__.py`` imports
``httpx._main`` if it can), and Rich is always installed beside Textual. That import is blocked in the fresh
interpreter, so what the check sees loaded is what relplan's own imports bring in.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import tui

SHELL = {"tui.app", "tui.shell", "tui.terminal"}
"""The only modules under tui/ that may import Textual: the application root, its parts and its terminal driver."""


def in_shell(module: str) -> bool:
    """Whether ``module`` is one of :data:`SHELL` or inside one of its packages."""
    return any(module == shell or module.startswith(f"{shell}.") for shell in SHELL)


CORE = tuple(sorted(module.name for module in pkgutil.walk_packages(tui.__path__, "tui.") if not in_shell(module.name)))
"""Every other module under tui/, found afresh, so a new module is held to the rule without being listed."""

UI_PACKAGES = ("textual", "rich")

PROBE = """
import json, sys
sys.modules["httpx._main"] = None  # httpx's own command line, the one part of httpx that imports Rich
import {module}
print(json.dumps(sorted({{name for name in sys.modules if name.split(".")[0] in {packages!r}}})))
"""


def loaded_after_importing(module: str) -> list[str]:
    """The modules of Textual and Rich loaded once ``module`` alone is imported in a fresh interpreter."""
    code = PROBE.format(module=module, packages=UI_PACKAGES)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_the_walk_finds_the_core() -> None:
    assert {"tui.cli", "tui.sending", "tui.datadir", "tui.models.component", "tui.standin.app"} <= set(CORE)
    assert not {"tui.app", "tui.shell", "tui.shell.sending", "tui.terminal"} & set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_neither_textual_nor_rich(module: str) -> None:
    assert loaded_after_importing(module) == []


@pytest.mark.parametrize("module", ["textual.app", "rich.text"])
def test_the_check_sees_textual_and_rich_when_they_are_loaded(module: str) -> None:
    assert module in loaded_after_importing(module)


def test_the_check_still_sees_rich_with_httpx_blocked() -> None:
    assert "rich" in loaded_after_importing("httpx, rich")

"""The core never imports Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui

SHELL = {"tui.app", "tui.messages", "tui.terminal"}
"""The only modules under tui/ that may import Textual: the application root, its messages and its terminal driver."""

CORE = tuple(sorted(module.name for module in pkgutil.walk_packages(tui.__path__, "tui.") if module.name not in SHELL))
"""Every other module under tui/, found afresh, so a new module is held to the rule without being listed."""


def test_the_walk_finds_the_core() -> None:
    assert {"tui.cli", "tui.sending", "tui.datadir", "tui.models.component", "tui.standin.app"} <= set(CORE)


def textual_modules_after_importing(*modules: str) -> list[str]:
    code = f"import sys, {', '.join(modules)}; print(len([m for m in sys.modules if m.split('.')[0] == 'textual']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_core_modules_do_not_load_textual() -> None:
    assert textual_modules_after_importing(*CORE) == ["0"]


def test_the_check_sees_textual_when_it_is_loaded() -> None:
    assert textual_modules_after_importing("textual.app") != ["0"]

"""The core never imports Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "tui.models", "tui.validation", "tui.schema", "tui.document", "tui.cli", "tui.errors", "tui.samples",
    "tui.types", "tui.fields", "tui.outline", "tui.client", "tui.auth", "tui.settings", "tui.standin",
    "tui.drafts", "tui.target", "tui.baselines", "tui.remote", "tui.text", "tui.commands", "tui.launch",
    "tui.drafts_command", "tui.logs",
)  # fmt: skip


def textual_modules_after_importing(*modules: str) -> list[str]:
    code = f"import sys, {', '.join(modules)}; print(len([m for m in sys.modules if m.split('.')[0] == 'textual']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_core_modules_do_not_load_textual() -> None:
    assert textual_modules_after_importing(*CORE) == ["0"]


def test_the_check_sees_textual_when_it_is_loaded() -> None:
    assert textual_modules_after_importing("textual.app") != ["0"]

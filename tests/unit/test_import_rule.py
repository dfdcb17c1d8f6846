"""The core never loads Textual or Rich: each module under tui/ is imported alone, in a fresh interpreter.

httpx imports Rich when it is installed, for httpx's own command-line client (``httpx/__init__.py`` imports
``httpx._main`` if it can), and Rich is always installed beside Textual. That import is blocked in the fresh
interpreter, so what the check sees loaded is what relplan's own imports bring in.

The fresh interpreter is a fork of one that has loaded only :data:`PRELOADED`, made once per test process: a module
imported there loads the rest of what it needs as in an interpreter of its own. The preloaded modules are held to
the same rule first (the fork's parent refuses to start if they load Textual or Rich), so what a module loads is
judged exactly as before, without paying for an interpreter and the models' classes once per module.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator

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

PRELOADED = ("httpx", "tui.models")
"""What every fork starts with: the HTTP client and the models, which most of the core imports and cost the most."""

PROBE = """
import json, os, sys, traceback
sys.modules["httpx._main"] = None  # httpx's own command line, the one part of httpx that imports Rich


def ui_modules():
    return sorted(name for name in sys.modules if name.split(".")[0] in {packages!r})


for name in {preloaded!r}:
    __import__(name)
print(json.dumps(ui_modules()), flush=True)  # the preloaded modules, judged by the same rule
for line in sys.stdin:
    read, write = os.pipe()
    if os.fork() == 0:  # the child imports the module alone, and says what is loaded then
        os.close(read)
        try:
            exec("import " + line.strip())
            said = json.dumps(ui_modules())
        except BaseException:
            said = json.dumps({{"error": traceback.format_exc()}})
        with os.fdopen(write, "w") as out:
            out.write(said)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        said = answer.read()
    os.wait()
    print(said, flush=True)
"""


class Probe:
    """An interpreter that has loaded only :data:`PRELOADED`, and forks a fresh one for each import asked of it."""

    def __init__(self, preloaded: tuple[str, ...] = PRELOADED) -> None:
        self.preloaded = preloaded
        code = PROBE.format(packages=UI_PACKAGES, preloaded=preloaded)
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.preloaded_loads: list[str] = self._answer()

    def _answer(self) -> list[str]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the probe ended"
        said = json.loads(line)
        assert not isinstance(said, dict), said["error"]
        loaded: list[str] = said
        return loaded

    def loaded_after_importing(self, module: str) -> list[str]:
        """The modules of Textual and Rich loaded once ``module`` alone is imported in a fresh interpreter."""
        assert self.preloaded_loads == [], f"{self.preloaded} load {self.preloaded_loads}"
        assert self.process.stdin is not None
        self.process.stdin.write(module + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="session")
def probe() -> Iterator[Probe]:
    started = Probe()
    yield started
    started.close()


def test_the_walk_finds_the_core() -> None:
    assert {"tui.cli", "tui.sending", "tui.datadir", "tui.models.component", "tui.standin.app"} <= set(CORE)
    assert not {"tui.app", "tui.shell", "tui.shell.sending", "tui.terminal"} & set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_neither_textual_nor_rich(module: str, probe: Probe) -> None:
    assert probe.loaded_after_importing(module) == []


@pytest.mark.parametrize("module", ["textual.app", "rich.text"])
def test_the_check_sees_textual_and_rich_when_they_are_loaded(module: str, probe: Probe) -> None:
    assert module in probe.loaded_after_importing(module)


def test_the_check_still_sees_rich_with_httpx_blocked(probe: Probe) -> None:
    assert "rich" in probe.loaded_after_importing("httpx, rich")


def test_each_import_is_judged_in_a_fresh_fork(probe: Probe) -> None:
    assert "rich.text" in probe.loaded_after_importing("rich.text")
    assert probe.loaded_after_importing("json") == []  # the import before it left nothing behind


def test_the_check_sees_textual_or_rich_that_a_preloaded_module_loads() -> None:
    probe = Probe(("tui.models", "rich.text"))
    try:
        assert "rich.text" in probe.preloaded_loads
        with pytest.raises(AssertionError, match=r"rich\.text"):
            probe.loaded_after_importing("tui.paths")
    finally:
        probe.close()

"""An error nothing handled ends the editor with a traceback that shows no variable's value."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.app
from tests.ui.conftest import ready
from tui.app import RelplanApp
from tui.document import Document

SECRET = "tok-3f9a-never-shown"


class Broken(RelplanApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def action_help(self) -> None:
        token = SECRET  # a frame's local, as a credential may be  # noqa: F841
        raise RuntimeError("a bug")


async def test_a_crash_shows_no_local_variable(capsys: pytest.CaptureFixture[str]) -> None:
    app = Broken(Document({"name": "p", "components": []}))

    async def crash() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("f1")
            await pilot.pause()

    with pytest.raises(RuntimeError, match="a bug"):
        await crash()
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert "RuntimeError" in shown and "a bug" in shown
    assert SECRET not in shown

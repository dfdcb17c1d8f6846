"""What a person sees at 80x24 in a read-only view: the header says so, the edit keys are dimmed, and a key that
would edit says, once, that nothing can be changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_path

SnapCompare = Callable[..., bool]


def test_read_only_view_refusing_a_key(snap_compare: SnapCompare, tmp_path: Path) -> None:
    target = tmp_path / "small.json"
    shutil.copy(sample_path("small.json"), target)

    async def refused(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("down", "l", "down", "a", "d")
        await until(pilot, lambda: settled(pilot.app), "the screen is settled")
        assert isinstance(pilot.app, RelplanApp)
        no_blinking(pilot.app)
        await pilot.pause()

    assert snap_compare(RelplanApp(Document.load(target), read_only=True), run_before=refused)

"""What a person sees at 80x24 when setting a field on many components: the prompt, with a value refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from screens.set_field import SetFieldScreen
from tests.snapshots.test_editor_snapshots import editor_on
from tests.ui.conftest import no_blinking, ready, until
from tui.app import RelplanApp

SnapCompare = Callable[..., bool]


def test_set_field_prompt_refusing_a_value(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def refused(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("down", "l", "down", "equals_sign", *"replica", "tab", *"lots", "enter")
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, SetFieldScreen) and bool(app.screen.refusal), "refused")
        assert isinstance(app, RelplanApp)
        no_blinking(app)
        await pilot.pause()

    assert snap_compare(editor_on("small.json", tmp_path), run_before=refused)

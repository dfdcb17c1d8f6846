"""What a person sees at 80x24 when the plan changed on the server: the review with two conflicts to resolve beside
a change taken cleanly (the clean merge alone is ``test_send_snapshots.test_lost_update_choice``)."""

from __future__ import annotations

import copy

from textual.pilot import Pilot

from screens.review import ReviewScreen
from tests.snapshots import test_send_snapshots
from tests.snapshots.test_send_snapshots import SnapCompare, Stage, still
from tests.ui.conftest import find, ready, until
from tui.plan_wire import editable
from tui.standin.store import SMALL_ID

stage = test_send_snapshots.stage
"""The stand-in's app and store, in the same zone and at the same moment as the other snapshots."""


def test_review_with_two_conflicts(snap_compare: SnapCompare, stage: Stage) -> None:
    app = stage.editor()
    held = stage.store.get(SMALL_ID)
    assert held is not None
    theirs = copy.deepcopy(editable(held))
    theirs["fail_strategy"] = "continue"
    theirs["components"][0]["version"] = "3.4.2"  # type: ignore[index]
    theirs["components"][1]["replica"] = 9  # type: ignore[index]
    stage.store.update(SMALL_ID, theirs)

    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        for path, typed in ((("components", 0, "version"), "3.5.0"), (("components", 1, "replica"), "5")):
            await find(pilot, ".".join(map(str, path)), focus=path)
            await pilot.press("ctrl+u", *typed, "escape")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review opened")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.merge is not None, "the review merged the server's changes")
        await pilot.press("t")  # the first conflict resolved by theirs; the second still open
        await still(pilot)

    assert snap_compare(app, run_before=run)

"""The garbage collector kept off the keys: its full walks run while nobody types, not in a jump.

A full collection walks every object the collector tracks; in the middle of a jump on a large plan that walk costs
as much as the jump's own work. So once start-up is over, what it made is moved out of the collector's sight, full
collections no longer start on their own while keys arrive, and the app runs them itself when the keys have paused.
"""

from __future__ import annotations

import gc
from time import monotonic
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["Collecting"]

PAUSE = 2.0
"""Seconds without a key after which the collector may run: a person reading, not typing; a key is then unlikely to
arrive in the middle of a walk."""

CHECK_EVERY = 0.5
"""Seconds between two looks at whether the keys have paused and there is something to collect."""

DUE_AFTER = 10
"""Young collections since the last full one after which a full one is due, as Python's own default has it."""

FULL_AFTER = 50
"""Young collections after which a full one still starts on its own: the bound on what waits for a pause when the
keys never stop."""


class Collecting:
    """Runs the collector's full walks in the pauses between keys; the app tells it of each key."""

    def __init__(self) -> None:
        self.last_key = monotonic()
        """When the last key arrived (``monotonic``)."""
        self.frozen_after_start = False
        """Whether what start-up left has been moved out of the collector's sight, after a full collection."""
        self.started = False
        self.kept = 0
        """Objects the last full collection left in the collector's sight."""
        self.looked_at = 0
        """The young collections counted when the objects were last counted, not to count them again for nothing."""

    def key(self) -> None:
        """A key arrived: no collection until the keys pause."""
        self.last_key = monotonic()

    def start(self, app: App[None]) -> None:
        """Start-up is over (the plan checked, the form built): collect in pauses from now on."""
        if self.started or gc.isenabled():  # the collector is relplan's to run only where it paused it for start-up
            return  # (``relplan edit``), not in a process that runs the app among other work, such as a test's
        self.started = True
        gc.freeze()  # what start-up made (the baseline, the models, the widgets) lives on out of the collector's sight
        gc.enable()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_AFTER)
        app.set_interval(CHECK_EVERY, self.tick, name="collect in pauses")

    def tick(self) -> None:
        """In a pause, a full collection once it is due: by Python's own rule, when young collections have passed on
        a quarter as many objects again as the last full one kept."""
        if monotonic() - self.last_key < PAUSE:
            return
        if not self.frozen_after_start:
            # The first pause after start-up: what is left lives as long as the editor (its screen, the first form,
            # the marks of the check); after a full collection it is moved out of sight too, once.
            self.frozen_after_start = True
            gc.collect()
            gc.freeze()
            return
        young = gc.get_count()[2]
        if young < DUE_AFTER or young == self.looked_at:
            return
        self.looked_at = young
        if len(gc.get_objects(2)) - self.kept > self.kept // 4:
            gc.collect()
            self.kept = len(gc.get_objects(2))
            self.looked_at = 0

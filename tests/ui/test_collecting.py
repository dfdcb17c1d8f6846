"""Once start-up is over, the garbage collector's full walks run in the pauses between keys, not in a jump."""

from __future__ import annotations

import pytest

from tests.ui.conftest import editing, until
from tui.app import RelplanApp
from tui.shell import collecting


class Collector:
    """Stands in for :mod:`gc` as ``relplan edit`` leaves it for the app: paused for start-up; counts every call."""

    def __init__(self) -> None:
        self.enabled = False
        self.calls: list[str] = []
        self.thresholds: tuple[int, ...] = ()
        self.count = (0, 0, 0)
        self.old = 0
        """Objects in the oldest generation."""

    def isenabled(self) -> bool:
        return self.enabled

    def enable(self) -> None:
        self.calls.append("enable")
        self.enabled = True

    def freeze(self) -> None:
        self.calls.append("freeze")

    def collect(self) -> int:
        self.calls.append("collect")
        self.count = (0, 0, 0)
        return 0

    def get_objects(self, generation: int) -> list[None]:
        assert generation == 2
        return [None] * self.old

    def get_threshold(self) -> tuple[int, int, int]:
        return (700, 10, 10)

    def set_threshold(self, *thresholds: int) -> None:
        self.thresholds = thresholds

    def get_count(self) -> tuple[int, int, int]:
        return self.count


async def test_start_up_is_frozen_and_full_collections_wait_for_a_pause(
    app: RelplanApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    gc = Collector()
    monkeypatch.setattr(collecting, "gc", gc)
    monkeypatch.setattr(collecting, "CHECK_EVERY", 0.02)
    monkeypatch.setattr(collecting, "PAUSE", 3600.0)  # keys never pause, for now
    async with editing(app) as pilot:
        assert gc.calls == ["freeze", "enable"]  # what start-up made, out of sight; the collector on again
        assert gc.thresholds == (700, 10, collecting.FULL_AFTER)  # no full walk of its own in a burst of keys
        before = app.collecting.last_key
        await pilot.press("down")
        assert app.collecting.last_key > before  # the app tells of each key
        await pilot.pause(0.1)
        assert "collect" not in gc.calls  # no pause yet, no collection

        monkeypatch.setattr(collecting, "PAUSE", 0.0)  # the keys pause
        await until(pilot, lambda: gc.calls.count("collect") >= 1, "a full collection in the first pause")
        assert gc.calls[:4] == ["freeze", "enable", "collect", "freeze"]  # then what is left moves out of sight
        gc.old, gc.count = 1000, (0, 0, collecting.DUE_AFTER)  # young collections passed on objects since
        await until(pilot, lambda: gc.calls.count("collect") >= 2, "a full collection in a later pause")
        assert gc.calls.count("freeze") == 2  # frozen only once after start-up: later garbage stays collectable
        gc.old, gc.count = 1200, (0, 0, collecting.DUE_AFTER)  # not a quarter more than the last one kept
        await pilot.pause(0.1)
        assert gc.calls.count("collect") == 2
        gc.old, gc.count = 1300, (0, 0, collecting.DUE_AFTER + 1)
        await until(pilot, lambda: gc.calls.count("collect") >= 3, "a full collection once it is due again")

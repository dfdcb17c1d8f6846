"""What a person sees at 80x24 around sending: the picker, the review, the lost-update choice, sending, a 400, help.

The stand-in's own app answers, handed to the client in the same process so that the endpoint, the request ids and
the plans' times are the same in every run.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from textual.pilot import Pilot

from screens.review import ReviewScreen
from tests.ui.conftest import find, no_blinking, ready, settled, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.plan_wire import editable
from tui.standin import Credentials, Faults, PlanStore, create_app
from tui.standin.store import SMALL_ID
from tui.target import Target
from widgets.request_status import RequestStatus

SnapCompare = Callable[..., bool]
TOKEN = "snapshot-token"
NOON = 1_795_000_000.0  # a fixed moment for the plans' times


class Stage:
    """The stand-in's app, its store, and a target that reaches it without a network."""

    def __init__(self) -> None:
        self.store = PlanStore.with_samples(clock=lambda: NOON)
        counter = itertools.count(1)
        self.api = create_app(self.store, Credentials(token=TOKEN), request_ids=lambda: f"request-{next(counter)}")
        self.target = Target(
            "https://servicestage.example",
            "demo",
            TokenAuth(TOKEN),
            SMALL_ID,
            "demo",
            transport=httpx.ASGITransport(app=self.api),
        )

    def editor(self) -> RelplanApp:
        plan = self.store.get(SMALL_ID)
        assert plan is not None
        return RelplanApp(Document(editable(plan)), title="storefront-2026-11", target=self.target)

    def faults(self, **faults: object) -> None:
        self.api.state.faults = Faults(**faults)  # type: ignore[arg-type]


@pytest.fixture
def stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stage]:
    monkeypatch.setenv("TZ", "UTC")  # times show in local time: the same zone on every machine
    time.tzset()
    yield Stage()
    monkeypatch.undo()
    time.tzset()


async def still(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: settled(pilot.app), "the screen is settled")
    assert isinstance(pilot.app, RelplanApp)
    no_blinking(pilot.app)
    await pilot.pause()


async def reviewing(pilot: Pilot[None]) -> None:
    """Add "!" to the description and open the review, once it has checked the server."""
    await ready(pilot)
    await find(pilot, "desc", focus=("desc",))
    await pilot.press("end", "!", "ctrl+r")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review opened")
    review = pilot.app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: review.server_changes is not None, "the review checked the server")


def test_picker(snap_compare: SnapCompare, stage: Stage) -> None:
    app = RelplanApp(target=stage.target)

    async def filtered(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: "3 of 3" in str(app.screen.query_one("#picker-state").render()), "listed")
        await pilot.press(*"store")
        await still(pilot)

    assert snap_compare(app, run_before=filtered)


def test_review_diff(snap_compare: SnapCompare, stage: Stage) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await reviewing(pilot)
        await still(pilot)

    assert snap_compare(stage.editor(), run_before=run)


def test_review_grouped_by_component(snap_compare: SnapCompare, stage: Stage) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        for path, typed in (((0, "version"), "3.4.2"), ((0, "replica"), "5"), ((1, "version"), "2.0.8")):
            where = ("components", *path)
            await find(pilot, ".".join(map(str, where)), focus=where)
            await pilot.press("ctrl+u", *typed, "escape")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review opened")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        await still(pilot)

    assert snap_compare(stage.editor(), run_before=run)


def test_review_with_no_changes(snap_compare: SnapCompare, stage: Stage) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), "the review opened")
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        await until(pilot, lambda: review.server_changes is not None, "the review checked the server")
        await still(pilot)

    assert snap_compare(stage.editor(), run_before=run)


def test_lost_update_choice(snap_compare: SnapCompare, stage: Stage) -> None:
    held = stage.store.get(SMALL_ID)
    assert held is not None
    app = stage.editor()
    stage.store.update(SMALL_ID, {**editable(held), "fail_strategy": "continue"})

    async def run(pilot: Pilot[None]) -> None:
        await reviewing(pilot)
        await pilot.pause()
        await still(pilot)

    assert snap_compare(app, run_before=run)


def test_sending(snap_compare: SnapCompare, stage: Stage) -> None:
    app = stage.editor()

    async def run(pilot: Pilot[None]) -> None:
        await reviewing(pilot)
        stage.faults(delay=30.0, methods=frozenset({"PUT"}))
        now = [1000.0]
        app.send_clock = lambda: now[0]  # time stands still, but when the test moves it
        await pilot.press("enter")
        status = app.screen.query_one(RequestStatus)
        await until(pilot, lambda: status.in_flight and "PUT" in status.text, "the update is on its way")
        now[0] += 1.25  # the same second in every run
        await pilot.pause(0.15)
        await still(pilot)

    assert snap_compare(app, run_before=run)


def test_refused_with_400(snap_compare: SnapCompare, stage: Stage) -> None:
    app = stage.editor()

    async def run(pilot: Pilot[None]) -> None:
        await reviewing(pilot)
        stage.faults(status=400, methods=frozenset({"PUT"}))
        await pilot.press("enter")
        status = app.screen.query_one(RequestStatus)
        await until(pilot, lambda: status.outcome is not None, "the server answered")
        await still(pilot)

    assert snap_compare(app, run_before=run)


def test_help(snap_compare: SnapCompare, stage: Stage) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await still(pilot)

    assert snap_compare(stage.editor(), run_before=run)

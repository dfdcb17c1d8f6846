"""The draft keeps up with a burst of keys on a large plan: keys queued ahead of the draft timer do not hold it back."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from textual import events

from tests.ui.conftest import ready, until
from tui.app import DRAFT_AFTER, RelplanApp
from tui.document import Document
from tui.drafts import draft_key, read_draft
from tui.edits import Changed
from tui.jsontree import same_json
from tui.types import JSON
from widgets.plan_tree import PlanTree

FIXTURES = Path(__file__).parent.parent / "fixtures" / "plans"
COMPONENTS = 1000
BURST = 12
EDIT_COST = 0.2
"""Seconds each duplicate takes on the app's clock: the clock is the test's, so no verdict depends on the machine."""
FIRST_COMPONENT = ("down", "l", "down")
"""From the plan at the tree's top: components, opened, its first."""


def large_plan(path: Path) -> Path:
    """A plan of 1,000 components, made from the 64 of the fixture."""
    plan = json.loads((FIXTURES / "64-components.json").read_text(encoding="utf-8"))
    pattern = plan["components"]
    components = []
    for index in range(COMPONENTS):
        component = copy.deepcopy(pattern[index % len(pattern)])
        component["name"] = f"c{index:04d}"
        components.append(component)
    plan["components"] = components
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


def count(plan: JSON) -> int:
    assert isinstance(plan, dict)
    components = plan["components"]
    assert isinstance(components, list)
    return len(components)


async def test_a_burst_of_duplicates_goes_into_the_draft_as_it_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_file = large_plan(tmp_path / "large.json")
    clock = [0.0]
    monkeypatch.setattr("tui.draft_edits.monotonic", lambda: clock[0])
    made: list[int] = []
    """How many components each draft the app made held, in the order it made them: a draft holds every change
    the document had when it was asked for (the writes that follow are made in that order)."""
    app = RelplanApp(Document.load(plan_file))
    save = app.session.drafts.save

    def recording(place: Callable[[], tuple[str, str] | None], *, edited: bool, title: str, now: bool = False) -> bool:
        made.append(count(app.session.document.data))
        return save(place, edited=edited, title=title, now=now)

    monkeypatch.setattr(app.session.drafts, "save", recording)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(*FIRST_COMPONENT)
        tree = app.screen.query_one(PlanTree)
        await until(pilot, lambda: tree.cursor_path == ("components", 0), "the tree is on the first component")
        duplicate = app.session.duplicate

        def slow_duplicate(path: tuple[str | int, ...]) -> Changed:
            clock[0] += EDIT_COST
            return duplicate(path)

        monkeypatch.setattr(app.session, "duplicate", slow_duplicate)
        for _ in range(BURST):  # as a terminal delivers them: all queued before the first is handled
            app.post_message(events.Key("c", "c"))
        await until(
            pilot, lambda: count(app.session.document.data) == COMPONENTS + BURST, "every duplicate was applied"
        )

        # While the burst was being handled, a draft was made by the first edit to end DRAFT_AFTER (on the app's
        # clock) or more after the oldest edit not yet in a draft: never more than that many edits behind.
        behind = math.ceil(DRAFT_AFTER / EDIT_COST) + 1
        assert made, "no draft was made during the burst"
        assert all(later - earlier <= behind for earlier, later in pairwise([COMPONENTS, *made]))
        assert made[-1] >= COMPONENTS + BURST - behind + 1
        key = draft_key(path=plan_file)

        def holds_the_document() -> bool:
            draft = read_draft(key)
            return draft is not None and same_json(draft.plan, app.session.document.data)

        await until(pilot, holds_the_document, "the draft holds every edit the document holds", timeout=60)

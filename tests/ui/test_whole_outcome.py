"""An outcome longer than the status line is cut to fit, ends with the key that shows it whole, and that key does."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from screens.response import ResponseScreen
from screens.review import ReviewScreen
from tests.helpers import closed_port
from tests.ui.conftest import find, ready, until
from tui.app import RelplanApp
from tui.auth import TokenAuth
from tui.document import Document
from tui.target import Target
from widgets.request_status import Outcome, RequestStatus


def shown(app: App[None]) -> RequestStatus:
    assert isinstance(app, RelplanApp) and app.editor is not None
    return app.editor.query_one(RequestStatus)


async def test_a_long_failure_is_cut_with_a_hint_and_f6_shows_all_of_it(plan_file: Path) -> None:
    target = Target(f"http://127.0.0.1:{closed_port()}", "demo", TokenAuth("t"), "plan-1", timeout=5.0)
    app = RelplanApp(Document.load(plan_file), target=target)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")  # before anything was sent: nothing to show, and no screen for it
        assert not isinstance(app.screen, ResponseScreen)
        await ready(pilot)
        await find(pilot, "desc", focus=("desc",))
        await pilot.press("end", "!", "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review opened")
        review = app.screen
        await until(pilot, lambda: "Could not check" in str(review.query_one("#review-server").render()), "checked")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app).outcome is Outcome.FAILED, "the send failed")
        status = shown(app)
        line = status.render().plain
        assert status.text.startswith("Not sent: the plan could not be fetched to check that nobody changed it")
        assert line.endswith("… f6")
        assert cell_len(line) == status.content_size.width == 78  # cut to the cell
        assert "your edits are kept" not in line  # cut: the end of the outcome is not on the line
        await pilot.press("f6")
        assert isinstance(app.screen, ResponseScreen)
        whole = app.screen.query_one(TextArea).text
        assert whole.startswith(status.text + "\n")
        assert "All connection attempts failed) · your edits are kept" in whole
        assert "Nothing was sent" in whole
        await pilot.press("escape")
        assert not isinstance(app.screen, ResponseScreen)
        assert app.session.document.get(("desc",)) == f"{Document.load(plan_file).get(('desc',))}!"


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield RequestStatus()


async def test_the_hint_shows_only_when_the_line_is_cut_measured_in_cells() -> None:
    app = Host()
    async with app.run_test(size=(80, 3)) as pilot:
        status = app.query_one(RequestStatus)
        for message in (
            "ok · 订单服务 · 注文",
            "Not sent: 订单服务的计划没有发出 · your edits are kept · 🚀🚀🚀 · end",
        ):
            status.finished(Outcome.FAILED, message)
            whole = cell_len(f"✗ {message}")
            for columns in range(12, 82, 3):
                await pilot.resize_terminal(columns, 3)
                await pilot.pause()
                line = status.render().plain
                room = status.content_size.width
                assert cell_len(line) <= room
                if whole > room:
                    assert status.cut and line.endswith("… f6"), (columns, line)
                    assert cell_len(line) >= room - 1  # cut where it must be (a wide character may leave a cell)
                else:
                    assert not status.cut and line == f"✗ {message}", (columns, line)


async def test_the_line_shows_the_seconds_it_is_told_and_keeps_no_clock() -> None:
    app = Host()
    async with app.run_test(size=(80, 3)) as pilot:
        status = app.query_one(RequestStatus)
        assert not status.in_flight
        status.sending("PUT", "https://ss.example/plan-1", 1.25)
        await pilot.pause()
        assert status.in_flight
        assert status.render().plain == "⠹ 1.2 s · PUT https://ss.example/plan-1 · escape stops waiting"
        status.finished(Outcome.OK, "200")
        assert not status.in_flight

"""How an update ended: one line that points to f6, and the whole story that f6 shows."""

from __future__ import annotations

import pytest

from tui.errors import ResponseError, StatusError
from tui.sending import F6_POINTERS, InFlight, failed
from tui.types import JSON

URL = "https://ss.example/v3/p/cas/release-plans/plan-1"


def refused() -> StatusError:
    body = '{"error_code": "SVCSTG.00100400", "error_msg": "components[0].version: bad"}'
    return StatusError(
        "400",
        status=400,
        error_code="SVCSTG.00100400",
        error_msg="components[0].version: bad",
        request_id="r-1",
        body=body,
    )


@pytest.mark.parametrize(
    "exc", [refused(), ResponseError("the answer is not JSON", status=200, body="<html>")], ids=["400", "not JSON"]
)
def test_the_line_points_to_f6_and_the_whole_story_does_not_point_to_itself(exc: Exception) -> None:
    report = failed(exc, URL)
    assert report.line.endswith(F6_POINTERS)
    first, *rest = report.text.splitlines()
    assert report.line.startswith(first) and first != report.line
    assert "f6 shows" not in report.text
    assert f"PUT {URL}" in rest[1]


def test_a_refusal_tells_its_request_id_once_and_the_server_s_answer_whole() -> None:
    report = failed(refused(), URL)
    assert report.text.count("request id r-1") == 1
    assert "The server's answer:" in report.text
    assert '"error_msg": "components[0].version: bad"' in report.text


def test_an_update_in_flight_counts_its_seconds_by_the_clock_it_was_given() -> None:
    now = [100.0]
    flight = InFlight.start("PUT", URL, lambda: now[0])
    assert (flight.method, flight.url, flight.started, flight.elapsed) == ("PUT", URL, 100.0, 0.0)
    now[0] = 102.5
    assert flight.elapsed == 2.5


def test_a_plan_that_arrived_changed_names_the_components_where_it_differs() -> None:
    from tui.answers import Answer
    from tui.client import Arrival, Submission
    from tui.diff import Change, ChangeKind
    from tui.sending import sent

    answer = Answer("PUT", "https://servicestage.example/plan", 200, "OK", 0.05, "r-1", (), "{}")
    differs = Arrival(False, [Change(ChangeKind.CHANGED, ("components", 1, "version"), "1.0.0", "1.0.1")])
    plan = {"name": "p", "components": [{"name": "orders-000"}, {"name": "payments-001"}]}
    report = sent(Submission("plan", answer, differs), plan)
    assert "differs from what was sent at payments-001 › version" in report.line
    assert "  changed: payments-001 › version" in report.text
    assert "components.1" not in report.line + report.text
    assert "at components.1.version" in sent(Submission("plan", answer, differs)).line  # no plan: as written


def test_a_refusal_names_a_component_removed_on_the_server_as_it_was_opened() -> None:
    from tui.diff import diff
    from tui.errors import PlanChangedError

    opened: dict[str, JSON] = {"components": [{"name": "orders-000"}, {"name": "orders-001", "replica": 2}]}
    now: dict[str, JSON] = {"components": [{"name": "orders-000", "replica": 3}]}
    changes = diff(opened, now)
    refusal = PlanChangedError("changed", changes=changes, plan=now, opened=opened)
    assert failed(refusal, "https://ss.example.com/plan").lines[1:3] == (
        "  added: orders-000 #0 \u203a replica",
        "  removed: orders-001 #1",
    )

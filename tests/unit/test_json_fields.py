"""The lenient reader of a server's JSON fields, shared by the plan list's rows and the release's jobs."""

from __future__ import annotations

import pytest

from tui.json_fields import lenient_moment, lenient_text
from tui.plan_wire import plan_summary
from tui.release import parse_deploy_info
from tui.types import JSON

ODD: list[tuple[JSON, str, int | None]] = [
    ("orders", "orders", None),
    (7, "7", 7),
    (1.5, "1.5", None),
    (" 1700000000000 ", " 1700000000000 ", 1700000000000),
    (0, "0", None),
    (-3, "-3", None),
    (True, "", None),
    (None, "", None),
    ([1], "", None),
]
"""A value as a server might send it, and what it reads as: text, and a moment (epoch milliseconds)."""


@pytest.mark.parametrize(("sent", "text", "moment"), ODD)
def test_a_field_reads_as_the_nearest_thing_it_can_mean(sent: JSON, text: str, moment: int | None) -> None:
    assert (lenient_text(sent), lenient_moment(sent)) == (text, moment)


@pytest.mark.parametrize(("sent", "text", "moment"), ODD)
def test_a_plan_row_and_a_release_job_read_their_fields_alike(sent: JSON, text: str, moment: int | None) -> None:
    row = plan_summary({"id": sent, "name": sent, "create_time": sent, "modify_time": sent})
    [job] = parse_deploy_info({"components": [{"id": sent, "name": sent, "start_time": sent}]}).jobs
    assert (row.id, row.name, row.create_time, row.modify_time) == (text, text, moment, moment)
    assert (job.component_id, job.name, job.start_time) == (text, text, moment)

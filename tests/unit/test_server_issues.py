"""Which fields a server's error message names."""

from __future__ import annotations

import pytest

from tui.server_issues import server_issues
from tui.types import JSON

PLAN: JSON = {"name": "x", "desc": "d", "components": [{"name": "api", "version": "1.0"}]}


@pytest.mark.parametrize(
    ("message", "paths"),
    [
        ("Invalid release plan: components.0.version: must be 3 or 4 numbers", [("components", 0, "version")]),
        ("components[0].version is not a version", [("components", 0, "version")]),
        ("name: too long; desc: too long", [("name",), ("desc",)]),
        ('"name" is taken', [("name",)]),
        ("the name is taken", []),  # a plain word in prose names nothing
        ("components.3.version: no such component here", []),  # not in the plan
        ("components.0.replicas: unknown", []),
        ("<html><body>Bad gateway</body></html>", []),
        ("", []),
    ],
)
def test_the_fields_a_message_names(message: str, paths: list[tuple[str | int, ...]]) -> None:
    assert [issue.path for issue in server_issues(message, PLAN)] == paths


def test_each_field_gets_the_part_of_the_message_about_it() -> None:
    issues = server_issues("Invalid release plan: name: too long; components.0.version: bad version", PLAN)
    assert [issue.message for issue in issues] == [
        "the server said: name: too long",
        "the server said: components.0.version: bad version",
    ]

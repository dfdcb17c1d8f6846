"""Which fields a server's error message names."""

from __future__ import annotations

import pytest

from tui.outline import server_issues
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


def test_masks_go_back_to_their_own_secrets_never_to_another_s() -> None:
    from tui.errors import DocumentError
    from tui.outline import MASK, mask_secrets, unmask_secrets

    original: JSON = {
        "components": [
            {"name": "a", "source": {"http_password": "PA", "http_headers": {"Authorization": "HA"}}},
            {"name": "b", "source": {"http_password": "PB"}},
        ]
    }
    masked = mask_secrets(original)
    assert masked == {
        "components": [
            {"name": "a", "source": {"http_password": MASK, "http_headers": {"Authorization": MASK}}},
            {"name": "b", "source": {"http_password": MASK}},
        ]
    }
    assert unmask_secrets(masked, original) == original
    without_a = {"components": [masked["components"][1]]}  # type: ignore[index,call-overload]
    assert unmask_secrets(without_a, original) == {"components": [{"name": "b", "source": {"http_password": "PB"}}]}
    renamed = {"components": [{"name": "a", "source": {"http_headers": {"X-Auth": MASK}}}]}
    with pytest.raises(DocumentError, match=r"components\.0\.source\.http_headers\.X-Auth reads"):
        unmask_secrets(renamed, original)
    assert mask_secrets({"http_headers": "not a map"}) == {"http_headers": MASK}

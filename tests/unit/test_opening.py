"""Opening a plan, without a screen: the list newest first, a typed file read, the review's lost-update check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from tui.auth import TokenAuth
from tui.errors import ClientError, DocumentError
from tui.opening import changes_on_server, list_plans, read_typed
from tui.samples import sample_path
from tui.target import Target


def target(answer: httpx.MockTransport, plan_id: str = "") -> Target:
    return Target("https://stage.example", "p1", TokenAuth("tok"), plan_id, transport=answer)


async def test_the_plans_are_listed_the_last_modified_first() -> None:
    rows = [
        {"id": "a", "name": "old", "modify_time": 10},
        {"id": "b", "name": "never modified"},
        {"id": "c", "name": "new", "modify_time": 30},
    ]
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json={"count": 3, "release_plans": rows}))
    assert [plan.id for plan in await list_plans(target(answer))] == ["c", "a", "b"]


async def test_a_list_that_fails_is_a_client_error() -> None:
    answer = httpx.MockTransport(lambda request: httpx.Response(503, json={"error_msg": "busy"}))
    with pytest.raises(ClientError, match="503"):
        await list_plans(target(answer))


def test_a_typed_file_is_read_as_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    shutil.copy(sample_path("small.json"), path)
    document = read_typed(str(path))
    assert document is not None
    assert document.source == path
    assert document.data == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("typed", ["0a1b2c3d-plan-id", "x" * 5000])
def test_what_names_no_file_is_not_read(typed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_typed(typed) is None  # an id, perhaps: the caller asks the server for it


def test_a_typed_file_that_is_not_a_plan_says_why(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(DocumentError):
        read_typed(str(path))


async def test_the_check_lists_what_changed_on_the_server_since_the_plan_was_opened() -> None:
    opened = {"id": "plan-1", "name": "n", "fail_strategy": "stop", "components": []}
    now = {**opened, "fail_strategy": "continue", "status": "CREATED"}

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/release-plans/plan-1")
        return httpx.Response(200, json=now)

    changes = await changes_on_server(target(httpx.MockTransport(answer), "plan-1"), opened)
    assert [(change.path, change.old, change.new) for change in changes] == [(("fail_strategy",), "stop", "continue")]
    same = await changes_on_server(target(httpx.MockTransport(answer), "plan-1"), {**now, "status": "x"})
    assert same == []

"""The stand-in server over real HTTP on a loopback port: the calls, authentication, errors and the fault switch."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
import ssl
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import edited
from tui.auth import AkSkAuth, TokenAuth, canonical_request, sdk_date
from tui.jsonfiles import load_file
from tui.models.plan import READ_ONLY_KEYS
from tui.paths import format_path
from tui.samples import sample_path
from tui.standin import (
    LARGE_ID,
    MISTAKES_ID,
    SMALL_ID,
    Credentials,
    Faults,
    PlanStore,
    StandinServer,
    create_app,
)
from tui.standin.server import ServerStartError
from tui.types import Severity
from tui.validation import validate

TOKEN = "tok-test"
ACCESS_KEY = "AK-test"
SECRET_KEY = "SK-test"
PROJECT = "0123456789abcdef"
FAULTS = "/_standin/faults"
FORCED = "Forced by the stand-in's fault switch"
TLS = ssl.create_default_context()
"""One TLS context for every client: building one per client is slow, and loopback HTTP never uses it."""
SUMMARY_KEYS = {"id", "name", "action", "status", "create_time", "execute_time", "creator", "modify_time"}


@dataclass
class Standin:
    """A running stand-in and the store behind it."""

    server: StandinServer
    store: PlanStore

    @property
    def api(self) -> str:
        return f"{self.server.url}/v3/{PROJECT}/cas/release-plans"


@pytest.fixture(scope="module")
def standin() -> Iterator[Standin]:
    store = PlanStore.with_samples()
    app = create_app(store, Credentials(token=TOKEN, access_key=ACCESS_KEY, secret_key=SECRET_KEY), project_id=PROJECT)
    with StandinServer(app) as server:
        yield Standin(server, store)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client(auth=TokenAuth(TOKEN)) as c:
        yield c


@pytest.fixture
def control(standin: Standin) -> Iterator[httpx.Client]:
    """A client for the fault switch; the faults are reset after the test."""
    with new_client(base_url=standin.server.url) as c:
        yield c
        c.delete(FAULTS).raise_for_status()


def set_faults(control: httpx.Client, **faults: Any) -> None:
    response = control.put(FAULTS, json=faults)
    assert response.status_code == 200, response.text


def fresh_plan(standin: Standin) -> str:
    """A new copy of the small sample, so that a test may change it freely."""
    return standin.store.add(load_file(sample_path("small.json")))


def body_of(plan: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in plan.items() if key not in READ_ONLY_KEYS}


def new_client(**options: Any) -> httpx.Client:
    """An HTTP client for the stand-in, quick to make."""
    return httpx.Client(verify=TLS, **{"timeout": 5.0, **options})


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == code
    message: str = body["error_msg"]
    return message


# ------------------------------------------------------------------------------------------------ the calls


def test_list(standin: Standin, client: httpx.Client) -> None:
    response = client.get(standin.api)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["release_plans"]) >= 3
    by_id = {plan["id"]: plan for plan in body["release_plans"]}
    assert {SMALL_ID, LARGE_ID, MISTAKES_ID} <= set(by_id)
    for plan in body["release_plans"]:
        assert set(plan) == SUMMARY_KEYS
        assert isinstance(plan["create_time"], int) and plan["create_time"] > 1_600_000_000_000
    assert by_id[LARGE_ID]["name"] == "checkout-release"
    assert by_id[SMALL_ID]["name"] == "storefront-2026-11"


def test_get(standin: Standin, client: httpx.Client) -> None:
    response = client.get(f"{standin.api}/{SMALL_ID}")
    assert response.status_code == 200
    plan = response.json()
    assert set(plan) >= READ_ONLY_KEYS
    assert (plan["id"], plan["action"], plan["creator"]) == (SMALL_ID, "upgrade", "demo")
    assert body_of(plan) == load_file(sample_path("small.json"))
    assert len(client.get(f"{standin.api}/{LARGE_ID}").json()["components"]) == 64


def test_a_valid_edit_is_stored(standin: Standin, client: httpx.Client) -> None:
    plan_id = fresh_plan(standin)
    before = client.get(f"{standin.api}/{plan_id}").json()
    body = edited(body_of(before), {("desc",): "Edited over HTTP.", ("components", 0, "replica"): 5})
    response = client.put(f"{standin.api}/{plan_id}", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"release_plan_id": plan_id}
    after = client.get(f"{standin.api}/{plan_id}").json()
    assert body_of(after) == body
    assert after["create_time"] == before["create_time"]
    assert after["modify_time"] >= before["modify_time"]
    assert after["id"] == plan_id


def test_read_only_keys_in_the_body_are_ignored(standin: Standin, client: httpx.Client) -> None:
    plan_id = fresh_plan(standin)
    plan = client.get(f"{standin.api}/{plan_id}").json()
    response = client.put(f"{standin.api}/{plan_id}", json={**plan, "status": "SUCCEEDED", "id": "other"})
    assert response.status_code == 200, response.text
    after = client.get(f"{standin.api}/{plan_id}").json()
    assert (after["id"], after["status"]) == (plan_id, "CREATED")


def test_a_validation_error_is_a_400_naming_the_path(standin: Standin, client: httpx.Client) -> None:
    plan_id = fresh_plan(standin)
    before = client.get(f"{standin.api}/{plan_id}").json()
    body = edited(body_of(before), {("components", 0, "version"): "3.4"})
    message = assert_error(client.put(f"{standin.api}/{plan_id}", json=body), 400, "SVCSTG.00100400")
    assert message.startswith("Invalid release plan: components.0.version: ")
    assert client.get(f"{standin.api}/{plan_id}").json() == before


def test_every_error_of_a_plan_is_listed(standin: Standin, client: httpx.Client) -> None:
    plan = load_file(sample_path("mistakes.json"))
    expected = [issue for issue in validate(plan) if issue.severity is Severity.ERROR]
    assert len(expected) > 1
    message = assert_error(client.put(f"{standin.api}/{MISTAKES_ID}", json=plan), 400, "SVCSTG.00100400")
    listed = "; ".join(f"{format_path(issue.path)}: {issue.message}" for issue in expected)
    assert message == f"Invalid release plan: {listed}"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json", "is not valid JSON"),
        (b"", "empty"),
        (b"[1, 2]", "array"),
        (b'{"name": "a", "name": "b"}', "twice"),
        (b'{"name": NaN}', "NaN"),
        (b'{"name": "\xff"}', "UTF-8"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(
    standin: Standin, client: httpx.Client, content: bytes, words: str
) -> None:
    response = client.put(
        f"{standin.api}/{SMALL_ID}", content=content, headers={"Content-Type": "application/json;charset=utf8"}
    )
    message = assert_error(response, 400, "SVCSTG.00100400")
    assert words in message


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("POST", "/execute"), ("GET", "/deploy-info")],
)
def test_an_unknown_plan_is_a_404(standin: Standin, client: httpx.Client, method: str, suffix: str) -> None:
    missing = str(uuid.uuid4())
    response = client.request(method, f"{standin.api}/{missing}{suffix}", json={"name": "x", "components": []})
    message = assert_error(response, 404, "SVCSTG.00100404")
    assert missing in message


@pytest.mark.parametrize("suffix", ["", f"/{SMALL_ID}"])
def test_a_project_it_does_not_serve_is_a_404(standin: Standin, client: httpx.Client, suffix: str) -> None:
    response = client.get(f"{standin.server.url}/v3/another-project/cas/release-plans{suffix}")
    assert assert_error(response, 404, "SVCSTG.00100404") == "The project another-project does not exist"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", f"/v3/{PROJECT}/cas/applications"),
        ("GET", f"/v3/{PROJECT}/cas/release-plans/"),
        ("DELETE", f"/v3/{PROJECT}/cas/release-plans/{SMALL_ID}"),
        ("GET", f"/v3/{PROJECT}/cas/release-plans/{SMALL_ID}/execute"),
    ],
)
def test_an_unknown_route_is_the_gateways_404(standin: Standin, client: httpx.Client, method: str, path: str) -> None:
    message = assert_error(client.request(method, standin.server.url + path), 404, "APIGW.0101")
    assert message == "The API does not exist or has not been published in the environment"


def test_execute_then_deploy_info(standin: Standin, client: httpx.Client) -> None:
    plan_id = fresh_plan(standin)
    before = client.get(f"{standin.api}/{plan_id}/deploy-info").json()
    assert before["id"] == plan_id
    assert {job["status"] for job in before["components"]} == {"CREATED"}
    response = client.post(f"{standin.api}/{plan_id}/execute")
    assert response.status_code == 200
    assert response.json() == {"release_plan_id": plan_id}
    plan = client.get(f"{standin.api}/{plan_id}").json()
    assert plan["status"] == "SUCCEEDED"
    assert plan["execute_time"] > 0
    info = client.get(f"{standin.api}/{plan_id}/deploy-info").json()
    components = plan["components"]
    assert [job["name"] for job in info["components"]] == [item["name"] for item in components]
    assert [job["id"] for job in info["components"]] == [item["component_id"] for item in components]
    for job in info["components"]:
        assert (job["status"], job["job_status"]) == ("SUCCESS", "SUCCEEDED")
        assert job["job_id"] and job["start_time"] == plan["execute_time"]
        assert {"seq", "version", "end_time", "fail_message"} <= set(job)


# ---------------------------------------------------------------------------------------------- credentials


def test_a_wrong_or_missing_token_is_a_401(standin: Standin) -> None:
    for auth in (TokenAuth("tok-wrong"), None):
        with new_client(auth=auth) as other:
            message = assert_error(other.get(standin.api), 401, "APIGW.0301")
        assert message.startswith("Incorrect IAM authentication information: ")
        assert TOKEN not in message and "tok-wrong" not in message


def test_a_good_signature_passes(standin: Standin) -> None:
    with new_client(auth=AkSkAuth(ACCESS_KEY, SECRET_KEY, PROJECT)) as signed:
        assert signed.get(standin.api, params={"limit": "10", "offset": "0"}).status_code == 200
        plan_id = fresh_plan(standin)
        body = body_of(signed.get(f"{standin.api}/{plan_id}").json())
        body["desc"] = "Signed edit, café."
        response = signed.put(f"{standin.api}/{plan_id}", json=body)
        assert response.status_code == 200, response.text
        assert signed.get(f"{standin.api}/{plan_id}").json()["desc"] == "Signed edit, café."


@pytest.mark.parametrize(
    ("auth", "why"),
    [
        (AkSkAuth(ACCESS_KEY, "SK-wrong", PROJECT), "signature does not match"),
        (AkSkAuth("AK-other", SECRET_KEY, PROJECT), "access key is not known"),
        (AkSkAuth(ACCESS_KEY, SECRET_KEY, PROJECT, clock=lambda: time.time() - 3600), "X-Sdk-Date"),
        (AkSkAuth(ACCESS_KEY, SECRET_KEY, PROJECT, clock=lambda: time.time() + 3600), "X-Sdk-Date"),
    ],
    ids=["wrong-secret", "wrong-access-key", "stale-date", "future-date"],
)
def test_a_bad_signature_is_a_401(standin: Standin, auth: httpx.Auth, why: str) -> None:
    with new_client(auth=auth) as signed:
        message = assert_error(signed.get(standin.api), 401, "APIGW.0301")
    assert why in message
    assert SECRET_KEY not in message and "SK-wrong" not in message


def test_a_signed_x_project_id_that_is_not_the_url_s_project_is_a_403(standin: Standin) -> None:
    with new_client(auth=AkSkAuth(ACCESS_KEY, SECRET_KEY, "another-project")) as signed:
        message = assert_error(signed.get(standin.api), 403, "APIGW.0302")
    assert message.endswith(f"X-Project-Id another-project is not the project in the URL, {PROJECT}")
    with new_client(auth=TokenAuth(TOKEN), headers={"X-Project-Id": "another-project"}) as token:
        assert token.get(standin.api).status_code == 200  # a token's scope is its own; the header means nothing


def test_a_signature_must_cover_the_host(standin: Standin) -> None:
    date = sdk_date(time.time())
    path = f"/v3/{PROJECT}/cas/release-plans"
    canonical = canonical_request("GET", path, {"x-sdk-date": date}, b"")
    to_sign = f"SDK-HMAC-SHA256\n{date}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    signature = hmac.new(SECRET_KEY.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    authorization = f"SDK-HMAC-SHA256 Access={ACCESS_KEY}, SignedHeaders=x-sdk-date, Signature={signature}"
    with new_client() as plain:
        response = plain.get(standin.api, headers={"X-Sdk-Date": date, "Authorization": authorization})
    assert assert_error(response, 401, "APIGW.0301").endswith("Host is not among the signed headers")


def test_a_signature_covers_the_body(standin: Standin) -> None:
    auth = AkSkAuth(ACCESS_KEY, SECRET_KEY, PROJECT)
    request = httpx.Request("PUT", f"{standin.api}/{SMALL_ID}", content=b'{"name": "a", "components": []}')
    request = next(auth.auth_flow(request))
    tampered = httpx.Request("PUT", request.url, headers=request.headers, content=b'{"name": "b", "components": []}')
    with new_client() as plain:
        message = assert_error(plain.send(tampered), 401, "APIGW.0301")
    assert "signature does not match" in message


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", f"/v3/{PROJECT}/cas/release-plans", 200),
        ("PUT", f"/v3/{PROJECT}/cas/release-plans/{SMALL_ID}", 400),
        ("GET", f"/v3/{PROJECT}/cas/release-plans/nope", 404),
        ("GET", "/nowhere", 404),
        ("GET", FAULTS, 200),
    ],
)
def test_every_answer_has_a_request_id(
    standin: Standin, client: httpx.Client, method: str, path: str, status: int
) -> None:
    first = client.request(method, standin.server.url + path, content=b"{}")
    second = client.request(method, standin.server.url + path, content=b"{}")
    assert first.status_code == second.status_code == status
    ids = {uuid.UUID(first.headers["X-Request-Id"]), uuid.UUID(second.headers["X-Request-Id"])}
    assert len(ids) == 2
    with new_client() as anonymous:
        assert uuid.UUID(anonymous.get(standin.api).headers["X-Request-Id"])


# --------------------------------------------------------------------------------------------------- faults


@pytest.mark.parametrize(
    ("status", "code"), [(500, "SVCSTG.00100500"), (503, "SVCSTG.00100503"), (404, "SVCSTG.00100404")]
)
def test_a_forced_status(standin: Standin, client: httpx.Client, control: httpx.Client, status: int, code: str) -> None:
    set_faults(control, status=status)
    response = client.get(standin.api)
    assert assert_error(response, status, code) == FORCED
    assert "X-Request-Id" in response.headers


def test_an_html_body(standin: Standin, client: httpx.Client, control: httpx.Client) -> None:
    set_faults(control, body="html")
    response = client.get(standin.api)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html>" in response.text
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_a_garbage_body(standin: Standin, client: httpx.Client, control: httpx.Client) -> None:
    set_faults(control, body="garbage")
    response = client.get(f"{standin.api}/{SMALL_ID}")
    assert response.status_code == 200
    assert response.content
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")


def test_an_empty_body(standin: Standin, client: httpx.Client, control: httpx.Client) -> None:
    set_faults(control, body="empty")
    response = client.get(standin.api)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_a_dropped_connection(
    standin: Standin, client: httpx.Client, control: httpx.Client, caplog: pytest.LogCaptureFixture, method: str
) -> None:
    set_faults(control, drop=True)
    body = body_of(standin.store.get(LARGE_ID) or {})  # a large body must not turn the drop into a reset
    with caplog.at_level(logging.WARNING), pytest.raises(httpx.RemoteProtocolError):
        client.request(method, f"{standin.api}/{LARGE_ID}", json=body if method == "PUT" else None)
    assert not [record for record in caplog.records if record.name.startswith("uvicorn")]
    control.delete(FAULTS)
    assert client.get(standin.api).status_code == 200


def test_drop_after_carries_the_update_out_and_drops_its_answer(
    standin: Standin, client: httpx.Client, control: httpx.Client
) -> None:
    body = {**body_of(standin.store.get(LARGE_ID) or {}), "desc": "applied, answer dropped"}
    set_faults(control, drop_after=True, methods=["PUT"])
    with pytest.raises(httpx.RemoteProtocolError):
        client.put(f"{standin.api}/{LARGE_ID}", json=body)
    assert (standin.store.get(LARGE_ID) or {})["desc"] == "applied, answer dropped"
    assert client.get(f"{standin.api}/{LARGE_ID}").status_code == 200  # only the PUT's answer drops
    control.delete(FAULTS)


def test_a_delay_longer_than_the_timeout(standin: Standin, control: httpx.Client) -> None:
    set_faults(control, delay=120.0)  # only the wait for the answer is short: connecting may take its time
    with (
        new_client(auth=TokenAuth(TOKEN), timeout=httpx.Timeout(10.0, read=0.5)) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.get(standin.api)


def test_a_held_answer_ends_when_its_caller_gives_up(standin: Standin, control: httpx.Client) -> None:
    set_faults(control, delay=120.0)
    with (
        new_client(auth=TokenAuth(TOKEN), timeout=httpx.Timeout(10.0, read=0.5)) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.get(standin.api)
    server = standin.server._server  # uvicorn's own count of the answers it is still working on
    assert server is not None
    deadline = time.monotonic() + 60  # far less than the delay: only an ended answer gets here in time
    while server.server_state.tasks:
        assert time.monotonic() < deadline, "the held answer went on after its caller left"
        time.sleep(0.02)


def test_a_short_delay_then_the_answer(standin: Standin, client: httpx.Client, control: httpx.Client) -> None:
    set_faults(control, delay=0.1)
    started = time.monotonic()
    assert client.get(standin.api).status_code == 200
    assert time.monotonic() - started >= 0.1


def test_faults_limited_to_a_method(standin: Standin, client: httpx.Client, control: httpx.Client) -> None:
    set_faults(control, status=503, methods=["PUT"])
    plan = client.get(f"{standin.api}/{SMALL_ID}")
    assert plan.status_code == 200
    response = client.put(f"{standin.api}/{SMALL_ID}", json=body_of(plan.json()))
    assert assert_error(response, 503, "SVCSTG.00100503") == FORCED


def test_faults_leave_the_control_routes_and_unknown_paths_alone(standin: Standin, control: httpx.Client) -> None:
    set_faults(control, status=500, drop=True)
    assert control.get(FAULTS).status_code == 200
    assert_error(control.get("/nowhere"), 404, "APIGW.0101")


def test_the_control_routes(control: httpx.Client) -> None:
    default = {
        **{
            "delay": 0.0,
            "status": None,
            "message": None,
            "body": None,
            "drop": False,
            "drop_after": False,
            "methods": [],
        },
        **{"retry_after": None, "fail_components": [], "fail_message": None},
    }
    assert control.get(FAULTS).json() == default
    answer = control.put(FAULTS, json={"delay": 0.25, "status": 502, "methods": ["put", "POST"]})
    expected = {**default, "delay": 0.25, "status": 502, "methods": ["POST", "PUT"]}
    assert answer.status_code == 200
    assert answer.json() == expected
    assert control.get(FAULTS).json() == expected
    assert control.delete(FAULTS).json() == default
    assert control.get(FAULTS).json() == default


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"not json", "JSON"),
        (b"[1]", "object"),
        (b'{"delay": "slow"}', "delay"),
        (b'{"delay": -1}', "delay"),
        (b'{"status": 200}', "status"),
        (b'{"status": true}', "status"),
        (b'{"body": "xml"}', "body"),
        (b'{"drop": 1}', "drop"),
        (b'{"methods": "PUT"}', "methods"),
        (b'{"methods": ["FETCH"]}', "methods"),
        (b'{"slow": true}', "slow"),
    ],
)
def test_a_bad_faults_body_is_a_400(control: httpx.Client, content: bytes, named: str) -> None:
    message = assert_error(control.put(FAULTS, content=content), 400, "STANDIN.0400")
    assert named in message
    assert control.get(FAULTS).json()["status"] is None


def test_faults_round_trip_through_json() -> None:
    faults = Faults(delay=1, status=500, body="html", drop=True, methods=frozenset({"get"}))
    assert faults.methods == {"GET"}
    assert Faults.from_json(faults.to_json()) == faults
    assert faults.applies("get") and not faults.applies("PUT")
    assert Faults().applies("PUT")


# ---------------------------------------------------------------------------------------- store and server


def test_a_folder_backed_store_rewrites_the_file(tmp_path: Path) -> None:
    file = tmp_path / "plan-1.json"
    file.write_text(sample_path("small.json").read_text(encoding="utf-8"), encoding="utf-8")
    store = PlanStore(folder=tmp_path)
    app = create_app(store, Credentials(token=TOKEN), project_id=PROJECT)
    with StandinServer(app) as server, new_client(auth=TokenAuth(TOKEN)) as c:
        api = f"{server.url}/v3/{PROJECT}/cas/release-plans"
        assert [plan["id"] for plan in c.get(api).json()["release_plans"]] == ["plan-1"]
        body = edited(body_of(c.get(f"{api}/plan-1").json()), {("desc",): "Saved to the folder."})
        assert c.put(f"{api}/plan-1", json=body).status_code == 200
        on_disk = json.loads(file.read_text(encoding="utf-8"))
        assert body_of(on_disk) == body
        assert on_disk["id"] == "plan-1"
        assert c.get(f"{api}/plan-1").json() == on_disk
    assert PlanStore(folder=tmp_path).get("plan-1") == on_disk
    assert [path.name for path in tmp_path.iterdir()] == ["plan-1.json"]


def test_the_server_listens_on_loopback_only() -> None:
    app = create_app(PlanStore(), Credentials(token=TOKEN))
    for host in ("0.0.0.0", "192.0.2.1", "example.com", "::"):
        with pytest.raises(ValueError, match="loopback"):
            StandinServer(app, host=host)
    with pytest.raises(RuntimeError, match="not running"):
        _ = StandinServer(app).url


def test_a_taken_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = StandinServer(create_app(PlanStore(), Credentials(token=TOKEN)), port=port)
        with pytest.raises(ServerStartError, match=str(port)):
            server.start()


def test_credentials_keep_secrets_out_of_their_repr() -> None:
    credentials = Credentials(token=TOKEN, access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    assert TOKEN not in repr(credentials) and SECRET_KEY not in repr(credentials)
    with pytest.raises(ValueError, match="secret key"):
        Credentials(access_key=ACCESS_KEY)
    with pytest.raises(ValueError, match="token"):
        create_app(PlanStore(), Credentials())

"""The client against httpx.MockTransport: request shape, error mapping, and the safe update."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from tests.helpers import PLANS, load
from tui.answers import MAX_RESPONSE_BYTES
from tui.auth import TokenAuth
from tui.client import ServiceStageClient
from tui.errors import (
    ClientError,
    ConnectionFailedError,
    ConnectionLostError,
    DocumentError,
    PlanChangedError,
    RequestTimeoutError,
    ResponseError,
    StatusError,
)
from tui.exchange import CONTENT_TYPE
from tui.plan_wire import editable, put_body

Handler = Callable[[httpx.Request], httpx.Response]
PLAN_ID = "bb09c189-d17e-480a-a0e4-3a102b3795b0"


def client(handler: Handler) -> ServiceStageClient:
    return ServiceStageClient("https://ss.example.com/", "proj", TokenAuth("t"), transport=httpx.MockTransport(handler))


def fetched() -> dict[str, object]:
    plan = load("minimal.json")
    return {"id": PLAN_ID, "status": "CREATED", "creator": "ops", "create_time": 1, **plan}


async def test_list_plans() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v3/proj/cas/release-plans"
        assert request.headers["X-Auth-Token"] == "t"
        return httpx.Response(
            200, json={"count": 1, "release_plans": [{"id": "a", "name": "n", "status": "CREATED", "create_time": 5}]}
        )

    async with client(handler) as api:
        [row] = await api.list_plans()
    assert (row.id, row.name, row.status, row.create_time, row.modify_time) == ("a", "n", "CREATED", 5, None)


async def test_getting_a_plan_strips_the_read_only_keys_and_fetching_keeps_them_apart() -> None:
    async with client(lambda request: httpx.Response(200, json=fetched())) as api:
        plan = await api.get_plan(PLAN_ID)
        whole = await api.fetch_plan(PLAN_ID)
    assert list(plan) == ["name", "components"]
    assert whole.plan == plan
    assert whole.read_only == {"id": PLAN_ID, "status": "CREATED", "creator": "ops", "create_time": 1}
    assert list(editable(fetched())) == ["name", "components"]


async def test_update_sends_the_exact_bytes_with_the_api_content_type() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"release_plan_id": PLAN_ID}, headers={"X-Request-Id": "req-1"})

    body = put_body(fetched())
    async with client(handler) as api:
        released, answer = await api.update_plan(PLAN_ID, body)
    assert released == PLAN_ID
    assert (answer.status, answer.request_id, answer.method) == (200, "req-1", "PUT")
    assert seen[0].content == body
    assert seen[0].headers["Content-Type"] == CONTENT_TYPE
    assert b'"id"' not in body
    assert json.loads(body) == editable(fetched())


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"error_code": "SVCSTG.00100400", "error_msg": "bad version"}, "SVCSTG.00100400", "bad version"),
        ({"errorCode": "APIGW.0301", "errorMsg": "bad token"}, "APIGW.0301", "bad token"),
        ({"code": "APIGW.0101", "message": "no such api"}, "APIGW.0101", "no such api"),
    ],
)
async def test_status_errors_read_every_spelling(body: dict[str, str], code: str, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json=body, headers={"X-Request-Id": "req-9"})

    async with client(handler) as api:
        with pytest.raises(StatusError) as caught:
            await api.get_plan(PLAN_ID)
    error = caught.value
    assert (error.status, error.error_code, error.error_msg, error.request_id) == (400, code, message, "req-9")
    assert str(error) == f"the server answered 400 Bad Request: {code}: {message}"


async def test_a_status_error_with_html_keeps_the_text() -> None:
    async with client(lambda request: httpx.Response(502, text="<html><h1>Bad Gateway</h1></html>")) as api:
        with pytest.raises(StatusError) as caught:
            await api.list_plans()
    assert caught.value.error_code is None
    assert "<h1>Bad Gateway</h1>" in caught.value.body
    assert "502 Bad Gateway: <html>" in str(caught.value)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(200, text="<html>hello</html>"), "not JSON"),
        (httpx.Response(200, content=b"\xff\xfe\x00garbage"), "not JSON"),
        (httpx.Response(200), "empty body"),
        (httpx.Response(200, json={"release_plan": 1}), "without a release_plan_id"),
    ],
)
async def test_answers_that_are_not_what_the_api_sends(response: httpx.Response, message: str) -> None:
    async with client(lambda request: response) as api:
        with pytest.raises(ResponseError, match=message) as caught:
            await api.update_plan(PLAN_ID, b"{}")
    assert caught.value.may_have_applied  # a 200: the server accepted it


async def test_a_200_that_cannot_be_read_is_accepted_and_its_arrival_checked() -> None:
    held = fetched()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            held.update(json.loads(request.content))
            return httpx.Response(200, text="<html>saved</html>")
        return httpx.Response(200, json=held)

    mine = {**editable(fetched()), "desc": "mine"}
    async with client(handler) as api:
        submission = await api.submit(PLAN_ID, mine)
    assert submission.release_plan_id is None
    assert submission.unexpected == "the server answered 200 with a body that is not JSON"
    assert submission.answer.text == "<html>saved</html>"
    assert submission.arrival.verified


async def test_a_huge_answer_is_cut_off() -> None:
    chunk = b"x" * (1024 * 1024)

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(MAX_RESPONSE_BYTES // len(chunk) + 2):
            yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    async with client(handler) as api:
        with pytest.raises(ResponseError, match="larger than 20 MiB; it was cut off"):
            await api.get_plan(PLAN_ID)


@pytest.mark.parametrize(
    ("exception", "error", "may_have_applied"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), ConnectionFailedError, False),
        (httpx.ConnectTimeout("timed out"), ConnectionFailedError, False),
        (httpx.ReadTimeout("timed out"), RequestTimeoutError, True),
        (httpx.RemoteProtocolError("peer closed connection"), ConnectionLostError, True),
        (httpx.ReadError("reset by peer"), ConnectionLostError, True),
    ],
)
async def test_transport_failures_are_typed(
    exception: Exception, error: type[Exception], may_have_applied: bool
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exception

    async with client(handler) as api:
        with pytest.raises(error) as caught:
            await api.get_plan(PLAN_ID)
    assert caught.value.may_have_applied is may_have_applied  # type: ignore[attr-defined]


async def test_submit_refuses_when_the_plan_changed_since_it_was_opened() -> None:
    on_server = fetched()
    opened = json.loads(json.dumps(on_server))
    on_server["name"] = "renamed by someone else"
    puts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            puts.append(request)
        return httpx.Response(200, json=on_server)

    async with client(handler) as api:
        with pytest.raises(PlanChangedError, match=r"changed on the server since it was opened \(at name\)") as caught:
            await api.submit(PLAN_ID, editable(opened), opened=opened)
    assert puts == []
    assert [change.path for change in caught.value.changes] == [("name",)]


async def test_submit_verifies_arrival() -> None:
    state = {"plan": fetched()}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            state["plan"] = {**json.loads(request.content), "id": PLAN_ID, "status": "CREATED"}
            return httpx.Response(200, json={"release_plan_id": PLAN_ID})
        return httpx.Response(200, json=state["plan"])

    opened = fetched()
    mine = {**editable(opened), "desc": "new"}
    async with client(handler) as api:
        submission = await api.submit(PLAN_ID, mine, opened=opened)
    assert submission.release_plan_id == PLAN_ID
    assert submission.arrival.verified
    assert submission.arrival.differences == []


async def test_arrival_names_what_the_server_holds_differently() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(200, json={"release_plan_id": PLAN_ID})
        return httpx.Response(200, json={**fetched(), "desc": "not what was sent"})

    async with client(handler) as api:
        submission = await api.submit(PLAN_ID, {**editable(fetched()), "desc": "mine"})
    assert not submission.arrival.verified
    assert [change.path for change in submission.arrival.differences] == [("desc",)]


def test_put_body_is_compact_utf8_in_document_order_and_survives_huge_integers() -> None:
    plan = {"id": "x", "name": "发布", "components": [], "desc": 1.5, "status": "CREATED"}
    assert put_body(plan) == '{"name":"发布","components":[],"desc":1.5}'.encode()
    assert put_body({"name": "n", "big": 2**70}) == b'{"name":"n","big":1180591620717411303424}'
    full = load("full-component.json")
    assert put_body(full) == json.dumps(full, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("big", [0, 2**70], ids=["orjson", "json"])
def test_put_body_refuses_a_number_json_cannot_hold_naming_its_path(number: float, big: int) -> None:
    plan = {"name": "n", "big": big, "components": [{"name": "web", "limit_cpu": number}]}
    with pytest.raises(DocumentError, match=r"^the number at components\.0\.limit_cpu is not finite"):
        put_body(plan)


def test_put_body_refuses_text_no_utf8_can_hold_naming_its_path() -> None:
    with pytest.raises(DocumentError, match=r"text at components\.0\.name with a lone surrogate \(\\ud800\)"):
        put_body({"name": "n", "big": 2**70, "components": [{"name": "a\ud800"}]})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"name": "bad\\ud800", "components": []}', r"the plan the server sent has text at name with a lone"),
        (b'{"name": "n", "components": [], "x": ' + b"[" * 300 + b"]" * 300 + b"}", "nested more than 254"),
        (b'{"name": "n", "components": [{"limit_cpu": NaN}]}', r"a number JSON cannot hold \(NaN\)"),
        (b'{"name": "n", "components": [{"limit_cpu": 1e999}]}', r"a number JSON cannot hold \(1e999\)"),
    ],
    ids=["surrogate", "deep", "nan", "huge"],
)
async def test_a_plan_from_the_server_that_could_not_be_sent_back_is_refused(body: bytes, message: str) -> None:
    async with client(lambda request: httpx.Response(200, content=body)) as api:
        with pytest.raises(ResponseError, match=message):
            await api.get_plan(PLAN_ID)


async def test_a_body_that_does_not_match_its_content_encoding_is_an_unexpected_answer() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(b"not gzip"), headers={"Content-Encoding": "gzip"})

    async with client(handler) as api:
        with pytest.raises(ResponseError, match="with a body that cannot be decoded"):
            await api.list_plans()
        with pytest.raises(ResponseError, match="cannot be decoded") as caught:
            await api.update_plan(PLAN_ID, b"{}")
    assert caught.value.may_have_applied


# -- bounded decoding, redirects, Retry-After, and messages that hold no credential


def gzipped(data: bytes, times: int = 1, wbits: int = 31) -> bytes:
    for _ in range(times):
        packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
        data = packer.compress(data) + packer.flush()
    return data


def streamed(body: bytes, encoding: str, status: int = 200, piece: int = 1000) -> Handler:
    """A handler answering ``body`` as a stream of small pieces, as a network sends it, with ``encoding``."""

    def handler(request: httpx.Request) -> httpx.Response:
        pieces = [body[start : start + piece] for start in range(0, len(body), piece)]
        return httpx.Response(status, stream=Pieces(pieces), headers={"Content-Encoding": encoding})

    return handler


class Pieces(httpx.AsyncByteStream):
    """A body that arrives a piece at a time and is not read until the client reads it."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece


PLANS_JSON = json.dumps({"release_plans": [{"id": "a", "name": "n"}]}).encode()


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (gzipped(PLANS_JSON), "gzip"),
        (gzipped(PLANS_JSON), "x-gzip"),
        (gzipped(PLANS_JSON, wbits=15), "deflate"),
        (gzipped(PLANS_JSON, wbits=-15), "deflate"),
        (gzipped(gzipped(PLANS_JSON, wbits=15)), "deflate, gzip"),
        (gzipped(PLANS_JSON, times=2), "gzip, gzip"),
        (PLANS_JSON, "identity"),
    ],
    ids=["gzip", "x-gzip", "deflate", "raw-deflate", "stacked", "gzip-twice", "identity"],
)
async def test_every_encoding_relplan_asks_for_is_decoded(body: bytes, encoding: str) -> None:
    async with client(streamed(body, encoding)) as api:
        [row] = await api.list_plans()
    assert row.id == "a"


async def test_relplan_asks_only_for_the_encodings_it_decodes_with_a_cap() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Accept-Encoding"])
        return httpx.Response(200, json={"release_plans": []})

    async with client(handler) as api:
        await api.list_plans()
    assert seen == ["gzip, deflate"]


async def test_a_gzip_bomb_stops_at_the_cap_after_decoding() -> None:
    bomb = (PLANS / ".." / "bomb-2gib.json.gz.gz").read_bytes()
    assert len(bomb) < 4000
    async with client(streamed(bomb, "gzip, gzip")) as api:
        with pytest.raises(ResponseError, match="larger than 20 MiB; it was cut off"):
            await api.list_plans()


async def test_a_body_of_exactly_the_cap_after_decoding_is_read_and_one_byte_more_is_not() -> None:
    padded = PLANS_JSON + b" " * (MAX_RESPONSE_BYTES - len(PLANS_JSON))
    async with client(streamed(gzipped(padded), "gzip", piece=64 * 1024)) as api:
        assert len(await api.list_plans()) == 1
    async with client(streamed(gzipped(padded + b" "), "gzip", piece=64 * 1024)) as api:
        with pytest.raises(ResponseError, match="larger than 20 MiB"):
            await api.list_plans()


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("br", r"in an encoding relplan does not read \(br\)"),
        ("gzip, gzip, gzip, gzip", "encoded 4 times over"),
        ("gzip", "does not match its Content-Encoding gzip"),
    ],
)
async def test_a_body_relplan_cannot_decode_is_an_unexpected_answer(encoding: str, message: str) -> None:
    async with client(streamed(b"not compressed at all", encoding)) as api:
        with pytest.raises(ResponseError, match=message):
            await api.list_plans()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_is_said_and_never_counted_as_a_success(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # a JSON body that would pass for the answer, were the redirect taken for one
        body = {"release_plan_id": PLAN_ID, "release_plans": []}
        return httpx.Response(status, json=body, headers={"Location": "https://login.example/sso?next=%2F"})

    said = r"redirected to https://login.example/sso\?next=%2F; relplan does not follow redirects"
    async with client(handler) as api:
        with pytest.raises(ResponseError, match=said):
            await api.list_plans()
        with pytest.raises(ResponseError, match=said) as caught:
            await api.update_plan(PLAN_ID, b"{}")
        assert not caught.value.may_have_applied
        with pytest.raises(ResponseError, match=said):
            await api.submit(PLAN_ID, {"name": "n", "components": []})


async def test_a_redirect_without_a_location_or_to_no_url_is_said_too() -> None:
    async with client(lambda request: httpx.Response(302)) as api:
        with pytest.raises(ResponseError, match="a redirect with no Location"):
            await api.list_plans()
    bad = httpx.Response(302, headers={"Location": "https://login.example/\x1b[2J"})
    async with client(lambda request: bad) as api:
        with pytest.raises(ResponseError, match="a redirect to a Location that is not a URL"):
            await api.list_plans()


@pytest.mark.parametrize(
    ("status", "value", "shown"),
    [
        (429, "30", "30 s"),
        (503, "Wed, 02 Dec 2026 08:00:00 GMT", "Wed, 02 Dec 2026 08:00:00 GMT"),
        (503, "\x1b[2J", "\\x1b[2J"),
    ],
)
async def test_retry_after_on_429_and_503_is_shown(status: int, value: str, shown: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, json={"error_code": "APIGW.0308", "error_msg": "busy"}, headers={"Retry-After": value}
        )

    async with client(handler) as api:
        with pytest.raises(StatusError) as caught:
            await api.list_plans()
    assert caught.value.retry_after == shown
    assert str(caught.value).endswith(f"APIGW.0308: busy; retry after {shown}")


async def test_retry_after_on_other_statuses_is_not_shown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error_msg": "oops"}, headers={"Retry-After": "30"})

    async with client(handler) as api:
        with pytest.raises(StatusError) as caught:
            await api.list_plans()
    assert caught.value.retry_after is None and "retry after" not in str(caught.value)


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:99999", "port out of range"),
        ("http://[::1", "is not a URL relplan can use"),
        ("https://a\nb", "contains a space, a line break"),
        ("http://servicestage.example", "refusing to send credentials over plain http"),
    ],
)
def test_a_client_for_an_endpoint_it_cannot_use_is_a_connection_failure(endpoint: str, message: str) -> None:
    with pytest.raises(ConnectionFailedError, match=message) as caught:
        ServiceStageClient(endpoint, "p", TokenAuth("t"))
    assert not caught.value.may_have_applied  # a connection failure: nothing was sent


def test_a_ca_bundle_or_ssl_cert_file_that_cannot_be_used_is_a_connection_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConnectionFailedError, match=r"the ca_bundle .* cannot be used"):
        ServiceStageClient("https://h", "p", TokenAuth("t"), ca_bundle=str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    with pytest.raises(ConnectionFailedError, match=r"the certificate authorities in .*none\.pem cannot be used"):
        ServiceStageClient("https://h", "p", TokenAuth("t"))


def test_a_proxy_setting_that_is_not_a_url_is_said_without_showing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "socks9://user:Zq8proxypass@proxy:1")
    with pytest.raises(ConnectionFailedError, match="a proxy setting in the environment") as caught:
        ServiceStageClient("https://h", "p", TokenAuth("t"))
    assert "Zq8proxypass" not in str(caught.value)


async def test_no_failure_httpx_reports_escapes_as_anything_but_a_client_error() -> None:
    failures: list[Exception] = [
        httpx.UnsupportedProtocol("no"),
        httpx.ProxyError("407 Proxy Authentication Required"),
        httpx.LocalProtocolError("Illegal header value b'Zq8secretTAINT\\n'"),
        httpx.DecodingError("bad"),
        httpx.StreamClosed(),
        OSError("no buffer space"),
    ]
    for failure in failures:

        def handler(request: httpx.Request, failure: Exception = failure) -> httpx.Response:
            raise failure

        async with client(handler) as api:
            with pytest.raises(ClientError) as caught:
                await api.list_plans()
        assert "Zq8secretTAINT" not in str(caught.value)

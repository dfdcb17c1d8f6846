"""Token and AK/SK authentication, with the known answer from Huawei's own signer."""

from __future__ import annotations

import calendar
import time

import httpx
import pytest

from tui.auth import AkSkAuth, TokenAuth, canonical_request, check_secret, parse_authorization, redact
from tui.errors import SettingsError

VECTOR_URL = (
    "https://servicestage.ap-southeast-1.myhuaweicloud.com"
    "/v3/0123456789abcdef/cas/release-plans/bb09c189-d17e-480a-a0e4-3a102b3795b0"
)
VECTOR_TIME = calendar.timegm(time.strptime("20261126T120000Z", "%Y%m%dT%H%M%SZ"))


def signed(request: httpx.Request, auth: httpx.Auth) -> httpx.Request:
    return next(auth.sync_auth_flow(request))


def vector_request() -> httpx.Request:
    return httpx.Request("PUT", VECTOR_URL, content=b'{"name":"demo"}', headers={"Content-Type": "application/json"})


def test_the_known_answer() -> None:
    request = signed(vector_request(), AkSkAuth("AKEXAMPLE", "SKEXAMPLE", clock=lambda: VECTOR_TIME))
    assert request.headers["X-Sdk-Date"] == "20261126T120000Z"
    assert request.headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=ee70cf7f3b5b1a6648b712961a7303773d2cdc69b8b1183a8ea9c3965ca3b70f"
    )


def test_the_known_canonical_request() -> None:
    request = signed(vector_request(), AkSkAuth("AKEXAMPLE", "SKEXAMPLE", clock=lambda: VECTOR_TIME))
    headers = {name: request.headers[name] for name in ("content-type", "host", "x-sdk-date")}
    assert canonical_request("PUT", request.url.raw_path.decode(), headers, request.content).split("\n") == [
        "PUT",
        "/v3/0123456789abcdef/cas/release-plans/bb09c189-d17e-480a-a0e4-3a102b3795b0/",
        "",
        "content-type:application/json",
        "host:servicestage.ap-southeast-1.myhuaweicloud.com",
        "x-sdk-date:20261126T120000Z",
        "",
        "content-type;host;x-sdk-date",
        "d7d234f759ec34fd6298b7e32318614760070aaef9f4e92ced928324b49a0602",
    ]


def test_project_id_is_sent_and_signed() -> None:
    request = signed(vector_request(), AkSkAuth("AK", "SK", "proj-1", clock=lambda: VECTOR_TIME))
    assert request.headers["X-Project-Id"] == "proj-1"
    parsed = parse_authorization(request.headers["Authorization"])
    assert parsed is not None
    assert parsed.signed_headers == ("content-type", "host", "x-project-id", "x-sdk-date")


def test_query_pairs_are_sorted_and_encoded() -> None:
    canonical = canonical_request("GET", "/v3/p/cas/release-plans?offset=10&limit=5&name=a%20b&a=~x", {}, b"")
    assert canonical.split("\n")[2] == "a=~x&limit=5&name=a%20b&offset=10"


def test_path_segments_are_encoded_once() -> None:
    canonical = canonical_request("GET", "/v3/p/plans/a%20b%2Fc", {}, b"")
    assert canonical.split("\n")[1] == "/v3/p/plans/a%20b/c/"
    request = httpx.Request("GET", "https://h/v3/p/cas/release-plans/x y+é")
    line = canonical_request("GET", request.url.raw_path.decode(), {}, b"").split("\n")[1]
    assert line == "/v3/p/cas/release-plans/x%20y%2B%C3%A9/"


def test_the_signature_covers_the_exact_body() -> None:
    auth = AkSkAuth("AK", "SK", clock=lambda: VECTOR_TIME)
    one = signed(httpx.Request("PUT", VECTOR_URL, content=b'{"name":"a"}'), auth)
    two = signed(httpx.Request("PUT", VECTOR_URL, content=b'{"name": "a"}'), auth)
    assert one.headers["Authorization"] != two.headers["Authorization"]


def test_a_signature_checks_out_only_with_the_right_secret() -> None:
    request = signed(vector_request(), AkSkAuth("AKEXAMPLE", "SKEXAMPLE", clock=lambda: VECTOR_TIME))
    parsed = parse_authorization(request.headers["Authorization"])
    assert parsed is not None
    args = ("20261126T120000Z", "PUT", request.url.raw_path.decode(), dict(request.headers), request.content)
    assert parsed.matches("SKEXAMPLE", *args)
    assert not parsed.matches("SKOTHER", *args)
    assert parse_authorization("Bearer abc") is None
    assert parse_authorization("SDK-HMAC-SHA256 Access=x") is None


def test_token_auth_and_secrets_kept_out_of_reprs() -> None:
    request = signed(httpx.Request("GET", VECTOR_URL), TokenAuth("tok-123"))
    assert request.headers["X-Auth-Token"] == "tok-123"
    assert "tok-123" not in repr(TokenAuth("tok-123"))
    assert "SKSECRET" not in repr(AkSkAuth("AK", "SKSECRET"))
    assert "AKACCESS" not in repr(AkSkAuth("AKACCESS", "SKSECRET"))


@pytest.mark.parametrize("value", ["Zq8\n123", "Zq8\r123", "Zq8\x00123", "Zq8\x1b[2J", "Zq8\x7f"])
def test_a_credential_no_header_can_carry_is_refused_and_not_shown(value: str) -> None:
    for make in (lambda: TokenAuth(value), lambda: AkSkAuth(value, "SK-plain"), lambda: AkSkAuth("AK", value)):
        with pytest.raises(SettingsError, match="contains a line break or a control character") as caught:
            make()
        assert "Zq8" not in str(caught.value) and "123" not in str(caught.value)


def test_whitespace_around_a_credential_is_dropped() -> None:
    assert check_secret(" \tabc-123\r\n", "the token") == "abc-123"
    request = signed(httpx.Request("GET", VECTOR_URL), TokenAuth("tok-456\n"))
    assert request.headers["X-Auth-Token"] == "tok-456"


def test_redact_takes_every_known_credential_out_of_a_message() -> None:
    TokenAuth("Zq8token-redact")
    AkSkAuth("Zq8ak-redact", "Zq8sk-redact")
    said = "Illegal header value b'Zq8token-redact' Access=Zq8ak-redact key Zq8sk-redact"
    assert redact(said) == "Illegal header value b'***' Access=*** key ***"
    assert redact("nothing secret here") == "nothing secret here"

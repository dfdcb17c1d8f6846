"""The network as operators have it: a proxy, a private CA, hostile answers; all on loopback."""

from __future__ import annotations

import http.client
import http.server
import io
import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import trustme
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.helpers import PLANS
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tui.auth import TokenAuth
from tui.cli import main
from tui.client import ServiceStageClient
from tui.errors import ConnectionFailedError
from tui.standin import Credentials, PlanStore, StandinServer, create_app

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy")
PROXY_VARIABLES += ("no_proxy",)
BOMB = PLANS.parent / "bomb-2gib.json.gz.gz"
"""2 GiB of zero bytes, gzipped twice at level 9: 3.4 KB on the wire (``gzip -9 | gzip -9`` makes the same)."""
MAX_RSS_MB = 200


@pytest.fixture(autouse=True)
def plain_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No proxy and no CA file from the machine running the tests; each test sets its own."""
    for name in (*PROXY_VARIABLES, "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RELPLAN_TOKEN", TOKEN)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def relplan(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


# -- a proxy


class CountingProxy(http.server.ThreadingHTTPServer):
    """A forwarding HTTP proxy on loopback that counts the requests it carries."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.carried: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    server: CountingProxy

    def _forward(self) -> None:
        target = urlsplit(self.path)  # a proxy is sent the absolute form: http://host:port/path
        self.server.carried.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=10)
        headers = {name: value for name, value in self.headers.items() if name.lower() != "proxy-connection"}
        upstream.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body, headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_POST = _forward  # noqa: N815 (the names http.server calls)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test reads the count, not a log


@pytest.fixture
def proxy() -> Iterator[CountingProxy]:
    server = CountingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_the_proxy_the_environment_names_carries_the_calls(
    standin: Standin, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    status, out = relplan("list", "--endpoint", standin.url, "--project-id", PROJECT)
    assert status == 0, out
    assert "project demo: 3 plans" in out
    assert proxy.carried == [f"GET {standin.url}/v3/{PROJECT}/cas/release-plans"]


def test_no_proxy_names_the_hosts_reached_directly(
    standin: Standin, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.org,127.0.0.1")
    status, out = relplan("list", "--endpoint", standin.url, "--project-id", PROJECT)
    assert status == 0, out
    assert proxy.carried == []


def test_a_proxy_that_is_not_there_is_a_clear_failure(standin: Standin, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    status, out = relplan("list", "--endpoint", standin.url, "--project-id", PROJECT, "--timeout", "10")
    assert status == 1
    assert "failed: could not connect to" in out


# -- a private certificate authority


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA(organization_name="relplan test CA")


@pytest.fixture(scope="module")
def tls_standin(authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The stand-in over TLS on loopback, with a certificate only the test's own CA vouches for."""
    folder = tmp_path_factory.mktemp("tls")
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    chain, key = folder / "server.pem", folder / "server.key"
    certificate.private_key_pem.write_to_path(str(key))
    with chain.open("wb") as out:
        for blob in certificate.cert_chain_pems:
            out.write(blob.bytes())
    app = create_app(PlanStore.with_samples(), Credentials(token=TOKEN))
    with _served(app, ssl_certfile=str(chain), ssl_keyfile=str(key)) as port:
        yield f"https://localhost:{port}"


def _served(app: object, **tls: str) -> _Serving:
    return _Serving(app, tls)


class _Serving:
    """uvicorn in a thread on a free loopback port, with the TLS options given."""

    def __init__(self, app: object, tls: dict[str, str]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, lifespan="off", **tls)  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> int:
        self.thread.start()
        deadline = 200  # tenths of a second: a generous wait for a busy machine
        while not self.server.started and deadline:
            threading.Event().wait(0.1)
            deadline -= 1
        assert self.server.started, "the TLS stand-in did not start"
        port: int = self.sock.getsockname()[1]
        return port

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def test_a_certificate_no_trusted_ca_signed_is_refused_with_what_to_do(tls_standin: str) -> None:
    status, out = relplan("list", "--endpoint", tls_standin, "--project-id", PROJECT)
    assert status == 1
    assert "its TLS certificate is not one this machine trusts" in out
    assert "point SSL_CERT_FILE or the profile's ca_bundle at" in out
    assert "CERTIFICATE_VERIFY_FAILED" in out
    assert TOKEN not in out


def test_ssl_cert_file_trusts_a_corporate_ca(
    tls_standin: str, authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "corp-ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    status, out = relplan("list", "--endpoint", tls_standin, "--project-id", PROJECT)
    assert status == 0, out
    assert "project demo: 3 plans" in out


def test_a_profiles_ca_bundle_trusts_a_corporate_ca(tls_standin: str, authority: trustme.CA, tmp_path: Path) -> None:
    bundle = tmp_path / "corp-ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    config = tmp_path / "config" / "relplan" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'[profiles.corp]\nendpoint = "{tls_standin}"\nproject_id = "{PROJECT}"\nauth = "token"\n'
        f"ca_bundle = {json.dumps(str(bundle))}\n",
        encoding="utf-8",
    )
    status, out = relplan("list", "--profile", "corp")
    assert status == 0, out
    assert "project demo: 3 plans" in out


# -- plain http to another machine


def test_credentials_over_plain_http_to_another_machine_are_refused_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = relplan("list", "--endpoint", "http://192.0.2.1:8080", "--project-id", PROJECT)
    assert (status, out) == (2, "")
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith("relplan: refusing to send credentials over plain http to 192.0.2.1")


def test_allow_insecure_http_lets_them_go(
    proxy: CountingProxy, standin: Standin, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 192.0.2.1 is a documentation address that nothing answers; the proxy is what reaches the stand-in.
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    endpoint = "http://192.0.2.1:8080"
    status, out = relplan("list", "--endpoint", endpoint, "--project-id", PROJECT, "--allow-insecure-http")
    assert proxy.carried == [f"GET {endpoint}/v3/{PROJECT}/cas/release-plans"]
    assert status == 1  # the proxy could not reach that address, and said so
    assert "refusing" not in out


# -- hostile answers


def _bomb_app() -> Starlette:
    bomb = BOMB.read_bytes()

    async def plans(request: Request) -> Response:
        return Response(bomb, headers={"Content-Encoding": "gzip, gzip", "Content-Type": "application/json"})

    return Starlette(routes=[Route(f"/v3/{PROJECT}/cas/release-plans", plans)])


CHILD = textwrap.dedent(
    """
    import asyncio, resource, sys
    from tui.auth import TokenAuth
    from tui.client import ServiceStageClient
    from tui.errors import ClientError

    async def call(url):
        async with ServiceStageClient(url, "demo", TokenAuth("t")) as client:
            try:
                await client.list_plans()
                return "listed"
            except ClientError as exc:
                return str(exc)

    said = asyncio.run(call(sys.argv[1])) if sys.argv[1] != "-" else "nothing"
    print(said)
    try:  # this process's own peak: ru_maxrss would count the parent's, kept across fork and exec
        with open("/proc/self/status") as status:
            print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
    except OSError:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def _child(url: str) -> tuple[str, int]:
    """What a fresh process that lists the plans at ``url`` says, and its peak memory in MB."""
    done = subprocess.run([sys.executable, "-c", CHILD, url], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    said, peak = done.stdout.strip().splitlines()
    return said, int(peak)


def test_a_gzip_bomb_is_cut_off_at_the_cap_and_memory_stays_bounded() -> None:
    assert len(BOMB.read_bytes()) < 4000
    with StandinServer(_bomb_app()) as server:
        said, peak = _child(server.url)
    _, idle = _child("-")
    assert said == "the answer is larger than 20 MiB; it was cut off"
    assert peak < MAX_RSS_MB, f"peak {peak} MB (a process that only imports the client: {idle} MB)"
    print(f"gzip bomb: peak RSS {peak} MB; the same process without the call: {idle} MB")


async def test_a_header_the_http_library_refuses_never_shows_its_value(standin: Standin) -> None:
    secret = "Zq8secret-in-a-header"

    class Raw(httpx.Auth):
        """A credential that slipped past every check, as a bug might let one."""

        def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
            request.headers["X-Auth-Token"] = f"{secret}\n"
            yield request

    TokenAuth(secret)  # known to the process, as every credential read is
    async with ServiceStageClient(standin.url, PROJECT, Raw()) as client:
        with pytest.raises(ConnectionFailedError) as caught:
            await client.list_plans()
    assert "a header is not valid HTTP" in str(caught.value)
    assert secret not in f"{caught.value} {caught.value!r}"
    assert caught.value.__context__ is None and caught.value.__cause__ is None  # no traceback can show it either

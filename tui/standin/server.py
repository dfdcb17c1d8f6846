"""Serve the stand-in with uvicorn in a background thread, on a loopback address only."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType
from typing import Final

import uvicorn
from starlette.types import ASGIApp

from tui.errors import ServerStartError

__all__ = ["StandinServer"]

START_TIMEOUT: Final = 10.0
"""Seconds to wait for the server to start listening."""
GRACE: Final = 3.0
"""Seconds ``stop`` lets unfinished answers (a delayed one, say) run before cancelling them."""


class StandinServer:
    """Runs an ASGI app (the stand-in's) under uvicorn in a daemon thread, listening on loopback only.

    ``port=0`` takes a free port; :attr:`url` gives the one taken. Use it as a context manager, or call
    :meth:`start` and :meth:`stop`.
    """

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        """Prepare to serve ``app``; nothing listens until :meth:`start`.

        Raises:
            ValueError: ``host`` is not a loopback address (such as ``127.0.0.1`` or ``::1``), or ``port`` is out
                of range.
        """
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"the stand-in listens on a loopback address such as 127.0.0.1, not {host!r}") from None
        if not address.is_loopback:
            raise ValueError(f"the stand-in listens on loopback only; {host} is not a loopback address")
        if not 0 <= port <= 65535:
            raise ValueError(f"a port is from 0 to 65535, not {port}")
        self._app = app
        self._host = str(address)
        self._family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        """The base URL, such as ``http://127.0.0.1:43123``, with the real port.

        Raises:
            RuntimeError: the server is not running.
        """
        if self._socket is None:
            raise RuntimeError("the stand-in server is not running")
        host = f"[{self._host}]" if self._family == socket.AF_INET6 else self._host
        return f"http://{host}:{self._port}"

    @property
    def running(self) -> bool:
        """Whether the server is listening."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start listening, returning once connections are accepted.

        Raises:
            RuntimeError: the server is already running.
            ServerStartError: the address cannot be bound (the port is taken, say) or uvicorn did not start.
        """
        if self._thread is not None:
            raise RuntimeError("the stand-in server is already running")
        # Naming the protocol lets asyncio turn Nagle off per connection; else a keep-alive answer waits ~40 ms.
        sock = socket.socket(self._family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._port))
            sock.listen()
        except OSError as exc:
            sock.close()
            raise ServerStartError(
                f"the stand-in cannot listen on {self._host} port {self._port}: {exc.strerror or exc}"
            ) from None
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            host=self._host,
            port=self._port,
            log_config=None,  # leave the process's logging as its owner set it up
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=int(GRACE),
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="standin-server", daemon=True)
        self._server, self._thread, self._socket = server, thread, sock
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerStartError(f"the stand-in did not start on {self._host} port {self._port}")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop listening, let answers in progress finish (for a few seconds at most) and join the thread."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(GRACE + 2)
            if thread.is_alive() and server is not None:
                server.force_exit = True
                thread.join(2)
        if sock is not None:
            sock.close()

    def __enter__(self) -> StandinServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

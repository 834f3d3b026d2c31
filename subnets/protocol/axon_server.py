"""Put an `Axon` on a socket with uvicorn: in the current event loop, or in a thread of its own.

Binds 127.0.0.1 by default (loopback first; a miner opts into a public address). Port 0 picks a
free port, reported as `AxonServer.port` once bound. Header names with underscores (`bt_header_*`)
are dropped by nginx unless `underscores_in_headers on;`: put no such proxy in front of a legacy axon.
"""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any, Optional

from subnets.protocol.axon import Axon
from serving.faults import quiet_server_logs
from serving.http_guard import ConnectionLimits, server_options


def bind(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening TCP socket; `port=0` lets the OS choose."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only turns Nagle off (TCP_NODELAY) on sockets that say they
    # are TCP, and uvicorn writes headers and body separately, so Nagle would add ~40 ms per answer.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.setblocking(False)
    return sock


class AxonServer:
    """One uvicorn server for one axon (several sockets may share it, as in the benchmark)."""

    def __init__(self, axon: Axon, host: Optional[str] = None, port: Optional[int] = None) -> None:
        self.axon = axon
        self.host = host if host is not None else axon.config.host
        self.sockets = [bind(self.host, port if port is not None else axon.config.port)]
        self._port = int(self.sockets[0].getsockname()[1])  # kept: still known once the socket is closed
        self._server: Any = None
        self._thread: Optional[threading.Thread] = None
        self._error: Optional[BaseException] = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def add_socket(self, port: int = 0) -> int:
        """Listen on one more port (same app); returns it. Call before serving."""
        sock = bind(self.host, port)
        self.sockets.append(sock)
        return int(sock.getsockname()[1])

    def _make_server(self) -> Any:
        import uvicorn

        cfg = self.axon.config
        limits = ConnectionLimits(header_timeout=cfg.header_timeout_s, keep_alive=cfg.keep_alive_s,
                                  per_address=cfg.max_connections_per_address, total=cfg.max_connections)
        quiet_server_logs()
        config = uvicorn.Config(self.axon.app, lifespan="off", log_level="warning", access_log=False,
                                timeout_graceful_shutdown=2, server_header=False, date_header=False, backlog=2048,
                                **server_options(limits))
        self._server = uvicorn.Server(config)
        return self._server

    async def serve(self) -> None:
        """Serve in the running event loop until `stop()` (or cancellation)."""
        server = self._server if self._server is not None and not self._server.started else self._make_server()
        try:
            await server.serve(sockets=self.sockets)
        finally:
            self.axon.close()

    @property
    def started(self) -> bool:
        return bool(self._server is not None and self._server.started)

    def start(self, timeout: float = 10.0) -> AxonServer:
        """Serve from a daemon thread with its own event loop; return once it accepts connections."""
        ready = threading.Event()

        def run() -> None:
            try:
                asyncio.run(self.serve())
            except BaseException as exc:  # reported to the starting thread
                self._error = exc
            finally:
                ready.set()

        self._make_server()
        self._thread = threading.Thread(target=run, name=f"axon-{self.port}", daemon=True)
        self._thread.start()
        server = self._server
        deadline = time.monotonic() + timeout
        while not server.started and time.monotonic() < deadline and self._thread.is_alive():
            ready.wait(0.005)
        if not server.started:
            raise RuntimeError(f"axon did not start: {self._error!r}")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Ask uvicorn to exit and wait for the thread; closes the sockets."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for sock in self.sockets:
            sock.close()

    def __enter__(self) -> AxonServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""Connection limits for an HTTP server (uvicorn's h11 protocol, guarded): the node's RPC and axons.

uvicorn alone waits forever for a request's headers and accepts any number of connections, so
~1,100 idle sockets made a node or a miner unreachable. `guarded_protocol(limits)` returns an h11 protocol
class that closes a connection whose headers are not in within `header_timeout` (from the
connection, or from the end of the previous answer on a kept-alive one), refuses a connection
past `per_address` from one client address or `total` in all, and ends a kept-alive connection
after `max_requests` requests. A WebSocket message is at most `ws_max_size` bytes as sent: no
compression (`ws_deflate`). The body's own time limit is the app's (node.rpc: BODY_TIMEOUT;
AxonConfig.body_timeout_s).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

CAP_ANSWER = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nconnection: close\r\n"
              b"content-length: 40\r\n\r\ntoo many connections from this address\r\n")


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    keep_alive: float = 5.0  # seconds a kept-alive connection may sit idle (uvicorn's timeout_keep_alive)
    per_address: int = 256  # open connections from one client address
    total: int = 4096  # open connections in all
    max_requests: int = 10_000  # requests on one kept-alive connection
    ws_max_size: int = 16 * 1024 * 1024  # bytes of one WebSocket message (a bigger one closes the socket, 1009)
    ws_deflate: bool = False  # permessage-deflate: off, as a few KiB of compressed zeros inflate to
    #                           dozens of 16 MiB messages in one read (1.3 GB from 4 connections)


def guarded_protocol(limits: ConnectionLimits) -> type:
    """An h11 protocol class for `uvicorn.Config(http=...)` that enforces `limits`."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    open_by_address: dict[str, int] = {}

    class GuardedH11Protocol(H11Protocol):
        _address: str | None = None
        _timer: Any = None
        _cycle_seen: Any = None
        _served = 0

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            address = self.client[0] if self.client else "?"
            count = open_by_address.get(address, 0)
            if count >= limits.per_address or sum(open_by_address.values()) >= limits.total:
                transport.write(CAP_ANSWER)
                transport.close()
                return
            self._address = address
            open_by_address[address] = count + 1
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._release()
            self._disarm()
            super().connection_lost(exc)

        def _release(self) -> None:
            if self._address is not None:
                left = open_by_address.get(self._address, 1) - 1
                if left > 0:
                    open_by_address[self._address] = left
                else:
                    open_by_address.pop(self._address, None)
                self._address = None

        def handle_websocket_upgrade(self, event: Any) -> None:
            """The connection becomes a WebSocket (its own protocol object): no header timer any
            more, and it stays counted until the WebSocket's connection is lost."""
            self._disarm()
            super().handle_websocket_upgrade(event)
            ws = self.transport.get_protocol()
            if ws is self:
                return
            lost = ws.connection_lost

            def connection_lost(exc: Exception | None) -> None:
                self._release()
                lost(exc)
            ws.connection_lost = connection_lost  # type: ignore[method-assign]  # release the slot when the socket closes

        def _arm(self) -> None:
            self._disarm()
            self._cycle_seen = self.cycle
            self._timer = self.loop.call_later(limits.header_timeout, self._expire)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _expire(self) -> None:
            self._timer = None
            if not self.transport.is_closing():
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._timer is not None and self.cycle is not self._cycle_seen:  # a request's headers are in
                self._disarm()
                self._served += 1
                if self._served >= limits.max_requests:  # the last: answered with "connection: close", then closed
                    self.cycle.keep_alive = False
                    # uvicorn adds "connection: close" to the answer when the request's headers (a list) hold it
                    cast(list, self.cycle.scope["headers"]).append((b"connection", b"close"))

        def on_response_complete(self) -> None:
            super().on_response_complete()
            pipelined = self.cycle is not None and not self.cycle.response_complete
            if not self.transport.is_closing() and not pipelined:
                self._arm()

    return GuardedH11Protocol


def server_options(limits: ConnectionLimits) -> dict[str, Any]:
    """The uvicorn.Config keyword arguments that apply `limits`."""
    return {"http": guarded_protocol(limits), "timeout_keep_alive": limits.keep_alive,
            "ws_max_size": limits.ws_max_size, "ws_per_message_deflate": limits.ws_deflate}

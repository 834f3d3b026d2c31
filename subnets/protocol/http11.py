"""A small HTTP/1.1 client (asyncio streams + h11) built for talking to many untrusted servers.

Why not httpx: its connection pool rescans (and polls) every pooled connection on each request,
so a validator holding 256 keep-alive connections spent seconds per round in the pool alone, and
without `sniffio` installed httpcore retries a failing import on every request. What a dendrite
needs is narrow: POST a body, read one answer with a hard byte cap, reuse a connection per axon.

Bounds: the answer's headers are capped by h11 (`max_header_bytes`), its body by the caller's
`max_body` (checked against Content-Length first, then while reading, compressed or not: no
Content-Encoding is requested). Time is bounded by the caller (`asyncio.wait_for`): on cancellation
the connection is closed, never pooled.
"""
from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from typing import Mapping


class HttpError(Exception):
    """A transport or protocol failure (the peer closed, sent garbage, or could not be reached)."""


class ConnectFailed(HttpError):
    pass


class BodyTooLarge(HttpError):
    pass


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]  # names lowercased; for a repeated name the first value wins
    body: bytes


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, max_header_bytes: int) -> None:
        import h11

        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=max_header_bytes)

    def close(self) -> None:
        try:
            self.writer.close()
        except Exception:
            pass


class HttpPool:
    """Keep-alive connections per (host, port); at most `max_idle_per_host` idle ones each."""

    def __init__(self, *, max_idle_per_host: int = 64, max_header_bytes: int = 64 * 1024) -> None:
        self.max_idle_per_host = max_idle_per_host
        self.max_header_bytes = max_header_bytes
        self._idle: dict[tuple[str, int], list[_Connection]] = {}

    async def request(self, host: str, port: int, method: str, path: str, headers: Mapping[str, str],
                      body: bytes, max_body: int) -> HttpResponse:
        """Send one request and read its whole answer (body at most `max_body` bytes)."""
        key = (host, port)
        idle = self._idle.get(key)
        if idle:
            conn = idle.pop()
            try:
                return await self._exchange(key, conn, method, path, headers, body, max_body)
            except _StaleConnection:
                pass  # the server closed a kept-alive connection before reading: try a fresh one
        conn = await self._connect(host, port)
        try:
            return await self._exchange(key, conn, method, path, headers, body, max_body)
        except _StaleConnection:
            raise HttpError("the server closed the connection without answering") from None

    async def _connect(self, host: str, port: int) -> _Connection:
        try:
            reader, writer = await asyncio.open_connection(host, port, limit=1 << 16)
        except OSError as exc:
            raise ConnectFailed(f"cannot connect to {host}:{port}: {exc.strerror or exc}") from None
        sock = writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        return _Connection(reader, writer, self.max_header_bytes)

    async def _exchange(self, key: tuple[str, int], conn: _Connection, method: str, path: str,
                        headers: Mapping[str, str], body: bytes, max_body: int) -> HttpResponse:
        import h11

        pooled = False
        got_bytes = False
        try:
            host = f"[{key[0]}]" if ":" in key[0] else key[0]
            head = [("host", f"{host}:{key[1]}"), ("content-length", str(len(body))),
                    ("accept-encoding", "identity")]
            head.extend((name, value) for name, value in headers.items())
            out = conn.h11.send(h11.Request(method=method, target=path, headers=head))
            out += conn.h11.send(h11.Data(data=body)) + conn.h11.send(h11.EndOfMessage())
            conn.writer.write(out)
            await conn.writer.drain()
            status, answer, chunks, size = 0, {}, [], 0
            while True:
                event = conn.h11.next_event()
                if event is h11.NEED_DATA:
                    data = await conn.reader.read(1 << 16)
                    if not data and not got_bytes:
                        raise _StaleConnection()
                    got_bytes = True
                    conn.h11.receive_data(data)
                    continue
                if isinstance(event, h11.Response):
                    status = event.status_code
                    for name, value in event.headers:
                        answer.setdefault(name.decode("latin-1"), value.decode("latin-1"))
                    declared = answer.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_body:
                        raise BodyTooLarge(f"answer of {declared} bytes is over the {max_body}-byte limit")
                elif isinstance(event, h11.Data):
                    size += len(event.data)
                    if size > max_body:
                        raise BodyTooLarge(f"answer is over the {max_body}-byte limit")
                    chunks.append(bytes(event.data))
                elif isinstance(event, h11.EndOfMessage):
                    break
                elif isinstance(event, h11.ConnectionClosed):
                    raise HttpError("the server closed the connection mid-answer")
            response = HttpResponse(status, answer, b"".join(chunks))
            if conn.h11.our_state is h11.DONE and conn.h11.their_state is h11.DONE:
                conn.h11.start_next_cycle()
                idle = self._idle.setdefault(key, [])
                if len(idle) < self.max_idle_per_host:
                    idle.append(conn)
                    pooled = True
            return response
        except h11.RemoteProtocolError as exc:
            raise HttpError(f"malformed HTTP answer: {exc}") from None
        except (ConnectionError, OSError) as exc:
            if not got_bytes:
                raise _StaleConnection() from None
            raise HttpError(f"connection lost: {exc}") from None
        finally:
            if not pooled:
                conn.close()

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


class _StaleConnection(Exception):
    """No byte came back on a connection: safe to retry once on a new one."""


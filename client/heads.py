"""The node's new-heads feed: `GET /new-heads`, Server-Sent Events, one `data: {header JSON}` per
new block (the current head first) and a `: keep-alive` comment about once a second.

`new_heads(url)` iterates over the headers; with `keepalives=True` it also yields None for each
keep-alive, so a caller in a worker thread can notice, about once a second, that it should stop.
Reconnecting is left to the caller: the iterator ends when the node closes the stream, and raises
`NodeUnavailable` (with a short `detail`) when it cannot connect or the node goes quiet.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TypedDict

from client.errors import NodeUnavailable

CONNECT_TIMEOUT = 2.0


class Head(TypedDict):
    """A block header as the feed sends it (`node.block.Header.to_json`)."""

    number: int
    hash: str
    parent_hash: str
    timestamp: int | None  # ms since the epoch (None from a subtensor feed: its headers carry none)
    extrinsics_root: str
    state_root: str


def new_heads(url: str, read_timeout: float = 10.0, *, keepalives: bool = False,
              http: Any = None) -> Iterator[Head | None]:
    """Headers from the node at `url` as it makes blocks (None for keep-alives when `keepalives`).
    `read_timeout` bounds the wait for each line; `http` is an httpx.Client to reuse (else one is
    made for the stream)."""
    import httpx

    timeout = httpx.Timeout(read_timeout, connect=CONNECT_TIMEOUT)
    own = http is None
    client = httpx.Client(timeout=timeout) if own else http
    base = url.rstrip("/")
    try:
        with client.stream("GET", base + "/new-heads", timeout=timeout) as response:
            if response.status_code != 200:
                raise NodeUnavailable(base, f"HTTP {response.status_code} from /new-heads: is it a taonet node?")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    yield json.loads(line[6:])
                elif keepalives and line.startswith(":"):
                    yield None
    except httpx.ConnectError as exc:
        raise NodeUnavailable(base, "connection refused") from exc
    except httpx.TimeoutException as exc:
        raise NodeUnavailable(base, "timed out") from exc
    except (httpx.RemoteProtocolError, httpx.ReadError):
        return  # the node closed the stream (it stopped, or restarts)
    except httpx.TransportError as exc:
        raise NodeUnavailable(base, type(exc).__name__) from exc
    finally:
        if own:
            client.close()

"""New heads from a subtensor node: `chain_subscribeNewHeads` over a WebSocket of its own.

The same iterator as `client.heads.new_heads` for a taonet node: `Head` dicts as blocks arrive (the
block hash asked with `chain_getBlockHash`, since a Substrate header does not carry it; no
timestamp, which lives in storage), None about once a second with `keepalives=True` so a worker
thread can notice it should stop, `NodeUnavailable` when it cannot connect or the node goes quiet
for `read_timeout` seconds, and the end of the iteration when the node closes the connection.
"""
from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

from client.errors import NodeUnavailable
from client.heads import Head

TICK = 1.0


def _header(raw: dict[str, Any], block_hash: str) -> Head:
    return Head(number=int(raw["number"], 16), hash=block_hash, parent_hash=raw["parentHash"], timestamp=None,
                extrinsics_root=raw["extrinsicsRoot"], state_root=raw["stateRoot"])


def new_heads(url: str, read_timeout: float = 30.0, *, keepalives: bool = False,
              connect_timeout: float = 10.0) -> Iterator[Head | None]:
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
    from websockets.sync.client import connect

    ids = itertools.count(1)
    try:
        ws = connect(url, open_timeout=connect_timeout, close_timeout=1.0, max_size=2**24, ping_interval=None)
    except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as exc:
        raise NodeUnavailable(url, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    pending: dict[int, int] = {}  # request id of chain_getBlockHash -> header number
    headers: dict[int, dict[str, Any]] = {}
    try:
        ws.send(json.dumps({"jsonrpc": "2.0", "id": next(ids), "method": "chain_subscribeNewHeads", "params": []}))
        quiet_since = time.monotonic()
        while True:
            try:
                message = json.loads(ws.recv(timeout=TICK))
            except TimeoutError:
                if time.monotonic() - quiet_since > read_timeout:
                    raise NodeUnavailable(url, f"no new block within {read_timeout:g} s") from None
                if keepalives:
                    yield None
                continue
            quiet_since = time.monotonic()
            if "error" in message:
                raise NodeUnavailable(url, f"{message['error'].get('message', 'refused')} (chain_subscribeNewHeads)")
            if message.get("method") == "chain_newHead":
                raw = message["params"]["result"]
                request = next(ids)
                pending[request], headers[request] = int(raw["number"], 16), raw
                ws.send(json.dumps({"jsonrpc": "2.0", "id": request, "method": "chain_getBlockHash",
                                    "params": [pending[request]]}))
            elif message.get("id") in pending:
                request = message["id"]
                pending.pop(request)
                yield _header(headers.pop(request), message.get("result"))
    except ConnectionClosed:
        return
    finally:
        ws.close()

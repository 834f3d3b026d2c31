"""An axon's tunables (`AxonConfig`) and the verified identity a handler receives (`Caller`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass
class AxonConfig:
    """Tunables; the defaults suit one miner on a small machine."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: the OS picks a free port; `AxonServer.port` reports it
    max_request_bytes: int = 4 << 20  # global cap; each synapse may declare a lower one
    nonce_past_s: float = 10.0
    nonce_future_s: float = 2.0
    max_nonces: int = 200_000
    state_dir: Optional[Path] = None  # holds `nonces.log` so replays fail across restarts
    rate_per_s: float = 50.0  # per caller hotkey; 0 disables
    burst: float = 100.0
    max_concurrent: int = 64  # handlers running at once
    max_waiting: int = 256  # requests queued for a handler slot
    max_inflight: int = 2048  # requests anywhere in the pipeline
    handler_timeout_s: float = 12.0  # upper bound; a request's own `timeout` may lower it
    body_timeout_s: float = 10.0  # reading the request body (a trickling upload gets 408)
    header_timeout_s: float = 10.0  # a request's headers must arrive within this, else the connection closes
    keep_alive_s: float = 30.0  # an idle kept-alive connection closes after this
    max_connections_per_address: int = 256  # open connections from one client address
    max_connections: int = 4096  # open connections in all
    handler_threads: int = 16
    accept_legacy: bool = True


@dataclass(frozen=True)
class Caller:
    """The verified identity of a request: what a handler may trust."""

    hotkey: str
    nonce: int
    scheme: str  # "btauth" or "legacy"
    ip: Optional[str] = None
    port: Optional[int] = None

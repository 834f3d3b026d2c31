"""Client exceptions (btcli's error translator prints each as one line)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ClientError(Exception):
    """A client-side problem (bad input, unexpected reply)."""


class NodeUnavailable(ClientError):
    """Nothing answers at the node URL (or it timed out)."""

    def __init__(self, url: str, detail: str = "") -> None:
        why = f" ({detail})" if detail else ""
        if url.startswith(("ws://", "wss://")):  # a subtensor endpoint: nothing of ours to start
            advice = "check the endpoint and your connection, or choose another with --network"
        else:
            advice = "start one with `btcli node start --dev`, or point at a running one with --network URL"
        super().__init__(f"no node answers at {url}{why}: {advice}")
        self.url, self.detail = url, detail


class RpcError(ClientError):
    """The node answered a JSON-RPC error."""

    def __init__(self, code: int, message: str, method: str = "") -> None:
        super().__init__(f"{message}" + (f" ({method}, code {code})" if method else f" (code {code})"))
        self.code = code
        self.rpc_message = message
        self.method = method


class ExtrinsicFailed(ClientError):
    """An extrinsic was included but its call failed (it paid its fee), or it was dropped."""

    def __init__(self, message: str, error: str | None = None, outcome: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.outcome: Mapping[str, Any] = outcome or {}

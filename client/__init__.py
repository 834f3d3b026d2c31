"""The one way btcli, the dashboard and subnets talk to a node: JSON-RPC over HTTP (httpx).

Light to import: httpx loads when a `client.rpc.Client` is first made.
"""
from __future__ import annotations

from client.balance import Balance
from client.errors import ClientError, ExtrinsicFailed, NodeUnavailable, RpcError

__all__ = ["Balance", "ClientError", "ExtrinsicFailed", "NodeUnavailable", "RpcError"]

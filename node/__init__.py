"""taonet's embedded chain node: SQLite state, signed extrinsics, blocks and JSON-RPC.

Importing `node` is light: the heavy parts (sqlite-utils, starlette, uvicorn) load only in the
modules that need them (`node.schema`, `node.rpc`, `node.service`).
"""
from __future__ import annotations

__all__ = ["extrinsic"]

"""The Substrate façade's method registry: every façade RPC module, their tables merged, and
`rpc_methods` (which lists them).

Each module below ends with `TABLE: dict[str, Handler]` (see node.substrate.dialect): chain_rpc
(system, chain, heads, nonces), runtime_rpc (state_call), storage_rpc (state_*Storage*, keys) and
author_rpc (submission, payment info). The modules import dialect (not this registry), so listing
them here makes no cycle.
`METHODS` is what node.substrate.transport serves.
"""
from __future__ import annotations

from node.substrate import author_rpc, chain_rpc, runtime_rpc, storage_rpc
from node.substrate.dialect import Handler, merge, params_of
from node.substrate.session import Session

# every module that defines Substrate JSON-RPC methods
MODULES: tuple = (chain_rpc, runtime_rpc, storage_rpc, author_rpc)


def rpc_methods(session: Session, params: list) -> dict:
    """{"methods": [every method served, sorted], "version": 1}, as a Substrate node answers."""
    params_of("rpc_methods", params, 0, 0)
    return {"methods": sorted(METHODS), "version": 1}


METHODS: dict[str, Handler] = {**merge(MODULES), "rpc_methods": rpc_methods}

"""The Substrate façade's method registry: every façade RPC module, their tables merged, and
`rpc_methods` (which lists them).

Each module below ends with `TABLE: dict[str, Handler]` (see node.substrate.dialect). Add a module
to MODULES when it lands: storage_rpc (helper J), runtime_rpc (K), author_rpc (L); list only modules
that exist. The modules import dialect (not this registry), so listing them here makes no cycle.
`METHODS` is what node.substrate.transport serves.
"""
from __future__ import annotations

from node.substrate import author_rpc, chain_rpc, runtime_rpc, storage_rpc
from node.substrate.dialect import Handler, merge, params_of
from node.substrate.session import Session

# every module that defines Substrate JSON-RPC methods (J: storage_rpc, K: runtime_rpc, L: author_rpc go here)
MODULES: tuple = (chain_rpc, runtime_rpc, storage_rpc, author_rpc)


def rpc_methods(session: Session, params: list) -> dict:
    """{"methods": [every method served, sorted], "version": 1}, as a Substrate node answers."""
    params_of("rpc_methods", params, 0, 0)
    return {"methods": sorted(METHODS), "version": 1}


METHODS: dict[str, Handler] = {**merge(MODULES), "rpc_methods": rpc_methods}

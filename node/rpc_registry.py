"""The node's one JSON-RPC method registry: name -> handler, built explicitly from the modules below.

Each RPC module (node/rpc_chain.py, rpc_economy.py, rpc_stake.py, rpc_metagraph.py, rpc_identity.py, rpc_childkeys.py) ends with
`TABLE`, a plain dict of the methods it defines; this module lists those modules in one place and
merges their tables into `METHODS`, so nothing registers by import side effect and no RPC module
imports another. A handler is `fn(chain, *params)`: params come positionally (a list, as Substrate
clients send) or by name (an object); it parses them (node.rpc_params) and reads the read model
(node.read_model). Hosted-process control adds its methods at node start with `add` (node.rpc_hosting).
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

from node import (
    rpc_chain,
    rpc_childkeys,
    rpc_economy,
    rpc_identity,
    rpc_mechanisms,
    rpc_metagraph,
    rpc_proxy,
    rpc_stake,
    rpc_swaps,
)
from node.chain import Chain
from node.read_model import NotFound
from node.rpc_params import InvalidParams

Handler = Callable[..., Any]

# every module that defines JSON-RPC methods (node.rpc_hosting's are added when a node hosts processes)
MODULES = (rpc_chain, rpc_economy, rpc_stake, rpc_metagraph, rpc_identity, rpc_childkeys, rpc_swaps, rpc_proxy,
           rpc_mechanisms)


def _merge(modules: tuple) -> dict[str, Handler]:
    methods: dict[str, Handler] = {}
    for module in modules:
        for name, fn in module.TABLE.items():
            if name in methods:
                raise RuntimeError(f"RPC method {name} is defined twice ({module.__name__})")
            methods[name] = fn
    return methods


METHODS: dict[str, Handler] = _merge(MODULES)


def add(methods: dict[str, Handler]) -> None:
    """Serve `methods` too (a node that hosts processes adds its privileged methods at start)."""
    METHODS.update(methods)


def call(chain: Chain, name: str, params: Any) -> Any:
    """Run method `name` with `params` (a list or an object); InvalidParams for wrong params or a
    subnet that does not exist."""
    fn = METHODS[name]
    sig = inspect.signature(fn)
    try:
        bound = sig.bind(chain, *params) if isinstance(params, list) else sig.bind(chain, **params)
    except TypeError as exc:
        wanted = ", ".join(list(sig.parameters)[1:]) or "none"
        raise InvalidParams(f"{name}: {exc} (parameters: {wanted})") from None
    try:
        return fn(*bound.args, **bound.kwargs)
    except NotFound as exc:
        raise InvalidParams(str(exc)) from None

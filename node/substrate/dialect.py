"""The Substrate JSON-RPC dialect: its error type, its handler shape and the table merge.

A façade RPC module (`chain_rpc`, `storage_rpc`, `runtime_rpc`, `author_rpc`) defines handlers
`fn(session, params) -> result` (params always a list: Substrate clients send lists; a module that
gets an object or a wrong count raises `SubstrateError(INVALID_PARAMS, ...)`) and ends with
`TABLE: dict[str, Handler]`. A handler raises `SubstrateError(code, message, data)` for an answer
that is an error; anything else it raises is a bug and answers INTERNAL_ERROR (the transport logs it).

The modules are listed, and their tables merged into `METHODS`, in `node.substrate.registry`
(`registry.MODULES`, `registry.METHODS`), not here: the modules import this one for
`SubstrateError`, so this one imports none of them (node/ has no import cycle, tests/node/test_imports.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from node.substrate.session import Session

# JSON-RPC 2.0 codes, and the ones Substrate nodes use on top
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
CALL_ERROR = -32000            # jsonrpsee's generic "call failed" (state_call, storage at an unknown block)
TOO_MANY_SUBSCRIPTIONS = -32006  # a connection holds at most MAX_SUBSCRIPTIONS subscriptions
UNSUPPORTED = -32010           # subscriptions over HTTP (they need a WebSocket)
POOL_INVALID_TX = 1010         # author_*: "Invalid Transaction" (substrate's POOL_INVALID_TX)
POOL_UNKNOWN_VALIDITY = 1011
POOL_IMMEDIATELY_DROPPED = 1016


class SubstrateError(Exception):
    """An error answer: `{"code": code, "message": message, "data": data}` (data left out when None)."""

    def __init__(self, code: int, message: str, data: Any = None):
        super().__init__(message)
        self.code, self.message, self.data = int(code), str(message), data

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


Handler = Callable[["Session", list], Any]


def merge(modules: tuple) -> dict[str, Handler]:
    """The modules' `TABLE`s in one dict; a method defined twice is a bug, said at import."""
    methods: dict[str, Handler] = {}
    for module in modules:
        for name, fn in module.TABLE.items():
            if name in methods:
                raise RuntimeError(f"Substrate method {name} is defined twice ({module.__name__})")
            methods[name] = fn
    return methods


def params_of(method: str, params: Any, least: int, most: int) -> list:
    """`params` checked to be a list of `least`..`most` items, padded with None to `most`."""
    if params is None:
        params = []
    if not isinstance(params, list):
        raise SubstrateError(INVALID_PARAMS, f"{method}: params must be a list")
    if not least <= len(params) <= most:
        want = f"{least}" if least == most else f"{least} to {most}"
        raise SubstrateError(INVALID_PARAMS, f"{method}: takes {want} parameters, got {len(params)}")
    return params + [None] * (most - len(params))

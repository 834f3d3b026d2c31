"""The JSON-RPC methods: Substrate names where one exists, `taonet_` for the rest.

Each method is `fn(chain, *params)`; params come positionally (a list, as Substrate clients send)
or by name (an object). Parameter errors raise InvalidParams; a refused extrinsic raises Refused.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

from node import runtime
from node.chain import Chain
from node.extrinsic import InvalidExtrinsic, parse
from node.pool import Refused
from node.runtime import balances
from node.runtime.types import ArgumentError, address, hash32
from node.rpc_wait import REQUEST, Wait

VERSION = "0.1.0"
METHODS: dict[str, Callable[..., Any]] = {}
MAX_WAIT_SECONDS = 120.0
PENDING_PAGE = 1000  # author_pendingExtrinsics answers at most this many per call


class InvalidParams(ValueError):
    """Wrong number or type of parameters (JSON-RPC -32602)."""


def method(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        METHODS[name] = fn
        return fn
    return wrap


def call(chain: Chain, name: str, params: Any) -> Any:
    fn = METHODS[name]
    sig = inspect.signature(fn)
    try:
        bound = sig.bind(chain, *params) if isinstance(params, list) else sig.bind(chain, **params)
    except TypeError as exc:
        wanted = ", ".join(list(sig.parameters)[1:]) or "none"
        raise InvalidParams(f"{name}: {exc} (parameters: {wanted})") from None
    return fn(*bound.args, **bound.kwargs)


# -- parameter checks ----------------------------------------------------------------------------
I64_MAX = 2**63 - 1  # the largest integer SQLite stores: block numbers, indexes and limits stay below it


def _number(value: Any, name: str = "block number", most: int = I64_MAX) -> int:
    """A JSON integer in 0..most (bool, float and text refused); InvalidParams names the bound."""
    if type(value) is not int or not 0 <= value <= most:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise InvalidParams(f"{name} must be a non-negative integer (0..{most}), got {shown}")
    return value


def _hash(value: Any, name: str = "hash") -> str:
    try:
        return hash32(value, name)
    except ArgumentError as exc:
        raise InvalidParams(str(exc)) from None


def _address(value: Any) -> str:
    try:
        return address(value, "address")
    except ArgumentError as exc:
        raise InvalidParams(str(exc)) from None


def _block_ref(chain: Chain, ref: Any) -> tuple | None:
    """A block row from a number, a hash, or None (the head)."""
    if ref is None:
        return chain.reader.block_row()
    if isinstance(ref, str):
        return chain.reader.block_row(block_hash=_hash(ref, "block hash"))
    return chain.reader.block_row(number=_number(ref))


def _extrinsic(data: Any):
    try:
        return parse(data)
    except InvalidExtrinsic as exc:
        raise _refused(str(exc)) from None


def _refused(message: str) -> Refused:
    exc = Refused(message)
    exc.code = 1010  # type: ignore[attr-defined]
    return exc


# -- system --------------------------------------------------------------------------------------
@method("system_health")
def system_health(chain: Chain) -> dict:
    return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}


@method("system_chain")
def system_chain(chain: Chain) -> str:
    return chain.spec.name


@method("system_name")
def system_name(chain: Chain) -> str:
    return "taonet"


@method("system_version")
def system_version(chain: Chain) -> str:
    return VERSION


@method("system_properties")
def system_properties(chain: Chain) -> dict:
    return {"ss58Format": 42, "tokenSymbol": "TAO", "tokenDecimals": 9}


@method("system_accountNextIndex")
def system_account_next_index(chain: Chain, address: Any) -> int:
    return chain.next_nonce(_address(address))


# -- chain ---------------------------------------------------------------------------------------
@method("chain_getBlockHash")
def chain_get_block_hash(chain: Chain, number: Any = None) -> str | None:
    row = _block_ref(chain, None if number is None else _number(number))
    return None if row is None else row[1]


@method("chain_getHeader")
def chain_get_header(chain: Chain, block_hash: Any = None) -> dict | None:
    row = _block_ref(chain, None if block_hash is None else _hash(block_hash, "block hash"))
    return None if row is None else chain.reader.header_json(row)


@method("chain_getBlock")
def chain_get_block(chain: Chain, block_hash: Any = None) -> dict | None:
    row = _block_ref(chain, None if block_hash is None else _hash(block_hash, "block hash"))
    if row is None:
        return None
    return {"block": {"header": chain.reader.header_json(row), "extrinsics": chain.reader.extrinsics(row[0])}}


@method("chain_getFinalizedHead")
def chain_get_finalized_head(chain: Chain) -> str:
    return chain.reader.head_row()[1]


@method("chain_subscribeNewHeads")
def chain_subscribe_new_heads(chain: Chain) -> dict:
    return {"transport": "sse", "path": "/new-heads",
            "note": "over HTTP, new heads stream as Server-Sent Events from GET /new-heads (one JSON header per event)"}


# -- author --------------------------------------------------------------------------------------
@method("author_submitExtrinsic")
def author_submit_extrinsic(chain: Chain, extrinsic: Any) -> str:
    return chain.submit(_extrinsic(extrinsic))


@method("author_pendingExtrinsics")
def author_pending_extrinsics(chain: Chain, offset: Any = 0, limit: Any = PENDING_PAGE) -> list:
    """A page of the pool in arrival order: `limit` (at most PENDING_PAGE) from `offset`."""
    start, count = _number(offset, "offset"), _number(limit, "limit", PENDING_PAGE)
    return [ext.to_json() for ext in chain.pool.pending(start, count)]


# -- taonet --------------------------------------------------------------------------------------
@method("taonet_chainInfo")
def taonet_chain_info(chain: Chain) -> dict:
    head = chain.reader.head_row()
    return {"chain": chain.spec.name, "genesis_hash": chain.genesis_hash, "best_number": head[0], "best_hash": head[1],
            "total_issuance": chain.reader.storage("total_issuance", 0), "sudo_key": chain.reader.storage("sudo_key"),
            "existential_deposit": balances.EXISTENTIAL_DEPOSIT, "base_fee": balances.BASE_FEE,
            "byte_fee": balances.BYTE_FEE, "pool_size": len(chain.pool), "block_time": chain.block_time,
            "calls": sorted(runtime.CALLS), "version": VERSION}


@method("taonet_getHeader")
def taonet_get_header(chain: Chain, block: Any = None) -> dict | None:
    row = _block_ref(chain, block)
    return None if row is None else chain.reader.header_json(row)


@method("taonet_getBlock")
def taonet_get_block(chain: Chain, block: Any = None, events: Any = True) -> dict | None:
    row = _block_ref(chain, block)
    if row is None:
        return None
    out = {"header": chain.reader.header_json(row), "extrinsics": chain.reader.extrinsics(row[0])}
    if events:
        out["events"] = chain.reader.events(row[0])
    return out


@method("taonet_events")
def taonet_events(chain: Chain, block: Any = None) -> list | None:
    row = _block_ref(chain, block)
    return None if row is None else chain.reader.events(row[0])


@method("taonet_accountInfo")
def taonet_account_info(chain: Chain, address: Any) -> dict:
    who = _address(address)
    free, nonce = chain.reader.account(who)
    return {"address": who, "free": free, "nonce": nonce}


@method("taonet_accountInfos")
def taonet_account_infos(chain: Chain, addresses: Any) -> list:
    if not isinstance(addresses, list) or len(addresses) > 10_000:
        raise InvalidParams("addresses must be a list of at most 10000 ss58 addresses")
    return [taonet_account_info(chain, a) for a in addresses]


@method("taonet_totalIssuance")
def taonet_total_issuance(chain: Chain) -> int:
    return chain.reader.storage("total_issuance", 0)


@method("taonet_estimateFee")
def taonet_estimate_fee(chain: Chain, extrinsic: Any) -> dict:
    """The fee of a signed extrinsic, or of an unsigned payload (a zero signature is assumed)."""
    if isinstance(extrinsic, dict) and "signature" not in extrinsic:
        extrinsic = {**extrinsic, "signature": "0x" + "00" * 64}
    ext = _extrinsic(extrinsic)
    try:
        runtime.check_args(ext.call, ext.args)
    except ArgumentError as exc:
        raise _refused(str(exc)) from None
    return {"fee": runtime.fee(ext), "base_fee": balances.BASE_FEE, "byte_fee": balances.BYTE_FEE,
            "length": ext.length, "tip": ext.tip}


@method("taonet_extrinsicStatus")
def taonet_extrinsic_status(chain: Chain, ext_hash: Any) -> dict:
    h = _hash(ext_hash, "extrinsic hash")
    where = chain.reader.extrinsic_location(h)
    if where is not None:
        return {"status": "included", **where}
    return {"status": "pool" if h in chain.pool else "unknown"}


@method("taonet_submitAndWait")
def taonet_submit_and_wait(chain: Chain, extrinsic: Any, timeout: Any = 60) -> dict:
    """Submit and wait until the extrinsic is in a committed block (or dropped, or timeout): in the
    server the wait holds no worker thread (node.rpc_wait)."""
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout <= MAX_WAIT_SECONDS:
        raise InvalidParams(f"timeout must be seconds in (0, {MAX_WAIT_SECONDS:g}]")
    request = REQUEST.get()
    if request is None:  # called outside the server (tests, tools): wait in this thread
        ext_hash = chain.submit(_extrinsic(extrinsic))
        return {"hash": ext_hash, **chain.wait_for(ext_hash, float(timeout))}
    client, loop, waiters = request
    waiters.reserve(client)  # before submitting: a refused wait submits nothing
    try:
        ext_hash = chain.submit(_extrinsic(extrinsic))
        return Wait(chain, waiters, client, loop, ext_hash, float(timeout))  # the server's loop awaits it
    except BaseException:
        waiters.release(client)
        raise


from node import rpc_economy  # noqa: E402,F401  (the economy's taonet_ methods, and the modules built on it)
from node import rpc_history  # noqa: E402,F401  (taonet_history)
from node import rpc_constants  # noqa: E402,F401  (taonet_constants)

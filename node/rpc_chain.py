"""JSON-RPC methods of the chain itself: Substrate names where one exists (system_*, chain_*,
author_*), `taonet_` for the rest (chain info, blocks, events, accounts, fees, extrinsic status,
submit-and-wait, and `taonet_constants`: the runtime's constants a client needs, so no client
imports node.runtime; it never changes while a node runs). Thin adapters: parse params (node.rpc_params), read the read model
(node.read_model.chain) or submit to the chain. Registered through `TABLE` (node.rpc_registry).
"""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node import runtime
from node.chain import Chain
from node.read_model import chain as read
from node.read_model import transfers as read_transfers
from node.read_model.chain import VERSION
from node.rpc_params import InvalidParams
from node.rpc_wait import REQUEST, Wait
from node.runtime import balances
from node.runtime.types import ArgumentError

MAX_WAIT_SECONDS = 120.0
PENDING_PAGE = 1000  # author_pendingExtrinsics answers at most this many per call


# -- system --------------------------------------------------------------------------------------
def system_health(chain: Chain) -> dict:
    return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}


def system_chain(chain: Chain) -> str:
    return chain.spec.name


def system_name(chain: Chain) -> str:
    return "taonet"


def system_version(chain: Chain) -> str:
    return VERSION


def system_properties(chain: Chain) -> dict:
    return {"ss58Format": 42, "tokenSymbol": "TAO", "tokenDecimals": 9}


def system_account_next_index(chain: Chain, address: Any) -> int:
    return chain.next_nonce(parse.address(address))



# -- chain ---------------------------------------------------------------------------------------
def chain_get_block_hash(chain: Chain, number: Any = None) -> str | None:
    row = parse.block_ref(chain, None if number is None else parse.number(number))
    return None if row is None else row[1]



def chain_get_header(chain: Chain, block_hash: Any = None) -> dict | None:
    row = parse.block_ref(chain, None if block_hash is None else parse.hash_value(block_hash, "block hash"))
    return None if row is None else read.header(chain.reader, row)


def chain_get_block(chain: Chain, block_hash: Any = None) -> dict | None:
    row = parse.block_ref(chain, None if block_hash is None else parse.hash_value(block_hash, "block hash"))
    return None if row is None else {"block": read.block(chain.reader, row, events=False)}


def chain_get_finalized_head(chain: Chain) -> str:
    return chain.reader.head_row()[1]


def chain_subscribe_new_heads(chain: Chain) -> dict:
    return {"transport": "sse", "path": "/new-heads",
            "note": "over HTTP, new heads stream as Server-Sent Events from GET /new-heads (one JSON header per event)"}


# -- author --------------------------------------------------------------------------------------
def author_submit_extrinsic(chain: Chain, extrinsic: Any) -> str:
    return chain.submit(parse.extrinsic(extrinsic))



def author_pending_extrinsics(chain: Chain, offset: Any = 0, limit: Any = PENDING_PAGE) -> list:
    """A page of the pool in arrival order: `limit` (at most PENDING_PAGE) from `offset`."""
    start, count = parse.number(offset, "offset"), parse.number(limit, "limit", PENDING_PAGE)
    return [ext.to_json() for ext in chain.pool.pending(start, count)]


# -- taonet --------------------------------------------------------------------------------------
def taonet_chain_info(chain: Chain) -> dict:
    return read.chain_info(chain)


def taonet_get_header(chain: Chain, block: Any = None) -> dict | None:
    row = parse.block_ref(chain, block)
    return None if row is None else read.header(chain.reader, row)


def taonet_get_block(chain: Chain, block: Any = None, events: Any = True) -> dict | None:
    with_events = parse.flag(events, "events", True)
    row = parse.block_ref(chain, block)
    return None if row is None else read.block(chain.reader, row, with_events)


def taonet_events(chain: Chain, block: Any = None) -> list | None:
    row = parse.block_ref(chain, block)
    return None if row is None else read.events(chain.reader, row)


def taonet_transfers(chain: Chain, address: Any, limit: Any = 25, before_block: Any = None) -> dict:
    """An address's TAO transfers (balances.Transfer events), newest first, whole blocks per page:
    {head, address, transfers: [{block_number, block_hash, extrinsic_index, extrinsic_id, from, to,
    amount, direction}], next_before (pass it as before_block for the next page, or null)}."""
    count = parse.number(limit, "limit")
    if not 0 < count <= 1000:
        raise InvalidParams(f"limit must be in 1..1000, got {count}")
    before = None if before_block is None else parse.number(before_block, "before_block")
    return read_transfers.transfers(chain.reader, parse.address(address), count, before)


def taonet_account_info(chain: Chain, address: Any) -> dict:
    return read.account_info(chain.reader, parse.address(address))


def taonet_account_infos(chain: Chain, addresses: Any) -> list:
    if not isinstance(addresses, list) or len(addresses) > 10_000:
        raise InvalidParams("addresses must be a list of at most 10000 ss58 addresses")
    return [taonet_account_info(chain, a) for a in addresses]


def taonet_total_issuance(chain: Chain) -> int:
    return read.total_issuance(chain.reader)


def taonet_estimate_fee(chain: Chain, extrinsic: Any) -> dict:
    """The fee of a signed extrinsic, or of an unsigned payload (a zero signature is assumed)."""
    if isinstance(extrinsic, dict) and "signature" not in extrinsic:
        extrinsic = {**extrinsic, "signature": "0x" + "00" * 64}
    ext = parse.extrinsic(extrinsic)
    try:
        runtime.check_args(ext.call, ext.args)
    except ArgumentError as exc:
        raise parse.refused(str(exc)) from None
    return {"fee": runtime.fee(ext), "base_fee": balances.BASE_FEE, "byte_fee": balances.BYTE_FEE,
            "length": ext.length, "tip": ext.tip}


def taonet_extrinsic_status(chain: Chain, ext_hash: Any) -> dict:
    return read.extrinsic_status(chain, parse.hash_value(ext_hash, "extrinsic hash"))


def taonet_submit_and_wait(chain: Chain, extrinsic: Any, timeout: Any = 60) -> dict:
    """Submit and wait until the extrinsic is in a committed block (or dropped, or timeout): in the
    server the wait holds no worker thread (node.rpc_wait)."""
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout <= MAX_WAIT_SECONDS:
        raise InvalidParams(f"timeout must be seconds in (0, {MAX_WAIT_SECONDS:g}]")
    request = REQUEST.get()
    if request is None:  # called outside the server (tests, tools): wait in this thread
        ext_hash = chain.submit(parse.extrinsic(extrinsic))
        return {"hash": ext_hash, **chain.wait_for(ext_hash, float(timeout))}
    client, loop, waiters = request
    waiters.reserve(client)  # before submitting: a refused wait submits nothing
    try:
        ext_hash = chain.submit(parse.extrinsic(extrinsic))
        return Wait(chain, waiters, client, loop, ext_hash, float(timeout))  # the server's loop awaits it
    except BaseException:
        waiters.release(client)
        raise


def taonet_constants(chain: Chain) -> dict:
    """{rao_per_tao, existential_deposit, base_fee, byte_fee (rao), weights: {u16_max,
    max_unrevealed_commits, commit_hash_scheme (node.weights_commit.SCHEME)}}."""
    return read.constants()


TABLE = {
    "system_health": system_health, "system_chain": system_chain, "system_name": system_name,
    "system_version": system_version, "system_properties": system_properties,
    "system_accountNextIndex": system_account_next_index,
    "chain_getBlockHash": chain_get_block_hash, "chain_getHeader": chain_get_header, "chain_getBlock": chain_get_block,
    "chain_getFinalizedHead": chain_get_finalized_head, "chain_subscribeNewHeads": chain_subscribe_new_heads,
    "author_submitExtrinsic": author_submit_extrinsic, "author_pendingExtrinsics": author_pending_extrinsics,
    "taonet_chainInfo": taonet_chain_info, "taonet_getHeader": taonet_get_header, "taonet_getBlock": taonet_get_block,
    "taonet_events": taonet_events, "taonet_accountInfo": taonet_account_info,
    "taonet_accountInfos": taonet_account_infos, "taonet_totalIssuance": taonet_total_issuance,
    "taonet_estimateFee": taonet_estimate_fee, "taonet_extrinsicStatus": taonet_extrinsic_status,
    "taonet_submitAndWait": taonet_submit_and_wait, "taonet_constants": taonet_constants,
    "taonet_transfers": taonet_transfers,
}

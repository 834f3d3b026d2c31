"""Substrate methods of the chain itself: system_*, chain_* (heads, headers, hashes, blocks, head
subscriptions), state_getRuntimeVersion, state_getMetadata, account_nextIndex.

Block hashes are taonet's (block N's hash; block 0's is the genesis hash clients sign with) and
taonet blocks are final when included, so the finalized head is the head. Headers are answered in
Substrate's JSON (number as hex, an empty digest). `block_at(session, ref, method)` resolves a
method's optional block parameter for the other façade modules (storage_rpc, runtime_rpc, ...).
"""
from __future__ import annotations

import threading
from typing import Any

from node.block import Header
from node.read_model.chain import VERSION
from node.runtime.types import ArgumentError, address
from node.substrate import metadata
from node.substrate.codec import codec
from node.substrate.dialect import INVALID_PARAMS, SubstrateError, params_of
from node.substrate.session import Session

UNKNOWN_BLOCK = 4003  # the error a subtensor node answers for a block it does not have
MAX_NUMBERS = 1024    # chain_getBlockHash takes one number or a list of at most this many
HEAD_KINDS = {  # subscribe method -> (notification method, unsubscribe method)
    "chain_subscribeNewHeads": ("chain_newHead", "chain_unsubscribeNewHeads"),
    "chain_subscribeFinalizedHeads": ("chain_finalizedHead", "chain_unsubscribeFinalizedHeads"),
    "chain_subscribeAllHeads": ("chain_allHead", "chain_unsubscribeAllHeads"),
}


# -- blocks ----------------------------------------------------------------------------------------
def _hash(value: Any, method: str) -> str:
    if not isinstance(value, str) or len(value) != 66 or not value.startswith("0x"):
        raise SubstrateError(INVALID_PARAMS, f"{method}: a block hash is 0x and 64 hex digits")
    try:
        bytes.fromhex(value[2:])
    except ValueError:
        raise SubstrateError(INVALID_PARAMS, f"{method}: a block hash is 0x and 64 hex digits") from None
    return value.lower()


def block_row(session: Session, ref: Any, method: str) -> tuple | None:
    """The row of block `ref` (a block hash, or None for the head); None if the node has no such block."""
    if ref is None:
        return session.chain.reader.head_row()
    return session.chain.reader.block_row(block_hash=_hash(ref, method))


def block_at(session: Session, ref: Any, method: str) -> tuple:
    """As block_row, but a block the node does not have answers UNKNOWN_BLOCK (as subtensor does)."""
    row = block_row(session, ref, method)
    if row is None:
        raise SubstrateError(UNKNOWN_BLOCK, f"Client error: UnknownBlock: Header was not found in the database: {ref}")
    return row


def substrate_header(head: dict[str, Any]) -> dict[str, Any]:
    """taonet's header JSON -> Substrate's."""
    return {"parentHash": head["parent_hash"], "number": hex(head["number"]), "stateRoot": head["state_root"],
            "extrinsicsRoot": head["extrinsics_root"], "digest": {"logs": []}}


def _header_of(row: tuple) -> dict[str, Any]:
    return substrate_header(Header.from_row(row).to_json())


def _number(value: Any, method: str) -> int:
    """A block number as an integer or 0x-hex, below 2^63 (the most SQLite stores) either way."""
    number = None
    if isinstance(value, str) and value.startswith("0x") and 2 < len(value) <= 18:
        try:
            number = int(value, 16)
        except ValueError:
            pass
    elif type(value) is int:
        number = value
    if number is not None and 0 <= number < 2**63:
        return number
    raise SubstrateError(INVALID_PARAMS, f"{method}: a block number is an integer in 0..2^63-1 or its 0x-hex, "
                                         f"got {str(value)[:40]!r}")


def chain_get_block_hash(session: Session, params: list) -> Any:
    """A block's hash by number (the head's with none; null past the head); a list gives a list."""
    (ref,) = params_of("chain_getBlockHash", params, 0, 1)
    reader = session.chain.reader

    def one(value: Any) -> str | None:
        row = reader.block_row(number=_number(value, "chain_getBlockHash"))
        return None if row is None else row[1]
    if ref is None:
        return reader.head_row()[1]
    if isinstance(ref, list):
        if len(ref) > MAX_NUMBERS:
            raise SubstrateError(INVALID_PARAMS, f"chain_getBlockHash: at most {MAX_NUMBERS} numbers at once")
        return [one(v) for v in ref]
    return one(ref)


def chain_get_head(session: Session, params: list) -> str:
    params_of("chain_getHead", params, 0, 0)
    return session.chain.reader.head_row()[1]


def chain_get_finalized_head(session: Session, params: list) -> str:
    """The head: a taonet block is final once included (one producer, no forks)."""
    params_of("chain_getFinalizedHead", params, 0, 0)
    return session.chain.reader.head_row()[1]


def chain_get_header(session: Session, params: list) -> dict | None:
    (ref,) = params_of("chain_getHeader", params, 0, 1)
    row = block_row(session, ref, "chain_getHeader")
    return None if row is None else _header_of(row)


def chain_get_block(session: Session, params: list) -> dict | None:
    """{block: {header, extrinsics: [hex]}, justifications: null}: every extrinsic of the block in
    block order (ingest.block_extrinsics: SCALE ones as submitted, taonet's JSON ones as a bare
    System.remark of their JSON), so an extrinsic's index is its events' ApplyExtrinsic phase."""
    (ref,) = params_of("chain_getBlock", params, 0, 1)
    row = block_row(session, ref, "chain_getBlock")
    if row is None:
        return None
    from node.substrate.ingest import block_extrinsics  # SCALE as submitted, JSON ones as bare remarks

    return {"block": {"header": _header_of(row), "extrinsics": block_extrinsics(session.chain, row[0])},
            "justifications": None}


# -- head subscriptions ----------------------------------------------------------------------------
def _subscribe_heads(method: str):
    notification = HEAD_KINDS[method][0]

    def subscribe(session: Session, params: list) -> str:
        params_of(method, params, 0, 0)
        chain = session.chain
        lock, last, sub_id = threading.Lock(), [-1], [""]

        def push(head: dict) -> None:  # the producer thread (and this one, for the current head)
            with lock:
                if not sub_id[0] or head["number"] <= last[0]:
                    return
                last[0] = head["number"]
            session.notify(notification, sub_id[0], substrate_header(head))

        def stop() -> None:
            if push in chain.listeners:
                chain.listeners.remove(push)
        chain.listeners.append(push)  # before subscribing: a connection closing meanwhile removes it (stop)
        try:
            sub_id[0] = session.subscribe(method, on_close=stop)
        except BaseException:
            stop()
            raise
        push(Header.from_row(chain.reader.head_row()).to_json())  # Substrate sends the current head first
        return sub_id[0]
    return subscribe


def _unsubscribe_heads(subscribe_method: str):
    name = HEAD_KINDS[subscribe_method][1]

    def unsubscribe(session: Session, params: list) -> bool:
        (sub_id,) = params_of(name, params, 1, 1)
        if not isinstance(sub_id, str) or session.kind_of(sub_id) != subscribe_method:
            return False
        return session.unsubscribe(sub_id)
    return unsubscribe


# -- system ----------------------------------------------------------------------------------------
def system_chain(session: Session, params: list) -> str:
    params_of("system_chain", params, 0, 0)
    return session.chain.spec.name


def system_name(session: Session, params: list) -> str:
    params_of("system_name", params, 0, 0)
    return "taonet"


def system_version(session: Session, params: list) -> str:
    params_of("system_version", params, 0, 0)
    return VERSION


def system_chain_type(session: Session, params: list) -> str:
    """A taonet chain is a single-producer local chain: "Development" for the dev chain, else "Local"."""
    params_of("system_chainType", params, 0, 0)
    return "Development" if session.chain.spec.name.endswith("-dev") else "Local"


def system_properties(session: Session, params: list) -> dict:
    params_of("system_properties", params, 0, 0)
    return {"ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO"}


def system_health(session: Session, params: list) -> dict:
    params_of("system_health", params, 0, 0)
    return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}


def account_next_index(session: Session, params: list) -> int:
    """The next nonce of an ss58 account: its chain nonce, past its extrinsics waiting in the pool."""
    (who,) = params_of("account_nextIndex", params, 1, 1)
    try:
        return session.chain.next_nonce(address(who, "account"))
    except ArgumentError:
        raise SubstrateError(INVALID_PARAMS, f"account_nextIndex: not an ss58 address (format 42): {str(who)[:64]!r}") from None


# -- runtime ---------------------------------------------------------------------------------------
def state_get_runtime_version(session: Session, params: list) -> dict:
    (ref,) = params_of("state_getRuntimeVersion", params, 0, 1)
    block_at(session, ref, "state_getRuntimeVersion")
    return codec().runtime_version()


def state_get_metadata(session: Session, params: list) -> str:
    """The runtime's metadata, V14, hex (V15 comes through state_call Metadata_metadata_at_version)."""
    (ref,) = params_of("state_getMetadata", params, 0, 1)
    block_at(session, ref, "state_getMetadata")
    return metadata.state_get_metadata()


TABLE = {
    "system_chain": system_chain, "system_name": system_name, "system_version": system_version,
    "system_chainType": system_chain_type, "system_properties": system_properties, "system_health": system_health,
    "account_nextIndex": account_next_index, "system_accountNextIndex": account_next_index,
    "chain_getBlockHash": chain_get_block_hash, "chain_getHead": chain_get_head,
    "chain_getFinalizedHead": chain_get_finalized_head, "chain_getHeader": chain_get_header,
    "chain_getBlock": chain_get_block,
    "state_getRuntimeVersion": state_get_runtime_version, "chain_getRuntimeVersion": state_get_runtime_version,
    "state_getMetadata": state_get_metadata,
    **{method: _subscribe_heads(method) for method in HEAD_KINDS},
    **{names[1]: _unsubscribe_heads(method) for method, names in HEAD_KINDS.items()},
}

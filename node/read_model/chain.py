"""The chain itself in the read model: identity and head, accounts, blocks and their events,
where an extrinsic is, and the runtime's constants a client needs (so no client imports
node.runtime). Reads go through the chain's `Reader` (the last committed block)."""
from __future__ import annotations

from typing import Any

from consensus.params import RAO_PER_TAO
from node import runtime, weights_commit
from node.chain import Chain
from node.reader import Reader
from node.runtime import balances
from node.runtime import weights as chain_weights

VERSION = "0.1.0"


def chain_info(chain: Chain) -> dict[str, Any]:
    """{chain, genesis_hash, best_number, best_hash, total_issuance, sudo_key, existential_deposit,
    base_fee, byte_fee, pool_size, block_time, calls (every runtime call), version}."""
    head = chain.reader.head_row()
    return {"chain": chain.spec.name, "genesis_hash": chain.genesis_hash, "best_number": head[0], "best_hash": head[1],
            "total_issuance": chain.reader.storage("total_issuance", 0), "sudo_key": chain.reader.storage("sudo_key"),
            "existential_deposit": balances.EXISTENTIAL_DEPOSIT, "base_fee": balances.BASE_FEE,
            "byte_fee": balances.BYTE_FEE, "pool_size": len(chain.pool), "block_time": chain.block_time,
            "calls": sorted(runtime.CALLS), "version": VERSION}


def total_issuance(reader: Reader) -> int:
    return reader.storage("total_issuance", 0)


def account_info(reader: Reader, address: str) -> dict[str, Any]:
    """{address, free (rao), nonce}."""
    free, nonce = reader.account(address)
    return {"address": address, "free": free, "nonce": nonce}


def header(reader: Reader, row: tuple) -> dict[str, Any]:
    """A block's header as JSON, from its row (`Reader.block_row`)."""
    return reader.header_json(row)


def block(reader: Reader, row: tuple, events: bool = True) -> dict[str, Any]:
    """{header, extrinsics, events (when asked)} of the block in `row`."""
    out = {"header": reader.header_json(row), "extrinsics": reader.extrinsics(row[0])}
    if events:
        out["events"] = reader.events(row[0])
    return out


def events(reader: Reader, row: tuple) -> list:
    """The events of the block in `row`."""
    return reader.events(row[0])


def extrinsic_status(chain: Chain, ext_hash: str) -> dict[str, Any]:
    """{status: "included", block…} once in a committed block, else {status: "pool" | "unknown"}."""
    where = chain.reader.extrinsic_location(ext_hash)
    if where is not None:
        return {"status": "included", **where}
    return {"status": "pool" if ext_hash in chain.pool else "unknown"}


def constants() -> dict[str, Any]:
    """{rao_per_tao, existential_deposit, base_fee, byte_fee (rao), weights: {u16_max,
    max_unrevealed_commits, commit_hash_scheme (node.weights_commit.SCHEME)}}; never changes while a node runs."""
    return {"rao_per_tao": RAO_PER_TAO, "existential_deposit": balances.EXISTENTIAL_DEPOSIT,
            "base_fee": balances.BASE_FEE, "byte_fee": balances.BYTE_FEE,
            "weights": {"u16_max": chain_weights.U16_MAX, "max_unrevealed_commits": chain_weights.MAX_UNREVEALED_COMMITS,
                        "commit_hash_scheme": weights_commit.SCHEME}}

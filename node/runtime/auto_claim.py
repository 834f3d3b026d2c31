"""Automatic root claims: the dense index of root-staking coldkeys and the per-block auto-claim.

The chain (`run_auto_claim_root_divs`, block_step step 8, after the coinbase) claims the root
dividends of up to `num_root_claims` coldkeys (NumRootClaim, default 5, 0 turns it off) every
block, as each one's claim type says, on every subnet it is owed at least `root_claim_threshold`.
Which coldkeys: the parent block's hash picks indices into a dense index of the coldkeys that hold
root stake (`block_hash_to_indices`), so over many blocks every staker is visited, and nobody can
choose when.

The index (kept in node.runtime.root_ledger) is three pieces of state: StakingColdkeys (coldkey ->
index), StakingColdkeysByIndex (index -> coldkey) and NumStakingColdkeys (n, storage
"num_staking_coldkeys"); it is a bijection between 0..n-1 and the coldkeys with root shares on some
hotkey. `sync` keeps it so after every root share change (node.runtime.root_ledger.on_root_shares):
a coldkey gaining root stake is appended, one left without any is removed and the last one moves
into its slot (the chain's maybe_add_coldkey_index / maybe_remove_coldkey_index).

Each coldkey's claim runs in its own savepoint (the chain's `with_transaction`): a failing claim,
e.g. a Swap the pool cannot take, changes nothing, is reported as a `subtensor.RootAutoClaimFailed`
event and skipped; the next block's coldkeys are picked afresh.
"""
from __future__ import annotations

import logging

from node.runtime import economy as eco
from node.runtime import root_claim
from node.runtime.dispatch import Context, DispatchError
from node.runtime.root_ledger import COUNT_KEY, add, coldkey_at, count, index_of, remove  # noqa: F401  (the index)

U64_MAX = 2**64 - 1


# -- which coldkeys a block claims for ------------------------------------------------------------
def block_hash_to_indices(block_hash: bytes, k: int, n: int) -> list[int]:
    """The chain's block_hash_to_indices: the 32-byte hash as four big-endian u64 words w0..w3;
    start at w0, then k times idx = (last + w[i mod 4]) mod n with a saturating u64 add, each
    idx becoming the next `last`. A set, sorted: fewer than k when indices repeat. With n = 0
    the chain's checked_rem gives index 0 (which then names no coldkey)."""
    words = [int.from_bytes(block_hash[i:i + 8].ljust(8, b"\0"), "big") for i in range(0, 32, 8)]
    indices: set[int] = set()
    last = words[0]
    for i in range(k):
        total = min(last + words[i % 4], U64_MAX)
        last = total % n if n else 0
        indices.add(last)
    return sorted(indices)


def parent_hash_bytes(parent_hash: str) -> bytes:
    return bytes.fromhex(parent_hash.removeprefix("0x"))


def run_auto_claim_root_divs(ctx: Context) -> list[str]:
    """Claim for the coldkeys the parent hash picks; returns the coldkeys visited (in index order)."""
    state = ctx.state
    k = eco.setting(state, "num_root_claims")
    n = count(state)
    if k == 0 or n == 0:
        return []
    visited = []
    for index in block_hash_to_indices(parent_hash_bytes(ctx.parent_hash), k, n):
        coldkey = coldkey_at(state, index)
        if coldkey is None:
            continue
        visited.append(coldkey)
        _claim_atomically(ctx, coldkey)
    return visited


def _claim_atomically(ctx: Context, coldkey: str) -> None:
    """One coldkey's claim on all its subnets, all or nothing; a failure becomes an event."""
    state, events = ctx.state, ctx.events
    mark, depth = len(events), state.depth()
    state.savepoint()
    try:
        root_claim.do_root_claim(ctx, coldkey, None, auto=True)
    except DispatchError as exc:
        state.rollback_to(depth)
        del events[mark:]
        ctx.emit("subtensor.RootAutoClaimFailed", coldkey=coldkey, error=exc.name, message=exc.message)
        return
    except (ArithmeticError, ValueError, TypeError, KeyError, IndexError) as exc:
        # a bug must not stop block production (as apply_extrinsic): skipped deterministically
        logging.getLogger("taonet.node").exception("auto-claim for %s raised", coldkey)
        state.rollback_to(depth)
        del events[mark:]
        ctx.emit("subtensor.RootAutoClaimFailed", coldkey=coldkey, error="system.InternalError",
                 message=f"{type(exc).__name__}: {exc}")
        return
    state.release()


def on_initialize(ctx: Context) -> None:
    run_auto_claim_root_divs(ctx)

"""A block of 1,000 stake operations: how long the node takes to apply and commit it.

    python bench/stake_block.py [--ops 1000] [--rounds 5] [--root-stake]

In-process chain (node.builder, invariant checks off): two started subnets with a hotkey each,
then each round pre-signs `--ops` extrinsics (half add_stake, a quarter remove_stake, a quarter
swap_stake across the two subnets, from five coldkeys), admits them to the pool, and times
`Chain.produce_block` (the coinbase, every extrinsic through the pools, the state root and the
SQLite commit). Signing and admission (signature checks) are not in the figure: they happen
when extrinsics arrive, not when a block is made. With --root-stake, root holds stake so the
coinbase's injection moves the pool weights off ½ and the general (non-square-root) pool maths runs.
Target: ≤ 300 ms per block.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.builder import ChainBuilder, address_of  # noqa: E402
from node.extrinsic import parse  # noqa: E402

SIGNERS = ("bob", "charlie", "dave", "eve", "ferdie")
TAO = 10**9


def setup(folder: str, root_stake: bool) -> ChainBuilder:
    b = ChainBuilder(folder, check_invariants=False)
    for owner, hot in (("alice", "bench-owner-1"), ("bob", "bench-owner-2")):
        b.submit(owner, "subtensor.register_network", {"hotkey": address_of(hot)})
        b.block()
    for netuid, owner in ((1, "alice"), (2, "bob")):
        b.submit(owner, "subtensor.start_call", {"netuid": netuid})
    b.block()
    for who in SIGNERS:  # every signer holds some stake on both subnets to remove and swap
        for netuid, hot in ((1, "bench-owner-1"), (2, "bench-owner-2")):
            b.submit(who, "subtensor.add_stake", {"hotkey": address_of(hot), "netuid": netuid, "amount_staked": 5000 * TAO})
    if root_stake:
        b.submit("alice", "subtensor.add_stake", {"hotkey": address_of("bench-owner-1"), "netuid": 0,
                                                  "amount_staked": 100_000 * TAO})
    b.block(20)
    assert all(r.success for o in b.outcomes for r in o.results), "setup failed"
    return b


def presign(b: ChainBuilder, ops: int) -> list:
    exts = []
    for i in range(ops):
        who = SIGNERS[i % len(SIGNERS)]
        kind = i % 4
        if kind in (0, 1):
            call, args = "subtensor.add_stake", {"hotkey": address_of("bench-owner-1" if i % 8 < 4 else "bench-owner-2"),
                                                 "netuid": 1 if i % 8 < 4 else 2, "amount_staked": TAO + i}
        elif kind == 2:
            call, args = "subtensor.remove_stake", {"hotkey": address_of("bench-owner-1"), "netuid": 1,
                                                    "amount_unstaked": TAO // 100}
        else:
            call, args = "subtensor.swap_stake", {"hotkey": address_of("bench-owner-2"), "origin_netuid": 2,
                                                  "destination_netuid": 1, "alpha_amount": TAO // 100}
        nonce = b.chain.next_nonce(address_of(who))
        ext = parse(b.signed(who, call, args, nonce=nonce))
        b.chain.submit(ext)
        exts.append(ext)
    return exts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--root-stake", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        b = setup(folder, args.root_stake)
        times = []
        for _ in range(args.rounds):
            presign(b, args.ops)
            began = time.perf_counter()
            outcome = b.chain.produce_block()
            times.append(time.perf_counter() - began)
            ok = sum(r.success for r in outcome.results)
            assert len(outcome.included) == args.ops, f"only {len(outcome.included)} of {args.ops} included"
            b.assert_invariants()
        b.close()
    print(f"block of {args.ops} stake operations ({ok} succeeded in the last), root stake {'on' if args.root_stake else 'off'}: "
          f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms over {args.rounds} blocks (target ≤ 300 ms)")


if __name__ == "__main__":
    main()

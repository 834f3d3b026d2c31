"""`node verify` speed: blocks replayed per minute.

    python bench/node_verify.py [--blocks 12000] [--every 10] [--per-block 5]

Builds a chain of `--blocks` blocks (every `--every`-th block carries `--per-block` signed
transfers, the rest are empty, as on a quiet dev chain), then times `node.replay.verify` over it.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.builder import ChainBuilder  # noqa: E402
from node.replay import verify  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=12_000)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--per-block", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        b = ChainBuilder(Path(tmp) / "chain", check_invariants=False)
        began = time.perf_counter()
        signers = ("alice", "bob", "charlie", "dave", "eve")
        for number in range(1, args.blocks + 1):
            if number % args.every == 0:
                for i in range(args.per_block):
                    b.transfer(signers[i % len(signers)], "ferdie", 1000 + number)
            b.block()
        built = time.perf_counter() - began
        b.close()
        began = time.perf_counter()
        report = verify(Path(tmp) / "chain")
        took = time.perf_counter() - began
    assert report.ok, report.problems
    print(f"built {report.blocks} blocks ({report.extrinsics} extrinsics) in {built:.1f} s "
          f"({report.blocks / built * 60:,.0f} blocks/min produced)")
    print(f"node verify: {report.blocks} blocks in {took:.2f} s = {report.blocks / took * 60:,.0f} blocks/min "
          f"(target >= 10,000 blocks/min)")


if __name__ == "__main__":
    main()

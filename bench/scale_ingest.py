"""SCALE-signed transfers vs taonet's JSON ones: applied per second in the same run, and where the
node spends its time on each (target: SCALE ≥ ½ of JSON).

    python bench/scale_ingest.py [--transfers 10000] [--batch 1000] [--split 2000] [--block-time 0.25] [--no-ws]

Part 1, a real `python -m node start --dev` subprocess on a free port in a temporary data dir, this
process signing as the clients do: `--transfers` `balances.transfer_keep_alive` from five dev
accounts, pre-signed, then timed from the first submission until all are applied (the signers'
nonces say so):
- JSON: taonet's own extrinsics (node.extrinsic.sign) in JSON-RPC batches over POST /;
- SCALE, HTTP: v4 extrinsics signed over the spec-461 payload (client/subtensor/signing.py, what
  the real SDK builds; immortal era) in batches of `author_submitExtrinsic` over POST /substrate;
- SCALE, WebSocket: the same, one request per message as the real SDK sends them, pipelined over
  one connection to the node's port, at most 32 unanswered (the transport's in-flight bound);
- JSON, one per request, its like: node_throughput's run (five client threads, one per signer).
Each SCALE run first has the node build its codec (one `payment_queryInfo`), untimed: a node does
that once, at its first SCALE request.
Part 2, in process (node.builder's Chain, same data-dir layout): `--split` transfers of each kind
admitted and made into one block, each stage timed on its own (exclusive times, per extrinsic):
decode, payload build, call mapping, signature verify, the rest of admission (nonce/fee/pool),
apply (node.runtime.execute_block) and block storage (state root + SQLite commit).
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from node_throughput import (
    SIGNERS,
    bench_single,
    free_port,
    included_count,
    start_node,
    wait_applied,
)

from client.errors import ClientError
from client.rpc import Client
from node.builder import dev_key
from node.extrinsic import sign
from node.genesis import DEV_ACCOUNTS


# -- signing ------------------------------------------------------------------------------------
@functools.cache
def runtime() -> Any:
    from client.subtensor.calls import load_runtime
    from node.substrate import metadata

    return load_runtime(metadata.metadata_v15(), metadata.SPEC_VERSION, metadata.TRANSACTION_VERSION)


def interleave(per_signer: list[list[Any]]) -> list[Any]:
    """Round-robin over the signers, so each batch feeds every signer's queue."""
    return [items[i] for i in range(max(map(len, per_signer))) for items in per_signer if i < len(items)]


def presign_json(count: int, nonces: dict[str, int], genesis: str) -> list[dict]:
    dest = DEV_ACCOUNTS["ferdie"]
    per = -(-count // len(SIGNERS))
    return interleave([[sign(dev_key(n), "balances.transfer_keep_alive", {"dest": dest, "value": 1000 + i},
                             nonces[n] + i, genesis) for i in range(per)] for n in SIGNERS])[:count]


def presign_scale(count: int, nonces: dict[str, int], genesis: str) -> list[bytes]:
    from client.subtensor import calls, signing

    rt, dest = runtime(), DEV_ACCOUNTS["ferdie"]
    per = -(-count // len(SIGNERS))

    def one(name: str, i: int) -> bytes:
        call = calls.compose_call(rt, "balances.transfer_keep_alive", {"dest": dest, "value": 2000 + i})
        return signing.sign_call(rt, call, dev_key(name), nonces[name] + i, 0, "00", genesis, genesis)

    return interleave([[one(n, i) for i in range(per)] for n in SIGNERS])[:count]


# -- part 1: over the wire ----------------------------------------------------------------------
def nonces_of(rpc: Client) -> dict[str, int]:
    return {n: rpc.call("taonet_accountInfo", DEV_ACCOUNTS[n])["nonce"] for n in SIGNERS}


def warm_facade(url: str, ext: bytes) -> None:
    """The façade's first SCALE decode builds the node's codec (metadata, type registry: once per node
    process, about a second on a busy machine): have it done before timing, as a running node has."""
    with Client(url, timeout=60, path="/substrate") as facade:
        try:
            facade.call("payment_queryInfo", "0x" + ext.hex())
        except ClientError as exc:
            raise SystemExit(f"payment_queryInfo failed: {exc}") from None


def timed_applied(rpc: Client, count: int, send: Callable[[], None]) -> float:
    base = included_count(rpc)
    began = time.perf_counter()
    send()
    wait_applied(rpc, base + count)
    return count / (time.perf_counter() - began)


def run_json(url: str, count: int, batch: int) -> float:
    with Client(url) as rpc:
        exts = presign_json(count, nonces_of(rpc), rpc.call("chain_getBlockHash", 0))

        def send() -> None:
            for i in range(0, len(exts), batch):
                refused = [r for r in rpc.batch([("author_submitExtrinsic", [e]) for e in exts[i:i + batch]])
                           if not isinstance(r, str)]
                if refused:
                    raise SystemExit(f"JSON transfer refused: {refused[0]}")

        return timed_applied(rpc, count, send)


def run_scale_http(url: str, count: int, batch: int) -> float:
    with Client(url) as rpc, Client(url, timeout=60, path="/substrate") as facade:
        exts = presign_scale(count, nonces_of(rpc), rpc.call("chain_getBlockHash", 0))
        warm_facade(url, exts[0])

        def send() -> None:
            for i in range(0, len(exts), batch):
                replies = facade.batch([("author_submitExtrinsic", ["0x" + e.hex()]) for e in exts[i:i + batch]])
                refused = [r for r in replies if isinstance(r, Exception)]
                if refused:
                    raise SystemExit(f"SCALE transfer refused: {refused[0]}")

        return timed_applied(rpc, count, send)


def run_scale_ws(url: str, count: int, window: int = 32) -> float:
    """At most `window` requests unanswered (the transport runs up to 32 of a connection at once, so a
    signer's nonces arrive at most that far out of order: the pool's future-nonce bound holds)."""
    from websockets.sync.client import connect

    with Client(url) as rpc, connect(url.replace("http://", "ws://"), max_size=2**24) as ws:
        exts = presign_scale(count, nonces_of(rpc), rpc.call("chain_getBlockHash", 0))
        warm_facade(url, exts[0])

        def submit(j: int) -> None:
            ws.send(json.dumps({"jsonrpc": "2.0", "id": j, "method": "author_submitExtrinsic",
                                "params": ["0x" + exts[j].hex()]}))

        def send() -> None:
            for j in range(min(window, len(exts))):
                submit(j)
            for j in range(window, len(exts) + window):
                reply = json.loads(ws.recv())
                if "error" in reply:
                    raise SystemExit(f"SCALE transfer refused: {reply}")
                if j < len(exts):
                    submit(j)

        return timed_applied(rpc, count, send)


# -- part 2: the node-side split ----------------------------------------------------------------
class Stopwatch:
    """Exclusive seconds per label of wrapped functions (a wrapped call inside another counts for
    the inner label only)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._stack: list[float] = []  # child time of each open call

    def wrap(self, label: str, fn: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append(0.0)
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.perf_counter() - began
                children = self._stack.pop()
                self.spent[label] = self.spent.get(label, 0.0) + took - children
                if self._stack:
                    self._stack[-1] += took
        return timed

    def patch(self, label: str, owner: Any, name: str) -> None:
        setattr(owner, name, self.wrap(label, getattr(owner, name)))


def split(count: int, rounds: int = 2) -> dict[str, dict[str, float]]:
    """Per-extrinsic microseconds of each stage, for JSON and SCALE transfers (in process): each
    stage's best over `rounds` rounds (the kinds alternate), each round a fresh chain whose first,
    untimed block (one transfer per signer) warms it up."""
    best: dict[str, dict[str, float]] = {"json": {}, "scale": {}}
    for _ in range(rounds):
        for kind, stages in best.items():
            for stage, spent in split_once(kind, count).items():
                stages[stage] = min(spent, stages.get(stage, spent))
    return best


def split_once(kind: str, count: int) -> dict[str, float]:
    import node.chain
    import node.extrinsic
    from node.builder import ChainBuilder
    from node.substrate import calls_map, ingest
    from node.substrate.codec import codec

    codec()  # built once per process, before any timing
    with tempfile.TemporaryDirectory() as tmp:
        b = ChainBuilder(Path(tmp) / kind, check_invariants=False)
        chain = b.chain
        exts = (presign_json if kind == "json" else presign_scale)(count + len(SIGNERS), {n: 0 for n in SIGNERS},
                                                                   chain.genesis_hash)
        if kind == "json":
            def admit(ext: Any) -> None:
                chain.submit(node.extrinsic.parse(ext))
        else:
            def admit(ext: Any) -> None:
                ingest.submit(chain, ext)
        for ext in exts[:len(SIGNERS)]:  # warm-up
            admit(ext)
        chain.produce_block()
        watch = Stopwatch()
        stages = [("signature verify", node.extrinsic, "signature_valid"), ("signature verify", node.chain, "signature_valid"),
                  ("decode", node.extrinsic, "parse"), ("call mapping", calls_map, "to_neutral"),
                  ("payload build", ingest, "signed_payload"), ("apply", node.chain.runtime, "execute_block"),
                  ("block storage", type(chain.state), "commit")]
        stages = [(label, owner, name) for label, owner, name in stages if hasattr(owner, name)]  # older trees
        originals = [getattr(owner, name) for _, owner, name in stages]
        decoder = codec().decode_extrinsic
        try:
            for label, owner, name in stages:
                watch.patch(label, owner, name)
            codec().decode_extrinsic = watch.wrap("decode", decoder)
            timed_admit = watch.wrap("admission (nonce, fee, pool)", admit)
            for ext in exts[len(SIGNERS):]:
                timed_admit(ext)
            outcome = watch.wrap("block (other)", chain.produce_block)()
        finally:
            for (_, owner, name), fn in zip(stages, originals):
                setattr(owner, name, fn)
            del codec().decode_extrinsic
        ok = sum(r.success for r in outcome.results)
        if len(outcome.included) != count or ok != count:
            raise SystemExit(f"{kind}: {len(outcome.included)} included, {ok} succeeded of {count}")
        b.close()
    return {label: spent / count * 1e6 for label, spent in watch.spent.items()}


STAGES = ("decode", "payload build", "call mapping", "signature verify", "admission (nonce, fee, pool)",
          "apply", "block storage", "block (other)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000, help="requests per HTTP batch (the façade takes ≤ 1000)")
    parser.add_argument("--split", type=int, default=2000, help="transfers of each kind in the in-process split")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the split (each stage's best)")
    parser.add_argument("--block-time", type=float, default=0.25)
    parser.add_argument("--no-ws", action="store_true", help="skip the one-per-request runs (WebSocket, JSON)")
    args = parser.parse_args()
    runtime()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, _ = start_node(Path(tmp) / "bench", port, args.block_time)
        url = f"http://127.0.0.1:{port}"
        try:
            json_rate = run_json(url, args.transfers, args.batch)
            http_rate = run_scale_http(url, args.transfers, args.batch)
            ws_rate = None if args.no_ws else run_scale_ws(url, args.transfers)
            single_rate = None if args.no_ws else bench_single(url, args.transfers // 2)
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"transfers applied per second, same node, {args.transfers} each (target: SCALE >= 1/2 of JSON)")
    print(f"  JSON, batches of {args.batch} over POST /            {json_rate:8.0f} /s")
    print(f"  SCALE, batches of {args.batch} over POST /substrate  {http_rate:8.0f} /s   ({http_rate / json_rate:.2f} of JSON)")
    if ws_rate is not None:
        print(f"  JSON, one per request (5 client threads)     {single_rate:8.0f} /s   ({args.transfers // 2} tx)")
        print(f"  SCALE, one per message over the WebSocket    {ws_rate:8.0f} /s   ({ws_rate / json_rate:.2f} of JSON "
              f"batches, {ws_rate / single_rate:.2f} of JSON one per request)")
    costs = split(args.split, args.rounds)
    print(f"\nnode-side cost per transfer, µs (in process, {args.split} of each in one block, best of {args.rounds})")
    print(f"  {'stage':<30}{'JSON':>8}{'SCALE':>8}")
    for stage in STAGES:
        print(f"  {stage:<30}{costs['json'].get(stage, 0):8.1f}{costs['scale'].get(stage, 0):8.1f}")
    print(f"  {'total':<30}{sum(costs['json'].values()):8.1f}{sum(costs['scale'].values()):8.1f}")
    print(f"(machine: {os.cpu_count()} cores; block time {args.block_time}s; the signing client shares them)")


if __name__ == "__main__":
    main()

"""Node speed: signed transfers applied per second (JSON-RPC batches, and one per request),
node start to first block, and the p50 latency of a balance read.

    python bench/node_throughput.py [--transfers 20000] [--single 3000] [--block-time 0.25]

Runs a real `python -m node start` subprocess on a free port in a temporary data directory and
talks to it over HTTP from this process (which also signs), as a client would.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from client.rpc import Client  # noqa: E402
from node.builder import dev_key  # noqa: E402
from node.extrinsic import sign  # noqa: E402
from node.genesis import DEV_ACCOUNTS  # noqa: E402

SIGNERS = ("alice", "bob", "charlie", "dave", "eve")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_node(data_dir: Path, port: int, block_time: float) -> tuple[subprocess.Popen, float]:
    """Start a node; return it and the seconds from launch to block #1 being served."""
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "node", "start", "--dev", "--data-dir", str(data_dir),
                             "--rpc-port", str(port), "--block-time", str(block_time)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rpc = Client(f"http://127.0.0.1:{port}", timeout=2)
    while True:
        try:
            if rpc.call("chain_getHeader")["number"] >= 1:
                break
        except Exception:
            if proc.poll() is not None:
                raise SystemExit("the node exited")
        time.sleep(0.002)
    rpc.close()
    return proc, time.perf_counter() - began


def presign(rpc: Client, count: int, start_nonces: dict[str, int]) -> list[dict]:
    genesis = rpc.call("chain_getBlockHash", 0)
    dest = DEV_ACCOUNTS["ferdie"]
    out = []
    per = -(-count // len(SIGNERS))
    for name in SIGNERS:
        pair = dev_key(name)
        nonce = start_nonces[name]
        for i in range(per):
            out.append(sign(pair, "balances.transfer_keep_alive", {"dest": dest, "value": 1000 + i}, nonce + i, genesis))
    # interleave signers so every batch feeds all queues
    ordered = []
    for i in range(per):
        for s in range(len(SIGNERS)):
            ordered.append(out[s * per + i])
    return ordered[:count] if count % len(SIGNERS) == 0 else ordered


def included_count(rpc: Client) -> int:
    return sum(info["nonce"] for info in rpc.call("taonet_accountInfos", [DEV_ACCOUNTS[n] for n in SIGNERS]))


def wait_applied(rpc: Client, target: int) -> None:
    while included_count(rpc) < target:
        time.sleep(0.01)


def bench_batches(url: str, count: int, batch: int) -> float:
    with Client(url) as rpc:
        base = included_count(rpc)
        nonces = {n: rpc.call("taonet_accountInfo", DEV_ACCOUNTS[n])["nonce"] for n in SIGNERS}
        exts = presign(rpc, count, nonces)
        began = time.perf_counter()
        for i in range(0, len(exts), batch):
            results = rpc.batch([("author_submitExtrinsic", [e]) for e in exts[i:i + batch]])
            refused = [r for r in results if not isinstance(r, str)]
            if refused:
                raise SystemExit(f"refused: {refused[0]}")
        wait_applied(rpc, base + len(exts))
        return len(exts) / (time.perf_counter() - began)


def bench_single(url: str, count: int, threads: int = 4) -> float:
    with Client(url) as rpc:
        base = included_count(rpc)
        nonces = {n: rpc.call("taonet_accountInfo", DEV_ACCOUNTS[n])["nonce"] for n in SIGNERS}
        exts = presign(rpc, count, nonces)
    by_signer: dict[str, list] = {}
    for e in exts:
        by_signer.setdefault(e["signer"], []).append(e)
    queues = list(by_signer.values())

    def worker(items: list) -> None:
        with Client(url) as own:
            for e in items:
                own.call("author_submitExtrinsic", e)

    began = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(q,)) for q in queues]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with Client(url) as rpc:
        wait_applied(rpc, base + len(exts))
    return len(exts) / (time.perf_counter() - began)


def bench_reads(url: str, count: int = 2000) -> tuple[float, float]:
    with Client(url) as rpc:
        who = DEV_ACCOUNTS["ferdie"]
        for _ in range(50):
            rpc.call("taonet_accountInfo", who)
        times = []
        for _ in range(count):
            t = time.perf_counter()
            rpc.call("taonet_accountInfo", who)
            times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.99)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=3_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--block-time", type=float, default=0.25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, first_block = start_node(Path(tmp) / "bench", port, args.block_time)
        url = f"http://127.0.0.1:{port}"
        try:
            print(f"node start to first block:     {first_block * 1000:8.0f} ms   (target <= 1000 ms)")
            p50, p99 = bench_reads(url)
            print(f"balance read latency:          {p50:8.3f} ms p50, {p99:.3f} ms p99   (target p50 <= 2 ms)")
            rate = bench_batches(url, args.transfers, args.batch)
            print(f"transfers applied, batches:    {rate:8.0f} /s   ({args.transfers} tx in batches of {args.batch}; target >= 5000/s)")
            rate = bench_single(url, args.single)
            print(f"transfers applied, one/request:{rate:8.0f} /s   ({args.single} tx, {len(SIGNERS)} client threads; target >= 1000/s)")
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"(machine: {os.cpu_count()} cores; block time {args.block_time}s)")


if __name__ == "__main__":
    main()

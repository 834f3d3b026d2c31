"""The node under the cheap attacks of issue 14: blocks on time and read latency while each runs.

    python bench/node_attacks.py [--block-time 0.25] [--seconds 6]

Runs a real `python -m node start` subprocess (detached-style, logging to node.log) on a free port
and attacks it from this process over loopback, one attack at a time, while a reader thread asks
for a balance every 20 ms. For each: the share of blocks that came within 1.5 block times of the
previous one, the longest gap, and the reads' p50/p99/max. Attackers use other loopback addresses
(127.0.0.2 …) than the reader, as remote attackers would.
"""
from __future__ import annotations

import argparse
import json
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
from wallet.keypair import Keypair  # noqa: E402

SIGNERS = ("alice", "bob", "charlie", "dave", "eve", "ferdie")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_raw(port: int, payload: dict, source: str) -> socket.socket:
    """Send one JSON-RPC POST on a fresh connection from `source`; the caller reads or drops it."""
    body = json.dumps(payload).encode()
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                 + str(len(body)).encode() + b"\r\n\r\n" + body)
    return sock


class Probe:
    """Reads a balance every 20 ms; `result()` gives the latencies."""

    def __init__(self, url: str) -> None:
        self.url, self.reads, self.errors = url, [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        rpc = Client(self.url, timeout=30)
        while not self._stop.is_set():
            began = time.perf_counter()
            try:
                rpc.call("taonet_accountInfo", DEV_ACCOUNTS["alice"])
            except Exception:
                self.errors += 1
            self.reads.append(time.perf_counter() - began)
            self._stop.wait(0.02)
        rpc.close()

    def __enter__(self) -> Probe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(60)


def blocks_between(rpc: Client, first: int, last: int) -> list[float]:
    return [rpc.call("taonet_getHeader", n)["timestamp"] / 1000 for n in range(first, last + 1)]


def show(r: dict) -> None:
    print(f"{r['attack']:58} {r['blocks']:>6} {r['on_time']:>7.0%} {r['max_gap_s']:>7.2f}s {r['read_p50_ms']:>7.1f}ms "
          f"{r['read_p99_ms']:>6.1f}ms {r['read_max_ms']:>6.1f}ms {r['read_errors']:>6}", flush=True)


def measure(name: str, url: str, block_time: float, seconds: float, attack) -> dict:
    rpc = Client(url, timeout=60)
    first = rpc.call("chain_getHeader")["number"]
    with Probe(url) as probe:
        began = time.monotonic()
        cleanup = attack()
        time.sleep(max(0.0, seconds - (time.monotonic() - began)))
    last = rpc.call("chain_getHeader")["number"]
    if cleanup:
        cleanup()
    stamps = blocks_between(rpc, first, last)
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    reads = sorted(probe.reads)
    row = {"attack": name, "blocks": len(gaps), "on_time": sum(g <= 1.5 * block_time for g in gaps) / max(1, len(gaps)),
           "max_gap_s": max(gaps, default=0.0), "read_p50_ms": 1000 * statistics.median(reads),
           "read_p99_ms": 1000 * reads[int(0.99 * (len(reads) - 1))], "read_max_ms": 1000 * reads[-1],
           "read_errors": probe.errors}
    rpc.close()
    show(row)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block-time", type=float, default=0.25)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--node-src", default=None, help="run the node from this source tree (a before/after comparison)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "node"
        data_dir.mkdir()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "node", "start", "--dev", "--data-dir", str(data_dir), "--rpc-port", str(port),
                   "--block-time", str(args.block_time)]
        env = dict(os.environ)
        if args.node_src:  # an older tree, to compare: it logs through stderr
            env["PYTHONPATH"] = str(Path(args.node_src).resolve())
        else:
            command += ["--log-file", str(data_dir / "node.log")]
        log_out = open(data_dir / "node.log", "ab")
        proc = subprocess.Popen(command, stdout=log_out, stderr=subprocess.STDOUT, env=env,
                                cwd=args.node_src or None)
        print(f"block time {args.block_time}s; on time = within 1.5 block times of the previous block")
        print(f"{'attack':58} {'blocks':>6} {'on time':>8} {'max gap':>8} {'read p50':>9} {'p99':>8} {'max':>8} {'errors':>6}")
        try:
            Client(url).wait_ready(30)
            rpc = Client(url, timeout=30)
            genesis = rpc.call("chain_getBlockHash", 0)
            rows = [measure("none (baseline)", url, args.block_time, args.seconds, lambda: None)]

            def hyperparameters():
                inner = {"call": "admin_utils.set_hyperparameter",
                         "args": {"netuid": 0, "parameter": "kappa", "value": "1e10000000"}}
                nonce = rpc.call("system_accountNextIndex", DEV_ACCOUNTS["alice"])
                for i in range(2):
                    try:
                        rpc.call("author_submitExtrinsic", sign(dev_key("alice"), "sudo.sudo", {"call": inner}, nonce + i, genesis))
                    except Exception:
                        pass
            rows.append(measure("2 × hyperparameter \"1e10000000\"", url, args.block_time, args.seconds, hyperparameters))

            def waiters():
                nonces = {n: rpc.call("system_accountNextIndex", DEV_ACCOUNTS[n]) for n in SIGNERS}
                socks = [post_raw(port, {"jsonrpc": "2.0", "id": 1, "method": "taonet_submitAndWait",
                                         "params": [sign(dev_key(SIGNERS[i % 6]), "balances.transfer_allow_death",
                                                         {"dest": DEV_ACCOUNTS["alice"], "value": 1},
                                                         nonces[SIGNERS[i % 6]] + 1 + i // 6, genesis), 60]},
                                  f"127.0.0.{2 + i % 4}")
                         for i in range(300)]
                return lambda: [s.close() for s in socks]
            rows.append(measure("300 × taonet_submitAndWait that never ends", url, args.block_time, args.seconds, waiters))

            def pool_flood():
                mallory = Keypair.from_uri("//Mallory")
                rpc.call("taonet_submitAndWait", sign(dev_key("bob"), "balances.transfer_allow_death",
                                                      {"dest": mallory.ss58_address, "value": 143_900}, 0, genesis), 30)
                for who, keypair in [("mallory", mallory)] + [(n, dev_key(n)) for n in SIGNERS[2:]]:
                    for nonce in range(1, 301):
                        try:
                            rpc.call("author_submitExtrinsic", sign(keypair, "balances.transfer_allow_death",
                                                                    {"dest": DEV_ACCOUNTS["alice"], "value": 1000}, nonce + 100, genesis))
                        except Exception:
                            pass
            rows.append(measure("pool flood: future nonces from 5 accounts (1,500 tries)", url, args.block_time,
                                args.seconds + 4, pool_flood))

            def idle():
                socks = []
                for i in range(1000):
                    sock = socket.socket()
                    sock.bind((f"127.0.0.{2 + i % 4}", 0))
                    sock.connect(("127.0.0.1", port))
                    socks.append(sock)
                return lambda: [s.close() for s in socks]
            rows.append(measure("1,000 idle connections", url, args.block_time, args.seconds, idle))

            log = data_dir / "node.log"
            before = log.stat().st_size

            def mid_body():
                for i in range(500):
                    with socket.socket() as sock:
                        sock.bind(("127.0.0.2", 0))
                        sock.connect(("127.0.0.1", port))
                        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\":")
            rows.append(measure("500 clients leaving mid-body", url, args.block_time, args.seconds, mid_body))
            print(f"node.log grew {log.stat().st_size - before} bytes during the mid-body attack")
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:  # an attack still holds it (the figures say which)
                proc.kill()
                proc.wait(10)
            log_out.close()


if __name__ == "__main__":
    main()

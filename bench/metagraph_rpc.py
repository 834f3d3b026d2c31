"""Metagraph RPC at 4096 uids: the time of one `taonet_metagraph` call (target ≤ 50 ms).

    python bench/metagraph_rpc.py [--uids 4096] [--validators 64] [--repeat 30]

How the 4096-uid subnet is made (bench-only, honest about it): MaxAllowedUids has a hard cap of
256 on chain, so a builder chain creates subnet 1 through real extrinsics, then this script writes
4096 neuron rows (plus hotkey pools, root stakes, epoch outputs and `--validators` dense weight
rows) straight into the node's SQLite state tables (the stored state root is left stale: bench data, not a
valid chain; the node serves it read-only with 60 s blocks). It then times
(a) the method over the node's JSON-RPC dispatcher including JSON encoding of the reply
(`node.rpc.handle_one` + json.dumps), and (b) the same over HTTP through a real `python -m node
start` on that data directory with `client.rpc.Client`. Medians are reported.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build(data_dir: Path, uids: int, validators: int) -> None:
    from node.builder import ChainBuilder, address_of, dev_key
    from node.genesis import DEV_ACCOUNTS

    b = ChainBuilder(data_dir, check_invariants=False)  # the dev chain, so `node start --dev` serves it
    b.submit("alice", "subtensor.register_network", {"hotkey": address_of("owner1")})
    b.block()
    b.submit("alice", "subtensor.start_call", {"netuid": 1})
    b.block()
    hotkeys = [dev_key(f"bench{i}").ss58_address for i in range(uids)]
    head = b.chain.head.number
    writer = b.chain.conn
    writer.execute("BEGIN")
    for uid, hk in enumerate(hotkeys):
        key = f"1:{uid:05d}"
        writer.execute("INSERT OR REPLACE INTO neurons VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (key, hk, DEV_ACCOUNTS["bob"], 1, head, 1000 + uid, "10.0.0.1", 8000 + uid % 1000, 4, 4, 1))
        writer.execute("INSERT OR REPLACE INTO uids VALUES (?,?)", (f"1:{hk}", uid))
        writer.execute("INSERT OR REPLACE INTO hotkey_alpha VALUES (?,?,?)", (f"1:{hk}", 10**9 + uid, 10**9 + uid))
        writer.execute("INSERT OR REPLACE INTO neuron_epoch VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       (key, uid % 65535, 1, 100, 200, 300, 400, int(uid < validators), 1000 + uid, 10, 20, head))
        if uid < validators:
            row = json.dumps([[j, 1 + j % 65535] for j in range(uids)], separators=(",", ":"))
            writer.execute("INSERT OR REPLACE INTO weights VALUES (?,?)", (key, row))
    writer.execute("UPDATE subnets SET neurons = ? WHERE netuid = '1'", (uids,))
    writer.execute("COMMIT")
    b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uids", type=int, default=4096)
    parser.add_argument("--validators", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "chain"
        build(data, args.uids, args.validators)
        from node.chain import Chain
        from node.genesis import dev_spec
        from node.rpc import handle_one

        chain = Chain(data, dev_spec())
        req = {"jsonrpc": "2.0", "id": 1, "method": "taonet_metagraph", "params": [1]}
        reply = handle_one(chain, req)
        assert "result" in reply and reply["result"]["n"] == args.uids, reply.get("error")
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            json.dumps(handle_one(chain, req))
            times.append(time.perf_counter() - t0)
        print(f"taonet_metagraph, {args.uids} uids, in-process dispatch + JSON: median {statistics.median(times) * 1000:.1f} ms")
        req_w = {**req, "params": [1, True, True]}
        tw = []
        for _ in range(max(3, args.repeat // 5)):
            t0 = time.perf_counter()
            json.dumps(handle_one(chain, req_w))
            tw.append(time.perf_counter() - t0)
        print(f"  with weights ({args.validators} dense rows) and bonds: median {statistics.median(tw) * 1000:.1f} ms")
        chain.close()
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "node", "start", "--data-dir", str(data), "--rpc-port", str(port),
                                 "--block-time", "60"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            from client.rpc import Client

            rpc = Client(f"http://127.0.0.1:{port}")
            deadline = time.monotonic() + 30
            while True:
                try:
                    rpc.call("taonet_metagraph", 1)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            http = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                rpc.call("taonet_metagraph", 1)
                http.append(time.perf_counter() - t0)
            print(f"  over HTTP (client.rpc.Client → node): median {statistics.median(http) * 1000:.1f} ms")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()

"""The subtensor backend's reads on finney's recorded netuid 1 (1,024 neurons at block 6,852,690).

    python bench/subtensor_reads.py [--repeat 5]

A loopback node answers from the recordings (tests/substrate/replay_node.py, the exchanges
finney really answered), so the figures are the client's own cost (connect, decode, shape) with a
zero-latency network, not finney's latency (five storage items the SDK's recording lacks are
supplied first: `ReplayNode.supply_metagraph_extras`). It times, medians over `--repeat` runs:
connecting with an empty metadata cache (spec-343 metadata fetched and decoded) and with a warm one
(read from ~/.bittensor/taonet/metadata, here a temporary folder); `taonet_metagraph` for netuid 1
through `SubtensorBackend.call`; and the whole `btcli subnets metagraph --netuid 1 --network ws://…
--json-output` process.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from client.subtensor.backend import SubtensorBackend
    from tests.substrate.replay_node import ReplayNode

    rows: dict[str, list[float]] = {"connect, cold metadata cache": [], "connect, warm metadata cache": [],
                                    "taonet_metagraph netuid 1 (1,024 uids)": [], "btcli subnets metagraph (process)": []}
    with ReplayNode("metagraph") as node:
        with tempfile.TemporaryDirectory() as cache:
            os.environ["TAONET_METADATA_CACHE"] = cache
            with SubtensorBackend(node.url) as backend:
                node.supply_metagraph_extras(backend.conn)  # the few storage items the SDK never recorded
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as cache:
                os.environ["TAONET_METADATA_CACHE"] = cache
                start = time.perf_counter()
                backend = SubtensorBackend(node.url)
                rows["connect, cold metadata cache"].append(time.perf_counter() - start)
                backend.close()
                start = time.perf_counter()
                backend = SubtensorBackend(node.url)
                rows["connect, warm metadata cache"].append(time.perf_counter() - start)
                graph: dict = {}
                rows["taonet_metagraph netuid 1 (1,024 uids)"].append(
                    timed(lambda: graph.update(backend.call("taonet_metagraph", 1))))
                assert len(graph["uids"]) == 1024, len(graph["uids"])
                backend.close()
                env = dict(os.environ, HOME=cache, TAONET_CONFIG=str(Path(cache) / "config.json"))
                cli = [sys.executable, "-m", "btcli", "subnets", "metagraph", "--netuid", "1", "--network", node.url,
                       "--json-output"]
                rows["btcli subnets metagraph (process)"].append(
                    timed(lambda: subprocess.run(cli, env=env, capture_output=True, check=True, cwd=REPO)))
    for name, values in rows.items():
        print(f"{name:42s} {statistics.median(values) * 1000:8.0f} ms median  (min {min(values) * 1000:.0f})")


if __name__ == "__main__":
    main()

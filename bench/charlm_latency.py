"""charlm speed: (a) a `base` miner answering a batch of 32 contexts of 128 characters (the model, the
rounding and the synapse's validation; goal ≤ 50 ms on the CPU), (b) a validator round over 16
miners through real axons and the dendrite (draw, query, score, moving average; goal ≤ 1 s).

    python bench/charlm_latency.py [--miners 16] [--rounds 20] [--steps 300]

The 16 miners share one process and one `base` model (one axon listening on 16 ports, as in
bench/axon_throughput.py), so the validator in this process and the miners each get a core.
torch runs on one thread on both sides, as the hosted neurons do.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wallet.keypair import Keypair  # noqa: E402

MINER_KEY = "//Bob"


def base_model(steps: int):
    import torch

    from subnets.charlm import corpus
    from subnets.charlm.models import Trainer

    torch.set_num_threads(1)
    trainer = Trainer("base", corpus.load().train, device="cpu")
    for _ in range(steps):
        trainer.step()
    return trainer.snapshot()


def serve(count: int, steps: int) -> None:
    """Child process: `count` miners (one axon, `count` ports, one model); prints the ports, serves until stdin closes."""
    from subnets.charlm.miner import answer
    from subnets.charlm.synapse import NextChar
    from subnets.protocol.axon import Axon, AxonConfig
    from subnets.protocol.axon_server import AxonServer

    model = base_model(steps)
    axon = Axon(Keypair.from_uri(MINER_KEY), AxonConfig(rate_per_s=0, max_concurrent=256, max_waiting=1024))
    axon.attach(NextChar, lambda synapse, caller: answer(model, synapse))
    server = AxonServer(axon)
    ports = [server.port] + [server.add_socket() for _ in range(count - 1)]

    async def main() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        print(json.dumps(ports), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        server._server.should_exit = True
        await task

    asyncio.run(main())


def ms(values: list[float]) -> str:
    values = sorted(values)
    return (f"median {statistics.median(values) * 1000:.1f} ms, p95 {values[int(0.95 * (len(values) - 1))] * 1000:.1f} ms, "
            f"max {values[-1] * 1000:.1f} ms")


def bench_miner(steps: int, calls: int) -> list[float]:
    from subnets.charlm import corpus
    from subnets.charlm.miner import answer
    from subnets.charlm.synapse import NextChar
    from subnets.charlm.validator import draw, round_seed

    model = base_model(steps)
    times = []
    for i in range(calls):
        contexts, _ = draw(corpus.load().valid, round_seed(1, i), 32, 128)
        synapse = NextChar(contexts=contexts)
        began = time.perf_counter()
        answer(model, synapse)
        times.append(time.perf_counter() - began)
    return times


def bench_round(miners: int, rounds: int, steps: int) -> tuple[list[float], dict]:
    from subnets.base import NeuronConfig
    from subnets.base.metagraph import Metagraph
    from subnets.charlm.validator import CharLMValidator

    child = subprocess.Popen([sys.executable, __file__, "--serve", str(miners), "--steps", str(steps)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ports = json.loads(child.stdout.readline())
        v = CharLMValidator(NeuronConfig(netuid=1, options={"timeout": "5"}))
        v.keypair = Keypair.from_uri("//Alice")
        n = miners + 1
        hotkeys = [v.keypair.ss58_address] + [Keypair.from_uri(MINER_KEY).ss58_address] * miners
        axons = [None] + [{"ip": "127.0.0.1", "port": p} for p in ports]
        v.metagraph = Metagraph(1, 1, list(range(n)), hotkeys, ["c"] * n, [0] * n, [0] * n, axons)
        v.setup()
        times = []
        for block in range(rounds + 1):
            v.metagraph.block = block
            began = time.perf_counter()
            v.run_round()
            if block:  # the first round opens the connections
                times.append(time.perf_counter() - began)
        last = v.last_round
        v.teardown()
        return times, last
    finally:
        child.stdin.close()
        child.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--miners", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--steps", type=int, default=300, help="training steps of the base model first")
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.steps)
        return
    import logging

    logging.basicConfig(level=logging.WARNING)
    times = bench_miner(args.steps, args.calls)
    print(f"(a) base miner, 32 contexts × 128 chars, {args.calls} calls: {ms(times)}  (goal ≤ 50 ms)")
    times, last = bench_round(args.miners, args.rounds, args.steps)
    answered = f"{last['answered']}/{last['queried']} answered"
    print(f"(b) validator round over {args.miners} miners, {args.rounds} rounds: {ms(times)}; {answered}  (goal ≤ 1 s)")


if __name__ == "__main__":
    main()

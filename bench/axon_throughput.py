"""Axon/dendrite speed: (a) one validator round over 256 axons, (b) signed requests per second.

    python bench/axon_throughput.py [--axons 256] [--seconds 5] [--concurrency 32] [--real]

The axons run in a subprocess (one app listening on 256 ports, one event loop), the dendrite in
this process, so client and server each get one of the machine's cores. Every request is signed
(btauth/1), verified, nonce-checked, answered and its answer signature verified. With `--real`, the
same request loop runs between a real bittensor 10.5 Dendrite and Axon (in their own venv, if it
can be installed) and the ratio is printed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from subnets.protocol.synapse import Synapse  # noqa: E402
from wallet.keypair import Keypair  # noqa: E402


class Dummy(Synapse):
    input: int
    output: Optional[int] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)


def serve(count: int) -> None:
    """Child process: one axon on `count` ports; prints them as JSON, serves until stdin closes."""
    from subnets.protocol.axon import Axon, AxonConfig
    from subnets.protocol.axon_server import AxonServer

    def forward(synapse: Dummy, caller: object) -> Dummy:
        synapse.output = synapse.input * 2
        return synapse

    async def forward_async(synapse: Dummy, caller: object) -> Dummy:
        return forward(synapse, caller)

    axon = Axon(Keypair.from_uri("//Bob"), AxonConfig(rate_per_s=0, max_concurrent=1024, max_waiting=4096))
    axon.attach(Dummy, forward_async)
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


async def fanout(ports: list[int], rounds: int) -> list[float]:
    from subnets.protocol.dendrite import AxonTarget, Dendrite

    bob = Keypair.from_uri("//Bob").ss58_address
    targets = [AxonTarget("127.0.0.1", port, bob) for port in ports]
    times = []
    async with Dendrite(Keypair.from_uri("//Alice"), max_concurrency=len(targets)) as dendrite:
        for i in range(rounds):
            began = time.perf_counter()
            results = await dendrite.query(targets, Dummy(input=i), timeout=10)
            times.append(time.perf_counter() - began)
            bad = [r for r in results if not (r.ok and r.verified and r.synapse.output == 2 * i)]
            assert not bad, bad[:3]
    return times


async def throughput(port: int, seconds: float, concurrency: int) -> float:
    from subnets.protocol.dendrite import AxonTarget, Dendrite

    target = AxonTarget("127.0.0.1", port, Keypair.from_uri("//Bob").ss58_address)
    done = 0
    async with Dendrite(Keypair.from_uri("//Alice"), max_concurrency=concurrency) as dendrite:
        await dendrite.call(target, Dummy(input=1), 10)
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < stop:
                result = await dendrite.call(target, Dummy(input=3), 10)
                assert result.ok and result.verified, result
                done += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.perf_counter() - began)


def real_sdk_rps(seconds: float, concurrency: int) -> Optional[float]:
    """The same loop between a real bittensor 10.5 Dendrite and Axon, or None if unavailable."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from tests.subnets.real_sdk import REAL_BENCH, real_python
    except ImportError:
        return None
    python = real_python()
    if python is None:
        return None
    done = subprocess.run([str(python), "-c", REAL_BENCH, str(seconds), str(concurrency)], capture_output=True,
                          text=True, timeout=300, cwd="/")
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--axons", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--real", action="store_true", help="compare with the real bittensor 10.5 SDK")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve)
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(args.axons)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONHASHSEED="0"))
    try:
        ports = json.loads(child.stdout.readline())
        times = asyncio.run(fanout(ports, args.rounds))
        print(f"(a) one round over {len(ports)} axons: first {times[0] * 1000:.0f} ms (new connections), "
              f"then median {statistics.median(times[1:]) * 1000:.0f} ms  [target <= 1000 ms]")
        rps = asyncio.run(throughput(ports[0], args.seconds, args.concurrency))
        print(f"(b) signed requests/s, one dendrite -> one axon, {args.concurrency} in flight: {rps:,.0f}  "
              f"[target >= 1,000]")
    finally:
        child.stdin.close()
        child.wait(10)
    if args.real:
        real = real_sdk_rps(args.seconds, args.concurrency)
        if real is None:
            print("real bittensor 10.5 SDK: not available here (skipped)")
        else:
            print(f"real bittensor 10.5 Dendrite -> Axon: {real:,.0f} requests/s; taonet/real = {rps / real:.2f}x")


if __name__ == "__main__":
    main()
